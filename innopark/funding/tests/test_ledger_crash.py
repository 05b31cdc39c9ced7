"""A process killed in the middle of a batch of transfers leaves each transfer whole or absent.

A child process records transfers in a loop and is killed with SIGKILL at an arbitrary moment, three times over;
afterwards every transfer has both its entries and its audit event, and the ledger check passes.
"""

import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.db import connection

WORKER = "innopark.funding.tests.crash_worker"


def _child(action: str, env: dict, **kwargs):
    return subprocess.Popen(
        [sys.executable, "-m", WORKER, action], env=env, stdout=subprocess.PIPE, text=True, **kwargs
    )


@pytest.fixture
def crash_database(tmp_path, db):
    """A database of its own (SQLite file, or a throwaway PostgreSQL database beside the test database)."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        return
    import psycopg

    s = connection.settings_dict
    name = f"innopark_crash_{uuid.uuid4().hex[:10]}"
    base = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
    with psycopg.connect(f"{base}/postgres", autocommit=True, password=s.get("PASSWORD") or None) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(f"{base}/postgres", autocommit=True, password=s.get("PASSWORD") or None) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_killed_writer_leaves_whole_transfers(crash_database):
    env = {**os.environ, "DATABASE_URL": crash_database, "DEMO": "0"}
    setup = _child("setup", env)
    assert setup.communicate(timeout=300)[0].strip().endswith("ready")
    assert setup.returncode == 0
    for round_number in range(3):
        worker = _child("run", env)
        seen = 0
        deadline = time.monotonic() + 60
        # Let it write a little (a different amount each round), then kill it wherever it is.
        while seen < 20 + 15 * round_number and time.monotonic() < deadline:
            line = worker.stdout.readline()
            if not line:
                break
            seen = int(line)
        time.sleep(0.013 * (round_number + 1))
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
        worker.stdout.close()
        assert seen >= 20, "the worker wrote nothing before it was killed"
    verify = _child("verify", env)
    output = verify.communicate(timeout=120)[0]
    assert verify.returncode == 0, output

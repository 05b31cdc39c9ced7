"""Configuration from the environment: DATABASE_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS, DEMO.

Settings are read once at import, so each case imports them in a fresh interpreter with its own environment.
"""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[1]


def run_python(code: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DEBUG", "DEMO", "ALLOWED_HOSTS"}}
    environment.update(env)
    environment.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def settings_in(**env) -> dict:
    code = """
        import json
        from innopark import settings as s
        print(json.dumps({
            "DATABASES": s.DATABASES, "DEBUG": s.DEBUG, "DEMO": s.DEMO, "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
            "SECRET_KEY": s.SECRET_KEY,
        }, default=str))
    """
    return json.loads(run_python(code, **env))


def test_sqlite_url_gives_wal_and_immediate_transactions(tmp_path):
    db = settings_in(DATABASE_URL=f"sqlite:///{tmp_path}/park.sqlite3")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == f"{tmp_path}/park.sqlite3"
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "PRAGMA journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "PRAGMA foreign_keys=ON" in db["OPTIONS"]["init_command"]


def test_postgres_url_gives_the_psycopg_pool():
    db = settings_in(DATABASE_URL="postgres://park@db.internal:6432/innopark")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["HOST"], db["PORT"], db["NAME"]) == ("park", "db.internal", 6432, "innopark")
    assert db["OPTIONS"]["pool"]["max_size"] >= 1
    assert db["CONN_MAX_AGE"] == 0  # the pool, not persistent connections, reuses connections


def test_the_default_is_the_embedded_sqlite_database_in_var():
    db = settings_in(INNOPARK_VAR_DIR="/srv/innopark-var")["DATABASES"]["default"]
    assert db["NAME"] == "/srv/innopark-var/innopark.sqlite3"


def test_flags_and_hosts_come_from_the_environment():
    values = settings_in(DEBUG="1", DEMO="yes", ALLOWED_HOSTS="park.example, www.park.example", SECRET_KEY="k" * 60)
    assert values["DEBUG"] is True and values["DEMO"] is True
    assert values["ALLOWED_HOSTS"] == ["park.example", "www.park.example"]
    assert values["SECRET_KEY"] == "k" * 60
    values = settings_in(DEBUG="0", DEMO="off")
    assert values["DEBUG"] is False and values["DEMO"] is False


def test_a_file_database_really_runs_in_wal_mode_with_immediate_transactions(tmp_path):
    """On a file database: journal_mode is wal, and an atomic block takes the write lock at BEGIN."""
    code = """
        import sqlite3
        from django.db import connection, transaction
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            print(cursor.fetchone()[0])
            cursor.execute("CREATE TABLE t (x integer)")
        other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
        with transaction.atomic():
            connection.cursor().execute("SELECT 1")  # a read only: a DEFERRED transaction would take no lock
            try:
                other.execute("BEGIN IMMEDIATE")
                print("not locked")
            except sqlite3.OperationalError as error:
                print(error)
    """
    out = run_python(code, DATABASE_URL=f"sqlite:///{tmp_path}/wal.sqlite3").split("\n")
    assert out[0] == "wal"
    assert out[1] == "database is locked"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db
def test_postgres_connections_come_from_the_pool():
    connection.ensure_connection()
    assert connection.pool is not None

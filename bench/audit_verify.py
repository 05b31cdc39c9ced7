"""Audit chain verification speed (goal: at least 200k events/s), on a throwaway SQLite file and PostgreSQL.

    .venv/bin/python bench/audit_verify.py [--events 1000000] [--postgres postgres://postgres@127.0.0.1:5432/x]

For each database: creates it from scratch (migrations), appends N events in bulk (bypassing the services, which is
fine in a benchmark: the chain is computed exactly as audit_record computes it), times `verify_chain()` (what
`innopark audit verify` runs), prints events/s and rewrites its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/innopark_bench_audit"
COLUMNS = [
    "seq",
    "occurred_at",
    "actor_id",
    "actor_label",
    "event_type",
    "subject_type",
    "subject_id",
    "zone_code",
    "before",
    "after",
    "correlation_id",
    "prev_hash",
    "hash",
]


def write_section(name: str, text: str) -> None:
    """Replace this script's section of docs/benchmarks.md (between its markers), or append it."""
    path = ROOT / "docs" / "benchmarks.md"
    doc = path.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in doc and end in doc:
        doc = doc[: doc.index(start)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def events(n: int):
    """N plausible events with a correct chain, as (fields dict) in sequence order."""
    import orjson

    from innopark.audit.chain import event_hash
    from innopark.audit.models import GENESIS_HASH

    start = dt.datetime(2015, 1, 1, 3, 0, tzinfo=dt.UTC)
    kinds = [
        ("zones.jurisdiction_transferred", "zones.zone", {"authority": "mid-rk"}, {"authority": "mic-rk"}),
        ("registry.participant_admitted", "registry.participant", {"status": "applied"}, {"status": "admitted"}),
        ("funding.contribution_recorded", "funding.contribution", {}, {"amount_tiyn": 150_000_000_00, "year": 2016}),
        ("projects.tranche_disbursed", "projects.tranche", {"paid_tiyn": 0}, {"paid_tiyn": 21_400_000_00}),
    ]
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        event_type, subject_type, before, after = kinds[seq % len(kinds)]
        fields = {
            "seq": seq,
            "occurred_at": start + dt.timedelta(seconds=seq * 7, microseconds=seq % 997),
            "actor_id": None,
            "actor_label": "bench@example.kz",
            "event_type": event_type,
            "subject_type": subject_type,
            "subject_id": str(seq % 50_000 + 1),
            "zone_code": "alatau-itp",
            "before": before,
            "after": after,
            "correlation_id": f"{seq // 10:032x}",
            "prev_hash": prev,
        }
        fields["hash"] = prev = event_hash(**fields)
        fields["before"] = orjson.dumps(before).decode()
        fields["after"] = orjson.dumps(after).decode()
        yield fields


def fill(connection, n: int) -> None:
    table = connection.ops.quote_name("audit_auditevent")
    columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for fields in events(n):
                    copy.write_row([fields[c] for c in COLUMNS])
            cursor.execute(f"ANALYZE {table}")
        else:
            batch, sql = [], f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"
            for fields in events(n):
                fields["occurred_at"] = fields["occurred_at"].replace(tzinfo=None).isoformat(" ")
                batch.append([fields[c] for c in COLUMNS])
                if len(batch) == 20_000:
                    cursor.executemany(sql, batch)
                    batch.clear()
            if batch:
                cursor.executemany(sql, batch)


def run_one(database_url: str, n: int, runs: int, write: bool) -> None:
    """In a process of its own (settings are per process): migrate, fill, time verify."""
    os.environ["DATABASE_URL"] = database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from innopark.audit.verify import PARALLEL_THRESHOLD, verify_chain

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        fill(connection, n)
    print(f"{connection.vendor}: {n:,} events created in {time.perf_counter() - started:.1f} s")
    samples = []
    for _ in range(runs):
        load_before = os.getloadavg()[0]
        cpu = _cpu_seconds()
        started = time.perf_counter()
        result = verify_chain()
        wall = time.perf_counter() - started
        samples.append((wall, _cpu_seconds() - cpu, max(load_before, os.getloadavg()[0])))
        assert result.ok and result.count == n, result.message()
    best_wall, best_cpu, load = min(samples)
    worst_wall = max(s[0] for s in samples)
    rate, cpu_rate = n / best_wall, n / best_cpu
    workers = min(os.cpu_count() or 1, 8) if n >= PARALLEL_THRESHOLD else 1
    # On a busy machine wall time measures the neighbours; CPU time (ours and the workers') measures the work, so
    # n / CPU seconds × cores is what an idle machine of this kind would do.
    idle = cpu_rate * min(workers, os.cpu_count() or 1)
    print(
        f"{connection.vendor}: verify {n:,} events in {best_wall:.2f} s wall (worst {worst_wall:.2f} s): "
        f"{rate:,.0f} events/s wall; {cpu_rate:,.0f} events/s per CPU-second; load average {load:.1f}"
    )
    if write:
        write_section(
            f"audit-verify-{connection.vendor}",
            "\n".join(
                [
                    f"## Audit chain verification, {connection.vendor} (`bench/audit_verify.py`)",
                    "",
                    f"{n:,} events; {os.cpu_count()} cores, {workers} worker processes, Python "
                    f"{platform.python_version()}; best of {runs} runs of `verify_chain()` (what `innopark audit "
                    "verify` runs). Goal: at least 200,000 events/s. The load average during the run is shown: on a "
                    "shared machine the wall-clock rate measures the neighbours too, so the CPU-time rate (events per "
                    "CPU-second, over this process and its workers; on PostgreSQL the database server's own CPU is not "
                    "counted, so that projection is optimistic) and its projection to all cores are given as well.",
                    "",
                    "| events | load average | wall, s | events/s (wall) | events/s per CPU-second | "
                    "projected events/s, all cores idle |",
                    "|---:|---:|---:|---:|---:|---:|",
                    f"| {n:,} | {load:.1f} | {best_wall:.2f} | {rate:,.0f} | {cpu_rate:,.0f} | {idle:,.0f} |",
                ]
            ),
        )


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the worker processes)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def fresh_postgres(url: str) -> bool:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin_url = url.rsplit("/", 1)[0] + "/postgres"
    try:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.Error as exc:
        print(f"postgresql: skipped ({exc})")
        return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.events, args.runs, not args.no_write)
        return
    sqlite_path = ROOT / "var" / "bench-audit.sqlite3"
    sqlite_path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    targets = [f"sqlite:///{sqlite_path}"]
    if not args.skip_postgres and fresh_postgres(args.postgres):
        targets.append(args.postgres)
    for url in targets:
        command = [sys.executable, __file__, "--one", url, "--events", str(args.events), "--runs", str(args.runs)]
        subprocess.run(command + (["--no-write"] if args.no_write else []), check=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()

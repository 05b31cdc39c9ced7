"""Ledger throughput: transfers per second through the services (with their audit events), on a throwaway SQLite
file and on PostgreSQL, one client and 8 concurrent clients (goal: at least 1,000/s on PostgreSQL).

    .venv/bin/python bench/ledger_transfers.py [--transfers 2400] [--batch 100] [--clients 8]
        [--postgres postgres://postgres@127.0.0.1:5432/innopark_bench_ledger]

Each database is created from scratch (migrations). The mix is what the park does: a contribution from one of 50
funders into the zone fund, an allocation from the fund to one of 200 grants, a disbursement from a grant to the
outside world, repeated. Every call is the real service with its validation, permission check, account locks in id
order, limit checks, entries, daily rollup and audit event, in one transaction:

- `transfer_create`, one transfer per transaction (what `POST /api/v1/ledger/transfers` does);
- `transfers_create_batch`, `--batch` transfers per transaction (what `POST /api/v1/ledger/transfers/batch` does
  for a bank statement or an import).

Clients are separate processes with their own connection, as web server workers are. Every transfer of the mix
locks the zone fund or the outside world's account, and every transfer appends to the one audit chain: those locks
are held until COMMIT has reached the disk, so one-at-a-time transfers can go no faster than the disk flushes, and
concurrent clients queue behind each other. The load average and the disk's flush time (measured here with the
same fdatasync PostgreSQL uses) are printed with the figures, because both move them. Rewrites its section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/innopark_bench_ledger"
FUNDERS, GRANTS = 50, 200


def write_section(name: str, text: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    doc = path.read_text(encoding="utf-8")
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in doc and end in doc:
        doc = doc[: doc.index(start)] + block + doc[doc.index(end) + len(end) :]
    else:
        doc = doc.rstrip() + "\n\n" + block + "\n"
    path.write_text(doc, encoding="utf-8")


def flush_ms(directory: str, rounds: int = 200) -> float:
    """Median time of an 8 kB write + fdatasync in `directory`, in milliseconds (what one COMMIT waits for)."""
    path = os.path.join(directory, ".bench-flush")
    times = []
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            os.pwrite(fd, b"x" * 8192, 0)
            os.fdatasync(fd)
            times.append(time.perf_counter() - started)
    finally:
        os.close(fd)
        os.unlink(path)
    times.sort()
    return times[len(times) // 2] * 1000


def _django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")
    import django

    django.setup()


def _fresh_postgres(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def seed(url: str) -> dict:
    """Migrate, open the accounts and fill the fund and the grants so that every timed transfer is accepted."""
    _django(url)
    from django.core.management import call_command

    from innopark.accounts.models import User
    from innopark.core.identifiers import make_bin
    from innopark.funding import ledger
    from innopark.registry.services.organizations import organization_create
    from innopark.zones.tests import factories as zf

    call_command("migrate", verbosity=0, interactive=False)
    admin = User.objects.create_superuser(email="bench@example.kz", password="correct-horse-battery")
    zone = zf.make_zone(admin, "bench-zone")
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    external = ledger.ledger_account_external()
    funders = [
        ledger.ledger_account_for_funder(
            organization=organization_create(
                actor=admin, bin=make_bin("0101", serial=10 + 10 * i), name_ru=f"Funder {i}"
            )
        )
        for i in range(FUNDERS)
    ]
    grants = [ledger.ledger_account_open_grant(actor=admin, zone=zone, reference=f"grant:B-{i}") for i in range(GRANTS)]
    ledger.transfers_create_batch(
        actor=admin,
        transfers=[
            {
                "kind": "contribution",
                "from_account": funder,
                "to_account": fund,
                "amount_tiyn": 10**12,
                "idempotency_key": f"seed-c-{i}",
            }
            for i, funder in enumerate(funders)
        ],
    )
    ledger.transfers_create_batch(
        actor=admin,
        transfers=[
            {
                "kind": "allocation",
                "from_account": fund,
                "to_account": grant,
                "amount_tiyn": 10**10,
                "idempotency_key": f"seed-a-{i}",
            }
            for i, grant in enumerate(grants)
        ],
    )
    return {
        "admin": admin.pk,
        "fund": fund.pk,
        "external": external.pk,
        "funders": [a.pk for a in funders],
        "grants": [a.pk for a in grants],
    }


def _mix(ids: dict, accounts: dict, label: str, client: int, n: int) -> dict:
    step = n % 3
    if step == 0:
        source, target, kind = ids["funders"][(client * 7 + n) % FUNDERS], ids["fund"], "contribution"
    elif step == 1:
        source, target, kind = ids["fund"], ids["grants"][(client * 13 + n) % GRANTS], "allocation"
    else:
        source, target, kind = ids["grants"][(client * 17 + n) % GRANTS], ids["external"], "disbursement"
    return {
        "kind": kind,
        "from_account": accounts[source],
        "to_account": accounts[target],
        "amount_tiyn": 1_000 + n,
        "idempotency_key": f"bench-{label}-{client}-{n}",
    }


def client_process(args) -> float:
    """One client: `count` transfers, one per call or `batch` per call, after a common start signal."""
    url, ids, label, client, count, batch, start_at = args
    _django(url)
    from innopark.accounts.models import User
    from innopark.funding import ledger
    from innopark.funding.models import LedgerAccount

    admin = User.objects.get(pk=ids["admin"])
    accounts = LedgerAccount.objects.in_bulk()
    requests = [_mix(ids, accounts, label, client, n) for n in range(count)]
    while time.time() < start_at:
        time.sleep(0.001)
    started = time.perf_counter()
    if batch <= 1:
        for request in requests:
            ledger.transfer_create(actor=admin, **request)
    else:
        for first in range(0, count, batch):
            ledger.transfers_create_batch(actor=admin, transfers=requests[first : first + batch])
    return time.perf_counter() - started


def run_database(url: str, transfers: int, clients: int, batch: int) -> dict:
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        ids = pool.apply(seed, (url,))
    out = {}
    scenarios = [
        ("1 client, one transfer per transaction", 1, 1),
        (f"{clients} clients, one transfer per transaction", clients, 1),
        (f"1 client, batches of {batch}", 1, batch),
        (f"{clients} clients, batches of {batch}", clients, batch),
    ]
    for number, (label, n_clients, per_call) in enumerate(scenarios):
        per_client = transfers // n_clients
        with context.Pool(n_clients) as pool:
            start_at = time.time() + 4  # every process has set Django up and read its accounts by then
            jobs = [(url, ids, f"s{number}", c, per_client, per_call, start_at) for c in range(n_clients)]
            seconds = max(pool.map(client_process, jobs))
        done = per_client * n_clients
        out[label] = {"transfers": done, "seconds": round(seconds, 2), "per_second": round(done / seconds)}
        print(f"  {label}: {out[label]}", flush=True)
    with context.Pool(1) as pool:
        out["check"] = pool.apply(ledger_check, (url,))
    return out


def ledger_check(url: str) -> str:
    """What `innopark ledger check` says after the run (in a fresh process, like the command)."""
    _django(url)
    from innopark.funding.ledger import ledger_check as check

    report = check()
    return "passed" if report.ok else "FAILED: " + "; ".join(report.problems)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transfers", type=int, default=2400)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--postgres", default=DEFAULT_PG)
    parser.add_argument("--only", choices=["sqlite", "postgresql"], default=None)
    args = parser.parse_args()
    results = {}
    load_before = os.getloadavg()[0]
    pg_data = "/var/lib/postgresql" if os.path.isdir("/var/lib/postgresql") else tempfile.gettempdir()
    flush = flush_ms(pg_data if os.access(pg_data, os.W_OK) else tempfile.gettempdir())
    print(f"load average {load_before:.1f}, disk flush {flush:.2f} ms", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, url in (("SQLite", f"sqlite:///{tmp}/bench-ledger.sqlite3"), ("PostgreSQL", args.postgres)):
            if args.only and name.lower() != args.only:
                continue
            if name == "PostgreSQL":
                _fresh_postgres(url)
            print(name, flush=True)
            results[name] = run_database(url, args.transfers, args.clients, args.batch)
    lines = [
        "## Ledger transfers through the service (bench/ledger_transfers.py)",
        "",
        f"{args.transfers} transfers per run (contribution → allocation → disbursement, repeated; 50 funders, 200 "
        "grants, one zone fund), each through the service with its validation, account locks, entries, daily rollup "
        "and audit event. Clients are processes with their own connection. Machine: "
        f"{os.cpu_count()} cores, Python {platform.python_version()}; load average {load_before:.1f} at the start "
        f"and {os.getloadavg()[0]:.1f} at the end; disk flush (8 kB write + fdatasync) {flush:.2f} ms. "
        "Goal: ≥ 1,000 transfers/s on PostgreSQL.",
        "",
        "| database | clients and transactions | transfers | seconds | transfers/s | ledger check |",
        "|---|---|---|---|---|---|",
    ]
    for name, data in results.items():
        for label, row in data.items():
            if label == "check":
                continue
            lines.append(
                f"| {name} | {label} | {row['transfers']} | {row['seconds']} | {row['per_second']:,} | "
                f"{data['check']} |"
            )
    lines += [
        "",
        "One transfer per transaction is 6 statements and a COMMIT on PostgreSQL (account locks, balances and key, "
        "transfer with its entries, rollup, chain lock and head, audit event; ADR 0043). Every transfer of this mix "
        "locks the zone fund or the outside world's account and appends to the one audit chain, and those locks are "
        "held until the COMMIT is on disk, so one-at-a-time transfers run at most one disk flush apart whatever the "
        "number of clients. A batch takes the locks once and flushes once for up to 500 transfers, which is how a "
        "bank statement, an import or a busy integration should send them (`POST /api/v1/ledger/transfers/batch`).",
    ]
    write_section("ledger_transfers", "\n".join(lines))


if __name__ == "__main__":
    main()

"""Yearly statistics over the benchmark database (bench/datagen.py): the time of `compute()` for one zone and for
the whole country, by year and by quarter, by category, funder and region, as the dashboard and `GET /api/v1/stats`
run it. Goal: < 100 ms. The database must have the grant rollup (ADR 0071): bench/datagen.py fills it.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/stats_yearly.py [--runs 20]

Prints the figures and rewrites its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")


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


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm the caches once, as a serving process would be
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def cpu_reference() -> float:
    """Seconds for a fixed piece of pure Python work (best of 5), printed with the figures so that runs on
    different machines can be compared: the same code and data took 2-3 times longer on a machine where this
    figure was 2-3 times higher."""
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        sum(range(10_000_000))
        best = min(best, time.perf_counter() - t)
    return best


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite:///var/bench.sqlite3"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.db import connection

    from innopark.funding.models import FlowRollup, LedgerAccount, Transfer
    from innopark.projects.models import Grant, GrantRollup
    from innopark.reports.stats import compute, parse_stats_query
    from innopark.zones.models import Zone

    # Statistics read the ledger's flow rollup (ADR 0070) and the grant rollup (ADR 0071). After a bulk load,
    # refresh the planner's statistics and the visibility map (what autovacuum does on a live database), so that
    # PostgreSQL may answer from the rollups' covering indexes alone.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    zone = Zone.objects.filter(code__startswith="bench-zone").order_by("code").first()
    funder = LedgerAccount.objects.filter(kind="funder").order_by("pk").values_list("organization__bin", flat=True)[0]
    grants, transfers, rollup = Grant.objects.count(), Transfer.objects.count(), FlowRollup.objects.count()
    grant_rollup = GrantRollup.objects.count()

    def stats(**params):
        return lambda: compute(parse_stats_query(**params))

    cases = [
        ("one zone, by year, all years", stats(zone=zone.code, by="year")),
        ("one zone, by quarter, 2015-2017", stats(zone=zone.code, by="quarter", year_from=2015, year_to=2017)),
        ("all zones, by year, all years", stats(by="year", year_from=2011)),
        ("all zones, by quarter, 2015-2017", stats(by="quarter", year_from=2015, year_to=2017)),
        ("one zone, one category, by year", stats(zone=zone.code, category="digitalisation")),
        ("one zone, one funder, by year", stats(zone=zone.code, funder=funder)),
        ("one zone, one region (KATO 75), by year", stats(zone=zone.code, region="75")),
        ("all zones, one category, by year", stats(category="digitalisation", year_from=2011)),
    ]
    load = os.getloadavg()[0]
    cpu = cpu_reference()
    print(f"CPU reference (sum of range(10**7) in Python, best of 5): {cpu:.3f} s")
    rows = []
    for label, fn in cases:
        median, worst = timed(fn, args.runs)
        rows.append(f"| {label} | {median:.1f} | {worst:.1f} |")
        print(f"{label}: median {median:.1f} ms, worst {worst:.1f} ms")
    load_end = os.getloadavg()[0]
    print(f"load average: {load:.1f} at the start, {load_end:.1f} at the end")
    lines = [
        f"## Yearly statistics (`bench/stats_yearly.py`), {connection.vendor}",
        "",
        f"Database: {connection.vendor}, {grants:,} grants, {transfers:,} transfers ({rollup:,} rows in the ledger's "
        f"flow rollup, ADR 0070; {grant_rollup:,} in the grant rollup, ADR 0071); "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Median and worst of "
        f"{args.runs} runs after one warm-up, each a full `compute()` as the API runs it. Goal: under 100 ms. "
        f"CPU reference (`sum(range(10**7))` in Python, best of 5): {cpu:.3f} s. "
        f"Load average when measured: {load:.1f} at the start, {load_end:.1f} at the end (other work shared the "
        "2 cores; figures on an idle machine are lower).",
        "",
        "| query | median, ms | worst, ms |",
        "|---|---:|---:|",
        *rows,
    ]
    if not args.no_write:
        write_section(f"stats-yearly-{connection.vendor}", "\n".join(lines))


if __name__ == "__main__":
    main()

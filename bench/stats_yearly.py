"""Yearly statistics over the benchmark database (bench/datagen.py): the time of `compute()` for one zone by year,
for an authority, and for the whole country, as the dashboard and `GET /api/v1/stats` run it. Goal: < 100 ms.

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


# Covering indexes for the statistics (owned by the funding app; created here only in the benchmark database to
# measure what they would give): per account, kind and date, carrying the amount so that no table row is read.
RECOMMENDED_INDEXES = [
    "CREATE INDEX IF NOT EXISTS bench_transfer_from_kind_day ON funding_transfer "
    "(from_account_id, kind, occurred_on, amount_tiyn)",
    "CREATE INDEX IF NOT EXISTS bench_transfer_to_kind_day ON funding_transfer "
    "(to_account_id, kind, occurred_on, amount_tiyn)",
    "CREATE INDEX IF NOT EXISTS bench_transfer_kind_day ON funding_transfer (kind, occurred_on, amount_tiyn)",
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


def timed(fn, runs: int) -> tuple[float, float]:
    fn()  # warm the caches once, as a serving process would be
    samples = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples), max(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite:///var/bench.sqlite3"))
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument(
        "--recommended-indexes",
        action="store_true",
        help="first create the covering indexes on funding_transfer that docs/reports.md recommends",
    )
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.db import connection

    from innopark.funding.models import Transfer
    from innopark.projects.models import Grant
    from innopark.reports.stats import compute, parse_stats_query
    from innopark.zones.models import Zone

    if args.recommended_indexes:
        with connection.cursor() as cursor:
            for sql in RECOMMENDED_INDEXES:
                cursor.execute(sql)
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE funding_transfer")
            else:
                cursor.execute("ANALYZE")
    zone = Zone.objects.filter(code__startswith="bench-zone").order_by("code").first()
    grants, transfers = Grant.objects.count(), Transfer.objects.count()
    cases = [
        ("one zone, by year, all years", lambda: compute(parse_stats_query(zone=zone.code, by="year"))),
        (
            "one zone, by quarter, 2015-2017",
            lambda: compute(parse_stats_query(zone=zone.code, by="quarter", year_from=2015, year_to=2017)),
        ),
        ("all zones, by year, all years", lambda: compute(parse_stats_query(by="year", year_from=2011))),
        (
            "one zone, one category, by year",
            lambda: compute(parse_stats_query(zone=zone.code, category="digitalisation")),
        ),
    ]
    indexes = "with the recommended covering indexes" if args.recommended_indexes else "with the schema's own indexes"
    lines = [
        f"## Yearly statistics (`bench/stats_yearly.py`), {connection.vendor}, {indexes}",
        "",
        f"Database: {connection.vendor}, {grants:,} grants, {transfers:,} transfers; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}. Median and worst of {args.runs} runs "
        f"after one warm-up. Goal: under 100 ms. Load average when measured: {os.getloadavg()[0]:.1f} "
        "(other work shared the 2 cores; figures on an idle machine are lower).",
        "",
        "| query | median, ms | worst, ms |",
        "|---|---:|---:|",
    ]
    for label, fn in cases:
        median, worst = timed(fn, args.runs)
        lines.append(f"| {label} | {median:.1f} | {worst:.1f} |")
        print(f"{label}: median {median:.1f} ms, worst {worst:.1f} ms")
    if not args.no_write:
        suffix = "-indexed" if args.recommended_indexes else ""
        write_section(f"stats-yearly-{connection.vendor}{suffix}", "\n".join(lines))


if __name__ == "__main__":
    main()

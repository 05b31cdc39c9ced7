"""360Giving export over a benchmark database: grants per second and peak memory, for JSON, CSV and XLSX, for zones
of different sizes, so that "constant memory" is visible: the peak must not grow with the number of grants.

    createdb -h 127.0.0.1 -U postgres innopark_bench_export
    .venv/bin/python bench/datagen.py --database-url postgres://postgres@127.0.0.1:5432/innopark_bench_export \\
        --zones 3 --zone-weights 1,5,20 --grants 26000 --transfers 520000 --organizations 30000 --participants 3000
    .venv/bin/python bench/export_360.py --database-url postgres://postgres@127.0.0.1:5432/innopark_bench_export

Each export runs `innopark export-360` in a fresh process, which reports its peak resident memory (the kernel's
high-water mark, everything included: Python heap, the database driver's buffers, openpyxl) and its resident memory
just before the export started, so the growth during the export is the difference. Rewrites its section of
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")

FORMATS = ("json", "csv", "xlsx")


def _rss_mib() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def one(args) -> None:
    """In a fresh process: export one zone in one format and print the figures as JSON."""
    import django

    django.setup()
    from django.core.management import call_command

    from innopark.reports.giving.export import grants_queryset
    from innopark.zones.models import Zone

    zone = Zone.objects.get(code=args.zone)
    count = grants_queryset(zone).count()
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"export.{args.format}"
        before = _rss_mib()
        t = time.perf_counter()
        with open(os.devnull, "w") as devnull:
            call_command(
                "export-360", zone=zone.code, output=str(target), no_validate=not args.validate, stdout=devnull
            )
        seconds = time.perf_counter() - t
        size = target.stat().st_size / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"grants": count, "seconds": seconds, "before": before, "peak": peak, "size": size}))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite:///var/bench.sqlite3"))
    parser.add_argument("--zones", help="zone codes, comma-separated (default: every bench-zone-*, smallest first)")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--validate", action="store_true", help="with the per-grant schema check (much slower)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--one", nargs=2, metavar=("ZONE", "FORMAT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    if args.one:
        args.zone, args.format = args.one
        one(args)
        return
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from stats_yearly import write_section

    from innopark.zones.models import Zone

    if args.zones:
        zones = args.zones.split(",")
    else:
        zones = list(
            Zone.objects.filter(code__startswith="bench-zone")
            .annotate(n=Count("grants"))
            .filter(n__gt=0)
            .order_by("n", "code")
            .values_list("code", flat=True)
        )
    vendor = connection.vendor
    load = os.getloadavg()[0]
    rows = []
    for zone in zones:
        for fmt in args.formats.split(","):
            command = [sys.executable, __file__, "--database-url", args.database_url, "--one", zone, fmt]
            if args.validate:
                command.append("--validate")
            result = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
            rate = result["grants"] / result["seconds"]
            growth = result["peak"] - result["before"]
            rows.append(
                f"| {zone} | {result['grants']:,} | {fmt} | {rate:,.0f} | {result['before']:.0f} | "
                f"{result['peak']:.0f} | {growth:.0f} | {result['size']:.1f} |"
            )
            print(
                f"{zone} ({result['grants']:,} grants) {fmt}: {rate:,.0f} grants/s, resident {result['before']:.0f} "
                f"→ peak {result['peak']:.0f} MiB (+{growth:.0f}), file {result['size']:.1f} MiB"
            )
    load_end = os.getloadavg()[0]
    lines = [
        f"## 360Giving export (`bench/export_360.py`), {vendor}",
        "",
        f"Database: {vendor}; each grant with its disbursements (about 18), written by `innopark export-360` "
        + ("with the schema check on" if args.validate else "without the schema check (`--no-validate`)")
        + ", each export in a fresh process. Memory is the process's resident memory just before the export and "
        "its peak (the kernel's high-water mark, everything included): constant memory means the peak does not "
        "grow with the zone. Load average when measured: "
        f"{load:.1f} at the start, {load_end:.1f} at the end (other work shared the 2 cores).",
        "",
        "| zone | grants | format | grants/s | resident before, MiB | peak, MiB | growth, MiB | file, MiB |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
        *rows,
    ]
    if not args.no_write:
        suffix = "-validated" if args.validate else ""
        write_section(f"export-360-{vendor}{suffix}", "\n".join(lines))


if __name__ == "__main__":
    main()

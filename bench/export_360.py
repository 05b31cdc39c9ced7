"""360Giving export over the benchmark database: grants per second and peak memory, for JSON, CSV and XLSX.

    DATABASE_URL=sqlite:///var/bench.sqlite3 .venv/bin/python bench/export_360.py [--zone bench-zone-00]

Peak memory is the Python heap's high-water mark during the export (tracemalloc), so that "constant memory" is
visible: it must not grow with the number of grants. Rewrites its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innopark.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", "sqlite:///var/bench.sqlite3"))
    parser.add_argument("--zone", default="bench-zone-00")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-validate", action="store_true", help="export without the per-grant schema check")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from stats_yearly import write_section

    from innopark.reports.giving.export import grants_queryset
    from innopark.zones.models import Zone

    zone = Zone.objects.get(code=args.zone)
    count = grants_queryset(zone).count()
    lines = [
        "## 360Giving export (`bench/export_360.py`)",
        "",
        f"Database: {connection.vendor}; zone `{zone.code}` with {count:,} grants (each with its disbursements), "
        "written by `innopark export-360` "
        + ("without the schema check (`--no-validate`)." if args.no_validate else "with the schema check on.")
        + f" Load average when measured: {os.getloadavg()[0]:.1f}.",
        "",
        "| format | grants/s | peak Python memory, MiB | file, MiB |",
        "|---|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in ("json", "csv", "xlsx"):
            target = Path(tmp) / f"export.{suffix}"
            tracemalloc.start()
            t = time.perf_counter()
            call_command(
                "export-360",
                zone=zone.code,
                output=str(target),
                no_validate=args.no_validate,
                stdout=open(os.devnull, "w"),  # noqa: SIM115
            )
            seconds = time.perf_counter() - t
            peak = tracemalloc.get_traced_memory()[1] / 2**20
            tracemalloc.stop()
            size = target.stat().st_size / 2**20
            lines.append(f"| {suffix} | {count / seconds:,.0f} | {peak:.1f} | {size:.1f} |")
            print(f"{suffix}: {count / seconds:,.0f} grants/s, peak {peak:.1f} MiB, {size:.1f} MiB")
    if not args.no_write:
        suffix = "-unvalidated" if args.no_validate else ""
        write_section(f"export-360-{connection.vendor}{suffix}", "\n".join(lines))


if __name__ == "__main__":
    main()

"""The figures as JSON-ready dicts, a text table and CSV: one shape for the command, the API and downloads."""

from __future__ import annotations

import csv
import io

from innopark.core.money import tenge_string
from innopark.reports.stats.engine import PeriodFigures, StatsResult
from innopark.reports.stats.query import CATEGORIES

FIELDS = [
    "period",
    "projects",
    "amount_awarded_kzt",
    "amount_disbursed_kzt",
    "contributions_kzt",
    "participants",
    "participants_admitted",
    "companies_registered",
    "jobs_created",
    "digital_share_pct",
]


def figures_dict(figures: PeriodFigures) -> dict:
    return {
        "period": figures.period,
        "is_total": figures.is_total,
        "projects": figures.projects,
        "amount_awarded_kzt": tenge_string(figures.amount_awarded_tiyn),
        "amount_disbursed_kzt": tenge_string(figures.amount_disbursed_tiyn),
        "contributions_kzt": tenge_string(figures.contributions_tiyn),
        "participants": figures.participants,
        "participants_admitted": figures.participants_admitted,
        "companies_registered": figures.companies_registered,
        "jobs_created": figures.jobs_created,
        "digital_share_pct": figures.digital_share_pct,
        "projects_by_category": {code: figures.by_category.get(code, 0) for code in CATEGORIES},
    }


def result_dicts(result: StatsResult) -> list[dict]:
    """The periods in order, then the total over the range (marked `is_total`)."""
    rows = [figures_dict(f) for f in result.rows]
    if result.total is not None and len(result.rows) > 1:
        rows.append(figures_dict(result.total))
    return rows


def _flat(row: dict) -> list[str]:
    return ["" if row[name] is None else str(row[name]) for name in FIELDS] + [
        str(row["projects_by_category"][c]) for c in CATEGORIES
    ]


def result_csv(result: StatsResult) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(FIELDS + [f"projects_{c}" for c in CATEGORIES])
    for row in result_dicts(result):
        writer.writerow(_flat(row))
    return buffer.getvalue()


def result_table(result: StatsResult) -> str:
    """A plain text table for the terminal: numbers right-aligned."""
    header = FIELDS
    rows = [[("" if r[name] is None else str(r[name])) for name in FIELDS] for r in result_dicts(result)]
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    lines = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    return "\n".join(lines) + "\n"

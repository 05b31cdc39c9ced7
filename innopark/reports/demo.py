"""The reports app adds no demo records (every figure is computed from the others'); after the demo park is loaded
it prints the 2018 report's figures as computed, so `make run` shows at once whether they come out right."""

from __future__ import annotations

from innopark.core.errors import NotFound
from innopark.core.money import format_money
from innopark.reports.stats import compute, parse_stats_query

LOGINS: list[tuple[str, str]] = []
ZONE_CODE = "alatau-itp"


def load(stdout) -> None:
    try:
        result = compute(parse_stats_query(zone=ZONE_CODE, year_from=2015, year_to=2017))
    except NotFound:
        return
    for row in [*result.rows, result.total]:
        stdout.write(
            f"  {ZONE_CODE} {row.period}: {row.projects} projects, {format_money(row.amount_awarded_tiyn, 'en')}"
        )
    total = result.total
    stdout.write(
        f"  attracted from subsoil users {format_money(total.contributions_tiyn, 'en')}, "
        f"{total.companies_registered} companies, digital share {total.digital_share_pct}%"
    )

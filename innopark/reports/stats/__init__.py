"""The statistics engine: every figure a ministry quotes, computed live from the records.

`StatsQuery` says what to count (zone, authority, period, category, funder, region); `compute(query)` returns one
`PeriodFigures` per year or quarter and a total over the whole range. Each figure is one aggregate query per
source (grants, ledger transfers, the register), grouped by period in the database, never a Python loop over rows.
"""

from innopark.reports.stats.engine import PeriodFigures, StatsResult, compute
from innopark.reports.stats.query import StatsQuery, parse_stats_query

__all__ = ["PeriodFigures", "StatsQuery", "StatsResult", "compute", "parse_stats_query"]

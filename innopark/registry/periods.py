"""Report periods: quarters or years (per the zone's setting), their ends and the filing deadlines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# A report is due one month after a quarter ends and three months after a year ends.
QUARTER_GRACE_DAYS = 30
YEAR_GRACE_DAYS = 90


@dataclass(frozen=True, order=True)
class Period:
    year: int
    quarter: int  # 0 for a year

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 1, 1) if self.quarter == 0 else dt.date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        if self.quarter in (0, 4):
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    @property
    def due_on(self) -> dt.date:
        return self.end + dt.timedelta(days=YEAR_GRACE_DAYS if self.quarter == 0 else QUARTER_GRACE_DAYS)

    @property
    def label(self) -> str:
        return str(self.year) if self.quarter == 0 else f"{self.year} Q{self.quarter}"

    @property
    def key(self) -> str:
        return f"{self.year}-{self.quarter}"

    def next(self) -> Period:
        if self.quarter == 0:
            return Period(self.year + 1, 0)
        return Period(self.year + 1, 1) if self.quarter == 4 else Period(self.year, self.quarter + 1)


def period_of(day: dt.date, quarterly: bool) -> Period:
    return Period(day.year, (day.month - 1) // 3 + 1 if quarterly else 0)


def periods_between(first_day: dt.date, last_day: dt.date, quarterly: bool) -> list[Period]:
    """Periods from the one containing first_day up to the last one that ended on or before last_day."""
    out = []
    period = period_of(first_day, quarterly)
    while period.end <= last_day:
        out.append(period)
        period = period.next()
    return out

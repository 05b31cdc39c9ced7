"""Working days on the Kazakhstan calendar: deadlines such as "moderation within 5 working days".

A day is a working day unless it is a Saturday or Sunday or a public day off in the `holidays` package's "KZ"
calendar, which also models the government's transfers: a Saturday declared a working day in exchange for a
bridge day off (3 March 2018 was worked so that 9 March was free) counts as a working day here.

The calendar of each year is built once and kept as two frozensets, so that look-ups are cheap and safe from any
thread (the package's own lazily expanding holiday object is not).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

COUNTRY = "KZ"
SATURDAY, SUNDAY = 5, 6


@lru_cache(maxsize=64)
def _holidays_object(year: int):
    return holidays.country_holidays(COUNTRY, years=year)


@lru_cache(maxsize=64)
def _year_calendar(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(days off that fall on weekdays or weekends, weekend days that are worked) for one year."""
    days_off = frozenset(day for day in _holidays_object(year) if day.year == year)
    # A transfer decreed in one year's resolution may move a working Saturday into the neighbouring year
    # (e.g. 28 December 2013 was worked for 2014's New Year bridge), so look at both sides.
    worked_weekends = frozenset(
        day
        for neighbour in (year - 1, year, year + 1)
        for day in getattr(_holidays_object(neighbour), "weekend_workdays", ())
        if day.year == year
    )
    return days_off, worked_weekends


def is_working_day(day: date) -> bool:
    days_off, worked_weekends = _year_calendar(day.year)
    if day in worked_weekends:
        return True
    if day.weekday() in (SATURDAY, SUNDAY):
        return False
    return day not in days_off


def add_working_days(start: date, n: int) -> date:
    """The date n working days after `start` (before it when n is negative); `start` itself is not counted.

    A deadline of "5 working days" from an application filed on Tuesday 20 March 2018 ends on Friday 30 March:
    21-23 March are Nauryz and 24-25 a weekend. With n == 0 the start is returned unchanged.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an integer number of working days")
    step = timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    day = start
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(a: date, b: date) -> int:
    """How many working days lie after `a` up to and including `b`; when b is before a, minus the working days
    from `b` up to but excluding `a`.

    So it is the inverse of add_working_days in both directions: working_days_between(a, add_working_days(a, n)) == n.
    """
    if b < a:
        return -sum(1 for day in _days(b, a) if is_working_day(day))
    return sum(1 for day in _days(a + timedelta(days=1), b + timedelta(days=1)) if is_working_day(day))


def _days(first: date, stop: date):
    """first, first + 1 day, ... up to but excluding stop."""
    day = first
    while day < stop:
        yield day
        day += timedelta(days=1)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day

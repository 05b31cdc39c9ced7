"""Deadlines in working days on the real Kazakhstan calendars of 2018 and 2025."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from innopark.core.workdays import add_working_days, is_working_day, next_working_day, working_days_between


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # Nauryz: 21-23 March are days off; in 2025 they fall Fri-Sun and Mon-Tue 24-25 are given instead.
        (date(2018, 3, 20), True),
        (date(2018, 3, 21), False),
        (date(2018, 3, 22), False),
        (date(2018, 3, 23), False),
        (date(2018, 3, 26), True),
        (date(2025, 3, 20), True),
        (date(2025, 3, 21), False),
        (date(2025, 3, 24), False),
        (date(2025, 3, 25), False),
        (date(2025, 3, 26), True),
        # 1 May, and the 2018 bridge: Saturday 28 April worked so that Monday 30 April was free.
        (date(2018, 5, 1), False),
        (date(2018, 4, 30), False),
        (date(2018, 4, 28), True),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), True),
        # Independence Day: 16-17 December in 2018 (a Sunday, so Tuesday 18 too); only 16 December from 2022.
        (date(2018, 12, 16), False),
        (date(2018, 12, 17), False),
        (date(2018, 12, 18), False),
        (date(2018, 12, 19), True),
        (date(2025, 12, 16), False),
        (date(2025, 12, 17), True),
        # Transferred working days: Saturday 3 March 2018 (for Friday 9 March), Sunday 5 January 2025 (for 3 January).
        (date(2018, 3, 3), True),
        (date(2018, 3, 9), False),
        (date(2025, 1, 5), True),
        (date(2025, 1, 3), False),
        # An ordinary weekend and an ordinary weekday.
        (date(2025, 6, 14), False),
        (date(2025, 6, 16), True),
    ],
)
def test_is_working_day_follows_the_kazakhstan_calendar(day, working):
    assert is_working_day(day) is working


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2018, 3, 20), 1, date(2018, 3, 26)),  # over Nauryz and a weekend
        (date(2018, 3, 20), 5, date(2018, 3, 30)),  # moderation: 5 working days
        (date(2018, 3, 20), 10, date(2018, 4, 6)),  # commission: 10 working days
        (date(2025, 3, 20), 1, date(2025, 3, 26)),
        (date(2018, 4, 27), 1, date(2018, 4, 28)),  # the worked Saturday counts
        (date(2018, 4, 28), 1, date(2018, 5, 2)),  # 29 Sun, 30 bridge, 1 May
        (date(2025, 4, 30), 1, date(2025, 5, 2)),
        (date(2018, 12, 14), 1, date(2018, 12, 19)),
        (date(2025, 12, 15), 1, date(2025, 12, 17)),
        (date(2025, 12, 15), 0, date(2025, 12, 15)),
        (date(2018, 3, 26), -1, date(2018, 3, 20)),  # backwards over Nauryz
        (date(2025, 12, 17), -1, date(2025, 12, 15)),
    ],
)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n) == expected


def test_working_days_between_counts_after_the_first_day_up_to_the_last():
    assert working_days_between(date(2018, 3, 20), date(2018, 3, 30)) == 5
    assert working_days_between(date(2018, 3, 20), date(2018, 3, 25)) == 0
    assert working_days_between(date(2018, 3, 30), date(2018, 3, 20)) == -5
    assert working_days_between(date(2025, 1, 1), date(2025, 1, 1)) == 0


def test_next_working_day():
    assert next_working_day(date(2018, 3, 21)) == date(2018, 3, 26)
    assert next_working_day(date(2018, 3, 26)) == date(2018, 3, 26)


def test_add_working_days_refuses_non_integers():
    with pytest.raises(TypeError):
        add_working_days(date(2025, 1, 1), 1.5)
    with pytest.raises(TypeError):
        add_working_days(date(2025, 1, 1), True)


@given(start=st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)), n=st.integers(-40, 40))
def test_working_days_between_inverts_add_working_days(start, n):
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    if n:
        assert is_working_day(end)
    assert (end >= start) if n >= 0 else (end < start)
    assert abs(end - start) >= timedelta(days=abs(n))

"""Compute the figures of a StatsQuery: one aggregate query per source, grouped by period in the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, DateField, Q, Sum
from django.db.models.functions import Substr, TruncQuarter, TruncYear
from django.utils import timezone

from innopark.reports.stats import sources as s
from innopark.reports.stats.query import DIGITAL_CATEGORIES, StatsQuery
from innopark.zones.models import JurisdictionAssignment


@dataclass
class PeriodFigures:
    period: str
    start: dt.date
    end: dt.date  # the day after the period
    projects: int = 0
    amount_awarded_tiyn: int = 0
    amount_disbursed_tiyn: int = 0
    contributions_tiyn: int = 0
    participants: int = 0  # active at the end of the period
    participants_admitted: int = 0
    companies_registered: int = 0  # distinct organizations entered in the register during the period
    jobs_created: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    is_total: bool = False

    @property
    def digital_share_pct(self) -> int | None:
        """Share of projects in the digital categories, in whole percent (rounded half up), None without grants."""
        if not self.projects:
            return None
        digital = sum(self.by_category.get(c, 0) for c in DIGITAL_CATEGORIES)
        return (digital * 200 + self.projects) // (2 * self.projects)


@dataclass
class StatsResult:
    query: StatsQuery
    rows: list[PeriodFigures]
    total: PeriodFigures | None


def _date_filter(query: StatsQuery, date_field: str, zone_field: str, start: dt.date, end: dt.date) -> Q:
    """Records dated in [start, end) of the query's zone, or of the zones the authority oversaw on each date."""
    q = Q(**{f"{date_field}__gte": start, f"{date_field}__lt": end})
    if query.zone is not None:
        q &= Q(**{zone_field: query.zone.pk})
    if query.authority is not None:
        q &= _authority_filter(query, date_field, zone_field)
    return q


def _authority_filter(query: StatsQuery, date_field: str, zone_field: str) -> Q:
    # A record counts for the authority that oversaw its zone on the record's own date: after a transfer the
    # old ministry keeps its years and the new one gets the rest.
    spans = JurisdictionAssignment.objects.filter(authority=query.authority).values_list(
        "zone_id", "valid_from", "valid_to"
    )
    q = Q(pk__in=[])
    for zone_id, valid_from, valid_to in spans:
        part = Q(**{zone_field: zone_id, f"{date_field}__gte": valid_from})
        if valid_to is not None:
            part &= Q(**{f"{date_field}__lt": valid_to})
        q |= part
    return q


def _period(date_field: str, query: StatsQuery):
    """The record's period as an expression the database evaluates natively, so that it groups by year or quarter
    itself. On SQLite dates are ISO text: the year is `substr(date, 1, 4)` and quarters are folded from the month
    `substr(date, 1, 7)` in Python (Django's ExtractYear there calls back into Python for every row, seconds over
    2M rows). On PostgreSQL `date_trunc` (EXTRACT returns numeric there, twice as slow over 100k grants)."""
    if connection.vendor == "sqlite":
        return {"period_key": Substr(date_field, 1, 4 if query.by == "year" else 7)}
    trunc = TruncYear if query.by == "year" else TruncQuarter
    return {"period_key": trunc(date_field, output_field=DateField())}


def _period_label(query: StatsQuery, row: dict) -> str:
    key = row["period_key"]
    if isinstance(key, str):
        year, month = int(key[:4]), int(key[5:7]) if len(key) >= 7 else 1
    else:
        year, month = key.year, key.month
    return f"{year}-Q{(month - 1) // 3 + 1}" if query.by == "quarter" else str(year)


def _grouped(queryset, date_field: str, query: StatsQuery, *extra, **aggregates):
    """Aggregates per period (year or quarter), with `period` set on each row."""
    period = _period(date_field, query)
    rows = queryset.annotate(**period).values(*period, *extra).annotate(**aggregates).order_by()
    for row in rows:
        row["period"] = _period_label(query, row)
        yield row


def grants_in_period(query: StatsQuery, start: dt.date, end: dt.date):
    grant = s.grant_model()
    if grant is None:
        return None
    qs = grant.objects.filter(_date_filter(query, s.GRANT_DATE, s.GRANT_ZONE, start, end))
    if s.GRANT_EXCLUDED_STATUSES:
        qs = qs.exclude(status__in=s.GRANT_EXCLUDED_STATUSES)
    if query.category:
        qs = qs.filter(**{s.GRANT_CATEGORY: query.category})
    if query.region:
        # The recipient's region stored on the grant at award (ADR 0072): no join to the organizations.
        qs = qs.filter(**{f"{s.GRANT_REGION}__startswith": query.region})
    return qs


def grant_rollup_in_period(query: StatsQuery, start: dt.date, end: dt.date):
    """Rows of the grant rollup (ADR 0071) for the period, or None where it cannot answer: for an authority (a
    jurisdiction may change in the middle of a month) and for a region (the rollup has no recipient), which read
    the grants themselves. `start` and `end` are the first day of a month."""
    rollup = s.grant_rollup_model()
    if rollup is None or query.authority is not None or query.region or s.GRANT_EXCLUDED_STATUSES:
        return None
    month = s.GRANT_ROLLUP_MONTH
    qs = rollup.objects.filter(**{f"{month}__gte": start, f"{month}__lt": end})
    if query.zone is not None:
        qs = qs.filter(**{s.GRANT_ROLLUP_ZONE: query.zone.pk})
    if query.category:
        qs = qs.filter(**{s.GRANT_ROLLUP_CATEGORY: query.category})
    return qs


def _month_floor(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _month_ceil(day: dt.date) -> dt.date:
    return day if day.day == 1 else (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def _monthly_rows(query: StatsQuery, start: dt.date, end: dt.date, *, total: Q, daily: Q) -> Q:
    """The rollup's monthly rows `total` for the period (start and end are the first of a month).

    For an authority, each zone's months wholly inside a span it oversaw come from the monthly rows, and the
    days of a month whose jurisdiction changed mid-month from the `daily` rows (the counterparty rows that the
    monthly ones total).
    """
    day = s.FLOW_DAY
    if query.authority is None:
        q = total & Q(**{f"{day}__gte": start, f"{day}__lt": end})
        if query.zone is not None:
            q &= Q(**{s.FLOW_ZONE: query.zone.pk})
        return q
    q = Q(pk__in=[])
    spans = JurisdictionAssignment.objects.filter(authority=query.authority).values_list(
        "zone_id", "valid_from", "valid_to"
    )
    for zone_id, valid_from, valid_to in spans:
        if query.zone is not None and zone_id != query.zone.pk:
            continue
        low, high = max(start, valid_from), min(end, valid_to or end)
        if low >= high:
            continue
        zone = Q(**{s.FLOW_ZONE: zone_id})
        whole_low, whole_high = _month_ceil(low), _month_floor(high)
        edges = [(low, high)]
        if whole_low < whole_high:
            q |= zone & total & Q(**{f"{day}__gte": whole_low, f"{day}__lt": whole_high})
            edges = [(low, whole_low), (whole_high, high)]
        for first, after in edges:
            if first < after:
                q |= zone & daily & Q(**{f"{day}__gte": first, f"{day}__lt": after})
    return q


def _grant_accounts(query: StatsQuery):
    """The ledger accounts of the grants of the query's category and region, whenever and wherever awarded: a
    payment counts for the zone and the authority of its own date, which the flow rows' filter decides."""
    qs = s.grant_model().objects.all()
    # A grant stays in its zone, so the zone narrows the grants read (the authority's zones too, but not its dates).
    if query.zone is not None:
        qs = qs.filter(**{s.GRANT_ZONE: query.zone.pk})
    elif query.authority is not None:
        zones = JurisdictionAssignment.objects.filter(authority=query.authority).values("zone_id")
        qs = qs.filter(**{f"{s.GRANT_ZONE}__in": zones})
    if query.category:
        qs = qs.filter(**{s.GRANT_CATEGORY: query.category})
    if query.region:
        qs = qs.filter(**{f"{s.GRANT_REGION}__startswith": query.region})
    return qs.values(s.GRANT_ACCOUNT)


def _category_total(category: str) -> Q | None:
    """The rollup's monthly rows of one category's grant accounts (ADR 0073), or None if it has no such rows."""
    model = s.category_model()
    category_id = model.objects.filter(code=category).values_list("pk", flat=True).first() if model else None
    if category_id is None:
        return None
    return Q(**{s.FLOW_PARTY_KIND: s.FLOW_GROUP_PARTY_KIND, s.FLOW_PARTY: s.flow_group_party(category_id)})


def flows_in_period(query: StatsQuery, start: dt.date, end: dt.date, *, kind: str, by_party: bool = False):
    """Rows of the ledger's flow rollup (ADR 0070) in the period: contributions into the zone's fund from funder
    accounts, or disbursements out of its grant accounts, each already net of its reversals.

    Without a funder, category or region the zones' monthly totals are read (12 rows a year per zone); with a
    category alone, the category's monthly totals (ADR 0073); with a funder or a region, the daily rows of the
    funder's account or of the matching grants' accounts. `by_party=True` gives the counterparty rows, to split a
    figure by funder. `start` and `end` are the first day of a month.
    """
    flow = s.flow_rollup_model()
    if flow is None:
        return None
    # Only money from subsoil users counts as attracted: imported history passes through the fund too.
    party_kind = s.FUNDER if kind == s.CONTRIBUTION else s.GRANT_ACCOUNT_KIND
    qs = flow.objects.filter(**{s.FLOW_KIND: kind})
    parties = None
    if kind == s.CONTRIBUTION and query.funder_bin:
        parties = (
            s.ledger_account_model()
            .objects.filter(**{s.ACCOUNT_KIND: s.FUNDER, f"{s.ACCOUNT_ORGANIZATION}__bin": query.funder_bin})
            .values("pk")
        )
    if kind == s.DISBURSEMENT and (query.category or query.region) and s.grant_model() is not None:
        parties = _grant_accounts(query)
        category_total = _category_total(query.category) if query.category and not query.region else None
        if category_total is not None:
            daily = Q(**{f"{s.FLOW_PARTY}__in": parties})
            return qs.filter(_monthly_rows(query, start, end, total=category_total, daily=daily))
    if parties is not None:
        # The accounts are of party_kind already; leaving that column out keeps the query on the rollup's
        # covering index (party, kind, zone, day, amount).
        qs = qs.filter(**{f"{s.FLOW_PARTY}__in": parties})
    elif by_party:
        qs = qs.filter(**{s.FLOW_PARTY_KIND: party_kind, f"{s.FLOW_PARTY}__gt": s.ALL_PARTIES})
    else:
        total = Q(**{s.FLOW_PARTY: s.ALL_PARTIES})
        daily = Q(**{f"{s.FLOW_PARTY}__gt": s.ALL_PARTIES})
        return qs.filter(**{s.FLOW_PARTY_KIND: party_kind}).filter(
            _monthly_rows(query, start, end, total=total, daily=daily)
        )
    return qs.filter(_date_filter(query, s.FLOW_DAY, s.FLOW_ZONE, start, end))


def _participants_active_at_ends(query: StatsQuery, days: list[dt.date]) -> list[int]:
    """Participants (distinct organizations) active on each of the days, in one query with one filtered count per
    day: admitted on or before it and not excluded by then."""
    participant = s.participant_model()
    if participant is None or not days:
        return [0] * len(days)
    qs = participant.objects.all()
    if query.zone is not None:
        qs = qs.filter(**{s.PARTICIPANT_ZONE: query.zone.pk})
    if query.region:
        qs = qs.filter(**{f"{s.PARTICIPANT_ORGANIZATION}__kato__startswith": query.region})
    spans = None
    if query.authority is not None:
        spans = list(
            JurisdictionAssignment.objects.filter(authority=query.authority).values_list(
                "zone_id", "valid_from", "valid_to"
            )
        )
    org = s.PARTICIPANT_ORGANIZATION
    # Organizations with more than one participation (in two zones, or admitted again): usually none or a few, read
    # first so that the counts below compare with a list (a subquery there was planned once per count). Worth it
    # for the whole country (20k participants: 17 ms instead of 26); one zone's participants are few, and a DISTINCT
    # count per day is quicker there than the extra query.
    several_ids = None
    if query.zone is None:
        several_ids = list(
            qs.values(org).annotate(n=Count("pk")).filter(n__gt=1).values_list(org, flat=True).order_by()
        )
    aggregates = {}
    for index, day in enumerate(days):
        active = Q(**{f"{s.PARTICIPANT_ADMITTED}__lte": day}) & (
            Q(**{f"{s.PARTICIPANT_ENDED}__isnull": True}) | Q(**{f"{s.PARTICIPANT_ENDED}__gt": day})
        )
        if spans is not None:
            # Counted for the authority that oversaw the participant's zone on that day.
            overseen = Q(pk__in=[])
            for zone_id, valid_from, valid_to in spans:
                if valid_from <= day and (valid_to is None or day < valid_to):
                    overseen |= Q(**{s.PARTICIPANT_ZONE: zone_id})
            active &= overseen
        # An organization counts once, even if active in two zones (or twice in one): the participations of
        # organizations that have only one are counted as rows, and only the few others with a DISTINCT count.
        # A DISTINCT count per day sorts its rows: 17 of them over 20k participants took 25-30 ms on PostgreSQL.
        if several_ids is None:
            aggregates[f"d{index}"] = Count(org, distinct=True, filter=active)
        elif several_ids:
            several = Q(**{f"{org}__in": several_ids})
            aggregates[f"d{index}"] = Count("pk", filter=active & ~several) + Count(
                org, distinct=True, filter=active & several
            )
        else:
            aggregates[f"d{index}"] = Count("pk", filter=active)
    counts = qs.aggregate(**aggregates)
    return [counts[f"d{index}"] or 0 for index in range(len(days))]


def _participants_registered(query: StatsQuery, start: dt.date, end: dt.date):
    participant = s.participant_model()
    if participant is None or not s.has_field(participant, s.PARTICIPANT_REGISTERED):
        return None
    qs = participant.objects.filter(_date_filter(query, s.PARTICIPANT_REGISTERED, s.PARTICIPANT_ZONE, start, end))
    if query.region:
        qs = qs.filter(**{f"{s.PARTICIPANT_ORGANIZATION}__kato__startswith": query.region})
    return qs


def _participants_admitted(query: StatsQuery, start: dt.date, end: dt.date):
    participant = s.participant_model()
    if participant is None:
        return None
    qs = participant.objects.filter(_date_filter(query, s.PARTICIPANT_ADMITTED, s.PARTICIPANT_ZONE, start, end))
    if query.region:
        qs = qs.filter(**{f"{s.PARTICIPANT_ORGANIZATION}__kato__startswith": query.region})
    return qs


def _jobs_by_period(query: StatsQuery, first_year: int, last_year: int) -> dict[str, int]:
    """New jobs from participants' reports, by the period each report covers (an annual report counts in Q4)."""
    report = s.participant_report_model()
    if report is None or not s.has_field(report, s.REPORT_NEW_JOBS):
        return {}
    zone_field = f"{s.REPORT_PARTICIPANT}__{s.PARTICIPANT_ZONE}"
    qs = report.objects.filter(**{f"{s.REPORT_YEAR}__gte": first_year, f"{s.REPORT_YEAR}__lte": last_year})
    if query.zone is not None:
        qs = qs.filter(**{zone_field: query.zone.pk})
    if query.region:
        qs = qs.filter(**{f"{s.REPORT_PARTICIPANT}__{s.PARTICIPANT_ORGANIZATION}__kato__startswith": query.region})
    out: dict[str, int] = {}
    rows = qs.values(s.REPORT_YEAR, s.REPORT_QUARTER, zone_field).annotate(n=Sum(s.REPORT_NEW_JOBS)).order_by()
    spans = None
    if query.authority is not None:
        spans = list(
            JurisdictionAssignment.objects.filter(authority=query.authority).values_list(
                "zone_id", "valid_from", "valid_to"
            )
        )
    for row in rows:
        year, quarter = row[s.REPORT_YEAR], row[s.REPORT_QUARTER] or 4
        if spans is not None:
            # The report belongs to the authority that oversaw the zone on the period's last day.
            last_day = dt.date(year, 12, 31) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(1)
            if not any(z == row[zone_field] and f <= last_day and (t is None or last_day < t) for z, f, t in spans):
                continue
        label = f"{year}-Q{quarter}" if query.by == "quarter" else str(year)
        out[label] = out.get(label, 0) + (row["n"] or 0)
    return out


def year_range(query: StatsQuery) -> tuple[int, int]:
    """The years asked for, or those from the zone's first record (its establishment) to this year."""
    this_year = timezone.localdate().year
    first = query.year_from
    last = query.year_to or this_year
    if first is None:
        first = query.zone.established_on.year if query.zone is not None else min(last, this_year)
        grants = s.grant_model()
        if grants is not None:
            earliest = (
                grants_in_period(query, dt.date(1, 1, 1), dt.date(9999, 12, 31))
                .order_by(s.GRANT_DATE)
                .values_list(s.GRANT_DATE, flat=True)
                .first()
            )
            if earliest is not None:
                first = min(first, earliest.year)
    return min(first, last), last


def compute(query: StatsQuery) -> StatsResult:
    first, last = year_range(query)
    periods = query.periods(first, last)
    rows = {label: PeriodFigures(period=label, start=start, end=end) for label, start, end in periods}
    start, end = periods[0][1], periods[-1][2]
    total = PeriodFigures(
        period=f"{first}-{last}" if first != last else str(first), start=start, end=end, is_total=True
    )

    def fold(queryset, date_field, setter, *extra, **aggregates):
        if queryset is None:
            return
        for row in _grouped(queryset, date_field, query, *extra, **aggregates):
            figures = rows.get(row["period"])
            if figures is not None:
                setter(figures, row)
                setter(total, row)

    def add(attr, key):
        def setter(figures, row):
            setattr(figures, attr, getattr(figures, attr) + (row[key] or 0))

        return setter

    def add_each(attr, key):
        # Per-period rows only: the caller sets the total itself (distinct counts do not add up).
        def setter(figures, row):
            if not figures.is_total:
                setattr(figures, attr, getattr(figures, attr) + (row[key] or 0))

        return setter

    def add_grants(figures, row):
        figures.projects += row["n"]
        figures.amount_awarded_tiyn += row["amount"] or 0
        category = row[s.GRANT_CATEGORY]
        figures.by_category[category] = figures.by_category.get(category, 0) + row["n"]

    # One grouped query by period and category gives the count, the amount and the split by category: from the
    # grant rollup's monthly rows (ADR 0071), or from the grants themselves for an authority or a region.
    rollup = grant_rollup_in_period(query, start, end)
    if rollup is not None:
        count, amount = Sum(s.GRANT_ROLLUP_COUNT), Sum(s.GRANT_ROLLUP_AMOUNT)
        fold(rollup, s.GRANT_ROLLUP_MONTH, add_grants, s.GRANT_CATEGORY, n=count, amount=amount)
    else:
        grants = grants_in_period(query, start, end)
        fold(grants, s.GRANT_DATE, add_grants, s.GRANT_CATEGORY, n=Count("pk"), amount=Sum(s.GRANT_AMOUNT))
    # Money from the ledger's flow rollup, net of reversals (ADR 0070).
    for kind, attr in ((s.DISBURSEMENT, "amount_disbursed_tiyn"), (s.CONTRIBUTION, "contributions_tiyn")):
        fold(flows_in_period(query, start, end, kind=kind), s.FLOW_DAY, add(attr, "amount"), amount=Sum(s.FLOW_AMOUNT))
    registered = _participants_registered(query, start, end)
    if registered is not None:
        org = s.PARTICIPANT_ORGANIZATION
        fold(registered, s.PARTICIPANT_REGISTERED, add_each("companies_registered", "n"), n=Count(org, distinct=True))
        # The total counts each company once, even if it registered again in a later year.
        total.companies_registered = registered.values(org).distinct().count()
    admitted = _participants_admitted(query, start, end)
    fold(admitted, s.PARTICIPANT_ADMITTED, add("participants_admitted", "n"), n=Count("pk"))
    for label, jobs in _jobs_by_period(query, first, last).items():
        if label in rows:
            rows[label].jobs_created += jobs
            total.jobs_created += jobs
    everything = [*rows.values(), total]
    active = _participants_active_at_ends(query, [f.end - dt.timedelta(days=1) for f in everything])
    for figures, count in zip(everything, active, strict=True):
        figures.participants = count
    return StatsResult(query=query, rows=list(rows.values()), total=total)

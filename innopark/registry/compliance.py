"""Compliance of a participant, computed from its reports and agreement (read-only; nothing is stored).

- priority-income share of each report against the zone's threshold (90% classic, 100% "exclusively");
- the agreement's obligations (investment, jobs) against the reported actuals once their deadline has passed;
- reports missing after their due date, and reports filed late.
Each breach has a stable key so that the operator's decision (warning, suspension, exclusion) can refer to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from innopark.core.money import format_money
from innopark.registry.periods import Period, periods_between
from innopark.registry.workflow import ParticipantStatus


@dataclass
class Breach:
    key: str
    kind: str  # priority_share, investment, jobs, missing_report
    message: str
    decision: object = None


@dataclass
class ReportLine:
    period: Period
    report: object = None
    late: bool = False
    missing: bool = False
    priority_share_pct: float | None = None
    below_threshold: bool = False


@dataclass
class Compliance:
    threshold_pct: int
    lines: list[ReportLine] = field(default_factory=list)
    breaches: list[Breach] = field(default_factory=list)
    investment_actual_tiyn: int = 0
    jobs_actual: int = 0

    @property
    def late_count(self) -> int:
        return sum(1 for line in self.lines if line.late)

    @property
    def missing_count(self) -> int:
        return sum(1 for line in self.lines if line.missing)


def _share(report) -> float | None:
    if not report.total_income_tiyn:
        return None
    # A display percentage: the comparison itself is done in integers below.
    return round(100 * report.priority_income_tiyn / report.total_income_tiyn, 1)


def participant_compliance(participant, *, today: dt.date | None = None) -> Compliance:
    today = today or timezone.localdate()
    zone = participant.zone
    threshold = zone.priority_income_threshold_pct
    result = Compliance(threshold_pct=threshold)
    if participant.registered_on is None:
        return result
    reports = {(r.year, r.quarter): r for r in participant.reports.all()}
    # Reports are owed from the register entry until exclusion (or today), for periods whose deadline passed.
    last_day = min(today, participant.excluded_on or today, zone.expires_on)
    quarterly = zone.report_period == "quarter"
    expected = periods_between(participant.registered_on, last_day, quarterly)
    decisions = {d.breach_key: d for d in participant.compliance_decisions.all()}
    for period in expected:
        report = reports.pop((period.year, period.quarter), None)
        line = ReportLine(period=period, report=report)
        if report is None:
            line.missing = period.due_on < today
            if line.missing:
                result.breaches.append(
                    Breach(
                        f"missing:{period.key}",
                        "missing_report",
                        _("The report for %(period)s is missing (due %(due)s).")
                        % {"period": period.label, "due": period.due_on.isoformat()},
                    )
                )
        else:
            line.late = report.submitted_on > period.due_on
            line.priority_share_pct = _share(report)
            # priority / total < threshold / 100, in integers.
            line.below_threshold = report.total_income_tiyn > 0 and (
                100 * report.priority_income_tiyn < threshold * report.total_income_tiyn
            )
            if line.below_threshold:
                result.breaches.append(
                    Breach(
                        f"priority_share:{period.key}",
                        "priority_share",
                        _("Priority income was %(share)s%% of total income in %(period)s; the zone requires %(min)s%%.")
                        % {"share": line.priority_share_pct, "period": period.label, "min": threshold},
                    )
                )
        result.lines.append(line)
    # Reports outside the expected periods (e.g. filed before an exclusion ended the obligation) still count.
    for report in reports.values():
        result.lines.append(ReportLine(period=Period(report.year, report.quarter), report=report))
    result.lines.sort(key=lambda line: line.period)
    agreement = getattr(participant, "agreement", None)
    if agreement is not None:
        counted = [
            r for r in participant.reports.all() if Period(r.year, r.quarter).end <= agreement.obligations_due_on
        ]
        result.investment_actual_tiyn = sum(r.investment_tiyn for r in counted)
        result.jobs_actual = sum(r.new_jobs for r in counted)
        if agreement.obligations_due_on < today:
            if result.investment_actual_tiyn < agreement.investment_tiyn:
                result.breaches.append(
                    Breach(
                        "investment",
                        "investment",
                        _("Investment of %(actual)s by %(due)s against an obligation of %(planned)s.")
                        % {
                            "actual": format_money(result.investment_actual_tiyn),
                            "due": agreement.obligations_due_on.isoformat(),
                            "planned": format_money(agreement.investment_tiyn),
                        },
                    )
                )
            if result.jobs_actual < agreement.jobs:
                result.breaches.append(
                    Breach(
                        "jobs",
                        "jobs",
                        _("%(actual)s new jobs by %(due)s against an obligation of %(planned)s.")
                        % {
                            "actual": result.jobs_actual,
                            "due": agreement.obligations_due_on.isoformat(),
                            "planned": agreement.jobs,
                        },
                    )
                )
    for breach in result.breaches:
        breach.decision = decisions.get(breach.key)
    return result


def breach_period(breach: Breach, agreement=None) -> tuple[Period | None, dt.date | None]:
    """The report period a breach is about (missing or below-threshold reports), or the obligations' due date."""
    kind, _sep, key = breach.key.partition(":")
    if kind in ("missing", "priority_share") and key:
        year, quarter = key.split("-")
        return Period(int(year), int(quarter)), None
    return None, getattr(agreement, "obligations_due_on", None)


def restrict_compliance(result: Compliance, periods, agreement=None) -> Compliance:
    """The part of a participant's compliance a former authority may read (ADR 0021): the report periods that lie
    wholly in the periods it oversaw, and the obligations whose due date fell in them. `periods=None`: everything."""
    if periods is None:
        return result
    from innopark.registry.selectors import period_within

    def covers(day):
        return any(start <= day and (end is None or day < end) for start, end in periods)

    def keep(breach):
        period, due = breach_period(breach, agreement)
        return period_within(period, periods) if period is not None else due is not None and covers(due)

    restricted = Compliance(
        threshold_pct=result.threshold_pct,
        lines=[line for line in result.lines if period_within(line.period, periods)],
        breaches=[breach for breach in result.breaches if keep(breach)],
    )
    if agreement is not None and covers(agreement.obligations_due_on):
        restricted.investment_actual_tiyn = result.investment_actual_tiyn
        restricted.jobs_actual = result.jobs_actual
    return restricted


def zone_breaches(zone, *, today: dt.date | None = None) -> list[tuple[object, Breach]]:
    """Open (undecided) breaches of the zone's current participants, for the operator's list."""
    from innopark.registry.models import Participant

    participants = (
        Participant.objects.filter(zone=zone, status__in=[ParticipantStatus.ACTIVE, ParticipantStatus.SUSPENDED])
        .select_related("organization", "zone", "agreement")
        .prefetch_related("reports", "compliance_decisions")
        .order_by("register_entry_number")
    )
    out = []
    for participant in participants:
        for breach in participant_compliance(participant, today=today).breaches:
            if breach.decision is None:
                out.append((participant, breach))
    return out

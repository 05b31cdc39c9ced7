"""Reads with rules: who sees which organizations, applications, participants, documents and reports.

Internal records (applications, documents, reports, a participant's file) go to platform admins, the zone's
operator staff, officers of the authority that oversees the zone today (the zone's whole history), officers of an
authority that oversaw it before a transfer (only the records of the period it oversaw: ADR 0021), and the
organization's representatives. The public register (public fields only) is read through `public_participants()`
by everyone. `access_*` helpers fetch and authorize in one step and answer NotFound for an object the user may not
see, so that ids of others' objects are not revealed.

A former authority sees, in a zone it oversaw from `start` to `end` (half-open):
- applications submitted on a day in [start, end);
- participants whose participation overlapped [start, end): admitted before `end`, not excluded before `start`;
- reports whose whole period lies in [start, end);
- in a participant's file: those reports, certificates and status changes up to the end of its oversight, and
  the audit history of its periods (`file_periods`, `can_view_*_history`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, QuerySet, Subquery

from innopark.core.errors import NotFound
from innopark.registry.models import (
    AdmissionApplication,
    ApplicationDocument,
    Certificate,
    Organization,
    Participant,
    ParticipantReport,
    ParticipantStatusChange,
)
from innopark.registry.periods import Period
from innopark.registry.permissions import represented_org_ids
from innopark.registry.workflow import REGISTERED_STATES, ParticipantStatus

Periods = tuple[tuple[dt.date, dt.date | None], ...]


def _status_on(on: dt.date):
    return Subquery(
        ParticipantStatusChange.objects.filter(participant=OuterRef("pk"), effective_on__lte=on)
        .order_by("-effective_on", "-id")
        .values("status")[:1]
    )


def participant_status(*, organization, zone, on: dt.date) -> str | None:
    """The status of the organization's participation in the zone on a date (e.g. "active"), or None if it was
    not a participant of that zone then."""
    row = (
        Participant.objects.filter(organization=organization, zone=zone)
        .annotate(status_on=_status_on(on))
        .exclude(status_on=None)
        .order_by("-admitted_on", "-id")
        .values_list("status_on", flat=True)
        .first()
    )
    return row


def participants_with_status_on(zone, on: dt.date) -> QuerySet[Participant]:
    """The zone's participants annotated with `status_on` (None before their admission)."""
    return Participant.objects.filter(zone=zone).annotate(status_on=_status_on(on))


def active_participants(zone, on: dt.date) -> QuerySet[Participant]:
    """Participants of the zone whose status on that date was active."""
    return (
        participants_with_status_on(zone, on).filter(status_on=ParticipantStatus.ACTIVE).select_related("organization")
    )


@dataclass
class Scope:
    """What internal records of which zones a user may read: `whole` zones for their whole history, `partial`
    zones (a former authority) for some periods only, and the organizations the user represents."""

    everything: bool = False
    whole: set[int] = field(default_factory=set)
    partial: dict[int, Periods] = field(default_factory=dict)
    org_ids: set[int] = field(default_factory=set)

    @property
    def is_staff(self) -> bool:
        return self.everything or bool(self.whole) or bool(self.partial)


def user_scope(user, today: dt.date | None = None) -> Scope:
    """The user's scope over internal registry records (ADR 0021), built from zones.selectors.zone_access."""
    from innopark.accounts.permissions import authority_ids_of, is_platform_admin, operated_zone_ids
    from innopark.zones.models import Zone
    from innopark.zones.selectors import zone_access, zone_ids_under_authorities

    if user is None or not getattr(user, "is_authenticated", False):
        return Scope()
    if is_platform_admin(user):
        return Scope(everything=True)
    scope = Scope(whole=set(operated_zone_ids(user)), org_ids=set(represented_org_ids(user)))
    authority_ids = authority_ids_of(user)
    if authority_ids:
        zone_ids = zone_ids_under_authorities(authority_ids) - scope.whole
        for zone in Zone.objects.filter(pk__in=zone_ids):
            access = zone_access(user, zone, today)
            if access is None:
                continue
            if access.whole_history:
                scope.whole.add(zone.pk)
            elif access.periods:
                scope.partial[zone.pk] = access.periods
    return scope


def _day_in(field_name: str, periods: Periods) -> Q:
    condition = Q(pk__in=[])
    for start, end in periods:
        part = Q(**{f"{field_name}__gte": start})
        if end is not None:
            part &= Q(**{f"{field_name}__lt": end})
        condition |= part
    return condition


def _overlaps(periods: Periods) -> Q:
    """Participants whose participation overlapped one of the periods."""
    condition = Q(pk__in=[])
    for start, end in periods:
        part = Q(excluded_on__isnull=True) | Q(excluded_on__gte=start)
        if end is not None:
            part &= Q(admitted_on__lt=end)
        condition |= part
    return condition


def _quarter_index(day: dt.date) -> int:
    return day.year * 4 + (day.month - 1) // 3


def _reports_within(periods: Periods, prefix: str = "") -> Q:
    """Reports (year, quarter; quarter 0 = the whole year) whose whole period lies inside one of the periods."""
    year, quarter = f"{prefix}year", f"{prefix}quarter"
    condition = Q(pk__in=[])
    for start, end in periods:
        # Annual reports: the years that begin on or after `start` and end before `end`.
        first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
        annual = Q(**{quarter: 0, f"{year}__gte": first_year})
        if end is not None:
            annual &= Q(**{f"{year}__lte": end.year - 1})
        # Quarterly reports, by a quarter index year * 4 + (quarter - 1).
        first = _quarter_index(start)
        if Period(start.year, first % 4 + 1).start != start:
            first += 1
        first_year_q, first_q = divmod(first, 4)
        quarterly = Q(**{f"{quarter}__gte": 1}) & (
            Q(**{f"{year}__gt": first_year_q}) | Q(**{year: first_year_q, f"{quarter}__gte": first_q + 1})
        )
        if end is not None:
            last_year_q, last_q = divmod(_quarter_index(end) - 1, 4)
            quarterly &= Q(**{f"{year}__lt": last_year_q}) | Q(**{year: last_year_q, f"{quarter}__lte": last_q + 1})
        condition |= annual | quarterly
    return condition


def period_within(period: Period, periods: Periods) -> bool:
    """Whether a report period lies wholly inside one of the (half-open) periods."""
    return any(start <= period.start and (end is None or period.end < end) for start, end in periods)


def _scoped(qs: QuerySet, user, *, zone_field: str, org_field: str, partial_rule) -> QuerySet:
    scope = user_scope(user)
    if scope.everything:
        return qs
    condition = Q(**{f"{zone_field}__in": scope.whole}) | Q(**{f"{org_field}__in": scope.org_ids})
    for zone_id, periods in scope.partial.items():
        condition |= Q(**{zone_field: zone_id}) & partial_rule(periods)
    return qs.filter(condition)


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants whose internal file the user may read (nothing for the public: see public_participants)."""
    qs = Participant.objects.select_related("organization", "zone")
    return _scoped(qs, user, zone_field="zone_id", org_field="organization_id", partial_rule=_overlaps)


def applications_visible_to(user) -> QuerySet[AdmissionApplication]:
    qs = AdmissionApplication.objects.select_related("organization", "zone")
    return _scoped(
        qs,
        user,
        zone_field="zone_id",
        org_field="organization_id",
        partial_rule=lambda periods: _day_in("submitted_on", periods),
    )


def reports_visible_to(user) -> QuerySet[ParticipantReport]:
    """Effective reports (corrections replace what they correct) the user may read."""
    qs = ParticipantReport.objects.select_related("participant__organization", "participant__zone")
    return _scoped(
        qs,
        user,
        zone_field="participant__zone_id",
        org_field="participant__organization_id",
        partial_rule=_reports_within,
    )


def file_periods(user, participant: Participant) -> Periods | None:
    """None when the user reads the participant's whole file; otherwise the periods a former authority oversaw."""
    scope = user_scope(user)
    if scope.everything or participant.zone_id in scope.whole or participant.organization_id in scope.org_ids:
        return None
    return scope.partial.get(participant.zone_id, ())


def cutoff_of(periods: Periods | None) -> dt.date | None:
    """The last day a limited reader may see of a file (the day before its oversight ended); None for no limit."""
    if not periods or any(end is None for _start, end in periods):
        return None
    return max(end for _start, end in periods) - dt.timedelta(days=1)


def status_on(participant: Participant, on: dt.date) -> str | None:
    return (
        participant.status_changes.filter(effective_on__lte=on)
        .order_by("-effective_on", "-id")
        .values_list("status", flat=True)
        .first()
    )


def public_participants() -> QuerySet[Participant]:
    """Participants that hold or held an entry in the unified register: the public register."""
    return Participant.objects.filter(status__in=REGISTERED_STATES, register_entry_number__isnull=False)


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Operator staff and the authorities in force see every organization; a former authority only those of the
    applications and participants it may see; representatives their own; everyone those in the public register."""
    public = Q(participations__in=public_participants())
    scope = user_scope(user)
    if scope.everything or scope.whole:
        return Organization.objects.all()
    if scope.partial:
        public |= Q(participations__in=participants_visible_to(user))
        public |= Q(applications__in=applications_visible_to(user))
    public |= Q(pk__in=scope.org_ids)
    return Organization.objects.filter(public).distinct()


def access_participant(user, participant_id) -> Participant:
    participant = participants_visible_to(user).filter(pk=participant_id).first()
    if participant is None:
        raise NotFound(code="participant_not_found")
    return participant


def access_application(user, application_id) -> AdmissionApplication:
    application = applications_visible_to(user).filter(pk=application_id).first()
    if application is None:
        raise NotFound(code="application_not_found")
    return application


def access_document(user, document_id) -> ApplicationDocument:
    visible = applications_visible_to(user)
    document = ApplicationDocument.objects.filter(pk=document_id, application__in=visible).first()
    if document is None:
        raise NotFound(code="document_not_found")
    return document


def access_organization(user, organization_id) -> Organization:
    organization = organizations_visible_to(user).filter(pk=organization_id).first()
    if organization is None:
        raise NotFound(code="organization_not_found")
    return organization


def certificate_by_number(number: str) -> Certificate | None:
    return (
        Certificate.objects.select_related("participant__organization", "participant__zone")
        .filter(number=number)
        .first()
    )


def certificate_state(certificate: Certificate) -> str:
    """valid, suspended, revoked or replaced: read from the participant, so a suspension shows at once on
    verification; a certificate that a reissue replaced is "replaced" (and names its replacement)."""
    if certificate.replaced_by is not None:
        return "replaced"
    status = certificate.participant.status
    if status == ParticipantStatus.ACTIVE:
        latest = certificate.participant.current_certificate
        return "valid" if latest is None or latest.pk == certificate.pk else "revoked"
    if status == ParticipantStatus.SUSPENDED:
        return "suspended"
    return "revoked"


def _history_answer(user, visible: bool, periods: Periods | None):
    """What the audit app reads: False, True (everything) or the periods of a former authority."""
    if not visible:
        return False
    return True if periods is None else list(periods)


def can_view_participant_history(user, subject_id) -> bool | list:
    if not str(subject_id).isdigit():
        return False
    participant = participants_visible_to(user).filter(pk=int(subject_id)).first()
    if participant is None:
        return False
    return _history_answer(user, True, file_periods(user, participant))


def can_view_application_history(user, subject_id) -> bool | list:
    if not str(subject_id).isdigit():
        return False
    application = applications_visible_to(user).filter(pk=int(subject_id)).first()
    if application is None:
        return False
    scope = user_scope(user)
    if scope.everything or application.zone_id in scope.whole or application.organization_id in scope.org_ids:
        return True
    return list(scope.partial.get(application.zone_id, ())) or False


def can_view_organization_history(user, subject_id) -> bool | list:
    if user is None or not getattr(user, "is_authenticated", False) or not str(subject_id).isdigit():
        return False
    scope = user_scope(user)
    if scope.everything or scope.whole or int(subject_id) in scope.org_ids:
        return True
    if not scope.partial or not organizations_visible_to(user).filter(pk=int(subject_id)).exists():
        return False
    return [period for periods in scope.partial.values() for period in periods]


def participant_companies(zone, first_day: dt.date, last_day: dt.date) -> QuerySet[Organization]:
    """Organizations entered in the unified register as participants of the zone between the two dates (inclusive),
    whatever their status today: the "35 companies of 2015-2017" figure of the Alatau park is this count."""
    return Organization.objects.filter(
        participations__zone=zone,
        participations__registered_on__gte=first_day,
        participations__registered_on__lte=last_day,
    ).distinct()


@dataclass
class ParticipantFile:
    """A participant's file as one reader may see it: whole, or as a former authority sees it (ADR 0021) — the
    reports of its periods, and certificates, status changes and status up to the end of its oversight."""

    participant: Participant
    periods: Periods | None
    cutoff: dt.date | None
    status: str
    suspended_on: dt.date | None
    excluded_on: dt.date | None
    certificates: list
    status_changes: list
    compliance: object

    @property
    def limited(self) -> bool:
        return self.periods is not None

    @property
    def status_label(self) -> str:
        return ParticipantStatus(self.status).label


def participant_file(user, participant: Participant) -> ParticipantFile:
    from innopark.registry.compliance import participant_compliance, restrict_compliance

    periods = file_periods(user, participant)
    cutoff = cutoff_of(periods)
    agreement = getattr(participant, "agreement", None)
    certificates = list(participant.certificates.all())
    changes = list(participant.status_changes.order_by("effective_on", "id"))
    compliance = restrict_compliance(participant_compliance(participant), periods, agreement)
    status, suspended_on, excluded_on = participant.status, participant.suspended_on, participant.excluded_on
    if cutoff is not None:
        certificates = [c for c in certificates if c.issued_on <= cutoff]
        changes = [c for c in changes if c.effective_on <= cutoff]
        status = changes[-1].status if changes else status_on(participant, cutoff) or participant.status
        suspended_on = suspended_on if suspended_on and suspended_on <= cutoff else None
        excluded_on = excluded_on if excluded_on and excluded_on <= cutoff else None
    return ParticipantFile(
        participant=participant,
        periods=periods,
        cutoff=cutoff,
        status=status,
        suspended_on=suspended_on,
        excluded_on=excluded_on,
        certificates=certificates,
        status_changes=changes,
        compliance=compliance,
    )


def report_versions(participant: Participant, report: ParticipantReport) -> list[ParticipantReport]:
    """Every version of the report's period, oldest first (the original, then its corrections)."""
    return list(
        ParticipantReport.versions.filter(participant=participant, year=report.year, quarter=report.quarter)
        .select_related("submitted_by")
        .order_by("id")
    )


def access_report(user, participant: Participant, report_id) -> ParticipantReport:
    """A version of one of the participant's reports that the user may read (any version, superseded or not)."""
    visible = reports_visible_to(user).filter(participant=participant)
    report = ParticipantReport.versions.filter(pk=report_id, participant=participant).first()
    if report is None or not visible.filter(year=report.year, quarter=report.quarter).exists():
        raise NotFound(code="report_not_found")
    return report

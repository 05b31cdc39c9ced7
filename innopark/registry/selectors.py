"""Reads with rules: who sees which organizations, applications, participants, documents and reports.

Internal records (applications, documents, reports, a participant's file) go to platform admins, the zone's
operator staff, officers of authorities that oversee or oversaw the zone, and the organization's representatives.
The public register (public fields only) is read through `public_participants()` by everyone.
`access_*` helpers fetch and authorize in one step and answer NotFound for an object the user may not see, so
that ids of others' objects are not revealed.
"""

from __future__ import annotations

import datetime as dt

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
from innopark.registry.permissions import internal_zone_ids, represented_org_ids
from innopark.registry.workflow import REGISTERED_STATES, ParticipantStatus


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


def _internal_filter(user, *, zone_field: str, org_field: str) -> Q | None:
    """A filter for internal records; None means everything (platform admin)."""
    zone_ids = internal_zone_ids(user)
    if zone_ids is None:
        return None
    return Q(**{f"{zone_field}__in": zone_ids}) | Q(**{f"{org_field}__in": represented_org_ids(user)})


def _restrict(qs: QuerySet, user, *, zone_field: str, org_field: str) -> QuerySet:
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    condition = _internal_filter(user, zone_field=zone_field, org_field=org_field)
    return qs if condition is None else qs.filter(condition)


def participants_visible_to(user) -> QuerySet[Participant]:
    """Participants whose internal file the user may read (nothing for the public: see public_participants)."""
    qs = Participant.objects.select_related("organization", "zone")
    return _restrict(qs, user, zone_field="zone_id", org_field="organization_id")


def applications_visible_to(user) -> QuerySet[AdmissionApplication]:
    qs = AdmissionApplication.objects.select_related("organization", "zone")
    return _restrict(qs, user, zone_field="zone_id", org_field="organization_id")


def reports_visible_to(user) -> QuerySet[ParticipantReport]:
    qs = ParticipantReport.objects.select_related("participant__organization", "participant__zone")
    return _restrict(qs, user, zone_field="participant__zone_id", org_field="participant__organization_id")


def public_participants() -> QuerySet[Participant]:
    """Participants that hold or held an entry in the unified register: the public register."""
    return Participant.objects.filter(status__in=REGISTERED_STATES, register_entry_number__isnull=False)


def organizations_visible_to(user) -> QuerySet[Organization]:
    """Staff see every organization; representatives their own; everyone the organizations in the public register."""
    public = Q(participations__in=public_participants())
    if user is not None and getattr(user, "is_authenticated", False):
        zone_ids = internal_zone_ids(user)
        if zone_ids is None or zone_ids:
            return Organization.objects.all()
        public |= Q(pk__in=represented_org_ids(user))
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
    """valid, suspended or revoked: read from the participant, so a suspension shows at once on verification."""
    status = certificate.participant.status
    if status == ParticipantStatus.ACTIVE:
        latest = certificate.participant.current_certificate
        return "valid" if latest is None or latest.pk == certificate.pk else "revoked"
    if status == ParticipantStatus.SUSPENDED:
        return "suspended"
    return "revoked"


def can_view_participant_history(user, subject_id) -> bool:
    return participants_visible_to(user).filter(pk=subject_id).exists()


def can_view_application_history(user, subject_id) -> bool:
    return applications_visible_to(user).filter(pk=subject_id).exists()


def can_view_organization_history(user, subject_id) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    zone_ids = internal_zone_ids(user)
    return zone_ids is None or bool(zone_ids) or int(subject_id) in represented_org_ids(user)


def participant_companies(zone, first_day: dt.date, last_day: dt.date) -> QuerySet[Organization]:
    """Organizations entered in the unified register as participants of the zone between the two dates (inclusive),
    whatever their status today: the "35 companies of 2015-2017" figure of the Alatau park is this count."""
    return Organization.objects.filter(
        participations__zone=zone,
        participations__registered_on__gte=first_day,
        participations__registered_on__lte=last_day,
    ).distinct()

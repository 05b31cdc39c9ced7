"""After admission: the activity agreement, the entry in the unified register, the certificate, and later
suspension, reinstatement and exclusion. Each step is a transition in workflow.PARTICIPANT_TRANSITIONS with an
effective date that may not precede the participant's last change (history is appended, never rewritten)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import Conflict
from innopark.notifications.services import notify
from innopark.registry.events import RegistryEvent
from innopark.registry.models import ActivityAgreement, Certificate, Participant, ParticipantStatusChange
from innopark.registry.permissions import require_zone_staff
from innopark.registry.services._common import (
    check_amounts,
    check_date,
    clean,
    record,
    refuse,
    representatives,
    require_text,
    snapshot,
)
from innopark.registry.workflow import PARTICIPANT_TRANSITIONS, ParticipantStatus, require_transition

P = ParticipantStatus
AGREEMENT_FIELDS = ["number", "signed_on", "valid_until", "investment_tiyn", "jobs", "obligations_due_on"]


def _locked(participant: Participant) -> Participant:
    return Participant.objects.select_for_update().select_related("zone", "organization").get(pk=participant.pk)


def _last_change_on(participant: Participant) -> dt.date:
    last = participant.status_changes.order_by("-effective_on", "-id").values_list("effective_on", flat=True).first()
    return last or participant.admitted_on


def _move(participant, target, event_type, *, actor, on: dt.date, after: dict, update_fields=(), notice=None):
    before = {"status": participant.status}
    participant.status = target
    participant.save(update_fields=["status", *update_fields, "updated_at"])
    ParticipantStatusChange.objects.create(participant=participant, status=target, effective_on=on)
    record(
        event_type,
        actor=actor,
        subject=participant,
        zone_code=participant.zone.code,
        before=before,
        after={"status": target, "effective_on": on, **after},
    )
    if notice:
        notify(
            recipients=representatives(participant.organization),
            kind=f"registry.{target}",
            subject=notice,
            params={"zone": participant.zone.code, "date": on.isoformat()},
            url=reverse("registry:participant", args=[participant.pk]),
        )


def _step_date(participant, field: str, on) -> dt.date:
    return check_date(field, on, not_before=_last_change_on(participant), not_after=participant.zone.expires_on)


@transaction.atomic
def agreement_sign(
    *,
    actor,
    participant: Participant,
    number: str,
    signed_on: dt.date,
    valid_until: dt.date,
    investment_tiyn: int,
    jobs: int,
    obligations_due_on: dt.date,
    obligations_text: str = "",
) -> ActivityAgreement:
    participant = _locked(participant)
    require_transition(PARTICIPANT_TRANSITIONS, participant.status, P.AGREEMENT_SIGNED)
    require_text(number=number)
    _step_date(participant, "signed_on", signed_on)
    check_date(
        "valid_until", valid_until, not_before=signed_on + dt.timedelta(days=1), not_after=participant.zone.expires_on
    )
    check_date("obligations_due_on", obligations_due_on, not_before=signed_on, not_after=valid_until)
    check_amounts(investment_tiyn=investment_tiyn)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 0 <= jobs <= 1_000_000:
        refuse("jobs", _("Enter a whole number of jobs between 0 and 1,000,000."), "invalid")
    if ActivityAgreement.objects.filter(number=number.strip()).exists():
        refuse("number", _("An agreement with this number already exists."), "duplicate_number", Conflict)
    agreement = ActivityAgreement(
        participant=participant,
        number=number.strip(),
        signed_on=signed_on,
        valid_until=valid_until,
        investment_tiyn=investment_tiyn,
        jobs=jobs,
        obligations_due_on=obligations_due_on,
        obligations_text=(obligations_text or "").strip(),
    )
    clean(agreement, validate_unique=False)
    require_zone_staff(actor, participant.zone)
    agreement.save()
    _move(
        participant,
        P.AGREEMENT_SIGNED,
        RegistryEvent.AGREEMENT_SIGNED,
        actor=actor,
        on=signed_on,
        after=snapshot(agreement, AGREEMENT_FIELDS),
        notice=_("Activity agreement with zone %(zone)s signed on %(date)s"),
    )
    return agreement


def next_register_entry_number(year: int) -> str:
    """The unified register numbers entries per year: 2016-00001, 2016-00002, ..."""
    prefix = f"{year}-"
    numbers = Participant.objects.filter(register_entry_number__startswith=prefix).values_list(
        "register_entry_number", flat=True
    )
    serials = [int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:05d}"


@transaction.atomic
def participant_register(
    *, actor, participant: Participant, registered_on: dt.date, entry_number: str = ""
) -> Participant:
    """The entry in the unified register of SEZ participants: number and date."""
    participant = _locked(participant)
    require_transition(PARTICIPANT_TRANSITIONS, participant.status, P.REGISTERED)
    _step_date(participant, "registered_on", registered_on)
    entry_number = (entry_number or "").strip() or next_register_entry_number(registered_on.year)
    if Participant.objects.filter(register_entry_number=entry_number).exists():
        refuse("entry_number", _("This register entry number is already taken."), "duplicate_number", Conflict)
    require_zone_staff(actor, participant.zone)
    participant.register_entry_number = entry_number
    participant.registered_on = registered_on
    _move(
        participant,
        P.REGISTERED,
        RegistryEvent.PARTICIPANT_REGISTERED,
        actor=actor,
        on=registered_on,
        after={"register_entry_number": entry_number, "registered_on": registered_on},
        update_fields=["register_entry_number", "registered_on"],
        notice=_("Entered in the unified register of zone %(zone)s on %(date)s"),
    )
    return participant


def next_certificate_number(zone, year: int) -> str:
    prefix = f"{zone.code.upper()}-{year}-"
    numbers = Certificate.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    serials = [int(n[len(prefix) :]) for n in numbers if n[len(prefix) :].isdigit()]
    return f"{prefix}{max(serials, default=0) + 1:04d}"


@transaction.atomic
def certificate_issue(*, actor, participant: Participant, issued_on: dt.date, number: str = "") -> Certificate:
    """Issue the certificate: the participant becomes active."""
    participant = _locked(participant)
    require_transition(PARTICIPANT_TRANSITIONS, participant.status, P.ACTIVE)
    if participant.status != P.REGISTERED:
        refuse(
            "status", _("A certificate is issued once, after the register entry."), "transition_not_allowed", Conflict
        )
    _step_date(participant, "issued_on", issued_on)
    number = (number or "").strip() or next_certificate_number(participant.zone, issued_on.year)
    if Certificate.objects.filter(number=number).exists():
        refuse("number", _("This certificate number is already taken."), "duplicate_number", Conflict)
    require_zone_staff(actor, participant.zone)
    certificate = Certificate.objects.create(
        participant=participant,
        number=number,
        issued_on=issued_on,
        issued_by=actor if getattr(actor, "pk", None) else None,
    )
    _move(
        participant,
        P.ACTIVE,
        RegistryEvent.CERTIFICATE_ISSUED,
        actor=actor,
        on=issued_on,
        after={"certificate": number, "issued_on": issued_on},
        notice=_("Your certificate of a participant of zone %(zone)s was issued on %(date)s"),
    )
    return certificate


REISSUABLE_STATES = {P.ACTIVE, P.SUSPENDED}


@transaction.atomic
def certificate_reissue(
    *, actor, certificate: Certificate, reason: str, note: str = "", issued_on: dt.date | None = None
) -> Certificate:
    """Reissue a participant's certificate (lost, change of name, correction of data): a new certificate with a new
    number; the old one becomes "replaced" and its verification page names the new number (ADR 0023). The
    participant's status does not change, so this is not a workflow transition."""
    from django.utils import timezone

    participant = _locked(certificate.participant)
    certificate = Certificate.objects.get(pk=certificate.pk)
    issued_on = issued_on or timezone.localdate()
    if reason not in Certificate.ReissueReason.values:
        refuse("reason", _("Choose why the certificate is reissued."), "invalid")
    note = (note or "").strip()
    check_date("issued_on", issued_on, not_before=certificate.issued_on, not_after=timezone.localdate())
    if participant.status not in REISSUABLE_STATES:
        refuse(
            "certificate",
            _("Only the certificate of an active or suspended participant can be reissued."),
            "not_reissuable",
            Conflict,
        )
    require_zone_staff(actor, participant.zone)
    newer = certificate.replaced_by
    if newer is not None:
        refuse(
            "certificate",
            _("This certificate was already replaced by No. %(number)s.") % {"number": newer.number},
            "already_replaced",
            Conflict,
        )
    number = next_certificate_number(participant.zone, issued_on.year)
    replacement = Certificate.objects.create(
        participant=participant,
        number=number,
        issued_on=issued_on,
        issued_by=actor if getattr(actor, "pk", None) else None,
        replaces=certificate,
        reissue_reason=reason,
        reissue_note=note,
    )
    record(
        RegistryEvent.CERTIFICATE_REISSUED,
        actor=actor,
        subject=participant,
        zone_code=participant.zone.code,
        before={"certificate": certificate.number},
        after={"certificate": number, "replaces": certificate.number, "reason": reason, "note": note},
    )
    notify(
        recipients=representatives(participant.organization),
        kind="registry.certificate_reissued",
        subject=_("Your certificate No. %(old)s was replaced by No. %(new)s"),
        params={"old": certificate.number, "new": number},
        url=reverse("registry:participant", args=[participant.pk]),
    )
    return replacement


@transaction.atomic
def participant_suspend(*, actor, participant: Participant, on: dt.date, grounds: str) -> Participant:
    participant = _locked(participant)
    require_transition(PARTICIPANT_TRANSITIONS, participant.status, P.SUSPENDED)
    require_text(grounds=grounds)
    _step_date(participant, "on", on)
    require_zone_staff(actor, participant.zone)
    participant.suspended_on = on
    participant.suspension_grounds = grounds.strip()
    _move(
        participant,
        P.SUSPENDED,
        RegistryEvent.PARTICIPANT_SUSPENDED,
        actor=actor,
        on=on,
        after={"grounds": participant.suspension_grounds},
        update_fields=["suspended_on", "suspension_grounds"],
        notice=_("Your participation in zone %(zone)s is suspended from %(date)s"),
    )
    return participant


@transaction.atomic
def participant_reinstate(*, actor, participant: Participant, on: dt.date, grounds: str) -> Participant:
    participant = _locked(participant)
    require_transition(PARTICIPANT_TRANSITIONS, participant.status, P.ACTIVE)
    if participant.status != P.SUSPENDED:
        refuse("status", _("Only a suspended participant can be reinstated."), "transition_not_allowed", Conflict)
    require_text(grounds=grounds)
    _step_date(participant, "on", on)
    require_zone_staff(actor, participant.zone)
    participant.suspended_on = None
    participant.suspension_grounds = ""
    _move(
        participant,
        P.ACTIVE,
        RegistryEvent.PARTICIPANT_REINSTATED,
        actor=actor,
        on=on,
        after={"grounds": grounds.strip()},
        update_fields=["suspended_on", "suspension_grounds"],
        notice=_("Your participation in zone %(zone)s is reinstated from %(date)s"),
    )
    return participant


@transaction.atomic
def participant_exclude(*, actor, participant: Participant, on: dt.date, grounds: str) -> Participant:
    """Exclusion with its legal grounds (e.g. the article of the law breached) and date. The certificate is revoked."""
    participant = _locked(participant)
    require_transition(PARTICIPANT_TRANSITIONS, participant.status, P.EXCLUDED)
    require_text(grounds=grounds)
    _step_date(participant, "on", on)
    require_zone_staff(actor, participant.zone)
    participant.excluded_on = on
    participant.exclusion_grounds = grounds.strip()
    _move(
        participant,
        P.EXCLUDED,
        RegistryEvent.PARTICIPANT_EXCLUDED,
        actor=actor,
        on=on,
        after={"grounds": participant.exclusion_grounds},
        update_fields=["excluded_on", "exclusion_grounds"],
        notice=_("Your organization was excluded from zone %(zone)s on %(date)s"),
    )
    return participant


@transaction.atomic
def participant_import(
    *,
    actor,
    organization,
    zone,
    oked: str,
    admitted_on: dt.date,
    registered_on: dt.date,
    register_entry_number: str,
    project_title: str = "",
    agreement: dict | None = None,
    certificate_number: str = "",
    certificate_issued_on: dt.date | None = None,
) -> Participant:
    """Record a participant from an existing register (before innopark): admitted, registered, with its agreement
    and certificate if given. Later history (suspension, exclusion) goes through the ordinary services."""
    require_text(register_entry_number=register_entry_number)
    check_date("admitted_on", admitted_on, not_before=zone.established_on, not_after=zone.expires_on)
    check_date("registered_on", registered_on, not_before=admitted_on, not_after=zone.expires_on)
    if certificate_number:
        check_date("certificate_issued_on", certificate_issued_on, not_before=registered_on)
    if Participant.objects.filter(register_entry_number=register_entry_number.strip()).exists():
        refuse("register_entry_number", _("This register entry number is already taken."), "duplicate_number", Conflict)
    if Participant.objects.filter(organization=organization).exclude(status=P.EXCLUDED).exists():
        refuse("bin", _("The organization is already a participant of a zone."), "already_participant", Conflict)
    participant = Participant(
        organization=organization,
        zone=zone,
        status=P.APPROVED,
        oked=(oked or "").strip(),
        project_title=(project_title or "").strip(),
        admitted_on=admitted_on,
    )
    clean(participant, exclude=["application"], validate_unique=False)
    require_zone_staff(actor, zone)
    participant.save()
    ParticipantStatusChange.objects.create(participant=participant, status=P.APPROVED, effective_on=admitted_on)
    record(
        RegistryEvent.PARTICIPANT_IMPORTED,
        actor=actor,
        subject=participant,
        zone_code=zone.code,
        after={
            "organization": organization.pk,
            "admitted_on": admitted_on,
            "register_entry_number": register_entry_number,
        },
    )
    if agreement:
        agreement_sign(actor=actor, participant=participant, **agreement)
    else:
        # Old registers do not always keep the agreement; the step is recorded on the registration date.
        participant.status = P.AGREEMENT_SIGNED
        participant.save(update_fields=["status", "updated_at"])
        ParticipantStatusChange.objects.create(
            participant=participant, status=P.AGREEMENT_SIGNED, effective_on=registered_on
        )
    participant_register(
        actor=actor, participant=participant, registered_on=registered_on, entry_number=register_entry_number
    )
    if certificate_number:
        certificate_issue(
            actor=actor, participant=participant, issued_on=certificate_issued_on, number=certificate_number
        )
    participant.refresh_from_db()
    return participant

import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.core.workdays import add_working_days
from innopark.notifications.models import Notification
from innopark.registry import selectors, services
from innopark.registry.tests import factories as f
from innopark.registry.workflow import APPLICATION_TRANSITIONS, PARTICIPANT_TRANSITIONS

pytestmark = pytest.mark.django_db


def test_the_whole_admission_journey(world):
    application = f.make_application(world.rep, world.org, world.zone, submit=True)
    assert application.status == "submitted"
    assert application.step_due_on == add_working_days(application.submitted_on, 5)
    assert Notification.objects.filter(recipient=world.staff, kind="registry.application_submitted").exists()

    services.application_moderation_start(actor=world.staff, application=application)
    services.application_moderation_pass(actor=world.staff, application=application)
    application.refresh_from_db()
    assert application.status == "commission"
    assert application.step_due_on == add_working_days(application.step_started_on, 10)

    participant = services.application_decide(
        actor=world.officer, application=application, approve=True, reasons="Соответствует"
    )
    assert participant.status == "approved"
    today = participant.admitted_on
    services.agreement_sign(
        actor=world.staff,
        participant=participant,
        number="AG-1",
        signed_on=today,
        valid_until=dt.date(2027, 12, 31),
        investment_tiyn=100_000_00,
        jobs=3,
        obligations_due_on=dt.date(2027, 6, 30),
    )
    services.participant_register(actor=world.staff, participant=participant, registered_on=today)
    certificate = services.certificate_issue(actor=world.staff, participant=participant, issued_on=today)
    participant.refresh_from_db()
    assert participant.status == "active"
    assert participant.register_entry_number == f"{today.year}-00001"
    assert certificate.number == f"TEST-ITP-{today.year}-0001"
    assert selectors.participant_status(organization=world.org, zone=world.zone, on=today) == "active"
    assert selectors.participant_status(organization=world.org, zone=world.zone, on=today - dt.timedelta(1)) is None
    assert list(selectors.active_participants(world.zone, today)) == [participant]
    assert selectors.certificate_state(certificate) == "valid"
    kinds = set(Notification.objects.filter(recipient=world.rep).values_list("kind", flat=True))
    assert {"registry.application_decided", "registry.active"} <= kinds


def test_returned_application_can_be_revised_and_resubmitted(world):
    application = f.make_application(world.rep, world.org, world.zone, submit=True)
    services.application_moderation_start(actor=world.staff, application=application)
    services.application_return(actor=world.staff, application=application, reason="Нет бизнес-плана")
    application.refresh_from_db()
    assert application.status == "returned"
    services.application_update(actor=world.rep, application=application, planned_jobs=20)
    services.document_upload(actor=world.rep, application=application, name="plan2.pdf", data=f.PDF_BYTES)
    services.application_submit(actor=world.rep, application=application)
    application.refresh_from_db()
    assert (application.status, application.planned_jobs, application.return_reason) == ("submitted", 20, "")


def test_refusal_needs_reasons_and_admits_nobody(world):
    application = f.make_application(world.rep, world.org, world.zone, submit=True)
    services.application_moderation_start(actor=world.staff, application=application)
    services.application_moderation_pass(actor=world.staff, application=application)
    with pytest.raises(ApplicationError) as caught:
        services.application_decide(actor=world.staff, application=application, approve=False, reasons=" ")
    assert "reasons" in caught.value.fields
    assert services.application_decide(actor=world.staff, application=application, approve=False, reasons="Нет") is None
    application.refresh_from_db()
    assert application.status == "refused"
    assert not world.org.participations.exists()


def test_a_transition_the_workflow_does_not_allow_is_refused_and_writes_nothing(world):
    application = f.make_application(world.rep, world.org, world.zone, submit=True)
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as caught:
        services.application_decide(actor=world.staff, application=application, approve=True, reasons="skip")
    assert caught.value.code == "transition_not_allowed"
    with pytest.raises(Conflict):
        services.application_return(actor=world.staff, application=application, reason="x")
    participant = f.make_participant(world.admin, world.other_org, world.zone)
    with pytest.raises(Conflict):
        services.participant_reinstate(actor=world.staff, participant=participant, on=dt.date(2020, 1, 1), grounds="x")
    assert (
        AuditEvent.objects.count()
        == before
        + AuditEvent.objects.filter(event_type__startswith="participant.")
        .filter(subject_id=str(participant.pk))
        .count()
    )


def test_every_transition_is_data_and_names_its_service():
    names = set(APPLICATION_TRANSITIONS.values()) | set(PARTICIPANT_TRANSITIONS.values())
    import innopark.registry.services as registry_services

    assert names <= set(registry_services.__all__)


def test_activity_not_on_the_priority_list_is_refused_naming_the_field(world):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        f.make_application(world.rep, world.org, world.zone, oked="01110")
    assert caught.value.code == "activity_not_priority"
    assert "oked" in caught.value.fields
    assert AuditEvent.objects.count() == before


def test_exclusion_rules_of_the_zone_apply(world):
    org = f.make_organization(world.admin, is_subsoil_user=True)
    rep = f.make_user("participant_rep", organization=org)
    with pytest.raises(ApplicationError) as caught:
        f.make_application(rep, org, world.zone)
    assert caught.value.code == "subsoil_user"


def test_submission_needs_declarations_and_a_document(world):
    application = f.make_application(world.rep, world.org, world.zone, declares_no_tax_debt=False)
    with pytest.raises(ApplicationError) as caught:
        services.application_submit(actor=world.rep, application=application)
    assert "declares_no_tax_debt" in caught.value.fields
    services.application_update(actor=world.rep, application=application, declares_no_tax_debt=True)
    with pytest.raises(ApplicationError) as caught:
        services.application_submit(actor=world.rep, application=application)
    assert caught.value.code == "documents_required"


def test_only_the_representative_applies_and_only_zone_staff_moderate(world):
    with pytest.raises(NotAllowed):
        f.make_application(world.other_rep, world.org, world.zone)
    application = f.make_application(world.rep, world.org, world.zone, submit=True)
    for outsider in (world.rep, world.other_staff, world.expert):
        with pytest.raises(NotAllowed):
            services.application_moderation_start(actor=outsider, application=application)


def test_suspension_reinstatement_and_exclusion_are_effective_dated(world):
    participant = f.make_participant(world.admin, world.org, world.zone, registered_on=dt.date(2016, 3, 1))
    services.participant_suspend(actor=world.staff, participant=participant, on=dt.date(2018, 1, 10), grounds="Ст. 8")
    services.participant_reinstate(actor=world.staff, participant=participant, on=dt.date(2018, 6, 1), grounds="ok")
    services.participant_exclude(actor=world.staff, participant=participant, on=dt.date(2019, 2, 1), grounds="Ст. 9")
    status = lambda day: selectors.participant_status(organization=world.org, zone=world.zone, on=day)  # noqa: E731
    assert status(dt.date(2016, 2, 1)) is None
    assert status(dt.date(2016, 2, 15)) == "approved"
    assert status(dt.date(2017, 1, 1)) == "active"
    assert status(dt.date(2018, 3, 1)) == "suspended"
    assert status(dt.date(2018, 7, 1)) == "active"
    assert status(dt.date(2019, 2, 1)) == "excluded"
    participant.refresh_from_db()
    certificate = participant.certificates.get()
    assert selectors.certificate_state(certificate) == "revoked"
    with pytest.raises(ApplicationError):
        services.participant_exclude(actor=world.staff, participant=participant, on=dt.date(2019, 3, 1), grounds="x")


def test_a_status_change_cannot_be_dated_before_the_last_one(world):
    participant = f.make_participant(world.admin, world.org, world.zone, registered_on=dt.date(2016, 3, 1))
    with pytest.raises(ApplicationError) as caught:
        services.participant_suspend(actor=world.staff, participant=participant, on=dt.date(2015, 1, 1), grounds="x")
    assert "on" in caught.value.fields

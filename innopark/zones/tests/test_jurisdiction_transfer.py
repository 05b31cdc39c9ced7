import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.notifications.models import Notification
from innopark.zones.models import JurisdictionAssignment, OperatorAssignment, StaffHeadcount
from innopark.zones.selectors import authority_on
from innopark.zones.services import headcount_record, jurisdiction_assign, jurisdiction_transfer
from innopark.zones.tests import factories as f

pytestmark = pytest.mark.django_db


def transfer(w, **overrides):
    args = {
        "zone": w.zone,
        "to_authority": w.other,
        "effective_on": dt.date(2018, 9, 1),
        "basis": "Government decree No. 3",
        "actor": w.admin,
    }
    args.update(overrides)
    return jurisdiction_transfer(**args)


def assert_refused(w, field, code, **overrides):
    events = AuditEvent.objects.count()
    rows = list(JurisdictionAssignment.objects.values_list("authority_id", "valid_from", "valid_to"))
    with pytest.raises(ApplicationError) as info:
        transfer(w, **overrides)
    assert info.value.code == code
    if field:
        assert field in info.value.fields
    assert AuditEvent.objects.count() == events
    assert list(JurisdictionAssignment.objects.values_list("authority_id", "valid_from", "valid_to")) == rows
    return info.value


def test_transfer_ends_the_current_period_and_opens_the_next(world):
    new = transfer(world)
    periods = list(JurisdictionAssignment.objects.filter(zone=world.zone).order_by("valid_from"))
    assert [(p.authority.code, p.valid_from, p.valid_to) for p in periods] == [
        ("old-ministry", dt.date(2010, 1, 1), dt.date(2018, 2, 15)),
        ("new-ministry", dt.date(2018, 2, 15), dt.date(2018, 9, 1)),
        ("other-akimat", dt.date(2018, 9, 1), None),
    ]
    assert new.basis == "Government decree No. 3"


def test_transfer_is_audited_with_the_zone_code(world):
    before = AuditEvent.objects.count()
    transfer(world)
    assert AuditEvent.objects.count() == before + 1
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "zone.jurisdiction_transferred"
    assert event.zone_code == "test-zone"
    assert event.subject_type == "zones.zone" and event.subject_id == str(world.zone.pk)
    assert event.before["authority"] == "new-ministry"
    assert event.after["authority"] == "other-akimat"
    assert event.actor_id == world.admin.pk


def test_transfer_never_touches_the_operator_or_its_staff(world):
    headcount_record(actor=world.staff, zone=world.zone, on_date=dt.date(2018, 1, 1), headcount=48)
    operators = list(OperatorAssignment.objects.values())
    headcounts = list(StaffHeadcount.objects.values())
    transfer(world)
    assert list(OperatorAssignment.objects.values()) == operators
    assert list(StaffHeadcount.objects.values()) == headcounts


def test_transfer_notifies_both_authorities_and_the_operator_staff(world):
    transfer(world, actor=world.new_officer)
    recipients = set(Notification.objects.values_list("recipient_id", flat=True))
    assert {world.new_officer.pk, world.other_officer.pk, world.staff.pk} <= recipients
    assert world.old_officer.pk not in recipients


def test_refuses_a_transfer_to_the_current_authority(world):
    assert_refused(world, "to_authority", "same_authority", to_authority=world.new)


def test_refuses_a_backdated_transfer(world):
    assert_refused(world, "effective_on", "backdated", effective_on=dt.date(2018, 2, 1))


def test_refuses_a_transfer_on_the_day_of_the_last_one(world):
    assert_refused(world, "effective_on", "backdated", effective_on=dt.date(2018, 2, 15))


def test_refuses_a_transfer_after_the_zone_term(world):
    assert_refused(world, "effective_on", "outside_term", effective_on=dt.date(2028, 1, 1))


@pytest.mark.parametrize("basis", ["", "   "])
def test_refuses_a_transfer_without_basis(world, basis):
    assert_refused(world, "basis", "required", basis=basis)


def test_refuses_a_zone_without_an_authority(admin):
    authority = f.make_authority(admin)
    zone = f.make_zone(admin)
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as info:
        jurisdiction_transfer(
            zone=zone, to_authority=authority, effective_on=dt.date(2020, 1, 1), basis="x", actor=admin
        )
    assert info.value.code == "no_jurisdiction"
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("admin", True),
        ("new_officer", True),
        ("old_officer", False),
        ("other_officer", False),
        ("staff", False),
        ("participant", False),
    ],
)
def test_who_may_transfer(world, who, allowed):
    actor = getattr(world, who)
    if allowed:
        transfer(world, actor=actor)
        assert authority_on(world.zone, dt.date(2018, 9, 1)) == world.other
    else:
        error = assert_refused(
            world, None, "not_zone_authority" if who != "staff" else "not_zone_authority", actor=actor
        )
        assert isinstance(error, NotAllowed)


def test_anonymous_may_not_transfer(world):
    from django.contrib.auth.models import AnonymousUser

    error = assert_refused(world, None, "not_zone_authority", actor=AnonymousUser())
    assert isinstance(error, NotAllowed)


def test_officer_may_not_transfer_with_effect_in_another_authority_period(world):
    # The old authority cannot reach into a period it no longer oversees, even with a date after the last transfer.
    assert_refused(world, None, "not_zone_authority", actor=world.old_officer, effective_on=dt.date(2019, 1, 1))


def test_first_assignment_only_once(world):
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as info:
        jurisdiction_assign(
            actor=world.admin, zone=world.zone, authority=world.other, valid_from=dt.date(2019, 1, 1), basis="x"
        )
    assert info.value.code == "jurisdiction_already_assigned"
    assert AuditEvent.objects.count() == events


def test_first_assignment_within_the_term_and_by_admin_only(admin):
    authority = f.make_authority(admin)
    zone = f.make_zone(admin)
    officer = f.make_user("authority_officer", authority=authority)
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as info:
        jurisdiction_assign(actor=admin, zone=zone, authority=authority, valid_from=dt.date(2001, 1, 1), basis="x")
    assert "valid_from" in info.value.fields
    with pytest.raises(NotAllowed):
        jurisdiction_assign(actor=officer, zone=zone, authority=authority, valid_from=dt.date(2004, 1, 1), basis="x")
    assert AuditEvent.objects.count() == events
    jurisdiction_assign(actor=admin, zone=zone, authority=authority, valid_from=dt.date(2004, 1, 1), basis="x")
    assert AuditEvent.objects.count() == events + 1

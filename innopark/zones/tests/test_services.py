import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.zones import services
from innopark.zones.models import Authority, PriorityActivity, StaffHeadcount, Zone, ZonePhase
from innopark.zones.tests import factories as f

pytestmark = pytest.mark.django_db


class Unchanged:
    """Asserts that nothing was written to the audit chain inside the block."""

    def __enter__(self):
        self.count = AuditEvent.objects.count()
        return self

    def __exit__(self, *exc):
        assert AuditEvent.objects.count() == self.count
        return False


def refused(call, *, field=None, code=None, kind=ApplicationError):
    with Unchanged(), pytest.raises(kind) as info:
        call()
    if field:
        assert field in info.value.fields, info.value.fields
    if code:
        assert info.value.code == code
    return info.value


# --- authorities -------------------------------------------------------------------------------------------


def test_authority_create_and_update_are_audited(admin):
    before = AuditEvent.objects.count()
    a = f.make_authority(admin, "mic-rk")
    b = f.make_authority(admin, "mdai-rk")
    services.authority_update(actor=admin, authority=a, successor=b, name_en="Ministry of Information")
    a.refresh_from_db()
    assert a.successor == b and a.name_en == "Ministry of Information"
    assert AuditEvent.objects.count() == before + 3
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "authority.updated" and event.after["successor"] == b.pk


def test_authority_refusals(admin, world):
    a = f.make_authority(admin, "dup")
    refused(lambda: f.make_authority(admin, "dup"), field="code")
    refused(lambda: f.make_authority(admin, "bad code!"), field="code")
    refused(lambda: f.make_authority(admin, "x1", kind="church"), field="kind")
    refused(lambda: services.authority_update(actor=admin, authority=a, successor=a), field="successor")
    refused(lambda: services.authority_update(actor=admin, authority=a, code="new"), field="code")
    refused(lambda: f.make_authority(world.new_officer, "x2"), kind=NotAllowed)
    assert not Authority.objects.filter(code__in=["x1", "x2"]).exists()


# --- zones -------------------------------------------------------------------------------------------------


def test_zone_create_update(admin):
    zone = f.make_zone(admin, "alatau-itp")
    services.zone_update(actor=admin, zone=zone, priority_income_threshold_pct=100)
    zone.refresh_from_db()
    assert zone.priority_income_threshold_pct == 100
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "zone.updated" and event.zone_code == "alatau-itp"
    assert event.before == {"priority_income_threshold_pct": 90}


@pytest.mark.parametrize(
    "extra, field",
    [
        ({"kato": "75"}, "kato"),
        ({"expires_on": dt.date(2003, 1, 1)}, "expires_on"),
        ({"priority_income_threshold_pct": 101}, "priority_income_threshold_pct"),
        ({"kind": "castle"}, "kind"),
        ({"name_kk": ""}, "name_kk"),
    ],
)
def test_zone_create_refusals(admin, extra, field):
    refused(lambda: f.make_zone(admin, "z-bad", **extra), field=field)
    assert not Zone.objects.filter(code="z-bad").exists()


def test_zone_update_cannot_cut_off_jurisdiction(world):
    refused(
        lambda: services.zone_update(actor=world.admin, zone=world.zone, expires_on=dt.date(2015, 1, 1)),
        field="expires_on",
        code="term_excludes_jurisdiction",
    )
    refused(lambda: services.zone_update(actor=world.admin, zone=world.zone, code="renamed"), field="code")
    refused(lambda: services.zone_update(actor=world.new_officer, zone=world.zone, legal_basis="x"), kind=NotAllowed)


# --- phases ------------------------------------------------------------------------------------------------


def test_phase_save_creates_then_updates(world):
    services.zone_phase_save(actor=world.staff, zone=world.zone, **f.PHASE)
    services.zone_phase_save(actor=world.staff, zone=world.zone, **{**f.PHASE, "status": "completed"})
    assert ZonePhase.objects.get(zone=world.zone, number=1).status == "completed"
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "zone.phase_saved" and event.before == {"status": "operating"}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"budget_tiyn": -1}, "budget_tiyn"),
        ({"budget_tiyn": 10**16}, "budget_tiyn"),
        ({"area_ha": Decimal("0")}, "area_ha"),
        ({"area_ha": Decimal("1000000")}, "area_ha"),
        ({"number": 0}, "number"),
        ({"status": "dreaming"}, "status"),
        ({"starts_on": dt.date(2020, 1, 1), "ends_on": dt.date(2019, 1, 1)}, "ends_on"),
    ],
)
def test_phase_refusals(world, change, field):
    refused(lambda: services.zone_phase_save(actor=world.admin, zone=world.zone, **{**f.PHASE, **change}), field=field)
    assert not ZonePhase.objects.exists()


@pytest.mark.parametrize("who", ["new_officer", "other_officer"])
def test_phase_needs_operator_staff(world, who):
    refused(lambda: services.zone_phase_save(actor=getattr(world, who), zone=world.zone, **f.PHASE), kind=NotAllowed)


# --- priority activities -----------------------------------------------------------------------------------

ACTIVITY = {"oked": "62010", "title_kk": "Бағдарламалау", "title_ru": "Программирование", "title_en": "Programming"}


def test_priority_activity_by_the_authority_in_force_that_day(world):
    services.priority_activity_add(actor=world.new_officer, zone=world.zone, added_on=dt.date(2019, 1, 1), **ACTIVITY)
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "zone.priority_activity_added" and event.zone_code == "test-zone"
    # The new authority cannot add to the list with effect in the old authority's period, nor the old in the new.
    refused(
        lambda: services.priority_activity_add(
            actor=world.new_officer, zone=world.zone, added_on=dt.date(2015, 1, 1), **{**ACTIVITY, "oked": "26110"}
        ),
        kind=NotAllowed,
    )
    refused(
        lambda: services.priority_activity_add(
            actor=world.old_officer, zone=world.zone, added_on=dt.date(2019, 1, 1), **{**ACTIVITY, "oked": "26110"}
        ),
        kind=NotAllowed,
    )


def test_priority_activity_refusals(world):
    add = services.priority_activity_add
    activity = add(actor=world.admin, zone=world.zone, added_on=dt.date(2019, 1, 1), **ACTIVITY)
    refused(
        lambda: add(actor=world.admin, zone=world.zone, added_on=dt.date(2020, 1, 1), **ACTIVITY),
        field="oked",
        code="already_listed",
    )
    refused(
        lambda: add(actor=world.admin, zone=world.zone, added_on=dt.date(2020, 1, 1), **{**ACTIVITY, "oked": "62"}),
        field="oked",
    )
    refused(
        lambda: add(actor=world.admin, zone=world.zone, added_on=dt.date(2001, 1, 1), **{**ACTIVITY, "oked": "26110"}),
        field="added_on",
        code="outside_term",
    )
    remove = services.priority_activity_remove
    refused(
        lambda: remove(actor=world.admin, activity=activity, removed_on=dt.date(2018, 1, 1), basis="x"),
        field="removed_on",
        code="backdated",
    )
    refused(
        lambda: remove(actor=world.admin, activity=activity, removed_on=dt.date(2020, 1, 1), basis=""), field="basis"
    )
    remove(actor=world.admin, activity=activity, removed_on=dt.date(2020, 1, 1), basis="Order 7")
    refused(
        lambda: remove(actor=world.admin, activity=activity, removed_on=dt.date(2021, 1, 1), basis="x"),
        field="removed_on",
        code="already_removed",
    )
    # Once removed, the code may be listed again from the removal date on.
    add(actor=world.admin, zone=world.zone, added_on=dt.date(2021, 1, 1), **ACTIVITY)
    assert PriorityActivity.objects.filter(zone=world.zone, oked="62010").count() == 2


# --- operators and headcount -------------------------------------------------------------------------------


def test_operator_assign_ends_the_previous_one(world):
    other = f.make_operator(world.admin)
    services.operator_assign(actor=world.admin, zone=world.zone, operator=other, valid_from=dt.date(2020, 1, 1))
    periods = list(world.zone.operator_assignments.order_by("valid_from").values_list("operator_id", "valid_to"))
    assert periods == [(world.operator.pk, dt.date(2020, 1, 1)), (other.pk, None)]
    refused(
        lambda: services.operator_assign(
            actor=world.admin, zone=world.zone, operator=other, valid_from=dt.date(2021, 1, 1)
        ),
        field="operator",
        code="same_operator",
    )
    refused(
        lambda: services.operator_assign(
            actor=world.admin, zone=world.zone, operator=world.operator, valid_from=dt.date(2019, 1, 1)
        ),
        field="valid_from",
        code="backdated",
    )
    refused(
        lambda: services.operator_assign(
            actor=world.new_officer, zone=world.zone, operator=world.operator, valid_from=dt.date(2022, 1, 1)
        ),
        kind=NotAllowed,
    )


def test_operator_create_checks_the_bin(admin):
    refused(
        lambda: services.operator_create(actor=admin, bin="123456789012", name_kk="a", name_ru="a", name_en="a"),
        field="bin",
    )


def test_headcount_record_and_correct(world):
    services.headcount_record(actor=world.staff, zone=world.zone, on_date=dt.date(2018, 1, 1), headcount=48)
    services.headcount_record(actor=world.staff, zone=world.zone, on_date=dt.date(2018, 1, 1), headcount=49)
    assert StaffHeadcount.objects.get().headcount == 49
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "zone.headcount_recorded" and event.before["headcount"] == 48


@pytest.mark.parametrize(
    "change, field",
    [
        ({"headcount": -1}, "headcount"),
        ({"headcount": 10**6}, "headcount"),
        ({"on_date": dt.date(2005, 1, 1)}, "on_date"),  # no operator yet
    ],
)
def test_headcount_refusals(world, change, field):
    args = {"actor": world.staff, "zone": world.zone, "on_date": dt.date(2018, 1, 1), "headcount": 48, **change}
    refused(lambda: services.headcount_record(**args), field=field)


def test_headcount_future_date_and_permission(world):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    refused(
        lambda: services.headcount_record(actor=world.staff, zone=world.zone, on_date=tomorrow, headcount=1),
        field="on_date",
    )
    refused(
        lambda: services.headcount_record(
            actor=world.new_officer, zone=world.zone, on_date=dt.date(2018, 1, 1), headcount=1
        ),
        kind=NotAllowed,
    )

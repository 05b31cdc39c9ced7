import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from innopark.zones.selectors import (
    authority_on,
    can_view_zone_history,
    priority_activities_on,
    zone_access,
    zones_actionable_by,
    zones_internal_to,
)
from innopark.zones.services import priority_activity_add, priority_activity_remove

pytestmark = pytest.mark.django_db

TRANSFER = dt.date(2018, 2, 15)


@pytest.mark.parametrize(
    "on, code",
    [
        (dt.date(2009, 12, 31), None),
        (dt.date(2010, 1, 1), "old-ministry"),
        (TRANSFER - dt.timedelta(days=1), "old-ministry"),
        (TRANSFER, "new-ministry"),
        (TRANSFER + dt.timedelta(days=1), "new-ministry"),
        (dt.date(2030, 1, 1), "new-ministry"),
    ],
)
def test_authority_on_the_boundaries_of_a_transfer(world, on, code):
    authority = authority_on(world.zone, on)
    assert (authority.code if authority else None) == code


def test_new_authority_sees_the_whole_history_and_acts(world):
    access = zone_access(world.new_officer, world.zone, today=dt.date(2020, 1, 1))
    assert access.whole_history and access.can_act
    assert access.covers(dt.date(2011, 5, 5))


def test_old_authority_keeps_read_access_to_its_period_only(world):
    access = zone_access(world.old_officer, world.zone, today=dt.date(2020, 1, 1))
    assert not access.whole_history and not access.can_act
    assert access.periods == ((dt.date(2010, 1, 1), TRANSFER),)
    assert access.covers(TRANSFER - dt.timedelta(days=1))
    assert not access.covers(TRANSFER)


def test_before_the_transfer_the_old_authority_acts(world):
    access = zone_access(world.old_officer, world.zone, today=TRANSFER - dt.timedelta(days=1))
    assert access.can_act


def test_other_authority_and_public_have_no_internal_access(world):
    assert zone_access(world.other_officer, world.zone) is None
    assert zone_access(AnonymousUser(), world.zone) is None
    assert not can_view_zone_history(world.other_officer, world.zone.pk)
    assert not can_view_zone_history(AnonymousUser(), world.zone.pk)


def test_history_readers(world):
    for user in (world.admin, world.staff, world.new_officer, world.old_officer):
        assert can_view_zone_history(user, world.zone.pk)
    assert can_view_zone_history(world.old_officer, world.zone.pk).covers(dt.date(2012, 1, 1))
    assert not can_view_zone_history(world.old_officer, world.zone.pk).covers(dt.date(2019, 1, 1))
    assert not can_view_zone_history(world.admin, 999999)


def test_internal_and_actionable_zones(world):
    assert world.zone in zones_internal_to(world.old_officer)
    assert world.zone not in zones_actionable_by(world.old_officer)
    assert world.zone in zones_actionable_by(world.new_officer)
    assert world.zone not in zones_internal_to(world.other_officer)


def test_priority_activities_on_a_date(world):
    a = priority_activity_add(
        actor=world.admin,
        zone=world.zone,
        oked="62010",
        title_kk="Бағдарламалау",
        title_ru="Программирование",
        title_en="Programming",
        added_on=dt.date(2010, 1, 1),
    )
    priority_activity_add(
        actor=world.admin,
        zone=world.zone,
        oked="26110",
        title_kk="Электроника",
        title_ru="Электроника",
        title_en="Electronics",
        added_on=dt.date(2019, 1, 1),
    )
    priority_activity_remove(actor=world.admin, activity=a, removed_on=dt.date(2020, 1, 1), basis="Order 5")

    def okeds(on):
        return [x.oked for x in priority_activities_on(world.zone, on)]

    assert okeds(dt.date(2009, 12, 31)) == []
    assert okeds(dt.date(2018, 12, 31)) == ["62010"]
    assert okeds(dt.date(2019, 1, 1)) == ["26110", "62010"]
    assert okeds(dt.date(2019, 12, 31)) == ["26110", "62010"]
    assert okeds(dt.date(2020, 1, 1)) == ["26110"]

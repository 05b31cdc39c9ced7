import io

import pytest

from innopark.accounts import demo
from innopark.accounts.models import Role, RoleAssignment, User
from innopark.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def state():
    return User.objects.count(), RoleAssignment.objects.count(), AuditEvent.objects.count()


def test_nothing_outside_demo_mode(settings):
    settings.DEMO = False
    demo.load(io.StringIO())
    assert User.objects.count() == 0


def test_without_zones_it_skips_gracefully_and_is_idempotent(settings):
    settings.DEMO = True
    out = io.StringIO()
    demo.load(out)
    assert "no zone 'alatau-itp'" in out.getvalue()
    first = state()
    demo.load(io.StringIO())
    assert state() == first
    assert RoleAssignment.objects.filter(role=Role.EXPERT).count() == 2


def test_with_the_zones_demo_every_authority_gets_an_officer(settings):
    settings.DEMO = True
    from innopark.zones import demo as zones_demo

    zones_demo.load(io.StringIO())
    demo.load(io.StringIO())
    first = state()
    demo.load(io.StringIO())
    assert state() == first
    officers = set(RoleAssignment.objects.filter(role=Role.AUTHORITY_OFFICER).values_list("authority__code", flat=True))
    assert {"mid-rk", "mic-rk", "almaty-akimat"} <= officers
    assert RoleAssignment.objects.filter(role=Role.OPERATOR_STAFF, zone__code="alatau-itp").exists()
    for _label, email in demo.LOGINS:
        assert User.objects.get(email=email).check_password("innopark-demo-2026")

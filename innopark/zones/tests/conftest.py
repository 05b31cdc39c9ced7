import datetime as dt

import pytest

from innopark.accounts.models import Role
from innopark.zones.tests import factories as f


@pytest.fixture
def admin(db):
    return f.make_admin()


@pytest.fixture
def world(admin):
    """A zone overseen by `old` from 2010 and transferred to `new` on 2018-02-15, with officers and operator staff."""
    from innopark.zones.services import jurisdiction_transfer

    old = f.make_authority(admin, "old-ministry")
    new = f.make_authority(admin, "new-ministry")
    other = f.make_authority(admin, "other-akimat", kind="akimat")
    zone = f.make_zone(admin, "test-zone", authority=old)
    operator = f.make_operator(admin, zone)
    jurisdiction_transfer(
        zone=zone, to_authority=new, effective_on=dt.date(2018, 2, 15), basis="Order No. 2", actor=admin
    )

    class World:
        pass

    w = World()
    w.admin, w.old, w.new, w.other, w.zone, w.operator = admin, old, new, other, zone, operator
    w.old_officer = f.make_user(Role.AUTHORITY_OFFICER, authority=old)
    w.new_officer = f.make_user(Role.AUTHORITY_OFFICER, authority=new)
    w.other_officer = f.make_user(Role.AUTHORITY_OFFICER, authority=other)
    w.staff = f.make_user(Role.OPERATOR_STAFF, zone=zone)
    w.participant = f.make_user(Role.EXPERT)
    return w

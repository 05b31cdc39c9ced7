import pytest

from innopark.accounts.models import Role
from innopark.registry.tests import factories as f


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def admin(db):
    return f.make_user(Role.PLATFORM_ADMIN)


@pytest.fixture
def world(admin):
    """A zone with an operator's staff member and an authority officer; two organizations with representatives;
    a second zone with its own staff."""
    zone = f.make_zone(admin, "test-itp")
    other_zone = f.make_zone(admin, "other-itp")

    class World:
        pass

    w = World()
    w.admin, w.zone, w.other_zone = admin, zone, other_zone
    w.org = f.make_organization(admin)
    w.other_org = f.make_organization(admin)
    w.rep = f.make_user(Role.PARTICIPANT_REP, organization=w.org)
    w.other_rep = f.make_user(Role.PARTICIPANT_REP, organization=w.other_org)
    w.staff = f.make_user(Role.OPERATOR_STAFF, zone=zone)
    w.other_staff = f.make_user(Role.OPERATOR_STAFF, zone=other_zone)
    w.officer = f.make_user(Role.AUTHORITY_OFFICER, authority=zone.authority)
    w.expert = f.make_user(Role.EXPERT)
    return w

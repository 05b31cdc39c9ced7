import pytest

from innopark.zones.tests import factories as zf


@pytest.fixture
def admin(db):
    return zf.make_admin()


@pytest.fixture
def zone(admin):
    authority = zf.make_authority(admin, "mid")
    return zf.make_zone(admin, "test-park", authority=authority)

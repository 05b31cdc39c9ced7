import datetime as dt

import pytest

from innopark.accounts.models import Role, RoleAssignment, User


@pytest.fixture
def admin_user(db):
    user = User.objects.create_user(email="admin@example.kz", password="correct-horse-battery")
    RoleAssignment.objects.create(user=user, role=Role.PLATFORM_ADMIN, valid_from=dt.date(2000, 1, 1))
    return user


@pytest.fixture
def scopes(admin_user):
    """An authority, a zone and an organization to scope roles to."""
    from innopark.registry.models import Organization
    from innopark.zones.tests import factories as zf

    authority = zf.make_authority(admin_user, "mid-rk")
    zone = zf.make_zone(admin_user, "alatau-itp", authority=authority)
    organization = Organization.objects.create(name_ru="ТОО «Тест»", bin=None, foreign_registration_number="X-1")

    class Scopes:
        pass

    s = Scopes()
    s.authority, s.zone, s.organization = authority, zone, organization
    return s


@pytest.fixture(autouse=True)
def _fast_argon2(settings):
    settings.PASSWORD_HASHERS = ["innopark.accounts.tests.hashers.FastArgon2PasswordHasher"]

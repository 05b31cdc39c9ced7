"""A test-only subject type whose reading rule the tests set per user, and helpers to append events."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import models, transaction

from innopark.accounts.models import Role, RoleAssignment, User
from innopark.audit.registry import register_event_types, register_subject
from innopark.audit.services import audit_record

ALMATY = ZoneInfo("Asia/Almaty")


class ThingEvent(models.TextChoices):
    CHANGED = "test.thing_changed", "Thing changed"


# user email -> what can_view answers for "tests.thing" (False, True or periods)
RULES: dict[str, object] = {}


def can_view_thing(user, subject_id):
    return RULES.get(user.email, False)


register_event_types(ThingEvent)
register_subject("tests.thing", can_view_thing)


@pytest.fixture(autouse=True)
def _fast_argon2(settings):
    settings.PASSWORD_HASHERS = ["innopark.accounts.tests.hashers.FastArgon2PasswordHasher"]


@pytest.fixture(autouse=True)
def _reset_rules():
    RULES.clear()
    yield
    RULES.clear()


@pytest.fixture
def platform_admin(db):
    user = User.objects.create_user(email="root@example.kz", password="correct-horse-battery")
    RoleAssignment.objects.create(user=user, role=Role.PLATFORM_ADMIN)
    return user


@pytest.fixture
def append():
    """append(subject_id, after={...}, on=date or datetime, actor=None) -> AuditEvent"""

    def make(subject_id="1", *, before=None, after=None, on=None, actor=None, subject_type="tests.thing"):
        if isinstance(on, dt.date) and not isinstance(on, dt.datetime):
            on = dt.datetime.combine(on, dt.time(12, 0), tzinfo=ALMATY)
        with transaction.atomic():
            return audit_record(
                event_type=ThingEvent.CHANGED,
                actor=actor,
                subject_type=subject_type,
                subject_id=subject_id,
                before=before or {},
                after=after or {"n": 1},
                occurred_at=on,
            )

    return make

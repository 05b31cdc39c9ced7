"""Accounts services: validation names the field and writes nothing; permission; audit events."""

import datetime as dt

import pytest

from innopark.accounts.models import ApiToken, Role, RoleAssignment, User
from innopark.accounts.services import (
    api_token_create,
    api_token_revoke,
    role_grant,
    role_revoke,
    user_create,
    user_update,
)
from innopark.accounts.system import system_actor
from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def counts():
    def snapshot():
        return (
            User.objects.count(),
            RoleAssignment.objects.count(),
            ApiToken.objects.count(),
            AuditEvent.objects.count(),
        )

    return snapshot


def test_user_create_hashes_with_argon2_and_records_an_event(admin_user):
    user = user_create(actor=admin_user, email=" Aigerim@Example.KZ ", password="a-long-passphrase-42", language="kk")
    assert user.email == "aigerim@example.kz"
    assert user.password.startswith("argon2")
    assert user.check_password("a-long-passphrase-42")
    event = AuditEvent.objects.get(event_type="user.created")
    assert event.subject_type == "accounts.user" and event.subject_id == str(user.pk)
    assert event.actor_id == admin_user.pk
    assert event.after["email"] == "aigerim@example.kz"


def test_user_create_without_password_cannot_sign_in_until_reset(admin_user):
    user = user_create(actor=admin_user, email="nopass@example.kz")
    assert not user.has_usable_password()


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "admin@example.kz"}, "email"),  # taken
        ({"email": "ok@example.kz", "language": "de"}, "language"),
        ({"email": "ok@example.kz", "password": "short"}, "password"),
        ({"email": "ok@example.kz", "password": "1234567890123"}, "password"),
        ({"email": "ok@example.kz", "full_name": "x" * 201}, "full_name"),
    ],
)
def test_user_create_bad_input_names_the_field_and_writes_nothing(admin_user, counts, kwargs, field):
    before = counts()
    with pytest.raises(ApplicationError) as info:
        user_create(actor=admin_user, **kwargs)
    assert field in info.value.fields
    assert counts() == before


def test_user_create_refused_to_non_admin_and_to_missing_actor(admin_user, user_factory, counts):
    someone = user_factory()
    before = counts()
    with pytest.raises(NotAllowed):
        user_create(actor=someone, email="new@example.kz")
    with pytest.raises(NotAllowed):
        user_create(actor=None, email="new@example.kz")  # actor=None outside a command is refused
    assert counts() == before


def test_system_actor_inside_a_command_context(db):
    with system_actor():
        user = user_create(actor=None, email="boot@example.kz")
    event = AuditEvent.objects.get(event_type="user.created")
    assert event.actor_id is None and user.pk


def test_user_update_records_only_changes(admin_user, user_factory):
    user = user_factory(full_name="Old Name")
    user_update(actor=admin_user, user=user, full_name="New Name", language="ru")
    event = AuditEvent.objects.get(event_type="user.updated")
    assert event.before == {"full_name": "Old Name", "language": ""}
    assert event.after == {"full_name": "New Name", "language": "ru"}
    user_update(actor=admin_user, user=user, full_name="New Name")  # nothing changes: no event
    assert AuditEvent.objects.filter(event_type="user.updated").count() == 1


@pytest.mark.parametrize(
    "role, scope_kwargs, field",
    [
        (Role.AUTHORITY_OFFICER, {}, "authority"),
        (Role.OPERATOR_STAFF, {}, "zone"),
        (Role.PARTICIPANT_REP, {}, "organization"),
        (Role.FUNDER_REP, {}, "organization"),
        (Role.EXPERT, {"zone": "zone"}, "zone"),
        (Role.PLATFORM_ADMIN, {"authority": "authority"}, "authority"),
        (Role.OPERATOR_STAFF, {"zone": "zone", "organization": "organization"}, "organization"),
    ],
)
def test_role_grant_scope_errors_name_the_field(admin_user, user_factory, scopes, counts, role, scope_kwargs, field):
    user = user_factory()
    before = counts()
    kwargs = {name: getattr(scopes, attr) for name, attr in scope_kwargs.items()}
    with pytest.raises(ApplicationError) as info:
        role_grant(actor=admin_user, user=user, role=role, **kwargs)
    assert info.value.code == "invalid_role_scope"
    assert field in info.value.fields
    assert counts() == before


def test_role_grant_unknown_role_and_absurd_date(admin_user, user_factory, counts):
    user = user_factory()
    before = counts()
    with pytest.raises(ApplicationError) as info:
        role_grant(actor=admin_user, user=user, role="king")
    assert "role" in info.value.fields
    with pytest.raises(ApplicationError) as info:
        role_grant(actor=admin_user, user=user, role=Role.EXPERT, valid_from=dt.date(1200, 1, 1))
    assert "valid_from" in info.value.fields
    assert counts() == before


def test_role_grant_and_revoke(admin_user, user_factory, scopes):
    user = user_factory()
    assignment = role_grant(actor=admin_user, user=user, role=Role.OPERATOR_STAFF, zone=scopes.zone)
    granted = AuditEvent.objects.get(event_type="user.role_granted")
    assert granted.zone_code == "alatau-itp" and granted.after["zone"] == "alatau-itp"
    assert Notification.objects.filter(recipient=user, kind="accounts.role_granted").exists()
    with pytest.raises(Conflict):
        role_grant(actor=admin_user, user=user, role=Role.OPERATOR_STAFF, zone=scopes.zone)

    role_revoke(actor=admin_user, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.valid_to is not None
    assert AuditEvent.objects.filter(event_type="user.role_revoked").count() == 1
    with pytest.raises(Conflict):
        role_revoke(actor=admin_user, assignment=assignment)


def test_role_revoke_before_start_is_refused(admin_user, user_factory, counts):
    user = user_factory()
    assignment = role_grant(actor=admin_user, user=user, role=Role.EXPERT, valid_from=dt.date(2020, 1, 1))
    before = counts()
    with pytest.raises(ApplicationError) as info:
        role_revoke(actor=admin_user, assignment=assignment, valid_to=dt.date(2019, 1, 1))
    assert "valid_to" in info.value.fields
    assert counts() == before


def test_role_grant_refused_to_non_admin(user_factory, counts):
    user, someone = user_factory(), user_factory()
    before = counts()
    with pytest.raises(NotAllowed):
        role_grant(actor=someone, user=user, role=Role.EXPERT)
    assert counts() == before


def test_api_token_stores_only_the_hash(admin_user, user_factory):
    user = user_factory()
    token, raw = api_token_create(actor=admin_user, user=user, name="accounting")
    assert raw.startswith(f"ip_{token.prefix}_")
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert raw not in {str(v) for v in stored.values()}
    assert all(raw not in str(e.after) for e in AuditEvent.objects.all())


def test_own_token_yes_other_peoples_no(user_factory, counts):
    user, other = user_factory(), user_factory()
    token, _raw = api_token_create(actor=user, user=user)
    before = counts()
    with pytest.raises(NotAllowed):
        api_token_create(actor=other, user=user)
    with pytest.raises(NotAllowed):
        api_token_revoke(actor=other, token=token)
    assert counts() == before
    api_token_revoke(actor=user, token=token)
    with pytest.raises(Conflict):
        api_token_revoke(actor=user, token=token)


def test_token_name_too_long(user_factory, counts):
    user = user_factory()
    before = counts()
    with pytest.raises(ApplicationError) as info:
        api_token_create(actor=user, user=user, name="x" * 101)
    assert "name" in info.value.fields
    assert counts() == before


def test_the_projects_hasher_is_argon2():
    """The tests use a cheaper Argon2 (tests/hashers.py); the project's settings use the real one first."""
    from innopark import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"

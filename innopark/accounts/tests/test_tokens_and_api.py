"""Bearer tokens, `innopark token`, GET /api/v1/me, and CSRF on session POSTs."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from innopark.accounts.models import ApiToken, Role
from innopark.accounts.services import api_token_create, api_token_revoke, role_grant
from innopark.accounts.tokens import hash_token
from innopark.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def test_me_with_a_bearer_token_lists_roles_with_scope_codes(client, admin_user, user_factory, scopes):
    user = user_factory(full_name="Aliya Officer")
    role_grant(actor=admin_user, user=user, role=Role.AUTHORITY_OFFICER, authority=scopes.authority)
    role_grant(actor=admin_user, user=user, role=Role.OPERATOR_STAFF, zone=scopes.zone)
    _token, raw = api_token_create(actor=user, user=user)
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == user.email and body["full_name"] == "Aliya Officer"
    scopes_seen = {(r["role"], r["authority"], r["zone"]) for r in body["roles"]}
    assert scopes_seen == {("authority_officer", "mid-rk", None), ("operator_staff", None, "alatau-itp")}
    assert all(r["current"] for r in body["roles"])


def test_me_anonymous_is_401_json(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("raw", ["ip_deadbeef_nonsense", "garbage", ""])
def test_unknown_token_is_401_json(client, raw):
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] in {"invalid_token", "not_authenticated"}


def test_revoked_token_is_401_json(client, user_factory):
    user = user_factory()
    token, raw = api_token_create(actor=user, user=user)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 200
    api_token_revoke(actor=user, token=token)
    response = client.get("/api/v1/me", headers=bearer(raw))
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_token"


def test_token_of_deactivated_user_is_401(client, admin_user, user_factory):
    from innopark.accounts.services import user_update

    user = user_factory()
    _token, raw = api_token_create(actor=user, user=user)
    user_update(actor=admin_user, user=user, is_active=False)
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_session_post_without_csrf_is_refused_and_writes_nothing(user_factory):
    user = user_factory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    events = AuditEvent.objects.count()
    response = client.post("/api/v1/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code in (400, 403)
    assert response.json()["code"] in {"csrf", "forbidden"}
    assert ApiToken.objects.count() == 0 and AuditEvent.objects.count() == events


def test_session_post_with_csrf_and_bearer_post_without_csrf_work(user_factory):
    user = user_factory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/accounts/me/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/me/tokens", {"name": "ci"}, content_type="application/json", headers={"X-CSRFToken": csrf}
    )
    assert response.status_code == 201
    raw = response.json()["token"]
    machine = Client(enforce_csrf_checks=True)
    response = machine.post(
        "/api/v1/me/tokens", {"name": "rotated"}, content_type="application/json", headers=bearer(raw)
    )
    assert response.status_code == 201


def test_token_create_api_rejects_control_characters(client, user_factory):
    user = user_factory()
    client.force_login(user)
    response = client.post("/api/v1/me/tokens", {"name": "a\x00b"}, content_type="application/json")
    assert response.status_code == 422
    assert "name" in response.json()["fields"]
    assert ApiToken.objects.count() == 0


def test_command_creates_a_token_printed_once(client, user_factory):
    user = user_factory(email="machine@example.kz")
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "MACHINE@example.kz", "--name", "nightly export", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_token(raw) and token.name == "nightly export"
    assert "shown only this once" in err.getvalue()
    assert client.get("/api/v1/me", headers=bearer(raw)).json()["email"] == "machine@example.kz"
    event = AuditEvent.objects.get(event_type="user.token_created")
    assert event.actor_id is None  # the system, on the command line

    call_command("token", "revoke", token.prefix, stdout=io.StringIO())
    assert client.get("/api/v1/me", headers=bearer(raw)).status_code == 401


def test_command_errors(user_factory):
    with pytest.raises(CommandError, match="No user"):
        call_command("token", "create", "nobody@example.kz", stdout=io.StringIO(), stderr=io.StringIO())
    with pytest.raises(CommandError, match="No active token"):
        call_command("token", "revoke", "00000000", stdout=io.StringIO())
    assert AuditEvent.objects.count() == 0

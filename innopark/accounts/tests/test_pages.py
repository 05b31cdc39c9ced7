"""Sign-in lockout (django-axes), password reset by email, and the "My account" page."""

import re

import pytest
from django.core import mail

from innopark.accounts.models import ApiToken
from innopark.accounts.services import api_token_create
from innopark.audit.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def test_sign_in_works(client, user_factory):
    user = user_factory()
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_five_failed_sign_ins_lock_the_account_with_a_translated_page(client, user_factory):
    user = user_factory()
    client.cookies["innopark_language"] = "ru"
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": user.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post("/accounts/login/", {"username": user.email, "password": "wrong"})
    assert response.status_code == 429
    assert "Слишком много неудачных попыток входа" in response.content.decode()
    # Even the right password is refused now.
    response = client.post("/accounts/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_page_in_kazakh(client, user_factory):
    user = user_factory()
    client.cookies["innopark_language"] = "kk"
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": user.email, "password": "wrong"})
    assert response.status_code == 429
    assert "Кіру әрекеттері тым көп сәтсіз болды" in response.content.decode()


def test_password_reset_by_email_and_the_link_works(client, user_factory):
    user = user_factory(email="forgetful@example.kz")
    response = client.post("/accounts/password-reset/", {"email": "forgetful@example.kz"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["forgetful@example.kz"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(
        form_url, {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-brand-new-passphrase")
    assert user.password.startswith("argon2")


def test_password_reset_for_unknown_email_sends_nothing_and_says_the_same(client, db):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.kz"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_my_account_needs_sign_in(client):
    response = client.get("/accounts/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_my_account_creates_a_token_shown_once(client, user_factory):
    user = user_factory()
    client.force_login(user)
    page = client.get("/accounts/me/")
    once = page.context["create_form"].initial["once"]
    response = client.post("/accounts/me/tokens/", {"name": "my script", "once": once})
    assert response.status_code == 200
    raw = response.context["new_token"]
    assert raw in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    # Never again: the next view of the page does not show it.
    assert raw not in client.get("/accounts/me/").content.decode()


def test_my_account_token_form_posted_twice_creates_one(client, user_factory):
    user = user_factory()
    client.force_login(user)
    once = client.get("/accounts/me/").context["create_form"].initial["once"]
    client.post("/accounts/me/tokens/", {"name": "x", "once": once})
    client.cookies["innopark_language"] = "en"
    events = AuditEvent.objects.count()
    response = client.post("/accounts/me/tokens/", {"name": "x", "once": once})
    assert response.status_code == 409
    assert "already been submitted" in response.content.decode()
    assert ApiToken.objects.count() == 1 and AuditEvent.objects.count() == events


def test_my_account_token_name_too_long(client, user_factory):
    user = user_factory()
    client.force_login(user)
    once = client.get("/accounts/me/").context["create_form"].initial["once"]
    response = client.post("/accounts/me/tokens/", {"name": "x" * 101, "once": once})
    assert response.status_code == 400
    assert ApiToken.objects.count() == 0


def test_my_account_revokes_own_token_not_others(client, user_factory):
    user, other = user_factory(), user_factory()
    mine, _ = api_token_create(actor=user, user=user)
    theirs, _ = api_token_create(actor=other, user=other)
    client.force_login(user)
    once = client.get("/accounts/me/").context["revoke_form"].initial["once"]
    events = AuditEvent.objects.count()
    assert client.post(f"/accounts/me/tokens/{theirs.pk}/revoke/", {"once": once}).status_code == 404
    assert AuditEvent.objects.count() == events
    response = client.post(f"/accounts/me/tokens/{mine.pk}/revoke/", {"once": once})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None


@pytest.mark.parametrize("language, word", [("kk", "Менің аккаунтым"), ("ru", "Мой аккаунт"), ("en", "My account")])
def test_my_account_in_each_language(client, user_factory, language, word):
    client.force_login(user_factory())
    client.cookies["innopark_language"] = language
    assert word in client.get("/accounts/me/").content.decode()


def test_home_panel_lists_roles(client, admin_user):
    client.force_login(admin_user)
    client.cookies["innopark_language"] = "en"
    body = client.get("/").content.decode()
    assert "Your roles" in body and "Platform administrator" in body

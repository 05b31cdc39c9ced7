"""notify(): inbox items in the recipient's language, mail only after commit; the inbox page, API and panel."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.notifications.models import Notification
from innopark.notifications.services import notify

pytestmark = pytest.mark.django_db

# A msgid the project already translates (Django's own catalogue), so the test needs no test-only catalogue.
SUBJECT = _("Password reset on %(site_name)s")


def test_inbox_items_are_in_each_recipients_language(user_factory, django_capture_on_commit_callbacks):
    kk, ru, en, none = (
        user_factory(language="kk"),
        user_factory(language="ru"),
        user_factory(language="en"),
        user_factory(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[kk, ru, en, none], kind="test", subject=SUBJECT, params={"site_name": "innopark"})
    subjects = {n.recipient_id: n.subject for n in Notification.objects.all()}
    assert subjects[en.pk] == "Password reset on innopark"
    assert subjects[ru.pk] == "Сброс пароля на innopark"
    assert subjects[kk.pk] != subjects[en.pk] and "innopark" in subjects[kk.pk]
    assert subjects[none.pk] == subjects[kk.pk]  # no preference: the state language


def test_mail_is_sent_only_after_commit(user_factory, django_capture_on_commit_callbacks):
    user = user_factory(language="en")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        with transaction.atomic():
            notify(recipients=[user], kind="test", subject="Hello", body="Body", url="/inbox/")
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email] and mail.outbox[0].subject == "Hello"
    assert "/inbox/" in mail.outbox[0].body
    assert Notification.objects.get().emailed is True


def test_rolled_back_transaction_sends_nothing(user_factory, django_capture_on_commit_callbacks):
    user = user_factory()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=[user], kind="test", subject="Hello")
        raise RuntimeError("the service failed after notify")
    assert mail.outbox == [] and Notification.objects.count() == 0


def test_duplicates_and_inactive_users_are_skipped(user_factory, django_capture_on_commit_callbacks):
    user, inactive = user_factory(), user_factory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[user, user, inactive, None], kind="test", subject="Hello", email=False)
    assert Notification.objects.count() == 1 and mail.outbox == []


def test_inbox_page_shows_only_my_items_and_marks_read(client, user_factory):
    me, other = user_factory(), user_factory()
    notify(recipients=[me], kind="test", subject="For me", email=False)
    notify(recipients=[other], kind="test", subject="For someone else", email=False)
    assert client.get("/inbox/").status_code == 302  # sign in first
    client.force_login(me)
    body = client.get("/inbox/").content.decode()
    assert "For me" in body and "For someone else" not in body
    client.post("/inbox/read/", {"all": "1"})
    assert Notification.objects.get(recipient=me).read_at is not None
    assert Notification.objects.get(recipient=other).read_at is None


def test_inbox_api(client, user_factory):
    me, other = user_factory(), user_factory()
    for n in range(3):
        notify(recipients=[me], kind="test", subject=f"Item {n}", email=False)
    notify(recipients=[other], kind="test", subject="Not mine", email=False)
    assert client.get("/api/v1/inbox").status_code == 401
    client.force_login(me)
    page = client.get("/api/v1/inbox", {"limit": 2}).json()
    assert [i["subject"] for i in page["items"]] == ["Item 2", "Item 1"]
    assert page["unread_count"] == 3
    rest = client.get("/api/v1/inbox", {"limit": 2, "after": page["next_after"]}).json()
    assert [i["subject"] for i in rest["items"]] == ["Item 0"] and rest["next_after"] is None
    assert client.get("/api/v1/inbox", {"limit": 0}).status_code == 422


def test_home_panel_shows_unread_count(client, user_factory):
    me = user_factory()
    client.force_login(me)
    client.cookies["innopark_language"] = "en"
    assert "unread notification" not in client.get("/").content.decode()
    notify(recipients=[me], kind="test", subject="Sign the agreement", email=False)
    body = client.get("/").content.decode()
    assert "1 unread notification" in body and "Sign the agreement" in body

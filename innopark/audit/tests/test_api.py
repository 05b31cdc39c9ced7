"""GET /api/v1/audit?subject=<type>:<id>&after=<seq>&limit=."""

import datetime as dt

import pytest

from innopark.audit.tests.conftest import RULES

pytestmark = pytest.mark.django_db
URL = "/api/v1/audit"


def test_anonymous_gets_401(client, append):
    append()
    response = client.get(URL, {"subject": "tests.thing:1"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_admin_reads_history_oldest_first_with_cursor(client, platform_admin, append):
    for n in range(5):
        append(after={"n": n})
    client.force_login(platform_admin)
    page = client.get(URL, {"subject": "tests.thing:1", "limit": 2}).json()
    assert [e["seq"] for e in page["items"]] == [1, 2]
    assert page["next_after"] == 2
    assert page["items"][0]["after"] == {"n": 0}
    assert page["items"][0]["event_label"] == "Thing changed"
    page = client.get(URL, {"subject": "tests.thing:1", "limit": 2, "after": 4}).json()
    assert [e["seq"] for e in page["items"]] == [5]
    assert page["next_after"] is None


def test_other_subjects_are_not_mixed_in(client, platform_admin, append):
    append(subject_id="1")
    append(subject_id="2")
    client.force_login(platform_admin)
    items = client.get(URL, {"subject": "tests.thing:2"}).json()["items"]
    assert [(e["subject_id"], e["seq"]) for e in items] == [("2", 2)]


def test_user_who_may_not_see_gets_404(client, user_factory, append):
    append()
    client.force_login(user_factory())
    response = client.get(URL, {"subject": "tests.thing:1"})
    assert response.status_code == 404
    assert response.json()["code"] == "subject_not_found"


def test_unknown_subject_type_is_404(client, platform_admin):
    client.force_login(platform_admin)
    assert client.get(URL, {"subject": "nothing.here:1"}).status_code == 404


@pytest.mark.parametrize("subject", ["", "tests.thing", "tests.thing:", "thing:1", "tests.thing:1:2", "a.b:x y"])
def test_malformed_subject_is_422_naming_the_field(client, platform_admin, subject):
    client.force_login(platform_admin)
    response = client.get(URL, {"subject": subject})
    assert response.status_code == 422
    assert "subject" in response.json()["fields"]


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 10_000}, {"after": -1}, {"after": 2**70}])
def test_bad_cursor_or_limit_is_422(client, platform_admin, params):
    client.force_login(platform_admin)
    assert client.get(URL, {"subject": "tests.thing:1", **params}).status_code == 422


def test_periods_apply_to_the_api(client, user_factory, append):
    user = user_factory()
    RULES[user.email] = [(dt.date(2016, 1, 1), dt.date(2017, 1, 1))]
    append(on=dt.date(2015, 1, 1))
    inside = append(on=dt.date(2016, 3, 1))
    client.force_login(user)
    items = client.get(URL, {"subject": "tests.thing:1"}).json()["items"]
    assert [e["seq"] for e in items] == [inside.seq]


def test_bearer_token_works(client, platform_admin, append):
    from innopark.accounts.services import api_token_create

    append()
    _token, raw = api_token_create(actor=platform_admin, user=platform_admin)
    response = client.get(URL, {"subject": "tests.thing:1"}, headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200


def test_error_in_the_users_language(client, user_factory):
    client.force_login(user_factory())
    response = client.get(URL, {"subject": "nothing.here:1"}, headers={"Accept-Language": "ru"})
    assert response.status_code == 404
    assert response.json()["message"] == "История для этого объекта не найдена."

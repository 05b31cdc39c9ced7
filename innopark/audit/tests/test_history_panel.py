"""The history panel, its partial view and events_for_subject: who sees which events of a subject."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from innopark.audit.selectors import events_for_subject
from innopark.audit.tests.conftest import ALMATY, RULES

pytestmark = pytest.mark.django_db


def render_panel(user, subject_id="1"):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load audit %}{% history_panel 'tests.thing' sid %}")
    with translation.override("en"):
        return template.render(Context({"request": request, "sid": subject_id}))


def test_platform_admin_sees_everything_newest_first(platform_admin, append):
    first = append(after={"status": "draft"})
    second = append(before={"status": "draft"}, after={"status": "admitted"})
    assert list(events_for_subject(platform_admin, "tests.thing", "1")) == [second, first]


def test_user_without_access_sees_nothing(user_factory, append):
    append()
    user = user_factory()
    assert not events_for_subject(user, "tests.thing", "1").exists()
    html = render_panel(user)
    assert "No recorded changes you may see." in html


def test_anonymous_sees_nothing(append):
    from django.contrib.auth.models import AnonymousUser

    append()
    assert not events_for_subject(AnonymousUser(), "tests.thing", "1").exists()


def test_unknown_subject_type_shows_nothing_even_to_admin(platform_admin, append):
    append(subject_type="tests.thing")
    assert not events_for_subject(platform_admin, "tests.unknown", "1").exists()


def test_can_view_true_shows_everything(user_factory, append):
    user = user_factory()
    RULES[user.email] = True
    append()
    append()
    assert events_for_subject(user, "tests.thing", "1").count() == 2


def test_periods_limit_events_by_almaty_date(user_factory, append):
    """A former authority keeps the period it oversaw: [2015-01-01, 2018-02-15) and nothing after."""
    user = user_factory()
    RULES[user.email] = [(dt.date(2015, 1, 1), dt.date(2018, 2, 15))]
    before = append(on=dt.date(2014, 12, 31))
    inside = append(on=dt.date(2016, 6, 1))
    # 00:30 on 15 February in Almaty is still 14 February in UTC: the Almaty date decides, so it is outside.
    edge = append(on=dt.datetime(2018, 2, 15, 0, 30, tzinfo=ALMATY))
    last_minute = append(on=dt.datetime(2018, 2, 14, 23, 59, tzinfo=ALMATY))
    visible = set(events_for_subject(user, "tests.thing", "1"))
    assert visible == {inside, last_minute}
    assert before not in visible and edge not in visible


def test_open_ended_period(user_factory, append):
    user = user_factory()
    RULES[user.email] = [(dt.date(2018, 2, 15), None)]
    append(on=dt.date(2018, 2, 14))
    later = append(on=dt.date(2024, 1, 1))
    assert list(events_for_subject(user, "tests.thing", "1")) == [later]


def test_object_with_whole_history_and_periods(user_factory, append):
    class Access:
        whole_history = False
        periods = ((dt.date(2016, 1, 1), dt.date(2017, 1, 1)),)

    user = user_factory()
    RULES[user.email] = Access()
    append(on=dt.date(2015, 6, 1))
    inside = append(on=dt.date(2016, 6, 1))
    assert list(events_for_subject(user, "tests.thing", "1")) == [inside]


def test_panel_shows_time_in_almaty_actor_label_and_changes(platform_admin, append):
    append(
        on=dt.datetime(2018, 2, 15, 0, 30, tzinfo=ALMATY),
        actor=platform_admin,
        before={"authority": "mid-rk"},
        after={"authority": "mic-rk"},
    )
    html = render_panel(platform_admin)
    assert "Thing changed" in html
    assert "root@example.kz" in html
    assert "mid-rk" in html and "mic-rk" in html and "→" in html
    assert "2018-02-15T00:30:00+06:00" in html  # Almaty time (UTC+6 until March 2024)


def test_panel_shows_twenty_and_a_more_link(platform_admin, client, append):
    for _ in range(25):
        append()
    html = render_panel(platform_admin)
    assert html.count('id="audit-event-') == 20
    assert "audit-event-25" in html and "audit-event-5" not in html.replace('audit-event-5"', "")
    assert 'hx-get="/audit/history/tests.thing/1/?before=6"' in html

    client.force_login(platform_admin)
    response = client.get("/audit/history/tests.thing/1/?before=6", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('id="audit-event-') == 5
    assert "<html" not in body  # a fragment for HTMX
    assert "More history" not in body


def test_partial_view_without_htmx_is_a_whole_page(platform_admin, client, append):
    append()
    client.force_login(platform_admin)
    response = client.get("/audit/history/tests.thing/1/")
    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_partial_view_is_404_for_others_and_anonymous(user_factory, client, append):
    append()
    assert client.get("/audit/history/tests.thing/1/").status_code == 404
    client.force_login(user_factory())
    assert client.get("/audit/history/tests.thing/1/").status_code == 404
    assert client.get("/audit/history/tests.nothing/1/").status_code == 404


def test_partial_view_respects_periods(user_factory, client, append):
    user = user_factory()
    RULES[user.email] = [(dt.date(2016, 1, 1), dt.date(2017, 1, 1))]
    append(on=dt.date(2015, 1, 1), after={"secret": "before-my-time"})
    append(on=dt.date(2016, 5, 1), after={"secret": "my-time"})
    client.force_login(user)
    body = client.get("/audit/history/tests.thing/1/").content.decode()
    assert "my-time" in body and "before-my-time" not in body


def test_panel_in_each_language(platform_admin, client, append):
    append()
    client.force_login(platform_admin)
    for language, word in [("ru", "История"), ("kk", "Тарих"), ("en", "History")]:
        client.cookies["innopark_language"] = language
        body = client.get("/audit/history/tests.thing/1/").content.decode()
        assert word in body, language

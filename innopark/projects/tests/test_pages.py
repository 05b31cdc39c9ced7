"""Pages: each role sees its page and actions; forms post once; errors show on the form and write nothing."""

import re

import pytest
from django.conf import settings

from innopark.audit.models import AuditEvent
from innopark.projects.models import Application
from innopark.projects.tests.factories import granted, submitted_application

pytestmark = pytest.mark.django_db
LANG = settings.LANGUAGE_COOKIE_NAME


def _once(html: str) -> str:
    return re.search(r'name="once" value="([0-9a-f]+)"', html).group(1)


def test_public_pages_work_for_anonymous_in_three_languages(client, park):
    granted(park)
    for lang in ("kk", "ru", "en"):
        client.cookies[LANG] = lang
        for url in ("/projects/", f"/projects/calls/{park.call.code}/", "/projects/financed/"):
            response = client.get(url)
            assert response.status_code == 200, url
            assert f'lang="{lang}"' in response.content.decode()
    assert "Облачная платформа" in client.get("/projects/financed/").content.decode()


def test_anonymous_is_sent_to_sign_in_for_internal_pages(client, park):
    application = submitted_application(park)
    response = client.get(f"/projects/applications/{application.pk}/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_other_representative_gets_404_for_an_application(client, park):
    application = submitted_application(park)
    client.force_login(park.other_rep)
    assert client.get(f"/projects/applications/{application.pk}/").status_code == 404


def test_applicant_writes_and_submits_an_application_through_the_form(client, park):
    client.force_login(park.rep)
    page = client.get(f"/projects/calls/{park.call.code}/apply/").content.decode()
    data = {
        "once": _once(page),
        "organization": park.org.pk,
        "title": "Платформа",
        "summary": "Описание",
        "language": "ru",
        "category": "digitalisation",
        "requested": "1 000 000",
        "cofinancing": "0",
        "duration_months": "12",
        "budget_lines": "Разработка; 1 000 000; 0",
        "milestones": "Прототип; 2030-01-15; 400 000\nЗапуск; 2030-06-15; 600 000",
    }
    response = client.post(f"/projects/calls/{park.call.code}/apply/", data)
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.requested_tiyn == 1_000_000_00
    detail = client.get(response["Location"]).content.decode()
    events = AuditEvent.objects.count()
    token = _once(detail)
    response = client.post(f"/projects/applications/{application.pk}/submit/", {"once": token})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    # The same form posted twice: refused, nothing written.
    events = AuditEvent.objects.count()
    again = client.post(f"/projects/applications/{application.pk}/submit/", {"once": token})
    assert again.status_code == 400
    assert AuditEvent.objects.count() == events


def test_bad_row_in_the_budget_is_named_and_nothing_is_written(client, park):
    client.force_login(park.rep)
    page = client.get(f"/projects/calls/{park.call.code}/apply/").content.decode()
    data = {
        "once": _once(page),
        "organization": park.org.pk,
        "title": "T",
        "summary": "S",
        "language": "ru",
        "category": "digitalisation",
        "requested": "1 000 000",
        "duration_months": "12",
        "budget_lines": "Разработка; 1 000 000; 0\nОшибка; много; 0",
        "milestones": "Прототип; 2030-01-15; 1 000 000",
    }
    events = AuditEvent.objects.count()
    response = client.post(f"/projects/calls/{park.call.code}/apply/", data)
    assert response.status_code == 400
    assert "2" in response.content.decode()
    assert Application.objects.count() == 0 and AuditEvent.objects.count() == events


def test_staff_sees_check_actions_and_expert_choices(client, park):
    application = submitted_application(park)
    client.force_login(park.staff)
    html = client.get(f"/projects/applications/{application.pk}/").content.decode()
    assert 'data-action="admit"' in html and 'data-action="return"' in html
    client.force_login(park.rep)
    html = client.get(f"/projects/applications/{application.pk}/").content.decode()
    assert 'data-action="admit"' not in html


def test_grant_page_for_recipient_staff_and_funder(client, park):
    grant = granted(park)
    for user in (park.rep, park.staff, park.funder_rep, park.officer):
        client.force_login(user)
        assert client.get(f"/projects/grants/{grant.pk}/").status_code == 200
    client.force_login(park.other_rep)
    assert client.get(f"/projects/grants/{grant.pk}/").status_code == 404


def test_home_panels_show_what_waits(client, park):
    submitted_application(park)
    client.force_login(park.staff)
    client.cookies[LANG] = "en"
    assert "applications to check: 1" in client.get("/").content.decode()
    client.cookies[LANG] = "ru"
    assert "заявок на проверку: 1" in client.get("/").content.decode()
    for user in (park.rep, park.experts[0], park.officer, park.funder_rep):
        client.force_login(user)
        assert client.get("/").status_code == 200

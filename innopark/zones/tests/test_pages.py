import datetime as dt
import re

import pytest
from django.urls import reverse

from innopark.audit.models import AuditEvent
from innopark.zones.models import JurisdictionAssignment
from innopark.zones.services import headcount_record, zone_phase_save
from innopark.zones.tests import factories as f

pytestmark = pytest.mark.django_db

TRANSFER_URL = "/zones/test-zone/transfer/"


def form_token(response) -> str:
    return re.search(r'name="once" value="([0-9a-f]+)"', response.content.decode()).group(1)


def post_form(client, token, **overrides):
    data = {"to_authority": "other-akimat", "effective_on": "2018-09-01", "basis": "Government decree No. 3"}
    data.update(overrides)
    return client.post(TRANSFER_URL, {**data, "once": token}, HTTP_ACCEPT_LANGUAGE="en")


def test_zone_list_shows_todays_authority(client, world):
    response = client.get(reverse("zones:list"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "test-zone" in html and "new-ministry en" in html


def test_zone_list_query_count_does_not_grow_with_zones(client, world, django_assert_max_num_queries):
    for i in range(5):
        f.make_zone(world.admin, f"z{i}", authority=world.other)
    with django_assert_max_num_queries(8):
        client.get(reverse("zones:list"))


@pytest.mark.parametrize("lang, word", [("kk", "Юрисдикция"), ("ru", "Юрисдикция"), ("en", "Jurisdiction")])
def test_zone_page_in_each_language(client, world, lang, word):
    zone_phase_save(actor=world.admin, zone=world.zone, **f.PHASE)
    headcount_record(actor=world.staff, zone=world.zone, on_date=dt.date(2018, 1, 1), headcount=48)
    response = client.get("/zones/test-zone/", HTTP_ACCEPT_LANGUAGE=lang)
    html = response.content.decode()
    assert response.status_code == 200
    assert word in html
    assert "Order No. 2" in html and "Decree No. 1" in html
    assert "<svg" in html and ">48<" in html
    assert "21\u00a0400\u00a0000,00\u00a0₸" in html or "KZT\u00a021,400,000.00" in html


def test_unknown_zone_page_is_404(client, db):
    assert client.get("/zones/nowhere/").status_code == 404


def test_transfer_link_only_for_those_who_may_transfer(client, world):
    link = 'href="/zones/test-zone/transfer/"'
    assert link not in client.get("/zones/test-zone/").content.decode()
    client.force_login(world.old_officer)
    assert link not in client.get("/zones/test-zone/").content.decode()
    client.force_login(world.new_officer)
    assert link in client.get("/zones/test-zone/").content.decode()


def test_transfer_page_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(TRANSFER_URL)
    assert response.status_code == 302 and "/accounts/" in response["Location"]


@pytest.mark.parametrize("who", ["old_officer", "other_officer", "staff", "participant"])
def test_transfer_page_refused_for_the_wrong_people(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(TRANSFER_URL).status_code == 403
    events = AuditEvent.objects.count()
    assert post_form(client, "a" * 32).status_code == 403
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize("who", ["new_officer", "admin"])
def test_transfer_page_for_the_current_authority_and_admin(client, world, who):
    client.force_login(getattr(world, who))
    page = client.get(TRANSFER_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'for="id_effective_on"' in html and 'for="id_basis"' in html and 'for="id_to_authority"' in html
    response = post_form(client, form_token(page))
    assert response.status_code == 302 and response["Location"] == "/zones/test-zone/"
    assert JurisdictionAssignment.objects.get(valid_to__isnull=True, zone=world.zone).authority == world.other


def test_transfer_form_posted_twice_writes_once(client, world):
    client.force_login(world.admin)
    token = form_token(client.get(TRANSFER_URL))
    assert post_form(client, token).status_code == 302
    events = AuditEvent.objects.count()
    again = post_form(client, token, to_authority="old-ministry", effective_on="2019-01-01")
    assert again.status_code == 400
    assert "already been submitted" in again.content.decode()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"effective_on": "2018-01-01"}, "after the last change of jurisdiction"),
        ({"effective_on": "2029-01-01"}, "within the zone"),
        ({"basis": ""}, "This field is required"),
        ({"to_authority": "no-such"}, "Select a valid choice"),
    ],
)
def test_transfer_form_errors_on_fields_and_nothing_written(client, world, overrides, message):
    client.force_login(world.admin)
    page = client.get(TRANSFER_URL)
    events = AuditEvent.objects.count()
    response = post_form(client, form_token(page), **overrides)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AuditEvent.objects.count() == events
    # A refused form leaves its token unused: the corrected form goes through.
    assert post_form(client, form_token(page)).status_code == 302


def test_transfer_form_error_in_russian(client, world):
    client.force_login(world.admin)
    page = client.get(TRANSFER_URL)
    response = client.post(
        TRANSFER_URL,
        {"to_authority": "other-akimat", "effective_on": "2018-01-01", "basis": "x", "once": form_token(page)},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert "последнего" in response.content.decode()


def test_zone_page_history_panel_for_those_with_internal_access(client, world):
    client.force_login(world.admin)
    html = client.get("/zones/test-zone/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Jurisdiction transferred" in html
    client.force_login(world.other_officer)
    html = client.get("/zones/test-zone/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Jurisdiction transferred" not in html


def test_home_panel_lists_the_zones_an_officer_oversees_today(client, world):
    client.force_login(world.new_officer)
    assert 'href="/zones/test-zone/"' in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    client.force_login(world.old_officer)
    assert 'href="/zones/test-zone/"' not in client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

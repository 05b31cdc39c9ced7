import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.identifiers import make_bin
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _post(client, url, payload):
    return client.post(url, payload, content_type="application/json")


def test_public_register_lists_public_fields_with_filters_and_keyset_pages(world, client):
    for n in range(5):
        org = f.make_organization(world.admin, name_ru=f"ТОО «Сигма {n}»")
        f.make_participant(world.admin, org, world.zone, registered_on=dt.date(2016, 1 + n, 10))
    f.make_application(world.rep, world.org, world.zone, submit=True)  # not in the register
    first = client.get("/api/v1/participants?limit=2").json()
    assert len(first["items"]) == 2 and first["next"]
    assert set(first["items"][0]) >= {"bin", "open_data_id", "register_entry_number", "status", "certificate_number"}
    assert "project_summary" not in first["items"][0] and "investment_tiyn" not in first["items"][0]
    second = client.get(f"/api/v1/participants?limit=2&after={first['next']}").json()
    third = client.get(f"/api/v1/participants?limit=2&after={second['next']}").json()
    ids = [r["id"] for r in first["items"] + second["items"] + third["items"]]
    assert len(ids) == len(set(ids)) == 5 and third["next"] is None
    assert len(client.get("/api/v1/participants?q=Сигма 3").json()["items"]) == 1
    assert client.get("/api/v1/participants?zone=other-itp").json()["items"] == []
    assert len(client.get("/api/v1/participants?admitted_from=2016-02-15").json()["items"]) == 3
    assert client.get("/api/v1/participants?status=draft").status_code == 400
    assert client.get("/api/v1/participants?after=abc").status_code == 400
    bin_start = first["items"][0]["bin"][:8]
    assert client.get(f"/api/v1/participants?q={bin_start}").json()["items"]


def test_error_messages_follow_accept_language(world, client):
    ru = client.get("/api/v1/participants?after=abc", HTTP_ACCEPT_LANGUAGE="ru").json()
    en = client.get("/api/v1/participants?after=abc", HTTP_ACCEPT_LANGUAGE="en").json()
    assert ru["code"] == en["code"] == "invalid_cursor"
    assert "after" in ru["fields"]
    assert ru["message"] != en["message"]


def test_certificate_verification_is_public(world, client):
    participant = f.make_participant(world.admin, world.org, world.zone)
    number = participant.certificates.get().number
    assert client.get(f"/api/v1/certificates/{number}").json()["state"] == "valid"
    assert client.get("/api/v1/certificates/NOPE-1").status_code == 404


def test_the_admission_journey_through_the_api(world, client):
    _login(client, world.rep)
    response = _post(
        client,
        "/api/v1/applications",
        {
            "organization_id": world.org.pk,
            "zone": "test-itp",
            "project_title": "API",
            "project_summary": "Проект",
            "oked": "62010",
            "planned_investment_tiyn": 1000,
            "planned_jobs": 3,
            "declares_true_data": True,
            "declares_no_bankruptcy": True,
            "declares_no_tax_debt": True,
        },
    )
    assert response.status_code == 201, response.content
    app_id = response.json()["id"]
    assert client.get(f"/api/v1/applications/{app_id}/eligibility").json()["eligible"] is True
    upload = client.post(
        f"/api/v1/applications/{app_id}/documents", {"file": f.upload("plan.pdf", f.PDF_BYTES), "kind": "business_plan"}
    )
    assert upload.status_code == 201, upload.content
    assert _post(client, f"/api/v1/applications/{app_id}/submit", {}).json()["status"] == "submitted"
    assert _post(client, f"/api/v1/applications/{app_id}/moderation", {}).status_code == 403
    _login(client, world.staff)
    assert _post(client, f"/api/v1/applications/{app_id}/moderation", {}).json()["status"] == "moderation"
    assert _post(client, f"/api/v1/applications/{app_id}/commission", {}).json()["status"] == "commission"
    decided = _post(client, f"/api/v1/applications/{app_id}/decision", {"approve": True, "reasons": "OK"}).json()
    pid = decided["participant_id"]
    today = dt.date.fromisoformat(decided["decided_on"])
    agreement = {
        "number": "API-1",
        "signed_on": today.isoformat(),
        "valid_until": "2027-12-31",
        "investment_tiyn": 100,
        "jobs": 1,
        "obligations_due_on": "2027-01-01",
    }
    assert _post(client, f"/api/v1/participants/{pid}/agreement", agreement).json()["status"] == "agreement_signed"
    registered = _post(client, f"/api/v1/participants/{pid}/register-entry", {"registered_on": today.isoformat()})
    assert registered.json()["register_entry_number"]
    active = _post(client, f"/api/v1/participants/{pid}/certificate", {"issued_on": today.isoformat()}).json()
    assert active["status"] == "active" and active["certificate_number"]
    again = _post(client, f"/api/v1/participants/{pid}/certificate", {"issued_on": today.isoformat()})
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    assert client.get(f"/api/v1/certificates/{active['certificate_number']}").json()["state"] == "valid"


def test_duplicate_bin_through_the_api_is_a_409_naming_the_existing_one(world, client):
    _login(client, world.staff)
    bin_value = make_bin("1601", serial=77)
    assert _post(client, "/api/v1/organizations", {"bin": bin_value, "name_ru": "ТОО «Раз»"}).status_code == 201
    before = AuditEvent.objects.count()
    response = _post(client, "/api/v1/organizations", {"bin": bin_value, "name_ru": "ТОО «Два»"})
    assert response.status_code == 409
    assert "ТОО «Раз»" in response.json()["fields"]["bin"][0]
    bad = _post(client, "/api/v1/organizations", {"bin": "123", "name_ru": "x"})
    assert bad.status_code == 400 and "bin" in bad.json()["fields"]
    assert AuditEvent.objects.count() == before


def test_internal_endpoints_by_role(world, client):
    application = f.make_application(world.rep, world.org, world.zone)
    participant = f.make_participant(world.admin, world.org, world.zone)
    url = f"/api/v1/participants/{participant.pk}"
    assert client.get(url).status_code == 401
    for outsider in (world.other_rep, world.other_staff, world.expert):
        assert _login(client, outsider).get(url).status_code == 404
        assert _login(client, outsider).get(url + "/reports").status_code == 404
    for insider in (world.rep, world.staff, world.officer, world.admin):
        assert _login(client, insider).get(url).status_code == 200
    assert _login(client, world.other_rep).get(f"/api/v1/applications/{application.pk}").status_code == 404
    assert _login(client, world.other_rep).get("/api/v1/applications").json()["items"] == []
    assert len(_login(client, world.officer).get("/api/v1/applications").json()["items"]) == 1


def test_report_through_the_api_refuses_a_period_already_reported(world, client):
    participant = f.make_participant(world.admin, world.org, world.zone)
    payload = {
        "year": 2016,
        "quarter": 2,
        "total_income_tiyn": 100,
        "priority_income_tiyn": 95,
        "headcount": 3,
        "new_jobs": 1,
        "investment_tiyn": 0,
        "exports_tiyn": 0,
        "digital_exports_tiyn": 0,
        "tax_benefits_tiyn": 0,
    }
    _login(client, world.rep)
    assert _post(client, f"/api/v1/participants/{participant.pk}/reports", payload).status_code == 201
    again = _post(client, f"/api/v1/participants/{participant.pk}/reports", payload)
    assert again.status_code == 409 and again.json()["code"] == "period_already_reported"
    negative = _post(
        client, f"/api/v1/participants/{participant.pk}/reports", {**payload, "quarter": 3, "exports_tiyn": -5}
    )
    assert negative.status_code == 422 and "exports_tiyn" in negative.json()["fields"]
    compliance = client.get(f"/api/v1/participants/{participant.pk}/compliance").json()
    assert compliance["threshold_pct"] == 90


def test_public_list_reads_in_a_constant_number_of_queries(world, client, django_assert_max_num_queries):
    for n in range(6):
        org = f.make_organization(world.admin)
        f.make_participant(world.admin, org, world.zone, registered_on=dt.date(2016, 1 + n, 10))
    with django_assert_max_num_queries(3):
        assert len(client.get("/api/v1/participants?limit=100").json()["items"]) == 6
    with django_assert_max_num_queries(6):
        assert client.get("/register/").status_code == 200

import datetime as dt
import json

import pytest

from innopark.accounts.models import ApiToken
from innopark.accounts.tokens import hash_token, new_token_value
from innopark.audit.models import AuditEvent
from innopark.zones.models import JurisdictionAssignment
from innopark.zones.tests import factories as f

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    raw, prefix = new_token_value()
    ApiToken.objects.create(user=user, prefix=prefix, key_hash=hash_token(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post_transfer(client, code="test-zone", headers=None, lang="en", **body):
    payload = {"to_authority": "other-akimat", "effective_on": "2018-09-01", "basis": "Government decree No. 3"}
    payload.update(body)
    return client.post(
        f"/api/v1/zones/{code}/transfers",
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE=lang,
        **(headers or {}),
    )


def test_list_zones_with_keyset_pagination(world):
    for i in range(3):
        f.make_zone(world.admin, f"z{i}")
    first = client_get("/api/v1/zones?limit=2")
    assert [z["code"] for z in first["items"]] == ["test-zone", "z0"]
    assert first["items"][0]["authority"]["code"] == "new-ministry"
    second = client_get(f"/api/v1/zones?limit=2&after={first['next_after']}")
    assert [z["code"] for z in second["items"]] == ["z1", "z2"]
    assert second["next_after"] is None


def client_get(url, status=200, **headers):
    from django.test import Client

    response = Client().get(url, **headers)
    assert response.status_code == status, response.content
    return response.json()


def test_zone_detail_and_jurisdiction(world):
    body = client_get("/api/v1/zones/test-zone")
    assert body["code"] == "test-zone" and body["authority"]["code"] == "new-ministry"
    timeline = client_get("/api/v1/zones/test-zone/jurisdiction")
    assert [(t["authority"]["code"], t["valid_from"], t["valid_to"], t["basis"]) for t in timeline] == [
        ("old-ministry", "2010-01-01", "2018-02-15", "Decree No. 1"),
        ("new-ministry", "2018-02-15", None, "Order No. 2"),
    ]


def test_unknown_zone_is_404_json(world):
    body = client_get("/api/v1/zones/nowhere", status=404)
    assert body["code"] == "zone_not_found" and set(body) == {"code", "message", "fields"}
    client_get("/api/v1/zones/nowhere/jurisdiction", status=404)


def test_authorities_list(world):
    body = client_get("/api/v1/authorities?limit=1")
    assert body["items"][0]["code"] == "new-ministry" and body["next_after"] == "new-ministry"
    client_get("/api/v1/authorities?limit=0", status=422)


def test_transfer_by_the_current_authority(client, world):
    response = post_transfer(client, headers=bearer(world.new_officer))
    assert response.status_code == 201, response.content
    assert response.json()["authority"]["code"] == "other-akimat"
    assert response.json()["valid_to"] is None


def test_transfer_by_platform_admin_with_session(client, world):
    client.force_login(world.admin)
    response = post_transfer(client)
    assert response.status_code == 201


@pytest.mark.parametrize("who, status", [("old_officer", 403), ("other_officer", 403), ("staff", 403)])
def test_transfer_refused_for_the_wrong_people(client, world, who, status):
    events = AuditEvent.objects.count()
    response = post_transfer(client, headers=bearer(getattr(world, who)))
    assert response.status_code == status
    assert response.json()["code"] == "not_zone_authority"
    assert AuditEvent.objects.count() == events


def test_transfer_refused_for_anonymous(client, world):
    events = AuditEvent.objects.count()
    response = post_transfer(client)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    "body, field, code, status",
    [
        ({"effective_on": "2018-01-01"}, "effective_on", "backdated", 400),
        ({"effective_on": "2030-01-01"}, "effective_on", "outside_term", 400),
        ({"to_authority": "new-ministry"}, "to_authority", "same_authority", 400),
        ({"to_authority": "ministry-of-magic"}, "to_authority", "unknown_authority", 400),
        ({"basis": ""}, "basis", "required", 400),
        ({"effective_on": "not a date"}, "effective_on", "validation_error", 422),
    ],
)
def test_transfer_bad_input_names_the_field_and_writes_nothing(client, world, body, field, code, status):
    events = AuditEvent.objects.count()
    rows = JurisdictionAssignment.objects.count()
    response = post_transfer(client, headers=bearer(world.admin), **body)
    assert response.status_code == status, response.content
    data = response.json()
    assert data["code"] == code and field in data["fields"]
    assert AuditEvent.objects.count() == events and JurisdictionAssignment.objects.count() == rows


def test_transfer_of_unknown_zone(client, world):
    response = post_transfer(client, code="nowhere", headers=bearer(world.admin))
    assert response.status_code == 404 and response.json()["code"] == "zone_not_found"


def test_errors_in_the_users_language(client, world):
    response = post_transfer(client, headers=bearer(world.admin), lang="ru", effective_on="2018-01-01")
    assert "последнего" in response.json()["fields"]["effective_on"][0]
    response = post_transfer(client, headers=bearer(world.admin), lang="kk", effective_on="2018-01-01")
    assert "соңғы" in response.json()["fields"]["effective_on"][0]


def test_openapi_documents_the_zone_endpoints(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/zones",
        "/api/v1/zones/{code}",
        "/api/v1/zones/{code}/jurisdiction",
        "/api/v1/zones/{code}/transfers",
        "/api/v1/authorities",
    ]:
        assert path in paths
    assert client.get("/api/v1/docs").status_code == 200


def test_transfer_again_with_the_same_body_is_refused(client, world):
    headers = bearer(world.admin)
    assert post_transfer(client, headers=headers).status_code == 201
    events = AuditEvent.objects.count()
    again = post_transfer(client, headers=headers)
    assert again.status_code == 400 and again.json()["code"] == "same_authority"
    assert AuditEvent.objects.count() == events


def test_transfer_dates_are_half_open(world):
    assert JurisdictionAssignment.objects.get(zone=world.zone, valid_to=dt.date(2018, 2, 15))


def test_invalid_token_on_a_public_endpoint_is_a_documented_401(client, world):
    response = client.get("/api/v1/zones", HTTP_AUTHORIZATION="Bearer ip_nope_nope")
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"
    responses = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/zones"]["get"]["responses"]
    assert "401" in responses

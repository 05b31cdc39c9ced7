"""API of the expert's own profile: /api/v1/projects/experts/me and .../affiliations."""

import pytest

from innopark.audit.models import AuditEvent
from innopark.projects.models import ExpertAffiliation, ExpertProfile

pytestmark = pytest.mark.django_db
ME = "/api/v1/projects/experts/me"


def test_anonymous_gets_401(client, park):
    assert client.get(ME).status_code == 401
    assert client.post(ME, {}, content_type="application/json").status_code == 401
    assert client.post(f"{ME}/affiliations", {}, content_type="application/json").status_code == 401


def test_other_roles_get_403_and_nothing_is_written(client, park):
    events = AuditEvent.objects.count()
    for user in (park.rep, park.staff, park.funder_rep):
        client.force_login(user)
        assert client.get(ME).json()["code"] == "not_expert"
        response = client.post(ME, {"expertise": "x"}, content_type="application/json")
        assert response.status_code == 403
        body = {"organization_bin": park.org.bin, "relation": "сотрудник"}
        assert client.post(f"{ME}/affiliations", body, content_type="application/json").status_code == 403
    assert AuditEvent.objects.count() == events and not ExpertProfile.objects.exists()


def test_expert_reads_and_updates_own_profile_and_declares_an_affiliation(client, park):
    expert = park.experts[0]
    client.force_login(expert)
    assert client.get(ME).json() == {
        "email": expert.email,
        "expertise": "",
        "max_open_reviews": None,
        "categories": [],
        "affiliations": [],
    }
    body = {"expertise": "ИИ", "max_open_reviews": 5, "categories": ["ict", "digitalisation"]}
    response = client.post(ME, body, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["categories"] == ["digitalisation", "ict"] and response.json()["max_open_reviews"] == 5
    body = {"organization_bin": park.org.bin, "relation": "советник", "valid_from": "2021-01-01"}
    response = client.post(f"{ME}/affiliations", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["organization_id"] == park.org.pk
    assert [a["relation"] for a in client.get(ME).json()["affiliations"]] == ["советник"]
    # Another expert sees only their own (empty) profile: "me" cannot name someone else.
    client.force_login(park.experts[1])
    assert client.get(ME).json()["affiliations"] == []


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("", {"max_open_reviews": 0}, None),  # schema: 422
        ("", {"categories": ["no_such"]}, "categories"),
        ("/affiliations", {"organization_bin": "000000000000", "relation": "x"}, "organization_bin"),
        ("/affiliations", {"organization_bin": "12", "relation": "x"}, None),
        ("/affiliations", "ORG", "valid_to"),  # ends before it starts
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_is_written(client, park, url, body, field):
    if body == "ORG":
        body = {"organization_bin": park.org.bin, "relation": "x", "valid_from": "2025-01-01", "valid_to": "2020-01-01"}
    client.force_login(park.experts[0])
    client.cookies["django_language"] = "en"
    events = AuditEvent.objects.count()
    response = client.post(f"{ME}{url}", body, content_type="application/json", headers={"Accept-Language": "ru"})
    assert response.status_code in (400, 422)
    data = response.json()
    assert set(data) >= {"code", "message", "fields"}
    if field:
        assert field in data["fields"]
    assert AuditEvent.objects.count() == events
    assert not ExpertProfile.objects.exists() and not ExpertAffiliation.objects.exists()


def test_refusal_message_in_the_requested_language(client, park):
    client.force_login(park.experts[0])
    body = {"organization_bin": "000000000000", "relation": "x"}
    response = client.post(
        f"{ME}/affiliations", body, content_type="application/json", headers={"Accept-Language": "ru"}
    )
    assert "БИН" in response.json()["message"]

"""The API: the journey with each role's permissions, and errors as {code, message, fields} writing nothing."""

import pytest

from innopark.audit.models import AuditEvent
from innopark.funding import ledger
from innopark.projects.models import Application
from innopark.projects.tests.factories import application_values, full_scores, granted, submitted_application

pytestmark = pytest.mark.django_db


def _json(values: dict) -> dict:
    out = dict(values)
    out["milestones"] = [{**m, "due_on": m["due_on"].isoformat()} for m in values["milestones"]]
    return out


def test_anonymous_sees_calls_and_financed_projects_but_not_applications(client, park):
    assert client.get("/api/v1/projects/calls").status_code == 200
    assert client.get(f"/api/v1/projects/calls/{park.call.code}").json()["is_open"] is True
    assert client.get("/api/v1/projects/financed").status_code == 200
    response = client.get("/api/v1/projects/applications")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_journey_through_the_api(client, park):
    client.force_login(park.rep)
    body = {"call": park.call.code, "organization_id": park.org.pk, **_json(application_values())}
    response = client.post("/api/v1/projects/applications", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    application_id = response.json()["id"]
    assert client.get(f"/api/v1/projects/applications/{application_id}/problems").json() == []
    assert client.post(f"/api/v1/projects/applications/{application_id}/submit").json()["status"] == "submitted"
    client.force_login(park.staff)
    url = f"/api/v1/projects/applications/{application_id}"
    assert client.post(f"{url}/admit", {}, content_type="application/json").json()["status"] == "in_review"
    assignments = client.post(f"{url}/assignments/automatic").json()
    assert len(assignments) == 2
    for row in assignments:
        expert = next(e for e in park.experts if e.pk == row["expert_id"])
        client.force_login(expert)
        declared = client.post(
            f"/api/v1/projects/reviews/{row['id']}/declaration",
            {"has_conflict": False},
            content_type="application/json",
        )
        assert declared.json()["status"] == "active"
        scores = [
            {"criterion_id": k, "score": v["score"], "justification": v["justification"]}
            for k, v in full_scores(park.call).items()
        ]
        review = client.post(
            f"/api/v1/projects/reviews/{row['id']}/review",
            {"scores": scores, "recommendation": "fund", "comment": "OK"},
            content_type="application/json",
        )
        assert review.status_code == 201, review.json()
    client.force_login(park.staff)
    ranking = client.get(f"/api/v1/projects/calls/{park.call.code}/ranking").json()
    assert ranking[0]["application_id"] == application_id
    proposal = {"outcome": "approve", "amount_tiyn": 10_000_000_00, "reasons": "Top of the list"}
    assert client.post(f"{url}/proposal", proposal, content_type="application/json").status_code == 201
    refused = client.post(f"{url}/decision", proposal, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "same_person"
    client.force_login(park.officer)
    decision = client.post(f"{url}/decision", proposal, content_type="application/json").json()
    grant_id = decision["grant_id"]
    grant = client.get(f"/api/v1/projects/grants/{grant_id}").json()
    milestone_id = grant["milestones"][0]["id"]
    client.force_login(park.staff)
    not_accepted = client.post(f"/api/v1/projects/milestones/{milestone_id}/disburse")
    assert not_accepted.status_code == 409 and not_accepted.json()["code"] == "milestone_not_accepted"
    client.force_login(park.rep)
    client.post(f"/api/v1/projects/milestones/{milestone_id}/report", {"text": "Done"}, content_type="application/json")
    client.force_login(park.staff)
    fund_before = ledger.account_balance(park.fund)
    accepted = client.post(f"/api/v1/projects/milestones/{milestone_id}/accept", {}, content_type="application/json")
    assert accepted.json()["status"] == "paid"
    assert ledger.account_balance(park.fund) == fund_before  # paid from the grant's allocation, not the fund


def test_other_companys_representative_gets_not_found_for_an_application(client, park):
    application = submitted_application(park)
    client.force_login(park.other_rep)
    response = client.get(f"/api/v1/projects/applications/{application.pk}")
    assert response.status_code == 404
    assert response.json()["code"] == "application_not_found"


def test_expert_not_assigned_cannot_see_or_score(client, park):
    application = submitted_application(park)
    client.force_login(park.experts[2])
    assert client.get(f"/api/v1/projects/applications/{application.pk}").status_code == 404


def test_bad_amount_is_refused_with_a_field_and_writes_nothing(client, park):
    client.force_login(park.rep)
    events = AuditEvent.objects.count()
    body = {"call": park.call.code, "organization_id": park.org.pk, **_json(application_values())}
    body["requested_tiyn"] = -5
    response = client.post("/api/v1/projects/applications", body, content_type="application/json")
    assert response.status_code == 422
    assert "requested_tiyn" in response.json()["fields"]
    assert AuditEvent.objects.count() == events
    assert Application.objects.count() == 0


def test_errors_come_in_the_requested_language(client, park):
    application = submitted_application(park)
    client.force_login(park.rep)
    response = client.post(f"/api/v1/projects/applications/{application.pk}/submit", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 409
    assert response.json()["code"] == "transition_not_allowed"
    assert response.json()["message"] == "Переход из «Подана» в «Подана» не допускается."
    kazakh = client.post(f"/api/v1/projects/applications/{application.pk}/submit", HTTP_ACCEPT_LANGUAGE="kk")
    assert "өтуге болмайды" in kazakh.json()["message"]


def test_funder_sees_the_grants_its_money_reached(client, park):
    grant = granted(park)
    client.force_login(park.funder_rep)
    items = client.get("/api/v1/projects/grants").json()["items"]
    assert [g["id"] for g in items] == [grant.pk]

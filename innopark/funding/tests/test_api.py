"""The funding API: transfers with Idempotency-Key, accounts, funders and obligations; errors in the user's language."""

import pytest

from innopark.audit.models import AuditEvent
from innopark.funding import ledger
from innopark.funding.models import Transfer
from innopark.funding.tests import factories as f
from innopark.funding.tests.factories import allocate, contribute

pytestmark = pytest.mark.django_db
URL = "/api/v1/ledger/transfers"


def post_transfer(client, body, key="api-key-000001", lang="en"):
    return client.post(
        URL, body, content_type="application/json", headers={"Idempotency-Key": key, "Accept-Language": lang}
    )


def body(park, **changes):
    data = {
        "kind": "contribution",
        "from_account": park.funder_account.pk,
        "to_account": park.fund.pk,
        "amount_tiyn": 150_000,
        "occurred_on": "2016-05-04",
    }
    data.update(changes)
    return data


def test_post_transfer_then_retry_then_conflict(client, park):
    client.force_login(park.staff)
    first = post_transfer(client, body(park))
    assert first.status_code == 201, first.content
    assert first.json()["amount"] == "1500.00"
    again = post_transfer(client, body(park))
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    conflict = post_transfer(client, body(park, amount_tiyn=150_001))
    assert conflict.status_code == 409
    assert conflict.json()["code"] == "idempotency_key_reused"
    assert Transfer.objects.count() == 1


def test_missing_idempotency_key_is_refused(client, park):
    client.force_login(park.staff)
    response = post_transfer(client, body(park), key="")
    assert response.status_code == 400
    assert "idempotency_key" in response.json()["fields"]
    assert Transfer.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "status", "field"),
    [
        ({"amount_tiyn": 0}, 400, "amount_tiyn"),
        ({"amount_tiyn": -100}, 400, "amount_tiyn"),
        ({"amount_tiyn": 1.5}, 422, "amount_tiyn"),
        ({"amount_tiyn": 10**20}, 400, "amount_tiyn"),
        ({"currency": "USD"}, 400, "currency"),
        ({"to_account": 999_999}, 404, "to_account"),
        ({"to_account": "self"}, 400, "to_account"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(client, park, changes, status, field):
    client.force_login(park.staff)
    if changes.get("to_account") == "self":
        changes["to_account"] = park.funder_account.pk
    events = AuditEvent.objects.count()
    response = post_transfer(client, body(park, **changes))
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    assert AuditEvent.objects.count() == events and Transfer.objects.count() == 0


def test_errors_are_in_the_users_language(client, park):
    client.force_login(park.staff)
    response = post_transfer(client, body(park, amount_tiyn=0), lang="ru")
    assert response.json()["message"] == "Сумма должна быть больше нуля."


def test_anonymous_and_outsiders_cannot_transfer(client, park):
    assert post_transfer(client, body(park)).status_code == 401
    client.force_login(park.other_staff)
    # Another zone's fund is not even visible to them: its id is not revealed.
    assert post_transfer(client, body(park)).status_code == 404
    client.force_login(park.funder_rep)
    assert post_transfer(client, body(park)).status_code == 404
    assert Transfer.objects.count() == 0


def test_account_statement_and_grant_lineage(client, park):
    contribute(park, 1000)
    allocate(park, 400)
    client.force_login(park.staff)
    response = client.get(f"/api/v1/ledger/accounts/{park.grant.pk}")
    assert response.status_code == 200
    data = response.json()
    assert data["balance_tiyn"] == 400
    assert data["lineage"] == [{"funder_bin": park.funder.bin, "funder_name": park.funder.name, "amount_tiyn": 400}]
    fund = client.get(f"/api/v1/ledger/accounts/{park.fund.pk}?limit=1").json()
    assert fund["balance_tiyn"] == 600 and len(fund["entries"]) == 1
    second = client.get(f"/api/v1/ledger/accounts/{park.fund.pk}?limit=1&after={fund['next_after']}").json()
    assert second["entries"][0]["id"] < fund["entries"][0]["id"]


def test_accounts_of_others_are_not_found(client, park):
    client.force_login(park.other_staff)
    assert client.get(f"/api/v1/ledger/accounts/{park.fund.pk}").status_code == 404
    client.force_login(park.funder_rep)
    assert client.get(f"/api/v1/ledger/accounts/{park.fund.pk}").status_code == 404
    assert client.get(f"/api/v1/ledger/accounts/{park.funder_account.pk}").status_code == 200
    assert client.get(f"/api/v1/ledger/accounts/{park.funder2_account.pk}").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/ledger/accounts/{park.fund.pk}").status_code == 401


def test_funders_and_obligations(client, park):
    contract = f.make_contract(park.admin, park.funder)
    f.make_contract(park.admin, park.funder2)
    from innopark.funding.services import base_declare, contribution_record

    base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=100_000_000, document=f.document())
    contribution_record(
        actor=park.admin, contract=contract, year=2016, zone=park.zone, amount_tiyn=600_000, idempotency_key=f.new_key()
    )
    client.force_login(park.funder_rep)
    listing = client.get("/api/v1/funders").json()
    assert [item["bin"] for item in listing["items"]] == [park.funder.bin]
    data = client.get(f"/api/v1/funders/{park.funder.bin}/obligations").json()
    assert data["years"][0] == {
        "year": 2016,
        "status": "partly",
        "obligation_tiyn": 1_000_000,
        "contributed_tiyn": 600_000,
        "direct_tiyn": 0,
        "carried_in_tiyn": 0,
        "carried_out_tiyn": 0,
        "shortfall_tiyn": 400_000,
    }
    assert client.get(f"/api/v1/funders/{park.funder2.bin}/obligations").status_code == 404
    client.force_login(park.staff)
    assert len(client.get("/api/v1/funders").json()["items"]) == 2


def _batch(client, park, items):
    return client.post("/api/v1/ledger/transfers/batch", {"transfers": items}, content_type="application/json")


def _item(source, target, amount, key, kind="allocation"):
    return {
        "kind": kind,
        "from_account": source.pk,
        "to_account": target.pk,
        "amount_tiyn": amount,
        "idempotency_key": key,
    }


def test_batch_through_the_api_records_then_replays(client, park):
    contribute(park, 1_000_00)
    client.force_login(park.staff)
    items = [
        _item(park.fund, park.grant, 300_00, "api-batch-0001"),
        _item(park.fund, park.grant2, 200_00, "api-batch-0002"),
    ]
    response = _batch(client, park, items)
    assert response.status_code == 201, response.content
    body = response.json()["transfers"]
    assert [t["amount_tiyn"] for t in body] == [300_00, 200_00]
    assert body[0]["to_account"]["id"] == park.grant.pk
    again = _batch(client, park, items)
    assert again.status_code == 200
    assert [t["id"] for t in again.json()["transfers"]] == [t["id"] for t in body]
    assert ledger.account_balance(park.fund) == 500_00


def test_batch_errors_name_the_item_and_write_nothing(client, park):
    contribute(park, 100_00)
    client.force_login(park.staff)
    count = Transfer.objects.count()
    response = _batch(
        client,
        park,
        [_item(park.fund, park.grant, 60_00, "api-batch-0101"), _item(park.fund, park.grant2, 60_00, "api-batch-0102")],
    )
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_funds"
    assert "transfers[1].amount_tiyn" in response.json()["fields"]
    response = _batch(client, park, [_item(park.fund, park.other_grant, 1_00, "api-batch-0103")])
    assert response.status_code == 404
    assert "transfers[0].to_account" in response.json()["fields"]
    assert _batch(client, park, []).json()["code"] == "batch_empty"
    assert Transfer.objects.count() == count


def test_batch_permissions(client, park):
    contribute(park, 100_00)
    items = [_item(park.fund, park.grant, 1_00, "api-batch-0201")]
    assert _batch(client, park, items).status_code == 401
    client.force_login(park.funder_rep)
    assert _batch(client, park, items).status_code == 404  # the fund is not theirs to see
    client.force_login(park.other_staff)
    assert _batch(client, park, items).status_code == 404
    client.force_login(park.staff)
    assert _batch(client, park, items).status_code == 201

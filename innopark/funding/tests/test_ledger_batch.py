"""Batches of transfers: the same guarantees as one at a time, all or nothing, errors naming the item."""

import pytest

from innopark.audit.models import AuditEvent
from innopark.audit.verify import verify_chain
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.funding import ledger
from innopark.funding.models import LedgerEntry, Transfer
from innopark.funding.tests import factories as f
from innopark.funding.tests.factories import contribute

pytestmark = pytest.mark.django_db


def item(kind, source, target, amount, key=None, **extra):
    return {
        "kind": kind,
        "from_account": source,
        "to_account": target,
        "amount_tiyn": amount,
        "idempotency_key": key or f.new_key(),
        **extra,
    }


def test_a_batch_records_every_transfer_in_order_against_running_balances(park):
    batch = [
        item("contribution", park.funder_account, park.fund, 1_000_00),
        item("allocation", park.fund, park.grant, 700_00),
        item("disbursement", park.grant, park.external, 300_00),
        item("refund", park.grant, park.fund, 100_00),
    ]
    transfers = ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    assert [t.kind for t in transfers] == ["contribution", "allocation", "disbursement", "refund"]
    assert all(t.pk for t in transfers)
    assert ledger.account_balance(park.fund) == 400_00
    assert ledger.account_balance(park.grant) == 300_00
    assert ledger.account_balance(park.external) == 300_00
    # Each entry carries the balance after it, as one-at-a-time transfers do.
    grant_entries = LedgerEntry.objects.filter(account=park.grant).order_by("id")
    assert [e.balance_after_tiyn for e in grant_entries] == [700_00, 400_00, 300_00]
    report = ledger.ledger_check()
    assert report.ok, report.problems
    events = AuditEvent.objects.filter(event_type="ledger.transfer_created").order_by("seq")
    assert [e.subject_id for e in events] == [str(t.pk) for t in transfers]
    assert verify_chain().ok


def test_an_allocation_beyond_the_fund_refuses_the_whole_batch_naming_the_item(park):
    contribute(park, 500_00)
    before = Transfer.objects.count(), AuditEvent.objects.count()
    batch = [
        item("allocation", park.fund, park.grant, 300_00),
        item("allocation", park.fund, park.grant2, 300_00),
    ]
    with pytest.raises(Conflict) as error:
        ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    assert error.value.code == "insufficient_funds"
    assert "transfers[1].amount_tiyn" in error.value.fields
    assert (Transfer.objects.count(), AuditEvent.objects.count()) == before
    assert ledger.account_balance(park.fund) == 500_00


def test_two_items_cannot_together_pass_a_grants_cap(park):
    contribute(park, 1_000_00)
    batch = [
        item("allocation", park.fund, park.grant, 400_00, allocation_limit_tiyn=600_00),
        item("allocation", park.fund, park.grant, 300_00, allocation_limit_tiyn=600_00),
    ]
    with pytest.raises(Conflict) as error:
        ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    assert error.value.code == "allocation_limit"
    assert "transfers[1].amount_tiyn" in error.value.fields
    assert ledger.account_balance(park.grant) == 0


def test_every_invalid_item_is_listed_and_nothing_is_written(park):
    contribute(park, 1_000_00)
    before = Transfer.objects.count()
    batch = [
        item("allocation", park.fund, park.grant, -5),
        item("allocation", park.fund, park.grant, 10_00),
        item("allocation", park.fund, park.fund, 10_00),
        item("allocation", park.fund, park.grant, 10_00, currency="USD"),
        item("contribution", park.funder_account, park.fund, 10_00, key="short"),
    ]
    with pytest.raises(ApplicationError) as error:
        ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    assert error.value.code == "invalid_batch"
    assert set(error.value.fields) == {
        "transfers[0].amount_tiyn",
        "transfers[2].to_account",
        "transfers[3].currency",
        "transfers[4].idempotency_key",
    }
    assert Transfer.objects.count() == before


def test_a_key_repeated_within_a_batch_is_refused(park):
    batch = [
        item("contribution", park.funder_account, park.fund, 10_00, key="same-key-0001"),
        item("contribution", park.funder_account, park.fund, 10_00, key="same-key-0001"),
    ]
    with pytest.raises(ApplicationError) as error:
        ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    assert "transfers[1].idempotency_key" in error.value.fields


def test_a_retried_batch_returns_the_same_transfers_and_writes_nothing(park):
    batch = [
        item("contribution", park.funder_account, park.fund, 1_000_00),
        item("allocation", park.fund, park.grant, 700_00),
    ]
    first = ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    count = Transfer.objects.count(), AuditEvent.objects.count()
    again = ledger.transfers_create_batch(actor=park.admin, transfers=batch)
    assert [t.pk for t in again] == [t.pk for t in first]
    assert (Transfer.objects.count(), AuditEvent.objects.count()) == count
    assert ledger.account_balance(park.fund) == 300_00


def test_a_key_reused_with_another_payload_is_a_conflict(park):
    contribute(park, 1_000_00)
    ledger.transfers_create_batch(
        actor=park.admin, transfers=[item("allocation", park.fund, park.grant, 100_00, key="batch-key-0001")]
    )
    with pytest.raises(Conflict) as error:
        ledger.transfers_create_batch(
            actor=park.admin,
            transfers=[
                item("allocation", park.fund, park.grant2, 50_00),
                item("allocation", park.fund, park.grant, 999_00, key="batch-key-0001"),
            ],
        )
    assert error.value.code == "idempotency_key_reused"
    assert "transfers[1].idempotency_key" in error.value.fields
    assert ledger.account_balance(park.grant2) == 0


def test_reversals_empty_and_oversized_batches_are_refused(park):
    original = contribute(park, 100_00)
    with pytest.raises(ApplicationError) as error:
        ledger.transfers_create_batch(
            actor=park.admin, transfers=[item("reversal", park.fund, park.funder_account, 100_00, reverses=original)]
        )
    assert error.value.fields == {"transfers[0].kind": [error.value.fields["transfers[0].kind"][0]]}
    with pytest.raises(ApplicationError) as error:
        ledger.transfers_create_batch(actor=park.admin, transfers=[])
    assert error.value.code == "batch_empty"
    with pytest.raises(ApplicationError) as error:
        ledger.transfers_create_batch(
            actor=park.admin,
            transfers=[item("contribution", park.funder_account, park.fund, 1) for _ in range(501)],
        )
    assert error.value.code == "batch_too_large"


def test_operator_staff_move_only_their_own_zones_money_in_a_batch(park):
    contribute(park, 1_000_00)
    own = ledger.transfers_create_batch(actor=park.staff, transfers=[item("allocation", park.fund, park.grant, 1_00)])
    assert own[0].pk
    with pytest.raises(NotAllowed) as error:
        ledger.transfers_create_batch(
            actor=park.other_staff,
            transfers=[
                item("allocation", park.other_fund, park.other_grant, 1_00),
                item("allocation", park.fund, park.grant, 1_00),
            ],
        )
    assert "transfers[1]" in error.value.fields
    with pytest.raises(NotAllowed):
        ledger.transfers_create_batch(actor=park.expert, transfers=[item("allocation", park.fund, park.grant, 1_00)])
    assert ledger.account_balance(park.grant) == 1_00

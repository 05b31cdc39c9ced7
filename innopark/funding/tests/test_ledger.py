"""The ledger through its service: flows, limits, idempotency, reversals, bad input, permissions, triggers."""

import datetime as dt

import pytest
from django.db import DatabaseError, transaction

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.funding import ledger
from innopark.funding.models import LedgerAccount, LedgerEntry, Transfer
from innopark.funding.tests import factories as f
from innopark.funding.tests.factories import allocate, contribute

pytestmark = pytest.mark.django_db


def test_contribution_allocation_disbursement_refund_keep_the_books(park):
    contribute(park, 1_000_00)
    allocate(park, 600_00)
    ledger.transfer_create(
        actor=park.admin,
        kind="disbursement",
        from_account=park.grant,
        to_account=park.external,
        amount_tiyn=400_00,
        idempotency_key=f.new_key(),
    )
    ledger.transfer_create(
        actor=park.admin,
        kind="refund",
        from_account=park.grant,
        to_account=park.fund,
        amount_tiyn=100_00,
        idempotency_key=f.new_key(),
    )
    assert ledger.account_balance(park.fund) == 500_00
    assert ledger.account_balance(park.grant) == 100_00
    assert ledger.account_balance(park.external) == 400_00
    assert ledger.account_balance(park.funder_account) == -1_000_00
    report = ledger.ledger_check()
    assert report.ok, report.problems
    assert report.sum_of_balances == 0
    assert AuditEvent.objects.filter(event_type="ledger.transfer_created").count() == 4


def test_account_helpers_are_idempotent(park):
    assert ledger.ledger_account_for_zone_fund(zone=park.zone) == park.fund
    assert ledger.ledger_account_for_funder(organization=park.funder) == park.funder_account
    assert ledger.ledger_account_external() == park.external
    history = ledger.ledger_account_imported_history(zone=park.zone)
    assert ledger.ledger_account_imported_history(zone=park.zone) == history
    assert ledger.ledger_account_open_grant(actor=park.admin, zone=park.zone, reference="grant:T-1") == park.grant


@pytest.mark.parametrize("group", [0, -3, "7", 2.0, True])
def test_a_rollup_group_that_is_not_a_whole_number_from_one_is_refused(park, group):
    with pytest.raises(ApplicationError) as error:
        ledger.ledger_account_open_grant(actor=park.admin, zone=park.zone, reference="grant:G-1", rollup_group=group)
    assert error.value.code == "invalid_rollup_group"
    assert "rollup_group" in error.value.fields
    assert not LedgerAccount.objects.filter(reference="grant:G-1").exists()


def test_a_grant_account_keeps_the_rollup_group_it_was_opened_with(park):
    assert park.grant.rollup_group == 7
    same = ledger.ledger_account_open_grant(actor=park.admin, zone=park.zone, reference="grant:T-1", rollup_group=7)
    assert same == park.grant
    with pytest.raises(Conflict) as error:
        ledger.ledger_account_open_grant(actor=park.admin, zone=park.zone, reference="grant:T-1", rollup_group=8)
    assert error.value.code == "grant_group_differs"
    park.grant.refresh_from_db()
    assert park.grant.rollup_group == 7


def test_grant_reference_taken_in_another_zone_is_refused(park):
    with pytest.raises(Conflict) as error:
        ledger.ledger_account_open_grant(actor=park.admin, zone=park.other_zone, reference="grant:T-1")
    assert error.value.code == "grant_reference_taken"


def test_allocation_beyond_the_fund_is_refused_and_writes_nothing(park):
    contribute(park, 500)
    before = (Transfer.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Conflict) as error:
        allocate(park, 501)
    assert error.value.code == "insufficient_funds"
    assert (Transfer.objects.count(), AuditEvent.objects.count()) == before


def test_grant_never_pays_out_more_than_allocated(park):
    contribute(park, 1000)
    allocate(park, 300)
    with pytest.raises(Conflict) as error:
        ledger.transfer_create(
            actor=park.admin,
            kind="disbursement",
            from_account=park.grant,
            to_account=park.external,
            amount_tiyn=301,
            idempotency_key=f.new_key(),
        )
    assert error.value.code == "grant_overdrawn"


def test_allocation_limit_caps_the_grant(park):
    contribute(park, 1000)
    allocate(park, 300, allocation_limit_tiyn=500)
    with pytest.raises(Conflict) as error:
        allocate(park, 201, allocation_limit_tiyn=500)
    assert error.value.code == "allocation_limit"
    allocate(park, 200, allocation_limit_tiyn=500)


def test_same_key_same_payload_returns_the_same_transfer(park):
    first = contribute(park, 700, key="retry-key-0001")
    again = contribute(park, 700, key="retry-key-0001")
    assert again.pk == first.pk
    assert Transfer.objects.count() == 1
    assert ledger.account_balance(park.fund) == 700


def test_same_key_different_payload_is_a_conflict(park):
    contribute(park, 700, key="retry-key-0002")
    count = AuditEvent.objects.count()
    with pytest.raises(Conflict) as error:
        contribute(park, 701, key="retry-key-0002")
    assert error.value.code == "idempotency_key_reused"
    assert error.value.status == 409
    assert AuditEvent.objects.count() == count


def test_reversal_compensates_and_cannot_exceed_the_original(park):
    original = contribute(park, 1000)
    ledger.transfer_create(
        actor=park.admin,
        kind="reversal",
        from_account=None,
        to_account=None,
        reverses=original,
        amount_tiyn=400,
        idempotency_key=f.new_key(),
    )
    assert ledger.account_balance(park.fund) == 600
    with pytest.raises(Conflict) as error:
        ledger.transfer_create(
            actor=park.admin,
            kind="reversal",
            from_account=None,
            to_account=None,
            reverses=original,
            amount_tiyn=601,
            idempotency_key=f.new_key(),
        )
    assert error.value.code == "reversal_exceeds_original"
    assert ledger.ledger_check().ok


def test_reversal_of_an_allocation_already_paid_out_is_refused(park):
    contribute(park, 1000)
    allocation = allocate(park, 1000)
    ledger.transfer_create(
        actor=park.admin,
        kind="disbursement",
        from_account=park.grant,
        to_account=park.external,
        amount_tiyn=1000,
        idempotency_key=f.new_key(),
    )
    with pytest.raises(Conflict):
        ledger.transfer_create(
            actor=park.admin,
            kind="reversal",
            from_account=None,
            to_account=None,
            reverses=allocation,
            amount_tiyn=1000,
            idempotency_key=f.new_key(),
        )


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        (0, "amount_not_positive"),
        (-5, "amount_not_positive"),
        (1.5, "fraction_of_tiyn"),
        (10**16, "amount_too_large"),
        (True, "fraction_of_tiyn"),
    ],
)
def test_bad_amounts_are_refused_and_write_nothing(park, amount, code):
    count = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as error:
        contribute(park, amount)
    assert error.value.code == code
    assert "amount_tiyn" in error.value.fields
    assert AuditEvent.objects.count() == count
    assert Transfer.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"idempotency_key": ""}, "idempotency_key_required", "idempotency_key"),
        ({"currency": "USD"}, "currency", "currency"),
        ({"to_account": "self"}, "same_account", "to_account"),
        ({"kind": "gift"}, "invalid_kind", "kind"),
        ({"occurred_on": dt.date(1999, 12, 31)}, "date_out_of_range", "occurred_on"),
        ({"earmark": "whatever"}, "invalid_earmark", "earmark"),
        ({"to_account": "grant"}, "wrong_route", "to_account"),
        ({"to_account": "other_fund", "kind": "allocation", "from_account": "fund"}, "wrong_route", "to_account"),
    ],
)
def test_bad_requests_are_refused_and_write_nothing(park, changes, code, field):
    args = {
        "actor": park.admin,
        "kind": "contribution",
        "from_account": park.funder_account,
        "to_account": park.fund,
        "amount_tiyn": 100,
        "idempotency_key": f.new_key(),
    }
    named = {"self": park.funder_account, "grant": park.grant, "other_fund": park.other_fund, "fund": park.fund}
    args.update({k: named.get(v, v) if isinstance(v, str) and k.endswith("account") else v for k, v in changes.items()})
    count = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as error:
        ledger.transfer_create(**args)
    assert error.value.code == code
    assert field in error.value.fields
    assert AuditEvent.objects.count() == count and Transfer.objects.count() == 0


def test_allocation_to_another_zones_grant_is_refused(park):
    contribute(park, 1000)
    with pytest.raises(ApplicationError) as error:
        allocate(park, 10, grant=park.other_grant)
    assert error.value.code == "zone_mismatch"


def test_closed_account_refuses_transfers(park):
    ledger.ledger_account_close(actor=park.admin, account=park.grant2)
    contribute(park, 1000)
    with pytest.raises(ApplicationError) as error:
        allocate(park, 10, grant=park.grant2)
    assert error.value.code == "account_closed"


def test_only_the_zones_staff_may_move_its_money(park):
    contribute(park, 1000)
    for outsider in (park.other_staff, park.expert, park.funder_rep, None):
        with pytest.raises(NotAllowed):
            ledger.transfer_create(
                actor=outsider,
                kind="allocation",
                from_account=park.fund,
                to_account=park.grant,
                amount_tiyn=10,
                idempotency_key=f.new_key(),
            )
    transfer = ledger.transfer_create(
        actor=park.staff,
        kind="allocation",
        from_account=park.fund,
        to_account=park.grant,
        amount_tiyn=10,
        idempotency_key=f.new_key(),
    )
    assert transfer.actor == park.staff


def test_ledger_tables_refuse_update_and_delete(park):
    transfer = contribute(park, 1000)
    for statement in (
        lambda: Transfer.objects.filter(pk=transfer.pk).update(amount_tiyn=1),
        lambda: Transfer.objects.filter(pk=transfer.pk).delete(),
        lambda: LedgerEntry.objects.filter(transfer=transfer).update(balance_after_tiyn=0),
        lambda: LedgerEntry.objects.filter(transfer=transfer).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()
    assert Transfer.objects.get(pk=transfer.pk).amount_tiyn == 1000


def test_lineage_is_fifo_unless_earmarked(park):
    contribute(park, 300, funder_account=park.funder_account)
    contribute(park, 500, funder_account=park.funder2_account)
    contribute(park, 200, funder_account=park.funder2_account, earmark="grant:grant:T-2")
    allocate(park, 400, grant=park.grant)
    allocate(park, 250, grant=park.grant2)
    assert ledger.grant_funding_lineage(park.grant) == [(park.funder, 300), (park.funder2, 100)]
    assert ledger.grant_funding_lineage(park.grant2) == [(park.funder2, 250)]
    assert ledger.funder_grants_reached(park.funder2) == [("grant:T-2", 250), ("grant:T-1", 100)]
    assert ledger.funder_grants_reached(park.funder) == [("grant:T-1", 300)]


def test_refunded_money_returns_to_the_fund_with_its_lineage(park):
    contribute(park, 300, funder_account=park.funder_account)
    contribute(park, 300, funder_account=park.funder2_account)
    allocate(park, 300, grant=park.grant)
    ledger.transfer_create(
        actor=park.admin,
        kind="refund",
        from_account=park.grant,
        to_account=park.fund,
        amount_tiyn=100,
        idempotency_key=f.new_key(),
    )
    allocate(park, 400, grant=park.grant2)
    assert ledger.grant_funding_lineage(park.grant) == [(park.funder, 200)]
    assert ledger.grant_funding_lineage(park.grant2) == [(park.funder2, 300), (park.funder, 100)]


def test_check_names_what_is_wrong(park, monkeypatch):
    contribute(park, 1000)
    from innopark.funding import ledger_check as module

    real_rows = module._rows

    def corrupted(sql, params=()):
        rows = real_rows(sql, params)
        if "MAX(id)" in sql:
            return [(account, balance + 1) for account, balance in rows]
        return rows

    monkeypatch.setattr(module, "_rows", corrupted)
    report = ledger.ledger_check()
    assert not report.ok
    assert any("balance differs" in p for p in report.problems)


def test_a_reversed_refund_counts_as_allocated_again_in_the_ledger_check(park):
    """Found by the state machine: a refund, partly reversed, then a payment of what the grant holds again."""
    contribute(park, 1_000_00)
    allocate(park, 694_00)
    refund = ledger.transfer_create(
        actor=park.admin,
        kind="refund",
        from_account=park.grant,
        to_account=park.fund,
        amount_tiyn=356_00,
        idempotency_key=f.new_key(),
    )
    ledger.transfer_create(
        actor=park.admin,
        kind="reversal",
        from_account=None,
        to_account=None,
        amount_tiyn=244_00,
        reverses=refund,
        idempotency_key=f.new_key(),
    )
    ledger.transfer_create(
        actor=park.admin,
        kind="disbursement",
        from_account=park.grant,
        to_account=park.external,
        amount_tiyn=551_00,
        idempotency_key=f.new_key(),
    )
    report = ledger.ledger_check()
    assert report.ok, report.problems

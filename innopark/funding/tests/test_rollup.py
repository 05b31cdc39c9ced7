"""The rollup of ledger flows (ADR 0070): what each kind of transfer adds, reversals, retries, the rebuild,
the migration's fill, and `innopark ledger check` catching a rollup that disagrees with the transfers."""

import datetime as dt
import importlib
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection

from innopark.funding import ledger
from innopark.funding.models import FlowRollup, LedgerAccount
from innopark.funding.rollup import flow_key, record_flow, rollup_check, rollup_rebuild
from innopark.funding.tests import factories as f
from innopark.funding.tests.factories import allocate, contribute

pytestmark = pytest.mark.django_db

DAY = dt.date(2016, 3, 1)


def move(park, kind, source, target, amount, on=DAY, **extra):
    return ledger.transfer_create(
        actor=park.admin,
        kind=kind,
        from_account=source,
        to_account=target,
        amount_tiyn=amount,
        idempotency_key=f.new_key(),
        occurred_on=on,
        **extra,
    )


def flows(**filters):
    """{(kind, party kind, party id, day): (amount, transfers)} of the rollup rows matching the filters."""
    rows = FlowRollup.objects.filter(**filters).values_list(
        "kind", "party_kind", "party_id", "day", "amount_tiyn", "transfers"
    )
    return {(k, pk, p, d): (a, n) for k, pk, p, d, a, n in rows}


def books(park):
    """Every kind of flow, a reversal, and imported history, in the park's zone."""
    contribute(park, 1_000_00, on=DAY)
    contribute(park, 500_00, on=DAY)  # same funder, same day: the same rows grow
    contribute(park, 300_00, funder_account=park.funder2_account, on=DAY)
    history = ledger.ledger_account_imported_history(zone=park.zone)
    move(park, "contribution", history, park.fund, 200_00)
    allocate(park, 900_00)
    paid = move(park, "disbursement", park.grant, park.external, 400_00, on=dt.date(2016, 7, 15))
    move(park, "reversal", None, None, 150_00, on=dt.date(2016, 7, 20), reverses=paid)
    move(park, "reversal", None, None, 50_00, on=dt.date(2016, 8, 3), reverses=paid)
    move(park, "refund", park.grant, park.fund, 100_00, on=dt.date(2016, 9, 1))
    return history


def test_each_transfer_adds_to_its_counterparty_for_the_day_and_to_the_zone_total_for_the_month(park):
    history = books(park)
    zone_rows = flows(zone=park.zone)
    assert zone_rows[("contribution", "funder", park.funder_account.pk, DAY)] == (1_500_00, 2)
    assert zone_rows[("contribution", "funder", park.funder2_account.pk, DAY)] == (300_00, 1)
    # The zone's total of money from funders for the month, apart from imported history.
    assert zone_rows[("contribution", "funder", 0, dt.date(2016, 3, 1))] == (1_800_00, 3)
    assert zone_rows[("contribution", "imported_history", history.pk, DAY)] == (200_00, 1)
    assert zone_rows[("contribution", "imported_history", 0, DAY)] == (200_00, 1)
    assert zone_rows[("allocation", "grant", park.grant.pk, dt.date(2016, 6, 1))] == (900_00, 1)
    assert zone_rows[("disbursement", "grant", 0, dt.date(2016, 7, 1))] == (250_00, 2)
    assert zone_rows[("refund", "grant", park.grant.pk, dt.date(2016, 9, 1))] == (100_00, 1)
    assert not flows(zone=park.other_zone)


def test_a_reversal_subtracts_from_the_kind_it_reverses_on_its_own_date(park):
    books(park)
    rows = flows(zone=park.zone, kind="disbursement", party_id=park.grant.pk)
    assert rows == {
        ("disbursement", "grant", park.grant.pk, dt.date(2016, 7, 15)): (400_00, 1),
        ("disbursement", "grant", park.grant.pk, dt.date(2016, 7, 20)): (-150_00, 1),
        ("disbursement", "grant", park.grant.pk, dt.date(2016, 8, 3)): (-50_00, 1),
    }
    assert flows(zone=park.zone, kind="disbursement", party_id=0) == {
        ("disbursement", "grant", 0, dt.date(2016, 7, 1)): (250_00, 2),
        ("disbursement", "grant", 0, dt.date(2016, 8, 1)): (-50_00, 1),
    }
    assert not FlowRollup.objects.filter(kind="reversal").exists()


def test_a_retried_transfer_is_counted_once(park):
    first = contribute(park, 700_00, key="retry-key-0001")
    again = contribute(park, 700_00, key="retry-key-0001")
    assert again.pk == first.pk
    record_flow(first)  # a second call for the same transfer does nothing
    assert flows(zone=park.zone, party_id=0) == {("contribution", "funder", 0, dt.date(2016, 3, 1)): (700_00, 1)}


def test_the_ledger_check_passes_and_the_rebuild_gives_the_same_rows(park):
    books(park)
    report = ledger.ledger_check()
    assert report.ok, report.problems
    before = flows()
    assert rollup_rebuild() == len(before)
    assert flows() == before
    assert rollup_check() == []


def test_the_migrations_fill_the_rollup_from_earlier_transfers(park):
    """funding 0003 fills the counterparty rows and zone totals, projects 0005 the grant groups' rows."""
    books(park)
    expected = flows()
    assert any(party_kind == "grant_group" for _kind, party_kind, _p, _d in expected)
    FlowRollup.objects.all().delete()
    editor = SimpleNamespace(connection=connection)
    importlib.import_module("innopark.funding.migrations.0003_flow_rollup").fill(None, editor)
    importlib.import_module("innopark.projects.migrations.0005_grant_account_category_group").fill(None, editor)
    assert flows() == expected


def test_a_grant_account_with_a_rollup_group_adds_to_the_groups_monthly_row(park):
    """ADR 0073: the month's total of the group's grant accounts, keyed by the group negated, net of reversals; a
    grant account without a group adds no such row."""
    books(park)
    contribute(park, 1_000_00, on=DAY)
    move(park, "allocation", park.fund, park.grant2, 500_00, on=dt.date(2016, 7, 1))
    move(park, "disbursement", park.grant2, park.external, 70_00, on=dt.date(2016, 7, 2))
    assert flows(party_kind="grant_group") == {
        ("allocation", "grant_group", -7, dt.date(2016, 6, 1)): (900_00, 1),
        ("disbursement", "grant_group", -7, dt.date(2016, 7, 1)): (250_00, 2),
        ("disbursement", "grant_group", -7, dt.date(2016, 8, 1)): (-50_00, 1),
        ("refund", "grant_group", -7, dt.date(2016, 9, 1)): (100_00, 1),
    }
    # The zone's totals still count every grant account once: the group rows are not counterparties.
    assert flows(zone=park.zone, kind="disbursement", party_id=0) == {
        ("disbursement", "grant", 0, dt.date(2016, 7, 1)): (320_00, 3),
        ("disbursement", "grant", 0, dt.date(2016, 8, 1)): (-50_00, 1),
    }
    assert rollup_check() == []


def test_a_batch_adds_to_the_group_rows_like_single_transfers(park):
    contribute(park, 1_000_00, on=DAY)
    allocate(park, 600_00)
    items = [
        {
            "kind": "disbursement",
            "from_account": park.grant,
            "to_account": park.external,
            "amount_tiyn": amount,
            "idempotency_key": f.new_key(),
            "occurred_on": dt.date(2016, 7, day),
        }
        for day, amount in ((1, 100_00), (2, 200_00))
    ]
    ledger.transfers_create_batch(actor=park.admin, transfers=items)
    assert flows(kind="disbursement", party_kind="grant_group") == {
        ("disbursement", "grant_group", -7, dt.date(2016, 7, 1)): (300_00, 2)
    }
    assert rollup_check() == []


@pytest.mark.parametrize("damage", ["change_total", "change_party", "drop_row", "change_group", "drop_group"])
def test_the_ledger_check_reports_a_rollup_that_differs_from_the_transfers(park, damage):
    books(park)
    total = FlowRollup.objects.get(zone=park.zone, kind="contribution", party_kind="funder", party_id=0, day=DAY)
    if damage == "change_total":
        FlowRollup.objects.filter(pk=total.pk).update(amount_tiyn=total.amount_tiyn + 1)
    elif damage == "change_party":
        FlowRollup.objects.filter(party_id=park.funder2_account.pk).update(amount_tiyn=1)
    elif damage == "change_group":
        FlowRollup.objects.filter(party_kind="grant_group", kind="allocation").update(amount_tiyn=1)
    elif damage == "drop_group":
        FlowRollup.objects.filter(party_kind="grant_group").delete()
    else:
        FlowRollup.objects.filter(pk=total.pk).delete()
    report = ledger.ledger_check()
    assert not report.ok
    assert any("ledger flow rollup" in problem for problem in report.problems)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("ledger", "check", stdout=io.StringIO(), stderr=err)
    assert exit_.value.code == 1
    assert "ledger flow rollup" in err.getvalue()


def test_the_flow_key_from_the_accounts_the_caller_already_holds(park):
    """transfer_create passes the accounts it locked (kind and zone only) and the original of a reversal, so that
    record_flow reads nothing more; the key is the same as from the transfer's own relations."""
    contribute(park, 10)
    allocate(park, 10)
    paid = move(park, "disbursement", park.grant, park.external, 1, on=dt.date(2016, 7, 1))
    back = move(park, "reversal", None, None, 1, on=dt.date(2016, 7, 2), reverses=paid)
    back = type(back).objects.get(pk=back.pk)  # a fresh instance: relations not loaded

    def bare(account):
        return LedgerAccount(pk=account.pk, kind=account.kind, zone_id=account.zone_id)

    key = flow_key(back, bare(park.external), bare(park.grant), paid)
    assert key == flow_key(back) == (park.zone.pk, "disbursement", "grant", park.grant.pk)
    assert flow_key(paid, bare(park.grant), bare(park.external)) == key

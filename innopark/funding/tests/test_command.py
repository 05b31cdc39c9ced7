"""`innopark ledger check`: prints totals and passes on a sound ledger; exits 1 naming the fault otherwise."""

import io

import pytest
from django.core.management import call_command

from innopark.funding.tests.factories import allocate, contribute

pytestmark = pytest.mark.django_db


def test_ledger_check_passes_and_prints_totals(park):
    contribute(park, 1_000_00)
    allocate(park, 400_00)
    out = io.StringIO()
    call_command("ledger", "check", stdout=out)
    text = out.getvalue()
    assert "ledger check passed" in text and "sum of all balances: 0 tiyn" in text
    assert "KZT\xa01,000.00" in text


def test_ledger_check_exits_1_naming_the_fault(park, monkeypatch):
    from innopark.funding import ledger_check as module

    contribute(park, 500)
    from innopark.funding.management.commands import ledger as command

    report = module.LedgerReport(problems=["1 account(s) whose balance differs from their transfers: 7"])
    monkeypatch.setattr(command, "ledger_check", lambda: report)
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "check", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "balance differs" in err.getvalue()


def test_ledger_check_also_fails_on_a_grant_rollup_that_differs_from_the_grants(park):
    """The statistics read the grant rollup (ADR 0071): a row no grant accounts for is named and fails the check."""
    import datetime as dt

    from innopark.projects.models import BUILTIN_CATEGORY_CODES, GrantRollup

    GrantRollup.objects.create(
        zone=park.zone,
        category_id=sorted(BUILTIN_CATEGORY_CODES)[0],
        month=dt.date(2016, 1, 1),
        grants=1,
        amount_tiyn=100_00,
    )
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("ledger", "check", stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 1
    assert "2016" in err.getvalue()

"""The whole journey through the services: call → application → review → decision → grant → tranche paid."""

from innopark.funding import ledger
from innopark.projects import services
from innopark.projects.models import Grant
from innopark.projects.tests.factories import granted


def test_approved_application_becomes_a_grant_and_a_paid_tranche_reduces_the_grant_account(park):
    fund_before = ledger.account_balance(park.fund)
    grant = granted(park)
    assert grant.status == "active"
    assert grant.amount_tiyn == 10_000_000_00
    assert grant.awarded_on is not None
    assert grant.category_id == "digital_export"
    assert ledger.account_balance(park.fund) == fund_before - grant.amount_tiyn
    assert ledger.account_balance(grant.ledger_account) == grant.amount_tiyn
    first = grant.milestones.get(number=1)
    services.milestone_report(actor=park.rep, milestone=first, text="Прототип готов", indicators={"users": 12})
    services.milestone_accept(actor=park.staff, milestone=first)
    first.refresh_from_db()
    assert first.status == "paid"
    assert first.disbursement.amount_tiyn == first.tranche_tiyn
    assert ledger.account_balance(grant.ledger_account) == grant.amount_tiyn - first.tranche_tiyn
    # Paying again changes nothing.
    services.tranche_disburse(actor=park.staff, milestone=first)
    assert ledger.account_balance(grant.ledger_account) == grant.amount_tiyn - first.tranche_tiyn
    assert Grant.objects.count() == 1

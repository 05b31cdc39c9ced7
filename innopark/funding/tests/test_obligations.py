"""Funders' contracts, declared bases, fulfilment with carry-forward, quarterly reports; bad input and permissions."""

import datetime as dt
from decimal import Decimal

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.funding.fulfilment import contract_years, funder_years
from innopark.funding.models import BaseDeclaration, Contribution
from innopark.funding.services import (
    base_declare,
    contribution_record,
    direct_spending_report,
    fulfilment_report_submit,
)
from innopark.funding.tests import factories as f

pytestmark = pytest.mark.django_db


def pay(park, contract, year, amount, key=None):
    return contribution_record(
        actor=park.admin,
        contract=contract,
        year=year,
        zone=park.zone,
        amount_tiyn=amount,
        idempotency_key=key or f.new_key(),
        occurred_on=dt.date(year, 4, 1),
    )


def test_obligation_is_rate_times_base_rounded_half_up(park):
    contract = f.make_contract(park.admin, park.funder, rd_rate=Decimal("0.0150"))
    declaration = base_declare(
        actor=park.funder_rep, contract=contract, year=2016, base_tiyn=1_000_033, document=f.document()
    )
    assert declaration.obligation_tiyn == 15_000  # 15 000.495 → 15 000


def test_fulfilment_statuses_and_carry_forward(park):
    contract = f.make_contract(park.admin, park.funder)
    for year in (2015, 2016, 2017):
        base_declare(actor=park.admin, contract=contract, year=year, base_tiyn=100_000_000, document=f.document())
    pay(park, contract, 2015, 1_300_000)  # obligation 1 000 000: over by 300 000
    pay(park, contract, 2016, 500_000)  # 500 000 + 300 000 carried = 800 000 < 1 000 000
    direct_spending_report(
        actor=park.funder_rep,
        contract=contract,
        year=2017,
        quarter=2,
        amount_tiyn=1_000_000,
        description="Lab equipment R&D",
        evidence=f.document("act.pdf"),
    )
    rows = {r.year: r for r in contract_years(contract)}
    assert (rows[2015].status, rows[2015].carried_out_tiyn) == ("fulfilled", 300_000)
    assert (rows[2016].status, rows[2016].carried_in_tiyn, rows[2016].shortfall_tiyn) == ("partly", 300_000, 200_000)
    assert (rows[2017].status, rows[2017].carried_in_tiyn) == ("fulfilled", 0)
    assert [y.status for y in funder_years(park.funder)] == ["fulfilled", "partly", "fulfilled"]


def test_year_without_declaration_is_not_due_and_carries_its_payments(park):
    contract = f.make_contract(park.admin, park.funder)
    pay(park, contract, 2015, 400_000)
    base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=10_000_000, document=f.document())
    rows = {r.year: r for r in contract_years(contract)}
    assert rows[2015].status == "not_due" and rows[2015].carried_out_tiyn == 400_000
    assert rows[2016].status == "fulfilled" and rows[2016].carried_out_tiyn == 300_000


def test_reversed_contribution_no_longer_counts(park):
    from innopark.funding import ledger

    contract = f.make_contract(park.admin, park.funder)
    base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=100_000_000, document=f.document())
    contribution = pay(park, contract, 2016, 1_000_000)
    ledger.transfer_create(
        actor=park.admin,
        kind="reversal",
        from_account=None,
        to_account=None,
        reverses=contribution.transfer,
        amount_tiyn=250_000,
        idempotency_key=f.new_key(),
    )
    row = contract_years(contract)[0]
    assert row.contributed_tiyn == 750_000 and row.shortfall_tiyn == 250_000


def test_contribution_record_is_idempotent(park):
    contract = f.make_contract(park.admin, park.funder)
    first = pay(park, contract, 2016, 1_000, key="contribution-key-1")
    assert pay(park, contract, 2016, 1_000, key="contribution-key-1") == first
    assert Contribution.objects.count() == 1
    with pytest.raises(Conflict):
        pay(park, contract, 2017, 1_000, key="contribution-key-1")


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"document": None}, "document_required", "document"),
        ({"document": "empty"}, "document_empty", "document"),
        ({"document": "exe"}, "document_type", "document"),
        ({"base_tiyn": -1}, "amount_not_positive", "base_tiyn"),
        ({"base_tiyn": 10**16}, "amount_too_large", "base_tiyn"),
        ({"base_tiyn": Decimal("1.5")}, "fraction_of_tiyn", "base_tiyn"),
        ({"year": 1999}, "invalid_year", "year"),
    ],
)
def test_bad_declarations_write_nothing(park, changes, code, field):
    contract = f.make_contract(park.admin, park.funder)
    args = {"actor": park.funder_rep, "contract": contract, "year": 2016, "base_tiyn": 1_000, "document": f.document()}
    special = {"empty": f.document(content=b""), "exe": f.document("virus.exe")}
    args.update({k: special.get(v, v) if isinstance(v, str) else v for k, v in changes.items()})
    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as error:
        base_declare(**args)
    assert error.value.code == code and field in error.value.fields
    assert AuditEvent.objects.count() == events and BaseDeclaration.objects.count() == 0


def test_declaring_twice_is_a_conflict(park):
    contract = f.make_contract(park.admin, park.funder)
    base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=1_000, document=f.document())
    with pytest.raises(Conflict):
        base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=2_000, document=f.document())


def test_only_the_funders_people_or_staff_may_declare(park):
    contract = f.make_contract(park.admin, park.funder)
    for outsider in (park.funder2_rep, park.expert, None):
        with pytest.raises(NotAllowed):
            base_declare(actor=outsider, contract=contract, year=2016, base_tiyn=1_000, document=f.document())
    base_declare(actor=park.staff, contract=contract, year=2016, base_tiyn=1_000, document=f.document())


def test_quarterly_report_freezes_the_figures(park):
    contract = f.make_contract(park.admin, park.funder)
    base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=100_000_000, document=f.document())
    pay(park, contract, 2016, 600_000)
    report = fulfilment_report_submit(actor=park.funder_rep, contract=contract, year=2016, quarter=2)
    assert (report.obligation_tiyn, report.contributed_tiyn) == (1_000_000, 600_000)
    with pytest.raises(Conflict):
        fulfilment_report_submit(actor=park.funder_rep, contract=contract, year=2016, quarter=2)
    with pytest.raises(ApplicationError) as error:
        fulfilment_report_submit(actor=park.funder_rep, contract=contract, year=2099, quarter=1)
    assert error.value.code == "quarter_in_future"


def test_contract_number_unique_per_funder(park):
    f.make_contract(park.admin, park.funder, number="K-1")
    with pytest.raises(ApplicationError):
        f.make_contract(park.admin, park.funder, number="K-1")
    f.make_contract(park.admin, park.funder2, number="K-1")

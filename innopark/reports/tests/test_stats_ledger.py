"""Money figures from the ledger: contributions attracted, amounts disbursed, reversals, funder, quarter, and
authority by the jurisdiction in force on each transfer's date."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from innopark.core.identifiers import make_bin
from innopark.funding import services as ledger
from innopark.registry.services.organizations import organization_create
from innopark.reports.stats import compute, parse_stats_query
from innopark.zones.services import jurisdiction_transfer
from innopark.zones.tests import factories as zf

TENGE = 100


@pytest.fixture
def books(admin):
    old = zf.make_authority(admin, "old-ministry")
    new = zf.make_authority(admin, "new-akimat", kind="akimat")
    zone = zf.make_zone(admin, "money-park", authority=old)
    jurisdiction_transfer(zone=zone, to_authority=new, effective_on=dt.date(2016, 7, 1), basis="Decree", actor=admin)
    f1 = organization_create(actor=admin, bin=make_bin("0101", serial=501), name_ru="Недра-1")
    f2 = organization_create(actor=admin, bin=make_bin("0202", serial=502), name_ru="Недра-2")
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    n = iter(range(1, 1000))

    def move(kind, source, target, tenge, day, **extra):
        return ledger.transfer_create(
            actor=admin,
            kind=kind,
            from_account=source,
            to_account=target,
            amount_tiyn=tenge * TENGE,
            idempotency_key=f"stats-test-{next(n):04d}",
            occurred_on=day,
            **extra,
        )

    a1, a2 = ledger.ledger_account_for_funder(organization=f1), ledger.ledger_account_for_funder(organization=f2)
    move("contribution", a1, fund, 100, dt.date(2015, 3, 1))
    move("contribution", a2, fund, 200, dt.date(2016, 5, 1))
    late = move("contribution", a1, fund, 50, dt.date(2016, 9, 1))
    move("reversal", None, None, 20, dt.date(2016, 10, 1), reverses=late)
    # Imported history passes through the fund but is not money attracted from subsoil users.
    move("contribution", ledger.ledger_account_imported_history(zone=zone), fund, 1000, dt.date(2016, 1, 10))
    grant = ledger.ledger_account_open_grant(actor=admin, zone=zone, reference="grant:TEST-1")
    external = ledger.ledger_account_external()
    move("allocation", fund, grant, 80, dt.date(2015, 4, 1))
    move("disbursement", grant, external, 30, dt.date(2015, 6, 1))
    paid = move("disbursement", grant, external, 40, dt.date(2016, 2, 1))
    move("reversal", None, None, 10, dt.date(2016, 3, 1), reverses=paid)
    return {"zone": zone, "old": old, "new": new, "f1": f1}


def by_period(query):
    result = compute(query)
    return {r.period: r for r in [*result.rows, result.total]}


def test_contributions_and_disbursements_per_year(books):
    rows = by_period(parse_stats_query(zone="money-park", year_from=2015, year_to=2016))
    assert rows["2015"].contributions_tiyn == 100 * TENGE
    assert rows["2016"].contributions_tiyn == (200 + 50 - 20) * TENGE
    assert rows["2015"].amount_disbursed_tiyn == 30 * TENGE
    assert rows["2016"].amount_disbursed_tiyn == (40 - 10) * TENGE
    assert rows["2015-2016"].contributions_tiyn == 330 * TENGE


def test_by_quarter_and_by_funder(books):
    rows = by_period(parse_stats_query(zone="money-park", by="quarter", year_from=2016, year_to=2016))
    assert [rows[f"2016-Q{q}"].contributions_tiyn // TENGE for q in (1, 2, 3, 4)] == [0, 200, 50, -20]
    rows = by_period(parse_stats_query(zone="money-park", funder=books["f1"].bin, year_from=2015, year_to=2016))
    assert rows["2015"].contributions_tiyn == 100 * TENGE and rows["2016"].contributions_tiyn == 30 * TENGE


def test_an_authority_counts_what_it_oversaw_on_each_date(books):
    old = by_period(parse_stats_query(authority="old-ministry", year_from=2015, year_to=2016))
    new = by_period(parse_stats_query(authority="new-akimat", year_from=2015, year_to=2016))
    assert old["2016"].contributions_tiyn == 200 * TENGE  # before 1 July 2016
    assert new["2016"].contributions_tiyn == 30 * TENGE  # from 1 July 2016
    assert new["2015"].contributions_tiyn == 0
    assert old["2015-2016"].contributions_tiyn + new["2015-2016"].contributions_tiyn == 330 * TENGE


def test_the_command_and_the_api_agree(books, client):
    out = io.StringIO()
    call_command("stats", zone="money-park", year_from="2015", year_to="2016", format="json", stdout=out)
    from_command = json.loads(out.getvalue())
    from_api = client.get("/api/v1/stats", {"zone": "money-park", "from": 2015, "to": 2016}).json()
    assert from_command == from_api
    assert from_api[1]["contributions_kzt"] == "230.00" and from_api[1]["amount_disbursed_kzt"] == "30.00"

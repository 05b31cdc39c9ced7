"""Money figures read from the ledger's flow rollup (ADR 0070) stay exact where the rollup's monthly totals do not
reach: a jurisdiction that changes in the middle of a month, a single funder, a category or region of grants, and
the split of contributions by funder (net of reversals)."""

import datetime as dt

import pytest
from django.utils import timezone

from innopark.core.identifiers import make_bin
from innopark.funding import services as ledger
from innopark.funding.models import LedgerAccount
from innopark.funding.rollup import rollup_check, rollup_rebuild
from innopark.projects.models import Category, Grant
from innopark.projects.rollup import grant_rollup_rebuild
from innopark.projects.tests import factories as pf
from innopark.registry.models import Organization
from innopark.registry.services.organizations import organization_create
from innopark.reports import selectors
from innopark.reports.stats import compute, parse_stats_query
from innopark.zones.services import jurisdiction_transfer
from innopark.zones.tests import factories as zf

TENGE = 100


@pytest.fixture
def split_month(admin):
    """A zone handed from one authority to another on 15 July 2016, with contributions on either side of it."""
    old = zf.make_authority(admin, "old-ministry")
    new = zf.make_authority(admin, "new-akimat", kind="akimat")
    zone = zf.make_zone(admin, "split-park", authority=old)
    jurisdiction_transfer(zone=zone, to_authority=new, effective_on=dt.date(2016, 7, 15), basis="Decree", actor=admin)
    f1 = organization_create(actor=admin, bin=make_bin("0101", serial=601), name_ru="Недра-1")
    f2 = organization_create(actor=admin, bin=make_bin("0202", serial=602), name_ru="Недра-2")
    a1, a2 = ledger.ledger_account_for_funder(organization=f1), ledger.ledger_account_for_funder(organization=f2)
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    n = iter(range(1, 100))

    def contribute(account, tenge, day, **extra):
        return ledger.transfer_create(
            actor=admin,
            kind="contribution" if "reverses" not in extra else "reversal",
            from_account=account,
            to_account=fund if account else None,
            amount_tiyn=tenge * TENGE,
            idempotency_key=f"split-month-{next(n):04d}",
            occurred_on=day,
            **extra,
        )

    contribute(a1, 100, dt.date(2016, 3, 1))
    contribute(a1, 10, dt.date(2016, 7, 10))  # old authority: before the 15th
    contribute(a2, 20, dt.date(2016, 7, 14))  # old authority: the last day before the change
    late = contribute(a1, 40, dt.date(2016, 7, 15))  # new authority from the 15th on
    contribute(None, 5, dt.date(2016, 7, 31), reverses=late)  # new authority
    contribute(a2, 200, dt.date(2016, 9, 1))
    return {"zone": zone, "f1": f1, "f2": f2}


def periods(**params):
    result = compute(parse_stats_query(**params))
    return {r.period: r.contributions_tiyn // TENGE for r in [*result.rows, result.total]}


def test_a_month_split_between_two_authorities_counts_each_day_for_its_own(split_month):
    old = periods(authority="old-ministry", by="quarter", year_from=2016, year_to=2016)
    new = periods(authority="new-akimat", by="quarter", year_from=2016, year_to=2016)
    assert [old[f"2016-Q{q}"] for q in (1, 2, 3, 4)] == [100, 0, 30, 0]
    assert [new[f"2016-Q{q}"] for q in (1, 2, 3, 4)] == [0, 0, 235, 0]
    zone = periods(zone="split-park", year_from=2016, year_to=2016)
    assert old["2016"] + new["2016"] == zone["2016"] == 365
    # An authority and a zone together: the zone's days under that authority.
    assert periods(zone="split-park", authority="new-akimat", year_from=2016, year_to=2016)["2016"] == 235


def test_one_funder_and_the_split_by_funder_are_net_of_reversals(split_month):
    assert periods(zone="split-park", funder=split_month["f1"].bin, year_from=2016, year_to=2016)["2016"] == 145
    assert periods(zone="split-park", funder=split_month["f2"].bin, year_from=2016, year_to=2016)["2016"] == 220
    query = parse_stats_query(zone="split-park", year_from=2016, year_to=2016)
    by_funder = selectors.contributions_by_funder(query, compute(query))
    assert by_funder == [("Недра-2", 220 * TENGE), ("Недра-1", 145 * TENGE)]
    assert rollup_check() == []


@pytest.fixture
def two_grants(db):
    """Two grants of one park in different categories and regions, each with payments, one partly reversed."""
    p = pf.make_park()
    # The region is the recipient's when the grant is awarded (ADR 0072), so it is set before.
    Organization.objects.filter(pk=p.org.pk).update(kato="750000000")  # Almaty
    Organization.objects.filter(pk=p.other_org.pk).update(kato="711000000")  # Astana
    p.org.refresh_from_db()
    p.other_org.refresh_from_db()
    first = pf.granted(p)
    second = pf.granted(p, organization=p.other_org, rep=p.other_rep)
    # A shortcut past the services: the grant's account takes the new category as its rollup group, and the grant
    # rollup (ADR 0071) and the ledger's flow rollup (ADR 0070, 0073) are rebuilt after it.
    Grant.objects.filter(pk=second.pk).update(category_id="ict")
    LedgerAccount.objects.filter(pk=second.ledger_account_id).update(rollup_group=Category.objects.get(code="ict").pk)
    grant_rollup_rebuild()
    rollup_rebuild()
    external = ledger.ledger_account_external()
    n = iter(range(1, 100))
    payments = {}
    for grant, tenge in ((first, 1_000), (second, 3_000)):
        payments[grant.pk] = ledger.transfer_create(
            actor=p.admin,
            kind="disbursement",
            from_account=grant.ledger_account,
            to_account=external,
            amount_tiyn=tenge * TENGE,
            idempotency_key=f"two-grants-{next(n):04d}",
        )
    ledger.transfer_create(
        actor=p.admin,
        kind="reversal",
        from_account=None,
        to_account=None,
        amount_tiyn=400 * TENGE,
        idempotency_key=f"two-grants-{next(n):04d}",
        reverses=payments[second.pk],
    )
    return p


def disbursed(**params):
    year = timezone.localdate().year
    result = compute(parse_stats_query(year_from=year, year_to=year, **params))
    return result.total.amount_disbursed_tiyn // TENGE


def test_disbursements_by_category_and_region_read_the_grants_own_rows(two_grants):
    zone = two_grants.zone.code
    assert disbursed(zone=zone) == 1_000 + 3_000 - 400
    assert disbursed(zone=zone, category="digital_export") == 1_000
    assert disbursed(zone=zone, category="ict") == 2_600
    assert disbursed(zone=zone, region="75") == 1_000
    assert disbursed(zone=zone, region="71") == 2_600
    assert disbursed(zone=zone, region="79") == 0
    assert disbursed(category="ict") == 2_600  # all zones


def test_a_category_for_an_authority_counts_each_payment_for_the_authority_of_its_date(two_grants, admin):
    """A grant awarded under one authority and paid under the next: each payment counts for the authority that
    oversaw the zone on the day it was paid, with or without a category, whole months from the category's monthly
    rows and the month of the handover day by day (ADR 0073)."""
    p = two_grants
    old = p.zone.authority
    new = zf.make_authority(admin, "category-akimat", kind="akimat")
    jurisdiction_transfer(zone=p.zone, to_authority=new, effective_on=dt.date(2016, 7, 15), basis="Decree", actor=admin)
    ict = Grant.objects.get(zone=p.zone, category_id="ict")
    Grant.objects.filter(pk=ict.pk).update(awarded_on=dt.date(2016, 3, 1))  # awarded under the old authority
    grant_rollup_rebuild()
    external = ledger.ledger_account_external()
    for n, (day, tenge) in enumerate(
        ((dt.date(2016, 6, 3), 50), (dt.date(2016, 7, 10), 100), (dt.date(2016, 7, 20), 30))
    ):
        ledger.transfer_create(
            actor=p.admin,
            kind="disbursement",
            from_account=ict.ledger_account,
            to_account=external,
            amount_tiyn=tenge * TENGE,
            idempotency_key=f"authority-category-{n:04d}",
            occurred_on=day,
        )

    def paid_2016(**params):
        result = compute(parse_stats_query(year_from=2016, year_to=2016, **params))
        return result.total.amount_disbursed_tiyn // TENGE

    assert paid_2016(authority=old.code, category="ict") == 150
    assert paid_2016(authority=new.code, category="ict") == 30
    assert paid_2016(authority=new.code, category="digital_export") == 0
    assert paid_2016(authority=old.code) + paid_2016(authority=new.code) == paid_2016(zone=p.zone.code) == 180
    assert paid_2016(category="ict") == paid_2016(zone=p.zone.code, category="ict") == 180
    assert rollup_check() == []

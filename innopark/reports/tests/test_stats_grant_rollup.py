"""Projects financed and amounts awarded read the grant rollup (ADR 0071), which the services that award, import and
amend grants keep exact; the region of a grant is its recipient's when it was awarded (ADR 0072); an organization
active in two zones is one participant of the country."""

import datetime as dt

import pytest
from django.utils import timezone

from innopark.projects import services
from innopark.projects.models import GrantRollup
from innopark.projects.rollup import grant_rollup_check
from innopark.projects.tests import factories as pf
from innopark.registry.models import Organization
from innopark.registry.services.organizations import organization_update
from innopark.registry.services.participants import participant_exclude
from innopark.registry.tests import factories as rf
from innopark.reports.stats import compute, parse_stats_query
from innopark.zones.tests import factories as zf

TENGE = 100


def this_year(**params):
    year = timezone.localdate().year
    return compute(parse_stats_query(year_from=year, year_to=year, **params)).total


@pytest.fixture
def park(db):
    p = pf.make_park()
    Organization.objects.filter(pk=p.org.pk).update(kato="750000000")  # Almaty, before the award
    p.org.refresh_from_db()
    return p


def test_an_award_and_an_amendment_keep_the_rollup_and_the_figures_exact(park):
    grant = pf.granted(park)
    total = this_year(zone=park.zone.code)
    assert (total.projects, total.amount_awarded_tiyn) == (1, grant.amount_tiyn)
    assert grant_rollup_check() == []
    first, last = grant.milestones.order_by("number").first(), grant.milestones.order_by("-number").first()
    cut = 1_000_000 * TENGE
    amendment = services.grant_amendment_propose(
        actor=park.rep,
        grant=grant,
        reason="Smaller scope",
        amount_tiyn=grant.amount_tiyn - cut,
        milestones=[
            {"deliverable": first.deliverable, "due_on": first.due_on, "tranche_tiyn": first.tranche_tiyn},
            {"deliverable": last.deliverable, "due_on": last.due_on, "tranche_tiyn": last.tranche_tiyn - cut},
        ],
    )
    # Proposed only: nothing changes yet.
    assert this_year(zone=park.zone.code).amount_awarded_tiyn == grant.amount_tiyn
    services.grant_amendment_decide(actor=park.officer, amendment=amendment, approve=True, reasons="OK")
    grant.refresh_from_db()
    for params in ({"zone": park.zone.code}, {}, {"category": grant.category_id}):
        total = this_year(**params)
        assert (total.projects, total.amount_awarded_tiyn) == (1, grant.amount_tiyn), params
    # The figures from the rollup equal those read from the grants themselves (a region reads the grants).
    assert this_year(zone=park.zone.code, region="75").amount_awarded_tiyn == grant.amount_tiyn
    assert grant_rollup_check() == []


def test_the_check_names_a_row_that_differs_from_the_grants(park):
    grant = pf.granted(park)
    GrantRollup.objects.filter(zone=park.zone).update(grants=2)
    problems = grant_rollup_check()
    assert len(problems) == 1 and grant.category_id in problems[0] and "2 grants" in problems[0]


def test_a_grant_counts_in_the_region_of_its_recipient_at_the_award(park):
    grant = pf.granted(park)
    assert grant.recipient_kato == "750000000"
    organization_update(actor=park.admin, organization=park.org, kato="711000000")  # the company moves to Astana
    assert this_year(zone=park.zone.code, region="75").projects == 1
    assert this_year(zone=park.zone.code, region="71").projects == 0


def test_a_company_that_moved_to_another_zone_is_one_participant_of_the_country_each_year(park):
    other = zf.make_zone(park.admin, "second-park")

    def participants(**params):
        result = compute(parse_stats_query(year_from=2016, year_to=2017, **params))
        return [r.participants for r in [*result.rows, result.total]]

    before = [participants(), participants(zone=park.zone.code), participants(zone=other.code)]
    company = rf.make_organization(park.admin)
    first = rf.make_participant(park.admin, company, park.zone, registered_on=dt.date(2016, 3, 1), n=901)
    participant_exclude(actor=park.admin, participant=first, on=dt.date(2017, 6, 30), grounds="Moved")
    rf.make_participant(park.admin, company, other, registered_on=dt.date(2017, 9, 1), n=902)
    after = [participants(), participants(zone=park.zone.code), participants(zone=other.code)]
    # Ends of 2016, of 2017, and of the whole span (the end of 2017): in the first zone, then in the other.
    deltas = [[a - b for a, b in zip(x, y, strict=True)] for x, y in zip(after, before, strict=True)]
    assert deltas == [[1, 1, 1], [1, 0, 0], [0, 1, 1]]

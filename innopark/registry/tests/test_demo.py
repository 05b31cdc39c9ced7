import datetime as dt
import io

import pytest

from innopark.audit.models import AuditEvent
from innopark.registry import demo, selectors
from innopark.registry.models import Organization, Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_park(settings):
    settings.DEMO = True
    from innopark.zones import demo as zones_demo

    out = io.StringIO()
    zones_demo.load(stdout=out)
    demo.load(stdout=out)
    return out


def test_demo_has_the_35_companies_of_alatau_and_loading_twice_changes_nothing(demo_park):
    from innopark.zones.models import Zone

    zone = Zone.objects.get(code="alatau-itp")
    companies = selectors.participant_companies(zone, dt.date(2015, 1, 1), dt.date(2017, 12, 31))
    assert companies.count() == 35
    assert all(org.is_fictitious for org in companies)
    statuses = sorted(Participant.objects.filter(zone=zone).values_list("status", flat=True))
    assert statuses.count("suspended") == 1 and statuses.count("excluded") == 1 and statuses.count("active") == 33
    assert selectors.active_participants(zone, dt.date(2017, 12, 31)).count() == 35
    assert all(p.certificates.exists() and hasattr(p, "agreement") for p in Participant.objects.filter(zone=zone))
    assert Participant.objects.filter(zone=zone, reports__year=2015).distinct().count() == 8
    assert {"moderation", "submitted", "commission", "returned"} <= set(
        zone.applications.values_list("status", flat=True)
    )
    before = (AuditEvent.objects.count(), Organization.objects.count())
    demo.load(stdout=io.StringIO())
    assert (AuditEvent.objects.count(), Organization.objects.count()) == before

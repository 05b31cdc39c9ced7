import datetime as dt
import io

import pytest

from innopark.audit.models import AuditEvent
from innopark.zones import demo
from innopark.zones.models import StaffHeadcount, Zone
from innopark.zones.selectors import authority_on, priority_activities_on

pytestmark = pytest.mark.django_db


def test_demo_tells_the_alatau_story_and_is_idempotent():
    demo.load(io.StringIO())
    events = AuditEvent.objects.count()
    demo.load(io.StringIO())
    assert AuditEvent.objects.count() == events

    zone = Zone.objects.get(code="alatau-itp")
    assert zone.kato == "750000000" and zone.expires_on == dt.date(2028, 1, 1)
    assert authority_on(zone, dt.date(2017, 12, 31)).code == "mid-rk"
    assert authority_on(zone, dt.date(2018, 3, 1)).code == "mic-rk"
    assert authority_on(zone, dt.date(2019, 1, 1)).code == "almaty-akimat"
    assert authority_on(zone, dt.date(2019, 1, 1)).code == "almaty-akimat"
    assert zone.jurisdiction.filter(illustrative=True).count() == 3
    assert AuditEvent.objects.filter(zone_code="alatau-itp", event_type="zone.jurisdiction_transferred").count() == 2
    # The akimat widened the priority list after it took over.
    assert (
        priority_activities_on(zone, dt.date(2018, 12, 1)).count()
        < priority_activities_on(zone, dt.date(2019, 6, 1)).count()
    )
    # The operator's staff is unchanged by both transfers and grows with phase 2.
    counts = dict(StaffHeadcount.objects.filter(zone=zone).values_list("on_date", "headcount"))
    assert counts[dt.date(2018, 1, 1)] == counts[dt.date(2018, 3, 1)] == counts[dt.date(2018, 10, 15)]
    assert counts[dt.date(2020, 7, 1)] > counts[dt.date(2018, 10, 15)]
    assert zone.phases.count() == 2
    assert zone.jurisdiction.get(authority__code="mic-rk").authority.successor.code == "mdai-rk"
    assert Zone.objects.get(code="saryarka-iz").is_fictitious

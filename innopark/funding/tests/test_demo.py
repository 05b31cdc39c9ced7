"""The funding demo: > 3.5 bn ₸ into alatau-itp in 2015-2017, enough by each June, idempotent, ledger check passes."""

import io

import pytest
from django.db.models import Sum

from innopark.audit.models import AuditEvent
from innopark.funding import ledger
from innopark.funding.models import Transfer


@pytest.mark.django_db
def test_demo_loads_once_and_passes_the_check(settings, tmp_path):
    settings.DEMO = True
    settings.MEDIA_ROOT = tmp_path
    from innopark.funding import demo as funding_demo
    from innopark.zones import demo as zones_demo

    zones_demo.load(stdout=io.StringIO())
    funding_demo.load(stdout=io.StringIO())
    contributions = Transfer.objects.filter(kind="contribution", to_account__zone__code="alatau-itp")
    total = contributions.aggregate(s=Sum("amount_tiyn"))["s"]
    assert total == 3_612_450_000_00 and total > 3_500_000_000_00
    by_june = {
        year: contributions.filter(occurred_on__lte=f"{year}-05-31").aggregate(s=Sum("amount_tiyn"))["s"]
        for year in (2015, 2016, 2017)
    }
    assert by_june[2015] >= 21_400_000_00 and by_june[2016] >= 877_400_000_00 and by_june[2017] >= 2_600_000_000_00
    events = AuditEvent.objects.count()
    funding_demo.load(stdout=io.StringIO())
    assert AuditEvent.objects.count() == events
    assert ledger.ledger_check().ok
    from innopark.accounts.models import User

    assert User.objects.filter(email="funder@demo.innopark.kz", role_assignments__role="funder_rep").exists()

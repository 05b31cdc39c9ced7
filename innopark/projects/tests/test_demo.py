"""The demo history: exact yearly counts and sums, 80% digital, allocations dated in their year, idempotent."""

import datetime as dt
import importlib
import io

import pytest
from django.db.models import Count, Sum

from innopark.audit.models import AuditEvent
from innopark.projects.models import Application, Grant


def _optional_demo(app: str):
    try:
        return importlib.import_module(f"innopark.{app}.demo")
    except ModuleNotFoundError:
        return None


def _prerequisites(out):
    """The zones, accounts, registry and funding demos; stand-ins for those not yet written."""
    from innopark.funding import ledger
    from innopark.registry.tests import factories as rf
    from innopark.zones import demo as zones_demo
    from innopark.zones.models import Zone

    zones_demo.load(out)
    for app in ("accounts", "registry", "funding"):
        module = _optional_demo(app)
        if module is not None:
            module.load(out)
    zone = Zone.objects.get(code="alatau-itp")
    from innopark.accounts.models import User

    admin = User.objects.get(email="admin@demo.innopark.kz")
    if not zone.participants.exists():
        for n in range(35):
            organization = rf.make_organization(admin, is_fictitious=True)
            rf.make_participant(admin, organization, zone, registered_on=dt.date(2014, 6, 1), n=9000 + n)
    fund = ledger.ledger_account_for_zone_fund(zone=zone)
    if ledger.account_balance(fund) < 2_600_000_000_00:
        funder = rf.make_organization(admin, is_subsoil_user=True, is_fictitious=True)
        ledger.transfer_create(
            actor=admin,
            kind="contribution",
            from_account=ledger.ledger_account_for_funder(organization=funder),
            to_account=fund,
            amount_tiyn=3_600_000_000_00,
            idempotency_key="test-demo-contribution",
            occurred_on=dt.date(2015, 1, 20),
        )
    return zone


@pytest.mark.django_db
def test_demo_history_has_the_exact_figures_and_loads_idempotently(settings, tmp_path):
    from innopark.funding import ledger
    from innopark.projects import demo

    settings.MEDIA_ROOT = tmp_path
    out = io.StringIO()
    zone = _prerequisites(out)
    demo.load(out)
    rows = {
        r["awarded_on__year"]: (r["n"], r["s"])
        for r in Grant.objects.filter(zone=zone)
        .values("awarded_on__year")
        .annotate(n=Count("id"), s=Sum("amount_tiyn"))
    }
    assert rows == {2015: (5, 21_400_000_00), 2016: (27, 856_000_000_00), 2017: (32, 1_722_600_000_00)}
    digital = Grant.objects.filter(zone=zone, category__in=["digitalisation", "digital_export"]).count()
    assert digital == 52  # of 64: 81.25%, the smallest count at or above 80%
    for grant in Grant.objects.filter(zone=zone).select_related("ledger_account"):
        allocation = ledger.Transfer.objects.get(idempotency_key=f"projects:allocation:{grant.pk}:v1")
        assert allocation.occurred_on == grant.awarded_on
        assert allocation.amount_tiyn == grant.amount_tiyn
    open_call = zone.calls.get(code=f"alatau-itp-{dt.date.today().year}")
    assert open_call.applications.filter(status="in_review").count() == 2
    events = AuditEvent.objects.count()
    applications = Application.objects.count()
    demo.load(out)
    assert AuditEvent.objects.count() == events
    assert Application.objects.count() == applications

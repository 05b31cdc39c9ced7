"""Imported history: `grant_import` and `grant_disbursement_import` (ADR 0055).

A grant decided elsewhere exists without call, application or decision; its money comes from the zone's imported
history account so the fund's own balance does not move; importing it again changes nothing; other data under the
same identifier is refused; no workflow step applies to it; its pages and API answers work."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from innopark.accounts.models import Role
from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.funding import ledger
from innopark.funding.models import FlowRollup
from innopark.projects import services
from innopark.projects.models import Category, Grant
from innopark.projects.tests.factories import TENGE, granted, make_user
from innopark.registry.tests import factories as rf

pytestmark = pytest.mark.django_db

AMOUNT = 21_400_000 * TENGE


def values(park, **changes):
    out = {
        "zone": park.zone,
        "organization": park.org,
        "title": "Цифровая платформа",
        "summary": "Платформа для бизнеса",
        "category_code": "digitalisation",
        "awarded_on": dt.date(2015, 6, 1),
        "amount_tiyn": AMOUNT,
        "starts_on": dt.date(2015, 7, 1),
        "ends_on": dt.date(2016, 7, 1),
        "external_id": "360G-other-park-001",
    }
    out.update(changes)
    return out


def written(park):
    """Everything an import could write."""
    return (Grant.objects.count(), ledger.Transfer.objects.count(), AuditEvent.objects.count())


def test_an_imported_grant_has_no_call_application_or_decision_and_leaves_the_fund_untouched(park):
    fund_before = ledger.account_balance(park.fund)
    grant = services.grant_import(actor=park.staff, **values(park))
    grant.refresh_from_db()
    assert (grant.application, grant.decision, grant.call) == (None, None, None)
    assert grant.is_imported and grant.status == "imported" and grant.external_id == "360G-other-park-001"
    assert (grant.amount_tiyn, grant.awarded_on, grant.category_id, grant.summary) == (
        AMOUNT,
        dt.date(2015, 6, 1),
        "digitalisation",
        "Платформа для бизнеса",
    )
    assert grant.organization == park.org and grant.zone == park.zone
    # The money: imported history → fund → grant; the fund's own balance is where it was.
    assert ledger.account_balance(park.fund) == fund_before
    assert ledger.account_balance(grant.ledger_account) == AMOUNT
    history = ledger.ledger_account_imported_history(zone=park.zone)
    assert ledger.account_balance(history) == -AMOUNT
    contribution = ledger.Transfer.objects.get(kind="contribution", from_account=history)
    assert contribution.occurred_on == dt.date(2015, 6, 1)
    # Whose money: imported history, not the subsoil user whose money sits in the fund.
    assert ledger.grant_funding_lineage(grant.ledger_account) == [(None, AMOUNT)]
    assert AuditEvent.objects.filter(event_type="grant.imported", subject_id=grant.pk).count() == 1
    assert ledger.ledger_check().ok


def test_awarded_and_imported_grants_have_their_category_as_ledger_rollup_group(park):
    """ADR 0073: the ledger's flow rollup totals a grant's payments by its category, so that the figures of one
    category read a row per zone and month instead of every grant's rows."""
    awarded = granted(park)
    imported = services.grant_import(actor=park.staff, **values(park))
    for grant in (awarded, imported):
        grant.refresh_from_db()
        assert grant.ledger_account.rollup_group == Category.objects.get(code=grant.category_id).pk
    rows = FlowRollup.objects.filter(party_kind="grant_group", kind="allocation")
    by_group = {row.party_id: row.amount_tiyn for row in rows}
    assert by_group == {
        -Category.objects.get(code="digital_export").pk: awarded.amount_tiyn,
        -Category.objects.get(code="digitalisation").pk: AMOUNT,
    }
    assert ledger.ledger_check().ok


def test_importing_the_same_grant_again_changes_nothing(park):
    grant = services.grant_import(actor=park.staff, **values(park))
    before = written(park)
    assert services.grant_import(actor=park.staff, **values(park)) == grant
    assert written(park) == before


def test_other_data_under_the_same_identifier_is_refused_naming_the_fields(park):
    services.grant_import(actor=park.staff, **values(park))
    before = written(park)
    with pytest.raises(ApplicationError) as refused:
        services.grant_import(
            actor=park.staff, **values(park, amount_tiyn=AMOUNT + 1, organization=park.other_org, title="Другое")
        )
    assert refused.value.code == "import_mismatch"
    assert set(refused.value.fields) == {"amount_tiyn", "organization", "title"}
    assert written(park) == before


def test_the_same_identifier_may_be_imported_into_another_zone(park):
    services.grant_import(actor=park.staff, **values(park))
    other_zone = rf.make_zone(park.admin, "other-zone")
    grant = services.grant_import(actor=park.admin, **values(park, zone=other_zone))
    assert grant.zone == other_zone and Grant.objects.filter(external_id="360G-other-park-001").count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_tiyn": 0}, "amount_tiyn"),
        ({"amount_tiyn": -5}, "amount_tiyn"),
        ({"amount_tiyn": 10.5}, "amount_tiyn"),
        ({"title": "  "}, "title"),
        ({"external_id": ""}, "external_id"),
        ({"external_id": "x" * 256}, "external_id"),
        ({"category_code": "nonsense"}, "category_code"),
        ({"awarded_on": dt.date(1999, 12, 31)}, "awarded_on"),
        ({"awarded_on": dt.date.today() + dt.timedelta(days=2)}, "awarded_on"),
        ({"awarded_on": "2015-06-01"}, "awarded_on"),
        ({"ends_on": dt.date(2015, 7, 1)}, "ends_on"),
        ({"organization": None}, "organization"),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_writes_nothing(park, changes, field):
    before = written(park)
    with pytest.raises(ApplicationError) as refused:
        services.grant_import(actor=park.staff, **values(park, **changes))
    assert field in refused.value.fields
    assert written(park) == before


def test_planned_dates_are_optional(park):
    grant = services.grant_import(actor=park.staff, **values(park, starts_on=None, ends_on=None))
    assert (grant.starts_on, grant.ends_on) == (None, None)


def test_only_the_zones_operator_staff_or_an_administrator_may_import(park):
    other_zone = rf.make_zone(park.admin, "elsewhere")
    refused = [
        None,
        AnonymousUser(),
        park.rep,
        park.experts[0],
        park.funder_rep,
        park.officer,  # decides in the zone, but does not keep its records
        make_user(Role.OPERATOR_STAFF, zone=other_zone),
    ]
    before = written(park)
    for actor in refused:
        with pytest.raises(NotAllowed):
            services.grant_import(actor=actor, **values(park))
    assert written(park) == before
    assert services.grant_import(actor=park.staff, **values(park)).pk
    assert services.grant_import(actor=park.admin, **values(park, external_id="360G-other-park-002")).pk


def test_disbursements_are_recorded_once_and_checked(park):
    grant = services.grant_import(actor=park.staff, **values(park))
    first = services.grant_disbursement_import(
        actor=park.staff, grant=grant, number=1, paid_on=dt.date(2015, 9, 1), amount_tiyn=1_000_000_050
    )
    assert (first.kind, first.from_account_id, first.occurred_on) == (
        "disbursement",
        grant.ledger_account_id,
        dt.date(2015, 9, 1),
    )
    assert first.to_account == ledger.ledger_account_external()
    before = written(park)
    again = services.grant_disbursement_import(
        actor=park.staff, grant=grant, number=1, paid_on=dt.date(2015, 9, 1), amount_tiyn=1_000_000_050
    )
    assert again == first and written(park) == before
    with pytest.raises(ApplicationError) as refused:
        services.grant_disbursement_import(
            actor=park.staff, grant=grant, number=1, paid_on=dt.date(2015, 9, 2), amount_tiyn=1_000_000_050
        )
    assert refused.value.code == "import_mismatch" and set(refused.value.fields) == {"paid_on"}
    assert ledger.account_balance(grant.ledger_account) == AMOUNT - 1_000_000_050
    assert AuditEvent.objects.filter(event_type="grant.disbursement_imported", subject_id=grant.pk).count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount_tiyn": 0}, "amount_tiyn"),
        ({"amount_tiyn": AMOUNT + 1}, "amount_tiyn"),  # more than the grant holds
        ({"paid_on": dt.date(2015, 5, 31)}, "paid_on"),  # before the award
        ({"paid_on": dt.date.today() + dt.timedelta(days=2)}, "paid_on"),
        ({"number": 0}, "number"),
    ],
)
def test_bad_disbursements_are_refused_and_write_nothing(park, changes, field):
    grant = services.grant_import(actor=park.staff, **values(park))
    payment = {"number": 1, "paid_on": dt.date(2015, 9, 1), "amount_tiyn": 100 * TENGE, **changes}
    before = written(park)
    with pytest.raises(ApplicationError) as refused:
        services.grant_disbursement_import(actor=park.staff, grant=grant, **payment)
    assert field in refused.value.fields
    assert written(park) == before


def test_disbursements_permissions_and_only_for_imported_grants(park):
    grant = services.grant_import(actor=park.staff, **values(park))
    payment = {"number": 1, "paid_on": dt.date(2015, 9, 1), "amount_tiyn": 100 * TENGE}
    for actor in (None, park.rep, park.officer, make_user(Role.OPERATOR_STAFF, zone=rf.make_zone(park.admin))):
        with pytest.raises(NotAllowed):
            services.grant_disbursement_import(actor=actor, grant=grant, **payment)
    awarded = granted(park)
    with pytest.raises(ApplicationError) as refused:
        services.grant_disbursement_import(actor=park.staff, grant=awarded, **payment)
    assert refused.value.code == "not_imported"


def test_no_workflow_step_applies_to_an_imported_grant(park):
    grant = services.grant_import(actor=park.staff, **values(park))
    before = written(park)
    steps = [
        lambda: services.grant_suspend(actor=park.staff, grant=grant, reason="Нарушение"),
        lambda: services.grant_resume(actor=park.staff, grant=grant, reason="Возобновить"),
        lambda: services.grant_terminate(actor=park.officer, grant=grant, reason="Расторгнуть"),
        lambda: services.grant_complete(actor=park.staff, grant=grant),
        lambda: services.grant_amendment_propose(actor=park.staff, grant=grant, reason="Продлить", amount_tiyn=5),
        lambda: services.outcome_report_submit(actor=park.staff, grant=grant, period="completion", jobs=1),
    ]
    for step in steps:
        with pytest.raises(ApplicationError):
            step()
    grant.refresh_from_db()
    assert grant.status == "imported" and written(park) == before


def test_pages_and_api_show_an_imported_grant(client, park):
    grant = services.grant_import(actor=park.staff, **values(park, starts_on=None, ends_on=None))
    services.grant_disbursement_import(
        actor=park.staff, grant=grant, number=1, paid_on=dt.date(2015, 9, 1), amount_tiyn=1_000 * TENGE
    )
    public = client.get("/projects/financed/")
    assert public.status_code == 200 and "Цифровая платформа" in public.content.decode()
    items = client.get("/api/v1/projects/financed").json()["items"]
    mine = next(i for i in items if i["title"] == "Цифровая платформа")
    assert mine["starts_on"] is None and mine["status"] == "imported"

    assert client.get(f"/projects/grants/{grant.pk}/").status_code == 302  # sign in first
    client.force_login(park.other_rep)
    assert client.get(f"/projects/grants/{grant.pk}/").status_code == 404
    assert client.get(f"/api/v1/projects/grants/{grant.pk}").status_code == 404
    for user in (park.staff, park.rep):
        client.force_login(user)
        page = client.get(f"/projects/grants/{grant.pk}/")
        assert page.status_code == 200
        html = page.content.decode()
        assert 'data-testid="origin"' in html and "360G-other-park-001" in html
        assert 'data-testid="imported-payments"' in html and 'data-action="suspend"' not in html
        answer = client.get(f"/api/v1/projects/grants/{grant.pk}").json()
        assert (answer["origin"], answer["call"], answer["external_id"], answer["paid_tiyn"]) == (
            "imported",
            None,
            "360G-other-park-001",
            1_000 * TENGE,
        )
        assert grant.pk in [g["id"] for g in client.get("/api/v1/projects/grants").json()["items"]]
        assert client.get("/projects/grants/").status_code == 200
    client.force_login(park.staff)
    refused = client.post(
        f"/api/v1/projects/grants/{grant.pk}/suspend", {"reason": "x"}, content_type="application/json"
    )
    assert refused.status_code in (400, 409)

"""Pages: the zone fund for staff, funders' obligations and statements; permissions, forms, double posts."""

import pytest

from innopark.audit.models import AuditEvent
from innopark.funding.models import BaseDeclaration, Contribution
from innopark.funding.services import base_declare, contribution_record
from innopark.funding.tests import factories as f
from innopark.funding.tests.factories import allocate, contribute

pytestmark = pytest.mark.django_db


def test_fund_page_permissions(client, park):
    url = f"/funding/funds/{park.zone.code}/"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    for outsider in (park.other_staff, park.funder_rep, park.expert):
        client.force_login(outsider)
        assert client.get(url).status_code == 404
    client.force_login(park.staff)
    contribute(park, 123_456_00)
    response = client.get(url)
    assert response.status_code == 200
    assert "123\xa0456,00\xa0₸" in response.content.decode()


def test_fund_list_shows_only_readable_zones(client, park):
    client.force_login(park.staff)
    body = client.get("/funding/funds/").content.decode()
    assert park.zone.code in body and park.other_zone.code not in body
    client.force_login(park.funder_rep)
    assert client.get("/funding/funds/").status_code == 404


def test_record_contribution_form_once(client, park):
    contract = f.make_contract(park.admin, park.funder)
    client.force_login(park.staff)
    url = f"/funding/funds/{park.zone.code}/"
    form = {
        "once": "tok-123456789",
        "contract": contract.pk,
        "year": 2016,
        "amount": "1 500 000,50",
        "occurred_on": "2016-04-01",
        "earmark": "",
    }
    assert client.post(url, form).status_code == 302
    assert Contribution.objects.get().transfer.amount_tiyn == 150_000_050
    events = AuditEvent.objects.count()
    again = client.post(url, form)
    assert again.status_code == 400
    assert Contribution.objects.count() == 1 and AuditEvent.objects.count() == events


@pytest.mark.parametrize("amount", ["-5", "0", "1,005", "abc", "99999999999999999"])
def test_bad_contribution_amount_on_the_page_writes_nothing(client, park, amount):
    contract = f.make_contract(park.admin, park.funder)
    client.force_login(park.staff)
    events = AuditEvent.objects.count()
    response = client.post(
        f"/funding/funds/{park.zone.code}/",
        {
            "once": "tok-bad-amount",
            "contract": contract.pk,
            "year": 2016,
            "amount": amount,
            "occurred_on": "2016-04-01",
        },
    )
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert AuditEvent.objects.count() == events and Contribution.objects.count() == 0


def test_funder_sees_own_obligations_not_others(client, park):
    f.make_contract(park.admin, park.funder)
    f.make_contract(park.admin, park.funder2)
    client.force_login(park.funder_rep)
    assert client.get(f"/funding/funders/{park.funder.bin}/").status_code == 200
    assert client.get(f"/funding/funders/{park.funder2.bin}/").status_code == 404
    assert client.get("/funding/funders/").status_code == 302  # only one funder: straight to it
    client.force_login(park.expert)
    assert client.get(f"/funding/funders/{park.funder.bin}/").status_code == 404


def test_declare_base_needs_a_document(client, park, settings, tmp_path):
    contract = f.make_contract(park.admin, park.funder)
    client.force_login(park.funder_rep)
    url = f"/funding/funders/{park.funder.bin}/"
    data = {
        "form": "declare",
        "declare-once": "tok-declare-1",
        "declare-contract": contract.pk,
        "declare-year": 2015,
        "declare-base": "50 000 000",
    }
    events = AuditEvent.objects.count()
    response = client.post(url, data)
    assert response.status_code == 400
    assert BaseDeclaration.objects.count() == 0 and AuditEvent.objects.count() == events
    data["declare-document"] = f.document()
    assert client.post(url, data).status_code == 302
    declaration = BaseDeclaration.objects.get()
    assert declaration.obligation_tiyn == 50_000_000_00 // 100


def test_statement_page_pdf_and_xlsx(client, park):
    contract = f.make_contract(park.admin, park.funder)
    base_declare(actor=park.admin, contract=contract, year=2016, base_tiyn=10_000_000_00, document=f.document())
    contribution_record(
        actor=park.admin,
        contract=contract,
        year=2016,
        zone=park.zone,
        amount_tiyn=12_000_000,
        idempotency_key=f.new_key(),
    )
    allocate(park, 5_000_000)
    client.force_login(park.funder_rep)
    url = f"/funding/funders/{park.funder.bin}/statement/2016/"
    page = client.get(url, headers={"Accept-Language": "ru"})
    assert page.status_code == 200
    assert "grant:T-1" in page.content.decode()
    pdf = client.get(url + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(url + "?format=xlsx")
    assert xlsx.content.startswith(b"PK")
    client.force_login(park.funder2_rep)
    assert client.get(url).status_code == 404


def test_grant_account_page_shows_lineage_and_history(client, park):
    contribute(park, 1000)
    allocate(park, 400)
    client.force_login(park.staff)
    body = client.get(f"/funding/accounts/{park.grant.pk}/").content.decode()
    assert park.funder.name in body
    client.force_login(park.other_staff)
    assert client.get(f"/funding/accounts/{park.grant.pk}/").status_code == 404


def test_home_panel_shows_a_funders_shortfall(client, park):
    import datetime as dt

    from innopark.funding.services import base_declare

    contract = f.make_contract(park.admin, park.funder)
    year = dt.date.today().year - 1
    base_declare(actor=park.admin, contract=contract, year=year, base_tiyn=100_000_000, document=f.document())
    client.force_login(park.funder_rep)
    body = client.get("/", headers={"Accept-Language": "en"}).content.decode()
    assert "Your R&amp;D obligations" in body or "R&D" in body
    assert park.funder.name in body

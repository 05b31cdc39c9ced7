"""Pages and API endpoints that work whatever the other apps hold: parameters, permissions, errors."""

import pytest

from innopark.accounts.models import Role
from innopark.audit.models import AuditEvent
from innopark.zones.tests import factories as zf


def test_public_dashboard_renders_for_anonymous(client, zone):
    response = client.get("/figures/", {"zone": zone.code, "year_from": 2015, "year_to": 2017})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="key-figures"' in body and "<svg" in body
    assert body.count('id="chart-') >= 5


def test_dashboard_shows_a_bad_year_on_the_form(client, zone):
    response = client.get(
        "/figures/", {"zone": zone.code, "year_from": 2017, "year_to": 2015}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "The first year comes after the last." in response.content.decode()


def test_dashboard_unknown_zone_is_404(client, zone):
    assert client.get("/figures/", {"zone": "no-such-zone"}).status_code == 404


def test_internal_dashboard_permissions(client, zone, admin):
    assert client.get("/figures/internal/").status_code == 302  # anonymous: to the login page
    expert = zf.make_user(Role.EXPERT)
    client.force_login(expert)
    assert client.get("/figures/internal/").status_code == 403
    other_zone = zf.make_zone(admin, "other-park")
    staff_elsewhere = zf.make_user(Role.OPERATOR_STAFF, zone=other_zone)
    client.force_login(staff_elsewhere)
    # Staff of another zone see their own zone only: asking for this one is not found.
    assert client.get("/figures/internal/", {"zone": zone.code}).status_code == 404
    staff = zf.make_user(Role.OPERATOR_STAFF, zone=zone)
    client.force_login(staff)
    response = client.get(
        "/figures/internal/", {"zone": zone.code, "by": "quarter", "year_from": 2016, "year_to": 2016}
    )
    assert response.status_code == 200
    assert "2016-Q4" in response.content.decode()


def test_chart_csv_download(client, zone):
    response = client.get("/figures/charts/projects.csv", {"zone": zone.code, "year_from": 2015, "year_to": 2016})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[1].startswith("2015,0,0.00")
    assert client.get("/figures/charts/nope.csv", {"zone": zone.code}).status_code == 404
    assert client.get("/figures/charts/disbursed.csv", {"zone": zone.code, "internal": "1"}).status_code == 403


def test_open_data_page_lists_datasets(client, zone):
    response = client.get("/figures/open-data/")
    assert response.status_code == 200
    assert 'id="datasets"' in response.content.decode()


def test_api_stats_shape(client, zone):
    response = client.get("/api/v1/stats", {"zone": zone.code, "by": "year", "from": 2015, "to": 2017})
    assert response.status_code == 200
    rows = response.json()
    assert [r["period"] for r in rows] == ["2015", "2016", "2017", "2015-2017"]
    assert rows[0]["amount_awarded_kzt"] == "0.00" and rows[-1]["is_total"] is True


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": 2017, "to": 2015}, "from"),
        ({"from": 1200}, "from"),
        ({"category": "astrology"}, "category"),
        ({"funder": "123456789012"}, "funder"),
        ({"region": "Almaty"}, "region"),
    ],
)
def test_api_stats_refuses_bad_parameters_naming_them(client, zone, params, field):
    response = client.get("/api/v1/stats", {"zone": zone.code, **params}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_parameters" and field in body["fields"]
    assert body["message"] != "Some parameters are not valid."  # in Russian


def test_api_stats_unknown_zone_is_404(client, db):
    response = client.get("/api/v1/stats", {"zone": "nowhere"})
    assert response.status_code == 404 and response.json()["code"] == "zone_not_found"


def test_feed_refuses_a_forged_token(client, db):
    response = client.get("/api/v1/feed", {"since": "not-a-token"})
    assert response.status_code == 400
    assert response.json()["fields"]["since"]


def test_feed_starts_empty_and_returns_a_token(client, db):
    before = AuditEvent.objects.count()
    body = client.get("/api/v1/feed").json()
    assert body["items"] == [] and body["has_more"] is False
    assert client.get("/api/v1/feed", {"since": body["next_since"]}).status_code == 200
    assert AuditEvent.objects.count() == before


def test_open_data_api_lists_datasets(client, db):
    assert client.get("/api/v1/open-data").status_code == 200


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_annual_report_pdf_and_xlsx(client, zone, lang):
    import io

    from openpyxl import load_workbook

    pdf = client.get(f"/figures/report/{zone.code}/2016.pdf", {"lang": lang})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(f"/figures/report/{zone.code}/2016.xlsx", {"lang": lang})
    assert xlsx.status_code == 200
    book = load_workbook(io.BytesIO(xlsx.content))
    titles = {"kk": "2016 жылғы жылдық есеп", "ru": "Годовой отчёт за 2016 год", "en": "Annual report 2016"}
    assert book.worksheets[0]["A1"].value == titles[lang]
    assert len(book.worksheets) == 4


def test_annual_report_refusals(client, zone):
    assert client.get(f"/figures/report/{zone.code}/1995.pdf").status_code == 400
    assert client.get("/figures/report/nowhere/2016.pdf").status_code == 404
    assert client.get(f"/figures/report/{zone.code}/2016.doc").status_code == 404

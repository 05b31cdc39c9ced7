"""After a zone is handed to another authority, the former authority reads only the records of the period it
oversaw (ADR 0021); the authority in force reads everything; an unrelated authority nothing. Through selectors,
pages and the API."""

import datetime as dt

import pytest

from innopark.accounts.models import Role
from innopark.audit.selectors import subject_visibility
from innopark.registry import selectors, services
from innopark.registry.models import AdmissionApplication, ParticipantReport
from innopark.registry.periods import Period
from innopark.registry.tests import factories as f
from innopark.registry.tests.test_report_file import FIGURES

pytestmark = pytest.mark.django_db

TRANSFER = dt.date(2018, 2, 15)


@pytest.fixture
def handed_over(world):
    """test-itp overseen by world.officer's ministry from 2010, handed to an akimat on 2018-02-15.

    - `old_p` registered 2016 (active during the old period), suspended in 2019, its certificate reissued today;
      reports 2017 Q4 (inside), 2018 Q1 (straddles the transfer) and 2018 Q3 (after);
    - `new_p` admitted in 2019 (after the transfer);
    - `old_app` submitted in 2017 (inside), `new_app` submitted today (after).
    """
    from innopark.zones import services as zone_services

    w = world
    w.akimat = zone_services.authority_create(
        actor=w.admin, code="almaty-akimat", kind="akimat", name_kk="Әкімдік", name_ru="Акимат", name_en="Akimat"
    )
    zone_services.jurisdiction_transfer(
        zone=w.zone, to_authority=w.akimat, effective_on=TRANSFER, basis="Government decree", actor=w.admin
    )
    w.old_officer = w.officer
    w.new_officer = f.make_user(Role.AUTHORITY_OFFICER, authority=w.akimat)
    w.unrelated_officer = f.make_user(Role.AUTHORITY_OFFICER, authority=w.other_zone.authority)
    w.old_p = f.make_participant(w.admin, w.org, w.zone, registered_on=dt.date(2016, 3, 1))
    third = f.make_organization(w.admin)
    w.new_p = services.participant_import(
        actor=w.admin,
        organization=third,
        zone=w.zone,
        oked="62010",
        admitted_on=dt.date(2019, 2, 1),
        registered_on=dt.date(2019, 3, 1),
        register_entry_number="2019-09999",
    )
    for year, quarter, on in ((2017, 4, dt.date(2018, 1, 20)), (2018, 1, dt.date(2018, 4, 20)), (2018, 3, None)):
        services.report_file(
            actor=w.rep, participant=w.old_p, year=year, quarter=quarter, on=on or dt.date(2018, 10, 20), **FIGURES
        )
    services.participant_suspend(actor=w.staff, participant=w.old_p, on=dt.date(2019, 6, 1), grounds="Нарушение")
    w.old_certificate = w.old_p.certificates.get()
    w.new_certificate = services.certificate_reissue(actor=w.staff, certificate=w.old_certificate, reason="lost")
    w.old_app = f.make_application(w.other_rep, w.other_org, w.zone, submit=True)
    AdmissionApplication.objects.filter(pk=w.old_app.pk).update(submitted_on=dt.date(2017, 5, 10))
    fourth = f.make_organization(w.admin)
    rep4 = f.make_user(Role.PARTICIPANT_REP, organization=fourth)
    w.new_app = f.make_application(rep4, fourth, w.zone, submit=True)
    w.old_p.refresh_from_db()
    return w


def _periods(reports):
    return sorted((r.year, r.quarter) for r in reports)


def test_selectors_former_authority_sees_only_its_period(handed_over):
    w = handed_over
    assert list(selectors.participants_visible_to(w.old_officer)) == [w.old_p]
    assert list(selectors.applications_visible_to(w.old_officer)) == [w.old_app]
    assert _periods(selectors.reports_visible_to(w.old_officer)) == [(2017, 4)]
    assert selectors.file_periods(w.old_officer, w.old_p) == ((dt.date(2010, 1, 1), TRANSFER),)
    view = selectors.participant_file(w.old_officer, w.old_p)
    assert view.cutoff == TRANSFER - dt.timedelta(days=1)
    assert view.status == "active" and view.suspended_on is None
    assert [c.number for c in view.certificates] == [w.old_certificate.number]
    assert view.compliance.lines and all(line.period.end < TRANSFER for line in view.compliance.lines)
    keys = {breach.key for breach in view.compliance.breaches}
    assert "investment" in keys  # due 2017-12-31, inside the period
    assert all(key.startswith(("missing:2016", "missing:2017", "investment", "jobs")) for key in keys)
    assert any(
        key.startswith("missing:2019")
        for key in (b.key for b in selectors.participant_file(w.new_officer, w.old_p).compliance.breaches)
    )


def test_selectors_current_authority_sees_everything(handed_over):
    w = handed_over
    assert set(selectors.participants_visible_to(w.new_officer)) == {w.old_p, w.new_p}
    assert set(selectors.applications_visible_to(w.new_officer)) == {w.old_app, w.new_app}
    assert _periods(selectors.reports_visible_to(w.new_officer)) == [(2017, 4), (2018, 1), (2018, 3)]
    view = selectors.participant_file(w.new_officer, w.old_p)
    assert not view.limited and view.status == "suspended" and len(view.certificates) == 2


def test_selectors_unrelated_authority_sees_nothing(handed_over):
    w = handed_over
    assert not selectors.participants_visible_to(w.unrelated_officer).exists()
    assert not selectors.applications_visible_to(w.unrelated_officer).exists()
    assert not selectors.reports_visible_to(w.unrelated_officer).exists()


def test_former_authority_organizations_and_history(handed_over):
    w = handed_over
    orgs = selectors.organizations_visible_to(w.old_officer)
    assert orgs.filter(pk=w.other_org.pk).exists()  # its application was submitted in the period
    assert not orgs.filter(pk=w.new_app.organization_id).exists()  # submitted after, not in the public register
    visibility = subject_visibility(w.old_officer, "registry.participant", w.old_p.pk)
    assert not visibility.everything and visibility.periods == ((dt.date(2010, 1, 1), TRANSFER),)
    assert subject_visibility(w.new_officer, "registry.participant", w.old_p.pk).everything
    assert subject_visibility(w.old_officer, "registry.participant", w.new_p.pk) is None
    assert subject_visibility(w.unrelated_officer, "registry.participant", w.old_p.pk) is None
    assert subject_visibility(w.old_officer, "registry.admissionapplication", w.new_app.pk) is None
    assert not subject_visibility(w.old_officer, "registry.admissionapplication", w.old_app.pk).everything


@pytest.mark.parametrize(
    ("start", "end", "inside", "outside"),
    [
        # Mid-quarter bounds: only whole quarters and years inside count.
        (dt.date(2010, 1, 1), TRANSFER, [(2010, 1), (2017, 4), (2017, 0), (2010, 0)], [(2018, 1), (2018, 0)]),
        (dt.date(2012, 5, 10), dt.date(2014, 1, 1), [(2012, 3), (2013, 4), (2013, 0)], [(2012, 2), (2012, 0)]),
        (dt.date(2012, 4, 1), None, [(2012, 2), (2030, 0)], [(2012, 1), (2011, 0)]),
    ],
)
def test_report_period_containment(world, start, end, inside, outside):
    from innopark.registry.selectors import _reports_within

    participant = f.make_participant(world.admin, world.org, world.zone, registered_on=dt.date(2009, 3, 1))
    for key in inside + outside:
        assert selectors.period_within(Period(*key), ((start, end),)) == (key in inside), key
    ParticipantReport.objects.bulk_create(
        [
            ParticipantReport(participant=participant, year=y, quarter=q, submitted_on=dt.date(2031, 1, 1), **FIGURES)
            for (y, q) in inside + outside
        ]
    )
    found = set(ParticipantReport.objects.filter(_reports_within(((start, end),))).values_list("year", "quarter"))
    assert found == set(inside)


def test_pages_former_authority(handed_over, client):
    w = handed_over
    client.force_login(w.old_officer)
    page = client.get(f"/register/participants/{w.old_p.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-status="active"' in html and 'data-limited="true"' in html
    assert "2017 Q4" in html and "2018 Q3" not in html and "2018 Q1" not in html
    assert w.new_certificate.number not in html
    assert client.get(f"/register/participants/{w.new_p.pk}/").status_code == 404
    assert client.get(f"/register/applications/{w.old_app.pk}/").status_code == 200
    assert client.get(f"/register/applications/{w.new_app.pk}/").status_code == 404
    pdf = f"/register/participants/{w.old_p.pk}/certificates/"
    assert client.get(f"{pdf}{w.old_certificate.number}.pdf").status_code == 200
    assert client.get(f"{pdf}{w.new_certificate.number}.pdf").status_code == 404
    queue = client.get("/register/queues/").content.decode()
    assert f"/register/applications/{w.old_app.pk}/" in queue
    assert f"/register/applications/{w.new_app.pk}/" not in queue
    assert f"/register/participants/{w.new_p.pk}/" not in queue
    document = w.new_app.documents.get()
    assert client.get(f"/register/documents/{document.pk}/").status_code == 404
    assert client.get(f"/register/documents/{w.old_app.documents.get().pk}/").status_code == 200
    old_report = ParticipantReport.objects.get(participant=w.old_p, year=2017, quarter=4)
    late_report = ParticipantReport.objects.get(participant=w.old_p, year=2018, quarter=3)
    assert client.get(f"/register/participants/{w.old_p.pk}/reports/{old_report.pk}/").status_code == 200
    assert client.get(f"/register/participants/{w.old_p.pk}/reports/{late_report.pk}/").status_code == 404
    breaches = client.get("/register/compliance/test-itp/").content.decode()
    assert "2016 Q1" in breaches and "2018 Q4" not in breaches and "2019 Q1" not in breaches
    client.force_login(w.new_officer)
    assert "2019 Q1" in client.get("/register/compliance/test-itp/").content.decode()


def test_pages_current_and_unrelated_authority(handed_over, client):
    w = handed_over
    client.force_login(w.new_officer)
    html = client.get(f"/register/participants/{w.old_p.pk}/").content.decode()
    assert 'data-status="suspended"' in html and 'data-limited="true"' not in html
    assert "2018 Q3" in html and w.new_certificate.number in html
    assert client.get(f"/register/participants/{w.new_p.pk}/").status_code == 200
    assert client.get(f"/register/applications/{w.new_app.pk}/").status_code == 200
    client.force_login(w.unrelated_officer)
    for url in (
        f"/register/participants/{w.old_p.pk}/",
        f"/register/applications/{w.old_app.pk}/",
        f"/register/participants/{w.old_p.pk}/certificates/{w.old_certificate.number}.pdf",
        "/register/compliance/test-itp/",
    ):
        assert client.get(url).status_code == 404


def test_api_former_authority(handed_over, client):
    w = handed_over
    client.force_login(w.old_officer)
    body = client.get(f"/api/v1/participants/{w.old_p.pk}").json()
    assert body["status"] == "active" and body["suspended_on"] is None
    assert body["certificate_number"] == w.old_certificate.number
    assert client.get(f"/api/v1/participants/{w.new_p.pk}").status_code == 404
    reports = client.get(f"/api/v1/participants/{w.old_p.pk}/reports").json()
    assert [(r["year"], r["quarter"]) for r in reports] == [(2017, 4)]
    apps = client.get("/api/v1/applications").json()["items"]
    assert [a["id"] for a in apps] == [w.old_app.pk]
    assert client.get(f"/api/v1/applications/{w.new_app.pk}").status_code == 404
    breaches = client.get(f"/api/v1/participants/{w.old_p.pk}/compliance").json()["breaches"]
    assert all(not b["key"].startswith(("missing:2018", "missing:2019", "missing:202")) for b in breaches)
    client.force_login(w.new_officer)
    body = client.get(f"/api/v1/participants/{w.old_p.pk}").json()
    assert body["status"] == "suspended" and body["certificate_number"] == w.new_certificate.number
    assert len(client.get(f"/api/v1/participants/{w.old_p.pk}/reports").json()) == 3
    assert len(client.get("/api/v1/applications").json()["items"]) == 2
    client.force_login(w.unrelated_officer)
    assert client.get(f"/api/v1/participants/{w.old_p.pk}").status_code == 404
    assert client.get("/api/v1/applications").json()["items"] == []


def test_former_authority_cannot_act(handed_over):
    from innopark.core.errors import NotAllowed

    w = handed_over
    with pytest.raises(NotAllowed):
        services.participant_reinstate(
            actor=w.old_officer, participant=w.old_p, on=dt.date(2020, 1, 1), grounds="Устранено"
        )
    services.participant_reinstate(actor=w.new_officer, participant=w.old_p, on=dt.date(2020, 1, 1), grounds="Ok")

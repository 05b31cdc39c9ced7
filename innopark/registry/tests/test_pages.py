import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.registry.models import AdmissionApplication, ParticipantReport
from innopark.registry.tests import factories as f

pytestmark = pytest.mark.django_db


def _once(client, url) -> str:
    response = client.get(url)
    marker = 'name="once" value="'
    html = response.content.decode()
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_public_register_page_filters_and_downloads(world, client):
    participant = f.make_participant(world.admin, world.org, world.zone)
    response = client.get("/register/")
    assert response.status_code == 200
    assert world.org.name_ru in response.content.decode() or world.org.name_kk in response.content.decode()
    assert participant.organization.bin in client.get(f"/register/?q={world.org.bin}").content.decode()
    assert client.get("/register/?status=draft").status_code == 400
    csv_response = client.get("/register/export.csv?zone=test-itp")
    body = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert world.org.bin in body and "project" not in body.lower()
    xlsx = client.get("/register/export.xlsx")
    assert xlsx.status_code == 200
    assert b"".join(xlsx.streaming_content)[:2] == b"PK"


def test_public_pages_work_in_every_language(world, client):
    participant = f.make_participant(world.admin, world.org, world.zone)
    number = participant.certificates.get().number
    for lang in ("kk", "ru", "en"):
        client.cookies["innopark_language"] = lang
        assert client.get("/register/").status_code == 200
        page = client.get(f"/register/verify/{number}")
        assert page.status_code == 200 and 'data-state="valid"' in page.content.decode()
    assert client.get("/register/verify/NO-SUCH").status_code == 404


def test_verification_shows_suspended_and_revoked(world, client):
    from innopark.registry import services

    participant = f.make_participant(world.admin, world.org, world.zone)
    number = participant.certificates.get().number
    services.participant_suspend(actor=world.staff, participant=participant, on=dt.date(2020, 1, 1), grounds="x")
    assert 'data-state="suspended"' in client.get(f"/register/verify/{number}").content.decode()
    services.participant_exclude(actor=world.staff, participant=participant, on=dt.date(2020, 2, 1), grounds="y")
    assert 'data-state="revoked"' in client.get(f"/register/verify/{number}").content.decode()


def test_applicant_pages_and_double_submit(world, client):
    client.force_login(world.rep)
    assert client.get("/register/my/").status_code == 200
    token = _once(client, "/register/applications/new/")
    data = {
        "once": token,
        "organization": world.org.pk,
        "zone": "test-itp",
        "project_title": "Проект",
        "project_summary": "Описание",
        "oked": "62010",
        "planned_investment_tiyn": "1 500 000,50",
        "planned_jobs": "4",
        "declares_true_data": "on",
        "declares_no_bankruptcy": "on",
        "declares_no_tax_debt": "on",
    }
    response = client.post("/register/applications/new/", data)
    assert response.status_code == 302
    application = AdmissionApplication.objects.get()
    assert application.planned_investment_tiyn == 150_000_050
    before = AuditEvent.objects.count()
    again = client.post("/register/applications/new/", data)
    assert again.status_code == 400 and AdmissionApplication.objects.count() == 1
    assert AuditEvent.objects.count() == before
    page = client.get(f"/register/applications/{application.pk}/")
    assert page.status_code == 200 and "Eligib" in page.content.decode() or page.status_code == 200


def test_application_form_refuses_an_activity_off_the_list_naming_the_field(world, client):
    client.force_login(world.rep)
    client.cookies["innopark_language"] = "ru"
    token = _once(client, "/register/applications/new/")
    response = client.post(
        "/register/applications/new/",
        {
            "once": token,
            "organization": world.org.pk,
            "zone": "test-itp",
            "project_title": "P",
            "project_summary": "S",
            "oked": "01110",
            "planned_jobs": "1",
        },
    )
    assert response.status_code == 400
    assert "01110" in response.content.decode()
    assert not AdmissionApplication.objects.exists()


def test_document_upload_page_refuses_wrong_type(world, client):
    application = f.make_application(world.rep, world.org, world.zone)
    client.force_login(world.rep)
    url = f"/register/applications/{application.pk}/"
    token = _once(client, url)
    response = client.post(
        f"{url}documents/", {"once": token, "kind": "other", "file": f.upload("x.pdf", b"GIF89a....")}
    )
    assert response.status_code == 400
    assert not application.documents.exists()


def test_staff_queue_and_steps_through_pages(world, client):
    application = f.make_application(world.rep, world.org, world.zone, submit=True)
    client.force_login(world.staff)
    queue = client.get("/register/queues/")
    assert queue.status_code == 200 and f"#{application.pk}" in queue.content.decode()
    url = f"/register/applications/{application.pk}/"
    for action in ("moderate", "pass"):
        assert client.post(f"{url}{action}/", {"once": _once(client, url)}).status_code == 302
    response = client.post(
        f"{url}decide/", {"once": _once(client, url), "decision": "approve", "reasons": "Соответствует"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    participant = application.participant
    purl = f"/register/participants/{participant.pk}/"
    today = participant.admitted_on.isoformat()
    response = client.post(
        f"{purl}agreement/",
        {
            "once": _once(client, purl),
            "number": "PG-1",
            "signed_on": today,
            "valid_until": "2027-12-31",
            "investment_tiyn": "1000000",
            "jobs": "3",
            "obligations_due_on": "2027-06-30",
        },
    )
    assert response.status_code == 302
    assert client.post(f"{purl}register/", {"once": _once(client, purl), "registered_on": today}).status_code == 302
    assert client.post(f"{purl}certificate/", {"once": _once(client, purl), "issued_on": today}).status_code == 302
    participant.refresh_from_db()
    assert participant.status == "active"
    number = participant.certificates.get().number
    pdf = client.get(f"{purl}certificates/{number}.pdf")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"
    bad = client.post(f"{purl}register/", {"once": _once(client, purl), "registered_on": today})
    assert bad.status_code == 400


def test_pages_by_role_on_own_and_others_objects(world, client):
    application = f.make_application(world.rep, world.org, world.zone)
    participant = f.make_participant(world.admin, world.org, world.zone)
    urls = [f"/register/participants/{participant.pk}/", f"/register/applications/{application.pk}/"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous
    for outsider in (world.other_rep, world.other_staff, world.expert):
        client.force_login(outsider)
        for url in urls:
            assert client.get(url).status_code == 404
    for insider in (world.rep, world.staff, world.officer, world.admin):
        client.force_login(insider)
        for url in urls:
            assert client.get(url).status_code == 200
    client.force_login(world.rep)
    assert client.get("/register/queues/").status_code == 403
    assert client.get("/register/import/").status_code == 403
    client.force_login(world.other_staff)
    assert client.get("/register/compliance/test-itp/").status_code == 404
    client.force_login(world.staff)
    assert client.get("/register/compliance/test-itp/").status_code == 200


def test_report_page(world, client):
    participant = f.make_participant(world.admin, world.org, world.zone)
    client.force_login(world.rep)
    url = f"/register/participants/{participant.pk}/reports/new/"
    data = {
        "once": _once(client, url),
        "year": "2016",
        "quarter": "2",
        "total_income_tiyn": "1000",
        "priority_income_tiyn": "950",
        "headcount": "4",
        "new_jobs": "1",
        "investment_tiyn": "0",
        "exports_tiyn": "0",
        "digital_exports_tiyn": "0",
        "tax_benefits_tiyn": "0",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "once": _once(client, url)})
    assert again.status_code == 400 and ParticipantReport.objects.count() == 1
    client.force_login(world.staff)
    assert client.get(url).status_code == 403


def test_import_page(world, client):
    from innopark.core.identifiers import make_bin

    client.force_login(world.staff)
    data = f"bin,name_ru\n{make_bin('1402', serial=901)},ТОО «Импорт»\n".encode()
    response = client.post(
        "/register/import/", {"once": _once(client, "/register/import/"), "file": f.upload("r.csv", data, "text/csv")}
    )
    assert response.status_code == 200 and "1" in response.content.decode()
    bad = client.post(
        "/register/import/",
        {"once": _once(client, "/register/import/"), "file": f.upload("r.csv", b"bin,name_ru\n1,x\n", "text/csv")},
    )
    assert bad.status_code == 400 and "row 2" in bad.content.decode().lower() or bad.status_code == 400


def test_home_panel_for_staff(world, client):
    f.make_application(world.rep, world.org, world.zone, submit=True)
    client.force_login(world.staff)
    assert client.get("/").status_code == 200


def test_overdue_steps_are_flagged_to_staff(world, client):
    from innopark.registry import services

    application = f.make_application(world.rep, world.org, world.zone)
    services.document_upload(actor=world.rep, application=application, name="a.pdf", data=f.PDF_BYTES)
    services.application_submit(actor=world.rep, application=application, on=dt.date.today() - dt.timedelta(days=30))
    client.force_login(world.staff)
    assert 'class="overdue"' in client.get("/register/queues/").content.decode()
    home = client.get("/").content.decode()
    assert 'class="badge bad"' in home

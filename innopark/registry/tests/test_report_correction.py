"""Report corrections (ADR 0022): the original is kept, the correction supersedes it for compliance and statistics,
both are shown with who and when, the operator is notified, and the event is audited."""

import datetime as dt

import pytest

from innopark.audit.models import AuditEvent
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.notifications.models import Notification
from innopark.registry import selectors, services
from innopark.registry.compliance import participant_compliance
from innopark.registry.models import ParticipantReport
from innopark.registry.tests import factories as f
from innopark.registry.tests.test_report_file import FIGURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(world):
    return f.make_participant(world.admin, world.org, world.zone, registered_on=dt.date(2016, 3, 1))


@pytest.fixture
def report(world, participant):
    # 80% priority income: below the zone's 90% threshold.
    return services.report_file(
        actor=world.rep,
        participant=participant,
        year=2016,
        quarter=2,
        on=dt.date(2016, 7, 20),
        **{**FIGURES, "priority_income_tiyn": 80_000_00},
    )


def _correct(actor, report, **changes):
    values = {**FIGURES, "reason": "Ошибка в доходе от приоритетной деятельности", **changes}
    return services.report_correct(actor=actor, report=report, on=dt.date(2016, 9, 1), **values)


def test_a_correction_supersedes_the_original_which_is_kept(world, participant, report):
    line = next(li for li in participant_compliance(participant).lines if li.period.key == "2016-2")
    assert line.below_threshold
    correction = _correct(world.rep, report)
    assert correction.corrects == report and correction.submitted_by == world.rep
    assert ParticipantReport.versions.filter(participant=participant).count() == 2
    assert list(ParticipantReport.objects.filter(participant=participant)) == [correction]
    assert list(participant.reports.all()) == [correction]
    line = next(li for li in participant_compliance(participant).lines if li.period.key == "2016-2")
    assert line.report == correction and not line.below_threshold
    assert [v.pk for v in selectors.report_versions(participant, report)] == [report.pk, correction.pk]
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.event_type == "participant.report_corrected"
    assert event.after["corrects"] == report.pk and event.before["priority_income_tiyn"] == 80_000_00
    notice = Notification.objects.get(recipient=world.staff, kind="registry.report_corrected")
    assert "2016 Q2" in notice.subject


def test_a_correction_can_itself_be_corrected_but_each_version_only_once(world, participant, report):
    first = _correct(world.rep, report)
    before = AuditEvent.objects.count()
    with pytest.raises(Conflict) as caught:
        _correct(world.rep, report, new_jobs=7)  # the superseded version, or a double submit
    assert caught.value.code == "already_corrected"
    assert AuditEvent.objects.count() == before
    second = _correct(world.rep, first, new_jobs=7)
    assert list(participant.reports.all()) == [second]


def test_statistics_count_only_the_reports_in_force(world, participant, report):
    from django.db.models import Sum

    _correct(world.rep, report, new_jobs=9)
    assert ParticipantReport.objects.filter(participant=participant).aggregate(n=Sum("new_jobs"))["n"] == 9


def test_a_second_report_for_the_period_is_still_refused(world, participant, report):
    _correct(world.rep, report)
    with pytest.raises(Conflict) as caught:
        services.report_file(
            actor=world.rep, participant=participant, year=2016, quarter=2, on=dt.date(2016, 9, 2), **FIGURES
        )
    assert caught.value.code == "period_already_reported"


def test_only_the_representative_corrects(world, participant, report):
    for outsider in (world.other_rep, world.staff, world.officer, world.expert):
        with pytest.raises(NotAllowed):
            _correct(outsider, report)
    assert ParticipantReport.versions.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"total_income_tiyn": -5}, "total_income_tiyn"),
        ({"priority_income_tiyn": 200_000_00}, "priority_income_tiyn"),
        ({"digital_exports_tiyn": 20_000_00}, "digital_exports_tiyn"),
        ({"headcount": -1}, "headcount"),
        ({"priority_income_tiyn": 80_000_00}, "total_income_tiyn"),  # changes nothing
    ],
)
def test_bad_correction_input_names_the_field_and_writes_nothing(world, report, changes, field):
    before = AuditEvent.objects.count()
    with pytest.raises(ApplicationError) as caught:
        _correct(world.rep, report, **changes)
    assert field in caught.value.fields
    assert ParticipantReport.versions.count() == 1 and AuditEvent.objects.count() == before


def _once(client, url) -> str:
    html = client.get(url).content.decode()
    marker = 'name="once" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_correction_page(world, participant, report, client):
    url = f"/register/participants/{participant.pk}/reports/{report.pk}/"
    client.force_login(world.rep)
    file_page = client.get(f"/register/participants/{participant.pk}/").content.decode()
    assert url in file_page  # the report page is reached from the participant's file
    page = client.get(url)
    assert page.status_code == 200 and 'data-action="correct"' in page.content.decode()
    data = {
        "once": _once(client, url),
        "total_income_tiyn": "100000",
        "priority_income_tiyn": "95000",
        "headcount": "10",
        "new_jobs": "2",
        "investment_tiyn": "5000000",
        "exports_tiyn": "10000",
        "digital_exports_tiyn": "8000",
        "tax_benefits_tiyn": "1000",
        "reason": "Исправлена опечатка",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    correction = ParticipantReport.objects.get(participant=participant)
    assert correction.corrects == report and correction.priority_income_tiyn == 95_000_00
    again = client.post(url, data)  # the same form submitted twice
    assert again.status_code == 400 and ParticipantReport.versions.count() == 2
    html = client.get(response["Location"]).content.decode()
    assert "Исправлена опечатка" in html and world.rep.email in html and 'data-in-force="true"' in html
    assert f'data-version="{report.pk}"' in html
    file_page = client.get(f"/register/participants/{participant.pk}/").content.decode()
    assert 'data-corrected="true"' in file_page
    stale = client.post(url, {**data, "once": _once(client, url), "new_jobs": "5"})
    assert stale.status_code == 400 and ParticipantReport.versions.count() == 2
    bad = client.post(
        f"/register/participants/{participant.pk}/reports/{correction.pk}/",
        {**data, "once": _once(client, url), "reason": ""},
    )
    assert bad.status_code == 400 and ParticipantReport.versions.count() == 2


def test_correction_page_permissions(world, participant, report, client):
    url = f"/register/participants/{participant.pk}/reports/{report.pk}/"
    assert client.get(url).status_code == 302  # anonymous: to the login page
    client.force_login(world.other_rep)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(world.staff)
    page = client.get(url)
    assert page.status_code == 200 and 'data-action="correct"' not in page.content.decode()
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(world.rep)
    assert client.get(f"/register/participants/{participant.pk}/reports/999999/").status_code == 404


def test_correction_api(world, participant, report, client):
    url = f"/api/v1/participants/{participant.pk}/reports/{report.pk}/correction"
    payload = {**FIGURES, "reason": "Ошибка"}
    assert client.post(url, payload, content_type="application/json").status_code == 401
    client.force_login(world.other_rep)
    assert client.post(url, payload, content_type="application/json").status_code == 404
    client.force_login(world.staff)
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(world.rep)
    missing = client.post(
        f"/api/v1/participants/{participant.pk}/reports/999999/correction", payload, content_type="application/json"
    )
    assert missing.status_code == 404 and missing.json()["code"] == "report_not_found"
    created = client.post(url, payload, content_type="application/json")
    assert created.status_code == 201
    body = created.json()
    assert body["corrects_id"] == report.pk and body["correction_reason"] == "Ошибка" and not body["superseded"]
    twice = client.post(url, payload, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_corrected"
    reports = client.get(f"/api/v1/participants/{participant.pk}/reports").json()
    assert [r["id"] for r in reports] == [body["id"]]
    versions = client.get(f"/api/v1/participants/{participant.pk}/reports?versions=true").json()
    assert [(r["id"], r["superseded"]) for r in versions] == [(report.pk, True), (body["id"], False)]
    bad = client.post(
        f"/api/v1/participants/{participant.pk}/reports/{body['id']}/correction",
        {**payload, "priority_income_tiyn": FIGURES["total_income_tiyn"] + 1},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "priority_income_tiyn" in bad.json()["fields"]

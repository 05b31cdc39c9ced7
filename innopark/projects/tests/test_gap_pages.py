"""Pages added after the first delivery: the call form (operator staff), application attachments (upload and
permission-checked download) and the expert's own profile with declared affiliations."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from innopark.accounts.models import Role
from innopark.audit.models import AuditEvent
from innopark.projects import services
from innopark.projects.models import ApplicationAttachment, Call, ExpertAffiliation, ExpertProfile
from innopark.projects.tests.factories import application_values, make_user
from innopark.registry.tests import factories as rf

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RUBRIC = "Жаңалық; Новизна; Novelty; 60; 10\nКоманда; Команда; Team; 40; 5"


def _once(html: str) -> str:
    return re.search(r'name="once" value="([0-9a-f]+)"', html).group(1)


def _call_data(client, url, **changes) -> dict:
    data = {
        "once": _once(client.get(url).content.decode()),
        "code": "gap-call-2030",
        "title_kk": "Конкурс (kk)",
        "title_ru": "Конкурс",
        "title_en": "Call",
        "text_ru": "Условия",
        "opens_at": "2030-03-01T09:00",
        "closes_at": "2030-04-01T18:00",
        "budget": "150 000 000,50",
        "funding_source": "zone_fund",
        "max_amount": "",
        "categories": ["digitalisation", "ict"],
        "requires_active_participant": "on",
        "criteria": RUBRIC,
        "experts_per_application": "3",
        "max_reviews_per_expert": "7",
        "divergence_threshold": "20",
    }
    data.update(changes)
    return data


# --- the call form ---------------------------------------------------------------------------------------------
def test_call_form_anonymous_is_sent_to_sign_in(client, park):
    response = client.get("/projects/new-call/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    response = client.get(f"/projects/calls/{park.call.code}/edit/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]


def test_call_form_refused_to_other_roles(client, park):
    for user in (park.rep, park.experts[0], park.funder_rep):
        client.force_login(user)
        assert client.get("/projects/new-call/").status_code == 403


def test_staff_creates_a_call_through_the_form_in_almaty_time(client, park):
    client.force_login(park.staff)
    data = _call_data(client, "/projects/new-call/", zone=park.zone.code)
    events = AuditEvent.objects.count()
    response = client.post("/projects/new-call/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get(code="gap-call-2030")
    assert call.zone == park.zone and call.status == "draft"
    assert call.opens_at == dt.datetime(2030, 3, 1, 9, 0, tzinfo=ZoneInfo("Asia/Almaty"))
    assert call.budget_tiyn == 150_000_000_50
    assert call.experts_per_application == 3 and call.max_reviews_per_expert == 7 and call.divergence_threshold == 20
    assert call.requires_active_participant and not call.requires_priority_activity
    assert sorted(call.categories.values_list("code", flat=True)) == ["digitalisation", "ict"]
    assert [(c.title_en, c.weight, c.scale_max) for c in call.criteria.all()] == [("Novelty", 60, 10), ("Team", 40, 5)]
    assert AuditEvent.objects.count() == events + 1
    # The same form posted twice: refused, nothing more written.
    again = client.post("/projects/new-call/", data)
    assert again.status_code == 400 and AuditEvent.objects.count() == events + 1


def test_platform_admin_may_create_a_call(client, park):
    client.force_login(park.admin)
    response = client.post("/projects/new-call/", _call_data(client, "/projects/new-call/", zone=park.zone.code))
    assert response.status_code == 302
    assert Call.objects.filter(code="gap-call-2030").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"criteria": "Жаңалық; Новизна; Novelty; 60; 10"}, "criteria"),  # weights do not add up to 100
        ({"criteria": "Жаңалық; Новизна; 60; 10"}, "criteria"),  # a row short of a column
        ({"budget": "сто"}, "budget"),
        ({"budget": "-5"}, "budget"),
        ({"closes_at": "2030-02-01T18:00"}, "closes_at"),  # closes before it opens
        ({"categories": []}, "categories"),
        ({"code": "A"}, "code"),
    ],
)
def test_bad_call_input_is_named_and_nothing_is_written(client, park, changes, field):
    client.force_login(park.staff)
    data = _call_data(client, "/projects/new-call/", zone=park.zone.code, **changes)
    calls, events = Call.objects.count(), AuditEvent.objects.count()
    response = client.post("/projects/new-call/", data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Call.objects.count() == calls and AuditEvent.objects.count() == events


def test_staff_cannot_create_a_call_in_another_zone(client, park):
    other_zone = rf.make_zone(park.admin, "gap-other-zone")
    client.force_login(park.staff)
    data = _call_data(client, "/projects/new-call/", zone=other_zone.code)
    calls = Call.objects.count()
    response = client.post("/projects/new-call/", data)
    assert response.status_code == 400 and "zone" in response.context["form"].errors
    assert Call.objects.count() == calls


def test_staff_edits_own_draft_call_but_not_others_or_published(client, park):
    client.force_login(park.staff)
    client.post("/projects/new-call/", _call_data(client, "/projects/new-call/", zone=park.zone.code))
    url = "/projects/calls/gap-call-2030/edit/"
    data = _call_data(client, url, title_en="Call, amended", budget="200 000 000")
    for name in ("code",):
        data.pop(name)
    response = client.post(url, data)
    assert response.status_code == 302
    call = Call.objects.get(code="gap-call-2030")
    assert call.title_en == "Call, amended" and call.budget_tiyn == 200_000_000_00
    # Operator staff of another zone: not found (the draft is not theirs to see).
    other_zone = rf.make_zone(park.admin, "gap-other-zone-2")
    client.force_login(make_user(Role.OPERATOR_STAFF, zone=other_zone))
    assert client.get(url).status_code == 404
    # A published call is not edited through this form.
    client.force_login(park.staff)
    response = client.get(f"/projects/calls/{park.call.code}/edit/")
    assert response.status_code == 302 and response["Location"].endswith(f"/projects/calls/{park.call.code}/")


def test_staff_publishes_a_draft_call_from_its_page(client, park):
    client.force_login(park.staff)
    client.post("/projects/new-call/", _call_data(client, "/projects/new-call/", zone=park.zone.code))
    page = client.get("/projects/calls/gap-call-2030/").content.decode()
    assert 'data-action="publish"' in page
    response = client.post("/projects/calls/gap-call-2030/publish/", {"once": _once(page)})
    assert response.status_code == 302
    assert Call.objects.get(code="gap-call-2030").status == "published"


def test_call_form_works_in_three_languages(client, park):
    client.force_login(park.staff)
    for lang in ("kk", "ru", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        response = client.get("/projects/new-call/")
        assert response.status_code == 200 and f'lang="{lang}"' in response.content.decode()


# --- attachments -----------------------------------------------------------------------------------------------
def _draft(park, rep=None, organization=None):
    return services.application_create(
        actor=rep or park.rep, call=park.call, organization=organization or park.org, **application_values()
    )


def _upload(client, application, content=PDF, name="plan.pdf", title="Бизнес-план"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.get(f"/projects/applications/{application.pk}/").content.decode()
    once = _once(page[page.index("attachments-heading") :])
    return client.post(
        f"/projects/applications/{application.pk}/attachments/",
        {"once": once, "title": title, "file": SimpleUploadedFile(name, content)},
    )


def test_applicant_uploads_and_downloads_an_attachment(client, park, settings):
    application = _draft(park)
    client.force_login(park.rep)
    events = AuditEvent.objects.count()
    response = _upload(client, application)
    assert response.status_code == 302
    attachment = ApplicationAttachment.objects.get()
    assert attachment.file.name.endswith(".pdf") and "plan" not in attachment.file.name
    assert (settings.MEDIA_ROOT / attachment.file.name).read_bytes() == PDF
    assert AuditEvent.objects.count() == events + 1
    response = client.get(f"/projects/attachments/{attachment.pk}/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert "Бизнес-план" in client.get(f"/projects/applications/{application.pk}/").content.decode()


@pytest.mark.parametrize(
    ("content", "name"),
    [(b"MZ\x90\x00 not a document", "plan.pdf"), (b"", "empty.pdf"), (b"%PDF-" + b"x" * 200, "big.pdf")],
)
def test_bad_attachment_is_refused_and_nothing_is_written(client, park, settings, content, name):
    settings.MAX_UPLOAD_BYTES = 100
    application = _draft(park)
    client.force_login(park.rep)
    events = AuditEvent.objects.count()
    response = _upload(client, application, content=content, name=name)
    assert response.status_code == 400
    assert "file" in response.context["attachment_form"].errors
    assert ApplicationAttachment.objects.count() == 0 and AuditEvent.objects.count() == events


def test_attachment_permissions(client, park):
    application = _draft(park)
    client.force_login(park.rep)
    _upload(client, application)
    attachment = ApplicationAttachment.objects.get()
    client.logout()
    # Anonymous: to the sign-in page, for the upload and the download.
    response = client.post(f"/projects/applications/{application.pk}/attachments/", {})
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    response = client.get(f"/projects/attachments/{attachment.pk}/")
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    # Another company's representative (right role, someone else's object): not found either way.
    client.force_login(park.other_rep)
    assert client.get(f"/projects/attachments/{attachment.pk}/").status_code == 404
    assert client.post(f"/projects/applications/{application.pk}/attachments/", {}).status_code == 404
    # An expert not assigned (wrong role): not found.
    client.force_login(park.experts[0])
    assert client.get(f"/projects/attachments/{attachment.pk}/").status_code == 404
    assert ApplicationAttachment.objects.count() == 1


def test_staff_reads_a_submitted_applications_attachment_but_cannot_add_one(client, park):
    application = _draft(park)
    client.force_login(park.rep)
    _upload(client, application)
    services.application_submit(actor=park.rep, application=application)
    attachment = ApplicationAttachment.objects.get()
    client.force_login(park.staff)
    assert client.get(f"/projects/attachments/{attachment.pk}/").status_code == 200
    page = client.get(f"/projects/applications/{application.pk}/").content.decode()
    assert 'data-action="attach"' not in page
    # The service refuses the staff member (not the applicant; and the application is no longer a draft).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from innopark.core.errors import ApplicationError

    events = AuditEvent.objects.count()
    with pytest.raises(ApplicationError):
        services.attachment_add(
            actor=park.staff, application=application, title="x", file=SimpleUploadedFile("a.pdf", PDF)
        )
    assert ApplicationAttachment.objects.count() == 1 and AuditEvent.objects.count() == events


# --- the expert's profile --------------------------------------------------------------------------------------
def test_expert_profile_page_permissions(client, park):
    assert client.get("/projects/experts/me/").status_code == 302
    for user in (park.rep, park.staff):
        client.force_login(user)
        assert client.get("/projects/experts/me/").status_code == 403
    client.force_login(park.experts[0])
    for lang in ("kk", "ru", "en"):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
        response = client.get("/projects/experts/me/")
        assert response.status_code == 200 and f'lang="{lang}"' in response.content.decode()


def _profile_once(client, marker):
    page = client.get("/projects/experts/me/").content.decode()
    return _once(page[page.index(marker) :])


def test_expert_updates_profile_and_declares_an_affiliation(client, park):
    expert = park.experts[0]
    client.force_login(expert)
    response = client.post(
        "/projects/experts/me/profile/",
        {
            "once": _profile_once(client, "profile-heading"),
            "expertise": "Облачные сервисы",
            "max_open_reviews": "4",
            "categories": ["ict"],
        },
    )
    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=expert)
    assert profile.max_open_reviews == 4 and list(profile.categories.values_list("code", flat=True)) == ["ict"]
    response = client.post(
        "/projects/experts/me/affiliations/",
        {
            "once": _profile_once(client, "affiliations-heading"),
            "bin": park.org.bin,
            "relation": "бывший сотрудник",
            "valid_from": "2020-01-01",
            "valid_to": "2025-06-30",
        },
    )
    assert response.status_code == 302
    affiliation = ExpertAffiliation.objects.get(expert=expert)
    assert affiliation.organization == park.org
    # Another expert does not see it on their own page.
    client.force_login(park.experts[1])
    assert "бывший сотрудник" not in client.get("/projects/experts/me/").content.decode()


@pytest.mark.parametrize(
    "changes",
    [
        {"bin": "000000000000"},  # no such organization
        {"relation": ""},
        {"valid_from": "2025-01-01", "valid_to": "2020-01-01"},  # ends before it starts
    ],
)
def test_bad_affiliation_is_named_and_nothing_is_written(client, park, changes):
    client.force_login(park.experts[0])
    data = {
        "once": _profile_once(client, "affiliations-heading"),
        "bin": park.org.bin,
        "relation": "сотрудник",
        "valid_from": "",
        "valid_to": "",
    }
    data.update(changes)
    events = AuditEvent.objects.count()
    response = client.post("/projects/experts/me/affiliations/", data)
    assert response.status_code == 400
    assert set(response.context["affiliation_form"].errors) & {"bin", "relation", "valid_to"}
    assert ExpertAffiliation.objects.count() == 0 and AuditEvent.objects.count() == events


def test_bad_profile_load_is_refused(client, park):
    client.force_login(park.experts[0])
    events = AuditEvent.objects.count()
    response = client.post(
        "/projects/experts/me/profile/",
        {"once": _profile_once(client, "profile-heading"), "expertise": "", "max_open_reviews": "0"},
    )
    assert response.status_code == 400 and "max_open_reviews" in response.context["profile_form"].errors
    assert not ExpertProfile.objects.filter(user=park.experts[0]).exists() and AuditEvent.objects.count() == events

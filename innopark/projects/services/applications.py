"""Applications: drafts written by a participant's representative, submission before the deadline, withdrawal, and
the operator's completeness and eligibility check (return for correction, admit to review, or ineligible)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, Conflict
from innopark.notifications.services import notify
from innopark.projects.eligibility import application_problems
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Application, ApplicationAttachment, BudgetLine, Call, Category, PlannedMilestone
from innopark.projects.models.applications import Language
from innopark.projects.permissions import require_representative, require_zone_operator
from innopark.projects.services._common import (
    audit,
    invalid,
    local_day,
    moment,
    organization_reps,
    require_amount,
    require_text,
    zone_operators,
)
from innopark.projects.workflow import (
    APPLICATION_TRANSITIONS,
    EDITABLE_APPLICATION_STATUSES,
    ApplicationStatus,
    CallStatus,
    require_transition,
)

FIELDS = ["title", "summary", "language", "category", "requested_tiyn", "cofinancing_tiyn", "duration_months"]


def application_url(application: Application) -> str:
    return f"/projects/applications/{application.pk}/"


def _snapshot(application: Application) -> dict:
    from innopark.audit.services import snapshot

    data = snapshot(application, FIELDS + ["status"])
    data["budget_lines"] = [[b.item, b.requested_tiyn, b.cofinancing_tiyn] for b in application.budget_lines.all()]
    data["milestones"] = [
        [m.deliverable, m.due_on.isoformat(), m.tranche_tiyn] for m in application.planned_milestones.all()
    ]
    return data


def _clean_lines(budget_lines) -> list[dict]:
    cleaned = []
    for index, row in enumerate(budget_lines or [], start=1):
        label = f"budget_lines.{index}"
        item = (row.get("item") or "").strip()
        if not item:
            raise invalid(label, _("Name the budget item."), "budget_item_required")
        if len(item) > 300:
            raise invalid(label, _("At most %(max)s characters, please.") % {"max": 300}, "too_long")
        requested = require_amount(label, row.get("requested_tiyn", 0), allow_zero=True)
        cofinancing = require_amount(label, row.get("cofinancing_tiyn", 0), allow_zero=True)
        if requested == 0 and cofinancing == 0:
            raise invalid(label, _("A budget line needs an amount."), "budget_line_empty")
        cleaned.append({"item": item, "requested_tiyn": requested, "cofinancing_tiyn": cofinancing})
    return cleaned


def _clean_milestones(milestones) -> list[dict]:
    cleaned = []
    for index, row in enumerate(milestones or [], start=1):
        label = f"milestones.{index}"
        deliverable = (row.get("deliverable") or "").strip()
        if not deliverable:
            raise invalid(label, _("Name the deliverable."), "deliverable_required")
        if len(deliverable) > 300:
            raise invalid(label, _("At most %(max)s characters, please.") % {"max": 300}, "too_long")
        due_on = row.get("due_on")
        if not isinstance(due_on, dt.date) or isinstance(due_on, dt.datetime):
            raise invalid(label, _("Give the milestone's date."), "invalid_date")
        if not dt.date(2000, 1, 1) <= due_on <= dt.date(2100, 12, 31):
            raise invalid(label, _("The date is out of range."), "date_out_of_range")
        tranche = require_amount(label, row.get("tranche_tiyn"))
        cleaned.append({"deliverable": deliverable, "due_on": due_on, "tranche_tiyn": tranche})
    dates = [m["due_on"] for m in cleaned]
    if dates != sorted(dates):
        raise invalid("milestones", _("List the milestones in the order of their dates."), "milestones_order")
    return cleaned


def _apply_fields(application: Application, call: Call, data: dict) -> None:
    if "title" in data:
        application.title = require_text("title", data["title"], max_length=300)
    if "summary" in data:
        application.summary = (data["summary"] or "").strip()
    if "language" in data:
        if data["language"] not in Language.values:
            raise invalid("language", _("Choose Kazakh, Russian or English."), "invalid_language")
        application.language = data["language"]
    if "category" in data:
        code = data["category"]
        if not Category.objects.filter(code=code, is_active=True).exists():
            raise invalid("category", _("Unknown category."), "unknown_category")
        if not call.categories.filter(code=code).exists():
            raise invalid("category", _("This call does not fund this category."), "category_not_in_call")
        application.category_id = code
    if "requested_tiyn" in data:
        application.requested_tiyn = require_amount("requested_tiyn", data["requested_tiyn"], allow_zero=True)
    if "cofinancing_tiyn" in data:
        application.cofinancing_tiyn = require_amount("cofinancing_tiyn", data["cofinancing_tiyn"], allow_zero=True)
    if "duration_months" in data:
        months = data["duration_months"]
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 120:
            raise invalid("duration_months", _("The duration is 1 to 120 months."), "invalid_duration")
        application.duration_months = months


def _replace_children(application: Application, lines, milestones) -> None:
    if lines is not None:
        application.budget_lines.all().delete()
        BudgetLine.objects.bulk_create(
            BudgetLine(application=application, position=i, **row) for i, row in enumerate(lines, start=1)
        )
    if milestones is not None:
        application.planned_milestones.all().delete()
        PlannedMilestone.objects.bulk_create(
            PlannedMilestone(application=application, position=i, **row) for i, row in enumerate(milestones, start=1)
        )


@transaction.atomic
def application_create(
    *,
    actor,
    call: Call,
    organization,
    title: str,
    language: str,
    category: str,
    summary: str = "",
    requested_tiyn: int = 0,
    cofinancing_tiyn: int = 0,
    duration_months: int = 12,
    budget_lines: list[dict] | None = None,
    milestones: list[dict] | None = None,
    at: dt.datetime | None = None,
) -> Application:
    """A draft. It may be incomplete; `application_problems` lists what must be fixed before it can be submitted."""
    now = moment(actor, at)
    call = Call.objects.select_for_update().select_related("zone").get(pk=call.pk)
    if not call.is_open_at(now):
        raise Conflict(_("This call is not open for applications."), code="call_not_open")
    application = Application(call=call, zone=call.zone, organization=organization, created_by=actor)
    _apply_fields(
        application,
        call,
        {
            "title": title,
            "summary": summary,
            "language": language,
            "category": category,
            "requested_tiyn": requested_tiyn,
            "cofinancing_tiyn": cofinancing_tiyn,
            "duration_months": duration_months,
        },
    )
    lines = _clean_lines(budget_lines)
    planned = _clean_milestones(milestones)
    require_representative(actor, organization)
    application.number = f"{call.code}-{call.applications.count() + 1:04d}"
    application.save()
    if at is not None:
        Application.objects.filter(pk=application.pk).update(created_at=now)
    _replace_children(application, lines, planned)
    audit(
        ProjectsEvent.APPLICATION_CREATED,
        actor=actor,
        obj=application,
        zone=call.zone,
        after=_snapshot(application),
        at=at,
    )
    return application


@transaction.atomic
def application_update(*, actor, application: Application, budget_lines=None, milestones=None, **fields) -> Application:
    """Edit a draft or an application returned for correction (only those)."""
    application = Application.objects.select_for_update().select_related("call", "zone").get(pk=application.pk)
    if application.status not in EDITABLE_APPLICATION_STATUSES:
        raise Conflict(_("Only a draft or a returned application can be edited."), code="application_not_editable")
    unknown = set(fields) - set(FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise invalid(name, _("This field cannot be changed."), "not_editable")
    before = _snapshot(application)
    _apply_fields(application, application.call, fields)
    lines = _clean_lines(budget_lines) if budget_lines is not None else None
    planned = _clean_milestones(milestones) if milestones is not None else None
    require_representative(actor, application.organization)
    application.save()
    _replace_children(application, lines, planned)
    from innopark.audit.services import diff

    old, new = diff(before, _snapshot(application))
    audit(ProjectsEvent.APPLICATION_UPDATED, actor=actor, obj=application, zone=application.zone, before=old, after=new)
    return application


@transaction.atomic
def attachment_add(*, actor, application: Application, title: str, file) -> ApplicationAttachment:
    """Attach a PDF, PNG or JPEG (checked by its first bytes, at most settings.MAX_UPLOAD_BYTES) to a draft or a
    returned application. The file is stored under a random name in the private media storage (PRIVATE_MEDIA_ROOT),
    never under a web root, and served only by the permission-checked download page."""
    from django.core.files.base import ContentFile

    from innopark.registry.services.documents import read_upload, sniff_type

    application = Application.objects.select_for_update().select_related("zone").get(pk=application.pk)
    title = require_text("title", title, max_length=200)
    if file is None:
        raise invalid("file", _("Choose a file."), "file_required")
    data = read_upload(file)  # refuses a file above MAX_UPLOAD_BYTES on the field "file"
    if not data:
        raise invalid("file", _("The file is empty."), "file_empty")
    sniffed = sniff_type(data[:16])
    if sniffed is None:
        raise invalid("file", _("Only PDF, PNG and JPEG files are accepted."), "file_type")
    if application.status not in EDITABLE_APPLICATION_STATUSES:
        raise Conflict(_("Only a draft or a returned application can be edited."), code="application_not_editable")
    require_representative(actor, application.organization)
    _content_type, extension = sniffed
    attachment = ApplicationAttachment(application=application, title=title, uploaded_by=actor)
    # The name the user gave the file is not trusted (nor kept on disk): a random name with the sniffed extension.
    attachment.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
    attachment.save()
    audit(
        ProjectsEvent.ATTACHMENT_ADDED,
        actor=actor,
        obj=application,
        zone=application.zone,
        after={"attachment": attachment.pk, "title": title, "sha256": hashlib.sha256(data).hexdigest()},
    )
    return attachment


ATTACHMENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}


def attachment_content_type(attachment: ApplicationAttachment) -> str:
    return ATTACHMENT_TYPES.get(attachment.file.name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def _problems_error(problems) -> ApplicationError:
    fields: dict[str, list[str]] = {}
    for problem in problems:
        fields.setdefault(problem.field, []).append(problem.message)
    return ApplicationError(
        _("The application cannot be submitted yet: %(first)s") % {"first": problems[0].message},
        code=problems[0].code,
        fields=fields,
    )


@transaction.atomic
def application_submit(*, actor, application: Application, at: dt.datetime | None = None) -> Application:
    """Submit before the call closes (checked here, on the server's clock), complete and eligible."""
    now = moment(actor, at)
    application = (
        Application.objects.select_for_update().select_related("call__zone", "organization").get(pk=application.pk)
    )
    call = application.call
    require_transition(APPLICATION_TRANSITIONS, application.status, ApplicationStatus.SUBMITTED)
    if call.status != CallStatus.PUBLISHED or now < call.opens_at:
        raise Conflict(_("This call is not open for applications."), code="call_not_open")
    if now >= call.closes_at:
        raise Conflict(
            _("The call closed on %(closes)s; the application can no longer be submitted.")
            % {"closes": call.closes_at.isoformat(timespec="minutes")},
            code="deadline_passed",
        )
    problems = application_problems(application, on=local_day(now))
    if problems:
        raise _problems_error(problems)
    require_representative(actor, application.organization)
    old = application.status
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = now
    application.save(update_fields=["status", "submitted_at", "updated_at"])
    audit(
        ProjectsEvent.APPLICATION_SUBMITTED,
        actor=actor,
        obj=application,
        zone=call.zone,
        before={"status": old},
        after={"status": application.status, "submitted_at": now.isoformat()},
        at=at,
    )
    notify(
        recipients=zone_operators(call.zone),
        kind="projects.application_submitted",
        subject=_("Application %(number)s submitted: check it"),
        params={"number": application.number},
        url=application_url(application),
    )
    return application


@transaction.atomic
def application_withdraw(*, actor, application: Application, reason: str = "") -> Application:
    application = Application.objects.select_for_update().select_related("zone").get(pk=application.pk)
    require_transition(APPLICATION_TRANSITIONS, application.status, ApplicationStatus.WITHDRAWN)
    require_representative(actor, application.organization)
    old = application.status
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status", "updated_at"])
    application.assignments.filter(status__in=["awaiting_declaration", "active"]).update(
        status="revoked", revoked_reason=str(_("The applicant withdrew the application."))
    )
    audit(
        ProjectsEvent.APPLICATION_WITHDRAWN,
        actor=actor,
        obj=application,
        zone=application.zone,
        before={"status": old},
        after={"status": application.status, "reason": (reason or "").strip()},
    )
    if old != ApplicationStatus.DRAFT:
        notify(
            recipients=zone_operators(application.zone),
            kind="projects.application_withdrawn",
            subject=_("Application %(number)s was withdrawn"),
            params={"number": application.number},
            url=application_url(application),
        )
    return application


def _operator_step(*, actor, application, new, event, remarks: str, notify_subject, at=None) -> Application:
    application = (
        Application.objects.select_for_update().select_related("zone", "call", "organization").get(pk=application.pk)
    )
    require_transition(APPLICATION_TRANSITIONS, application.status, new)
    require_zone_operator(actor, application.zone)
    old = application.status
    application.status = new
    application.operator_remarks = remarks
    application.save(update_fields=["status", "operator_remarks", "updated_at"])
    audit(
        event,
        actor=actor,
        obj=application,
        zone=application.zone,
        before={"status": old},
        after={"status": new, "remarks": remarks},
        at=at,
    )
    notify(
        recipients=[application.created_by, *organization_reps(application.organization)],
        kind=f"projects.{event}",
        subject=notify_subject,
        body=remarks,
        params={"number": application.number},
        url=application_url(application),
    )
    return application


@transaction.atomic
def application_return(*, actor, application: Application, remarks: str) -> Application:
    """Back to the applicant for correction, with what to correct."""
    remarks = require_text("remarks", remarks)
    return _operator_step(
        actor=actor,
        application=application,
        new=ApplicationStatus.RETURNED,
        event=ProjectsEvent.APPLICATION_RETURNED,
        remarks=remarks,
        notify_subject=_("Application %(number)s was returned for correction"),
    )


@transaction.atomic
def application_admit(
    *, actor, application: Application, remarks: str = "", at: dt.datetime | None = None
) -> Application:
    """Complete and eligible: admit to expert review (the checks are run again, on today's facts)."""
    now = moment(actor, at)
    problems = application_problems(application, on=local_day(now))
    if problems:
        raise _problems_error(problems)
    return _operator_step(
        actor=actor,
        application=application,
        new=ApplicationStatus.IN_REVIEW,
        event=ProjectsEvent.APPLICATION_ADMITTED,
        remarks=(remarks or "").strip(),
        notify_subject=_("Application %(number)s was admitted to expert review"),
        at=at,
    )


@transaction.atomic
def application_reject_ineligible(*, actor, application: Application, remarks: str) -> Application:
    remarks = require_text("remarks", remarks)
    return _operator_step(
        actor=actor,
        application=application,
        new=ApplicationStatus.INELIGIBLE,
        event=ProjectsEvent.APPLICATION_INELIGIBLE,
        remarks=remarks,
        notify_subject=_("Application %(number)s was found ineligible"),
    )

"""Calls for projects and their rubrics; project categories (a list operators extend)."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Call, Category, Criterion, Grant
from innopark.projects.permissions import is_zone_operator, operated_zone_ids, require_zone_operator
from innopark.projects.services._common import audit, invalid, require_amount, require_text
from innopark.projects.workflow import CALL_TRANSITIONS, CallStatus, require_transition

CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$")
CALL_FIELDS = [
    "code",
    "title_kk",
    "title_ru",
    "title_en",
    "text_kk",
    "text_ru",
    "text_en",
    "opens_at",
    "closes_at",
    "budget_tiyn",
    "funding_source",
    "requires_active_participant",
    "requires_priority_activity",
    "refuses_grant_in_breach",
    "max_amount_tiyn",
    "experts_per_application",
    "max_reviews_per_expert",
    "divergence_threshold",
    "status",
]


def _snapshot(call: Call) -> dict:
    from innopark.audit.services import snapshot

    data = snapshot(call, CALL_FIELDS)
    data["categories"] = sorted(call.categories.values_list("code", flat=True)) if call.pk else []
    data["criteria"] = [
        {"title_en": c.title_en, "weight": c.weight, "scale_max": c.scale_max} for c in call.criteria.all()
    ]
    return data


@transaction.atomic
def category_create(*, actor, code: str, name_kk: str, name_ru: str, name_en: str, position: int = 100) -> Category:
    """Operators of any zone extend the list of categories (it is shared by all zones)."""
    code = (code or "").strip()
    if not re.match(r"^[a-z][a-z0-9_]{1,38}$", code):
        raise invalid("code", _("A code is 2-40 small Latin letters, digits and underscores."), "invalid_code")
    for field, value in (("name_kk", name_kk), ("name_ru", name_ru), ("name_en", name_en)):
        require_text(field, value, max_length=200)
    from innopark.accounts.permissions import is_platform_admin

    if not (is_platform_admin(actor) or operated_zone_ids(actor)):
        raise NotAllowed(_("Only operator staff may add categories."), code="not_zone_operator")
    if Category.objects.filter(code=code).exists():
        raise invalid("code", _("This code is already used."), "duplicate_code")
    category = Category.objects.create(
        code=code, name_kk=name_kk.strip(), name_ru=name_ru.strip(), name_en=name_en.strip(), position=position
    )
    from innopark.audit.services import audit_record

    audit_record(
        event_type=ProjectsEvent.CATEGORY_CREATED,
        actor=actor,
        subject_type=category._meta.label_lower,
        subject_id=category.pk,
        after={"code": code, "name_en": category.name_en},
    )
    return category


def _validate_rubric(criteria: list[dict]) -> list[dict]:
    if not criteria:
        raise invalid("criteria", _("A call needs at least one scoring criterion."), "rubric_empty")
    cleaned = []
    for index, row in enumerate(criteria, start=1):
        label = f"criteria.{index}"
        try:
            weight = int(row.get("weight"))
            scale_max = int(row.get("scale_max", 10))
        except (TypeError, ValueError):
            raise invalid(label, _("Weight and scale must be whole numbers."), "rubric_invalid") from None
        if not 1 <= weight <= 100 or not 1 <= scale_max <= 100:
            raise invalid(label, _("Weight and highest score are between 1 and 100."), "rubric_invalid")
        titles = {f"title_{lang}": (row.get(f"title_{lang}") or "").strip() for lang in ("kk", "ru", "en")}
        if not all(titles.values()):
            raise invalid(label, _("Give the criterion's title in Kazakh, Russian and English."), "rubric_invalid")
        cleaned.append(
            {**titles, "weight": weight, "scale_max": scale_max, "guidance": (row.get("guidance") or "").strip()}
        )
    if sum(c["weight"] for c in cleaned) != 100:
        raise invalid("criteria", _("The weights of the criteria must add up to 100."), "rubric_weights")
    return cleaned


def _validate_categories(codes) -> list[Category]:
    codes = list(dict.fromkeys(codes or []))
    if not codes:
        raise invalid("categories", _("Choose at least one category."), "categories_required")
    found = list(Category.objects.filter(code__in=codes, is_active=True))
    if len(found) != len(codes):
        raise invalid("categories", _("Unknown category."), "unknown_category")
    return found


def _full_clean(call: Call) -> None:
    try:
        call.full_clean(exclude=["zone", "created_by"])
    except ValidationError as error:
        raise ApplicationError.from_validation_error(error) from None


@transaction.atomic
def call_create(
    *,
    actor,
    zone,
    code: str,
    title_kk: str,
    title_ru: str,
    title_en: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    budget_tiyn: int,
    categories: list[str],
    criteria: list[dict],
    text_kk: str = "",
    text_ru: str = "",
    text_en: str = "",
    funding_source: str = Call.FundingSource.ZONE_FUND,
    requires_active_participant: bool = True,
    requires_priority_activity: bool = True,
    refuses_grant_in_breach: bool = True,
    max_amount_tiyn: int | None = None,
    experts_per_application: int = 2,
    max_reviews_per_expert: int = 10,
    divergence_threshold: int = 25,
) -> Call:
    """A draft call with its rubric (criteria: [{title_kk, title_ru, title_en, weight, scale_max, guidance}])."""
    code = (code or "").strip()
    if not CODE.match(code):
        raise invalid("code", _("A code is 3-64 small Latin letters, digits and hyphens."), "invalid_code")
    require_amount("budget_tiyn", budget_tiyn)
    if max_amount_tiyn is not None:
        require_amount("max_amount_tiyn", max_amount_tiyn)
    if opens_at is None or closes_at is None:
        raise invalid("closes_at", _("The call must close after it opens."), "call_window")
    # A time without a zone is Almaty time (the zone's own clock).
    opens_at, closes_at = (timezone.make_aware(t) if timezone.is_naive(t) else t for t in (opens_at, closes_at))
    if closes_at <= opens_at:
        raise invalid("closes_at", _("The call must close after it opens."), "call_window")
    rubric = _validate_rubric(criteria)
    chosen = _validate_categories(categories)
    if Call.objects.filter(code=code).exists():
        raise invalid("code", _("This code is already used."), "duplicate_code")
    call = Call(
        zone=zone,
        code=code,
        title_kk=(title_kk or "").strip(),
        title_ru=(title_ru or "").strip(),
        title_en=(title_en or "").strip(),
        text_kk=text_kk or "",
        text_ru=text_ru or "",
        text_en=text_en or "",
        opens_at=opens_at,
        closes_at=closes_at,
        budget_tiyn=budget_tiyn,
        funding_source=funding_source,
        requires_active_participant=requires_active_participant,
        requires_priority_activity=requires_priority_activity,
        refuses_grant_in_breach=refuses_grant_in_breach,
        max_amount_tiyn=max_amount_tiyn,
        experts_per_application=experts_per_application,
        max_reviews_per_expert=max_reviews_per_expert,
        divergence_threshold=divergence_threshold,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    _full_clean(call)
    require_zone_operator(actor, zone)
    call.save()
    call.categories.set(chosen)
    Criterion.objects.bulk_create(Criterion(call=call, position=i, **row) for i, row in enumerate(rubric, start=1))
    audit(ProjectsEvent.CALL_CREATED, actor=actor, obj=call, zone=zone, after=_snapshot(call))
    return call


@transaction.atomic
def call_update(*, actor, call: Call, **changes) -> Call:
    """Edit a call. Its rubric and categories can change only while it is a draft; a published call may extend
    its closing time or change texts and budget (never below what it has already awarded)."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    before = _snapshot(call)
    draft_only = {"criteria", "categories", "code", "opens_at", "experts_per_application", "funding_source"}
    if call.status != CallStatus.DRAFT and draft_only & set(changes):
        raise Conflict(_("Only a draft call's rubric, categories and opening can change."), code="call_not_draft")
    if call.status in (CallStatus.CLOSED, CallStatus.CANCELLED):
        raise Conflict(_("A closed or cancelled call cannot change."), code="call_closed")
    criteria = changes.pop("criteria", None)
    categories = changes.pop("categories", None)
    allowed = set(CALL_FIELDS) - {"status"}
    for name, value in changes.items():
        if name not in allowed:
            raise invalid(name, _("This field cannot be changed."), "not_editable")
        setattr(call, name, value)
    require_amount("budget_tiyn", call.budget_tiyn)
    if call.closes_at <= call.opens_at:
        raise invalid("closes_at", _("The call must close after it opens."), "call_window")
    awarded = call_awarded_tiyn(call)
    if call.budget_tiyn < awarded:
        raise invalid("budget_tiyn", _("The budget cannot be lower than what the call has awarded."), "budget_too_low")
    rubric = _validate_rubric(criteria) if criteria is not None else None
    chosen = _validate_categories(categories) if categories is not None else None
    _full_clean(call)
    require_zone_operator(actor, call.zone)
    call.save()
    if rubric is not None:
        call.criteria.all().delete()
        Criterion.objects.bulk_create(Criterion(call=call, position=i, **row) for i, row in enumerate(rubric, 1))
    if chosen is not None:
        call.categories.set(chosen)
    from innopark.audit.services import diff

    old, new = diff(before, _snapshot(call))
    audit(ProjectsEvent.CALL_UPDATED, actor=actor, obj=call, zone=call.zone, before=old, after=new)
    return call


def _change_status(*, actor, call: Call, new: str, event, reason: str = "") -> Call:
    call = Call.objects.select_for_update().select_related("zone").get(pk=call.pk)
    require_transition(CALL_TRANSITIONS, call.status, new)
    require_zone_operator(actor, call.zone)
    old = call.status
    call.status = new
    call.save(update_fields=["status", "updated_at"])
    after = {"status": new}
    if reason:
        after["reason"] = reason
    audit(event, actor=actor, obj=call, zone=call.zone, before={"status": old}, after=after)
    return call


@transaction.atomic
def call_publish(*, actor, call: Call) -> Call:
    if not call.criteria.exists():
        raise invalid("criteria", _("A call needs at least one scoring criterion."), "rubric_empty")
    return _change_status(actor=actor, call=call, new=CallStatus.PUBLISHED, event=ProjectsEvent.CALL_PUBLISHED)


@transaction.atomic
def call_close(*, actor, call: Call) -> Call:
    """Mark a call finished (every decision made); applications after closes_at are refused either way."""
    return _change_status(actor=actor, call=call, new=CallStatus.CLOSED, event=ProjectsEvent.CALL_CLOSED)


@transaction.atomic
def call_cancel(*, actor, call: Call, reason: str) -> Call:
    reason = require_text("reason", reason)
    if Grant.objects.filter(call=call).exists():
        raise Conflict(_("A call that has awarded grants cannot be cancelled."), code="call_has_grants")
    return _change_status(
        actor=actor, call=call, new=CallStatus.CANCELLED, event=ProjectsEvent.CALL_CANCELLED, reason=reason
    )


def call_awarded_tiyn(call: Call) -> int:
    """What the call's grants hold: amounts awarded, less what terminated grants gave back to the fund."""
    totals = Grant.objects.filter(call=call).aggregate(a=Sum("amount_tiyn"), r=Sum("recovered_tiyn"))
    return (totals["a"] or 0) - (totals["r"] or 0)


def call_remaining_tiyn(call: Call) -> int:
    return call.budget_tiyn - call_awarded_tiyn(call)


__all__ = [
    "call_awarded_tiyn",
    "call_cancel",
    "call_close",
    "call_create",
    "call_publish",
    "call_remaining_tiyn",
    "call_update",
    "category_create",
    "is_zone_operator",
]

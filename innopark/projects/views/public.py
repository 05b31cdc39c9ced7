"""Public pages: calls for projects and the financed projects (public fields only)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from innopark.projects import selectors
from innopark.projects.services.calls import call_remaining_tiyn
from innopark.projects.views._helpers import or_404


def index(request):
    calls = list(selectors.calls_visible_to(request.user).order_by("-opens_at")[:50])
    now = timezone.now()
    return render(
        request,
        "projects/index.html",
        {"calls": [(c, c.is_open_at(now)) for c in calls], "can_create": _can_create_calls(request.user)},
    )


def _can_create_calls(user) -> bool:
    from innopark.accounts.permissions import is_platform_admin
    from innopark.projects.permissions import is_signed_in, operated_zone_ids

    return is_signed_in(user) and (is_platform_admin(user) or bool(operated_zone_ids(user)))


def call_detail(request, code: str):
    call = or_404(selectors.call_by_code, request.user, code)
    from innopark.projects.permissions import is_zone_operator, represented_org_ids

    context = {
        "call": call,
        "is_open": call.is_open_at(timezone.now()),
        "remaining_tiyn": call_remaining_tiyn(call),
        "criteria": call.criteria.all(),
        "categories": call.categories.all(),
        "can_apply": bool(represented_org_ids(request.user)),
        "is_staff": is_zone_operator(request.user, call.zone),
        "subject_type": "projects.call",
    }
    if context["is_staff"] and call.status == "draft":
        from innopark.projects.forms import ConfirmForm

        context["publish_form"] = ConfirmForm()
    return render(request, "projects/call.html", context)


def financed(request):
    qs = selectors.public_grants()
    category = request.GET.get("category", "")
    if category:
        qs = qs.filter(category_id=category[:40])
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    from innopark.projects.models import Category

    return render(
        request,
        "projects/financed.html",
        {"page": page, "categories": Category.objects.all(), "category": category},
    )

"""Operator staff's pages for a call: create one (with its rubric) and edit it while it is still a draft."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from innopark.accounts.permissions import is_platform_admin
from innopark.projects import selectors, services
from innopark.projects.forms import CallForm
from innopark.projects.models import Category
from innopark.projects.permissions import is_zone_operator, operated_zone_ids
from innopark.projects.views._helpers import login_redirect, or_404, run_form
from innopark.projects.workflow import CallStatus


def _zones_operated_by(user):
    from innopark.zones.models import Zone

    qs = Zone.objects.order_by("code")
    return list(qs if is_platform_admin(user) else qs.filter(pk__in=operated_zone_ids(user)))


def _categories():
    return Category.objects.filter(is_active=True)


def call_new(request):
    if response := login_redirect(request):
        return response
    zones = _zones_operated_by(request.user)
    if not zones:
        # Only operator staff (of some zone) and platform administrators write calls.
        raise PermissionDenied
    form = CallForm(request.POST or None, zones=zones, categories=_categories())
    status = 200
    if request.method == "POST":
        status = 400
        holder = {}

        def create(data):
            zone = next(z for z in zones if z.code == data["zone"])
            holder["call"] = services.call_create(actor=request.user, zone=zone, **form.service_kwargs())

        if run_form(request, form, create):
            messages.success(request, _("The call is saved as a draft. Check it and publish it."))
            return redirect("projects:call", code=holder["call"].code)
    return render(request, "projects/call_form.html", {"form": form, "call": None}, status=status)


def call_edit(request, code: str):
    if response := login_redirect(request):
        return response
    call = or_404(selectors.call_by_code, request.user, code)
    if not is_zone_operator(request.user, call.zone):
        raise Http404  # others see the public call page, not its editor
    if call.status != CallStatus.DRAFT:
        messages.error(request, _("Only a draft call can be edited here."))
        return redirect("projects:call", code=call.code)
    form = CallForm(request.POST or None, initial=CallForm.initial_from(call), categories=_categories(), editing=True)
    status = 200
    if request.method == "POST":
        status = 400
        if run_form(
            request, form, lambda _d: services.call_update(actor=request.user, call=call, **form.service_kwargs())
        ):
            messages.success(request, _("The call is saved."))
            return redirect("projects:call", code=call.code)
    return render(request, "projects/call_form.html", {"form": form, "call": call}, status=status)


def call_publish(request, code: str):
    if response := login_redirect(request):
        return response
    if request.method != "POST":
        return redirect("projects:call", code=code)
    call = or_404(selectors.call_by_code, request.user, code)
    if not is_zone_operator(request.user, call.zone):
        raise Http404
    from innopark.projects.forms import ConfirmForm

    form = ConfirmForm(request.POST)
    if run_form(request, form, lambda _d: services.call_publish(actor=request.user, call=call)):
        messages.success(request, _("The call is published."))
    else:
        for error in form.non_field_errors() + [e for errors in form.errors.values() for e in errors]:
            messages.error(request, error)
    return redirect("projects:call", code=call.code)

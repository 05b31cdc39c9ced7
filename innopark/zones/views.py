"""Zone pages: the list, a zone's page (jurisdiction timeline, phases, priority activities, operator, headcount,
history) and the transfer form. Views read through selectors and write through services only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from innopark.accounts.permissions import is_platform_admin
from innopark.core.errors import ApplicationError, NotFound
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token
from innopark.zones import selectors
from innopark.zones.charts import bar_chart_svg
from innopark.zones.forms import TransferForm
from innopark.zones.models import JurisdictionAssignment
from innopark.zones.permissions import can_transfer
from innopark.zones.services import jurisdiction_transfer


def _zone_or_404(code: str):
    try:
        return selectors.zone_by_code(code)
    except NotFound:
        raise Http404(code)


def zone_list(request):
    today = timezone.localdate()
    zones = list(selectors.zones_visible_to(request.user))
    in_force = {
        a.zone_id: a.authority
        for a in JurisdictionAssignment.objects.select_related("authority").filter(
            zone__in=zones, valid_from__lte=today
        )
        if a.valid_to is None or a.valid_to > today
    }
    rows = [{"zone": zone, "authority": in_force.get(zone.pk)} for zone in zones]
    return render(request, "zones/list.html", {"rows": rows, "today": today})


def zone_detail(request, code: str):
    zone = _zone_or_404(code)
    today = timezone.localdate()
    timeline = list(selectors.jurisdiction_timeline(zone))
    for item in timeline:
        item.is_current = item.valid_from <= today and (item.valid_to is None or item.valid_to > today)
    phases = list(zone.phases.order_by("number"))
    activities = list(zone.priority_activities.order_by("added_on", "oked"))
    current_okeds = {a.pk for a in selectors.priority_activities_on(zone, today)}
    for activity in activities:
        activity.is_current = activity.pk in current_okeds
    headcounts = list(selectors.headcount_series(zone))
    chart = bar_chart_svg(
        [(h.on_date.strftime("%m.%Y"), h.headcount) for h in headcounts], title=_("Operator staff headcount")
    )
    access = selectors.zone_access(request.user, zone, today)
    context = {
        "zone": zone,
        "today": today,
        "timeline": timeline,
        "any_illustrative": any(item.illustrative for item in timeline),
        "phases": phases,
        "activities": activities,
        "operators": zone.operator_assignments.select_related("operator").order_by("valid_from"),
        "headcounts": headcounts,
        "chart": chart,
        "can_transfer": can_transfer(request.user, zone),
        # The history panel applies the audit rules itself; people without internal access are not shown it at all.
        "show_history": bool(access) or is_platform_admin(request.user),
        "subject_type": zone._meta.label_lower,
    }
    return render(request, "zones/detail.html", context)


def zone_transfer(request, code: str):
    zone = _zone_or_404(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_transfer(request.user, zone):
        message = _("Only the authority overseeing this zone today or a platform administrator may transfer it.")
        return render(request, "zones/forbidden.html", {"zone": zone, "message": message}, status=403)
    current = selectors.authority_on(zone, timezone.localdate())
    form = TransferForm(request.POST or None, zone=zone, current_authority=current)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    consume_form_token(data["once"], user=request.user)
                    jurisdiction_transfer(
                        zone=zone,
                        to_authority=data["to_authority"],
                        effective_on=data["effective_on"],
                        basis=data["basis"],
                        actor=request.user,
                    )
            except ApplicationError as error:
                apply_error_to_form(form, error)
            else:
                messages.success(request, _("The transfer has been recorded."))
                return redirect("zones:detail", code=zone.code)
    return render(request, "zones/transfer.html", {"zone": zone, "form": form, "current": current}, status=status)

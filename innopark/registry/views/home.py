"""The home page's "waiting for you" panel: overdue and due steps for staff, open applications for applicants."""

from django.template.loader import render_to_string
from django.utils import timezone

from innopark.registry import selectors
from innopark.registry.views.permissions import can_see_queues, represents_any
from innopark.registry.workflow import ApplicationStatus


def waiting_panel(request) -> str:
    user = request.user
    if not user.is_authenticated:
        return ""
    today = timezone.localdate()
    context = {"today": today}
    if can_see_queues(user):
        waiting = selectors.applications_visible_to(user).filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.MODERATION, ApplicationStatus.COMMISSION]
        )
        context["waiting_count"] = waiting.count()
        context["overdue_count"] = waiting.filter(step_due_on__lt=today).count()
    if represents_any(user):
        context["returned"] = list(
            selectors.applications_visible_to(user).filter(status=ApplicationStatus.RETURNED).order_by("pk")[:10]
        )
    if len(context) == 1:
        return ""
    return render_to_string("registry/partials/home_panel.html", context, request=request)

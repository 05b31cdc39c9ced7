"""`{% load audit %}{% history_panel subject_type subject_id %}`: an object's audit history on its page.

Shows what the signed-in user may see (audit.selectors), newest first, the first PAGE_SIZE events, and an HTMX
"more" link to the partial view that loads the next page (it also works without JavaScript).
"""

from __future__ import annotations

import orjson
from django import template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from innopark.audit.selectors import events_for_subject

register = template.Library()

PAGE_SIZE = 20


def history_page(user, subject_type: str, subject_id, before: int | None = None) -> dict:
    """One page of history (newest first) and the link to the next, for the panel and the partial view."""
    events = events_for_subject(user, subject_type, subject_id)
    if before is not None:
        events = events.filter(seq__lt=before)
    rows = list(events[: PAGE_SIZE + 1])
    more_url = ""
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        url = reverse("audit:history", kwargs={"subject_type": subject_type, "subject_id": str(subject_id)})
        more_url = f"{url}?{urlencode({'before': rows[-1].seq})}"
    return {"events": rows, "more_url": more_url, "subject_type": subject_type, "subject_id": str(subject_id)}


@register.inclusion_tag("audit/history_panel.html", takes_context=True)
def history_panel(context, subject_type, subject_id):
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"request": request, **history_page(user, subject_type, subject_id)}


@register.filter
def audit_value(value) -> str:
    """A before/after value as a reader sees it: a dash for nothing, yes/no, lists joined, objects as JSON."""
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list):
        return ", ".join(audit_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    return str(value)

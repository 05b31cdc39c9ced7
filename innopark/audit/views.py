from django.http import Http404
from django.shortcuts import render

from innopark.audit.selectors import subject_visibility
from innopark.audit.templatetags.audit import history_page


def history(request, subject_type: str, subject_id: str):
    """The next page of a subject's history: rows for the panel's HTMX "more" link, or a whole page without JS."""
    if subject_visibility(request.user, subject_type, subject_id) is None:
        # The same answer for "does not exist" and "not yours", so ids of others' objects are not revealed.
        raise Http404
    before = request.GET.get("before", "")
    page = history_page(
        request.user, subject_type, subject_id, int(before) if before.isdigit() and len(before) < 19 else None
    )
    template = "audit/partials/history_rows.html" if request.htmx else "audit/history_page.html"
    return render(request, template, page)

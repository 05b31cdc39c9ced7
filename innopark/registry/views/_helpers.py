"""Helpers the registry views share: 404 for objects the user may not see, running a service behind a form."""

from __future__ import annotations

from importlib.util import find_spec

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404

from innopark.core.errors import ApplicationError, NotFound
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token


def history_panel_available() -> bool:
    # The audit app provides {% history_panel %}; until it exists the pages simply leave the panel out.
    try:
        return find_spec("innopark.audit.templatetags.audit") is not None
    except ModuleNotFoundError:
        return False


def or_404(fn, *args):
    try:
        return fn(*args)
    except NotFound:
        raise Http404


def login_required_or_redirect(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def run_form(request, form, call) -> bool:
    """Validate the form and run `call(cleaned_data)` with the one-time token consumed in the same transaction.
    Returns True on success; on refusal the error is shown on the form and nothing is written."""
    if not form.is_valid():
        return False
    try:
        with transaction.atomic():
            consume_form_token(form.cleaned_data["once"], user=request.user)
            call(form.cleaned_data)
    except ApplicationError as error:
        apply_error_to_form(form, error)
        return False
    return True

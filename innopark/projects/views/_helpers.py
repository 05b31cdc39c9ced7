"""Helpers the projects pages share: 404 for what the user may not see, a service run behind a one-time form."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import Http404

from innopark.core.errors import ApplicationError, NotFound
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token


def or_404(fn, *args):
    try:
        return fn(*args)
    except NotFound:
        raise Http404 from None


def login_redirect(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def run_form(request, form, call) -> bool:
    """Validate, then run `call(cleaned_data)` with the form's one-time token consumed in the same transaction.
    On refusal the error is shown on the form and nothing is written (the token stays unused)."""
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

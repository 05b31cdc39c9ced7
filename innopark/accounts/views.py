"""The "My account" page: the signed-in user's roles and API tokens (create one, shown once; revoke one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from innopark.accounts.forms import TokenCreateForm, TokenRevokeForm
from innopark.accounts.selectors import access_token, roles_of_user, tokens_of_user
from innopark.accounts.services import api_token_create, api_token_revoke
from innopark.core.errors import ApplicationError, NotFound
from innopark.core.forms import apply_error_to_form
from innopark.core.once import consume_form_token


def _role_rows(user):
    today = timezone.localdate()
    rows = []
    for assignment in roles_of_user(user):
        if assignment.valid_from > today:
            state = "future"
        elif assignment.valid_to is not None and assignment.valid_to <= today:
            state = "ended"
        else:
            state = "current"
        rows.append({"assignment": assignment, "state": state, "scope": _scope_label(assignment)})
    return rows


def _scope_label(assignment) -> str:
    for scope in (assignment.authority, assignment.zone, assignment.organization):
        if scope is not None:
            code = getattr(scope, "code", None) or getattr(scope, "bin", None) or ""
            return f"{scope} ({code})" if code else str(scope)
    return ""


def _page(request, *, create_form=None, new_token=None, status=200):
    context = {
        "roles": _role_rows(request.user),
        "tokens": list(tokens_of_user(request.user)),
        "create_form": create_form or TokenCreateForm(),
        "revoke_form": TokenRevokeForm(),
        "new_token": new_token,
    }
    return render(request, "accounts/me.html", context, status=status)


@login_required
def me(request):
    return _page(request)


@login_required
@require_POST
def token_create(request):
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, create_form=form, status=400)
    try:
        with transaction.atomic():
            consume_form_token(form.cleaned_data["once"], user=request.user)
            _token, raw = api_token_create(actor=request.user, user=request.user, name=form.cleaned_data["name"])
    except ApplicationError as error:
        apply_error_to_form(form, error)
        return _page(request, create_form=form, status=error.status)
    # Rendered, not redirected: the secret appears in this response only and is never stored in clear.
    response = _page(request, new_token=raw)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        token = access_token(request.user, token_id)
    except NotFound:
        raise Http404
    form = TokenRevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form is incomplete: reload the page and try again."))
        return redirect("accounts:me")
    try:
        with transaction.atomic():
            consume_form_token(form.cleaned_data["once"], user=request.user)
            api_token_revoke(actor=request.user, token=token)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("accounts:me")
    messages.success(request, _("The token %(prefix)s was revoked.") % {"prefix": token.prefix})
    return redirect("accounts:me")


def roles_home_panel(request) -> str:
    """Home page panel: the signed-in user's current roles, with a link to their account."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    current = [row for row in _role_rows(user) if row["state"] == "current"]
    return render_to_string("accounts/partials/home_roles.html", {"roles": current}, request=request)

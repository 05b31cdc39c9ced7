"""A test-only URLconf: a tiny service that refuses bad input, called from an API endpoint and from a page form.

It shows the one path of an ApplicationError: raised by a service, rendered as {"code","message","fields"} by the
API's own handlers, and placed on the form's field by apply_error_to_form, each time in the user's language.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from ninja import NinjaAPI, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError

import innopark.api
from innopark.core.api_schemas import ERRORS
from innopark.core.errors import ApplicationError
from innopark.core.forms import apply_error_to_form
from innopark.core.identifiers import validate_bin
from innopark.core.once import OnceFormMixin, consume_form_token
from innopark.urls import urlpatterns as project_urlpatterns


@transaction.atomic
def organization_check(*, actor, bin: str) -> str:
    """Stands in for a domain service: validates the BIN and refuses it with a stable code and field messages."""
    try:
        return validate_bin(bin)
    except ValidationError as error:
        raise ApplicationError(code=f"bin_{error.code}", fields={"bin": error.messages})


# --- API: a router on its own NinjaAPI that uses the project API's exception handlers ------------------------


class CheckIn(Schema):
    bin: str


class CheckOut(Schema):
    bin: str


router = Router()


@router.post("/check", response={200: CheckOut, **ERRORS}, auth=None)
def check(request, payload: CheckIn):
    return {"bin": organization_check(actor=None, bin=payload.bin)}


test_api = NinjaAPI(urls_namespace="core-test-errors", renderer=innopark.api.ORJSONRenderer())
test_api.add_router("", router)
test_api.add_exception_handler(ApplicationError, innopark.api._application_error)
test_api.add_exception_handler(NinjaValidationError, innopark.api._schema_validation_error)


# --- Page --------------------------------------------------------------------------------------------------------


class CheckForm(OnceFormMixin, forms.Form):
    bin = forms.CharField(label="BIN", max_length=20)


PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block content %}<form method="post">{% csrf_token %}{{ form.as_div }}</form>'
    "{% if ok %}<p id=ok>{{ ok }}</p>{% endif %}{% endblock %}"
)


def check_page(request):
    form = CheckForm(request.POST or None)
    ok = None
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                consume_form_token(form.cleaned_data["once"], user=request.user)
                ok = organization_check(actor=request.user, bin=form.cleaned_data["bin"])
        except ApplicationError as error:
            apply_error_to_form(form, error)
    return HttpResponse(PAGE.render({"form": form, "ok": ok}, request), status=200 if ok or not form.errors else 400)


urlpatterns = [
    path("test-core/api/", test_api.urls),
    path("test-core/check/", check_page),
    *project_urlpatterns,
]

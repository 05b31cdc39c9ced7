"""The versioned JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs.

Every error is {"code", "message", "fields"} in the request's language (ADR 0005). Each domain app contributes a
Router from its api.py. Authentication: a bearer token (BearerTokenMiddleware) or the browser session (with CSRF).
"""

from __future__ import annotations

import orjson
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.renderers import BaseRenderer
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from innopark.core.errors import ApplicationError

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def _default(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"

    def render(self, request, data, *, response_status):
        return orjson.dumps(data, default=_default)


class TokenOrSession(HttpBearer):
    """Bearer token (already resolved by BearerTokenMiddleware) or the browser session.

    Session requests that change state must carry the CSRF token; token requests need none.
    """

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        needs_csrf = not getattr(request, "auth_via_token", False) and request.method not in SAFE_METHODS
        if needs_csrf and check_csrf(request):
            raise ApplicationError(_("CSRF check failed: reload the page and try again."), code="csrf")
        return user

    def authenticate(self, request, token):  # pragma: no cover - BearerTokenMiddleware resolves tokens
        return None


auth_required = TokenOrSession()

api = NinjaAPI(
    title="innopark API",
    version="1",
    description=(
        "The JSON API of innopark. Errors are {code, message, fields}, in the language of Accept-Language. "
        "Authenticate with `Authorization: Bearer <token>` (created by `innopark token create EMAIL`)."
    ),
    renderer=ORJSONRenderer(),
    urls_namespace="api-v1",
)


def error_response(request, body: dict, status: int):
    return api.create_response(request, body, status=status)


@api.exception_handler(ApplicationError)
def _application_error(request, exc: ApplicationError):
    return error_response(request, exc.as_dict(), exc.status)


@api.exception_handler(ValidationError)
def _django_validation_error(request, exc: ValidationError):
    return _application_error(request, ApplicationError.from_validation_error(exc))


@api.exception_handler(NinjaValidationError)
def _schema_validation_error(request, exc: NinjaValidationError):
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        loc = [str(p) for p in error.get("loc", []) if p not in ("body", "query", "path", "header", "payload")]
        key = ".".join(loc) or "__all__"
        # pydantic's own messages are English only; core gives them in the request's language.
        from innopark.core.schema_messages import schema_error_message

        fields.setdefault(key, []).append(schema_error_message(error))
    body = {"code": "validation_error", "message": _("Some fields are not valid."), "fields": fields}
    return error_response(request, body, 422)


@api.exception_handler(AuthenticationError)
def _authentication_error(request, exc):
    body = {
        "code": "not_authenticated",
        "message": _("Sign in or send an API token to do this."),
        "fields": {},
    }
    return error_response(request, body, 401)


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc):
    body = {"code": "forbidden", "message": _("You are not allowed to do this."), "fields": {}}
    return error_response(request, body, 403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return error_response(request, {"code": "not_found", "message": _("Not found."), "fields": {}}, 404)


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return error_response(request, {"code": "http_error", "message": str(exc), "fields": {}}, exc.status_code)


def _register_routers() -> None:
    from importlib import import_module

    for app in ("audit", "accounts", "zones", "registry", "funding", "projects", "reports", "notifications"):
        module = import_module(f"innopark.{app}.api")
        router = getattr(module, "router", None)
        if router is not None:
            api.add_router("", router)


_register_routers()

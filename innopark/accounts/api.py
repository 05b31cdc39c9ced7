"""GET /api/v1/me: who the token or session belongs to, and the roles it carries (to check a token)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Router, Schema, Status

from innopark.accounts.selectors import roles_of_user
from innopark.api import auth_required
from innopark.core.api_schemas import ErrorOut

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    role_label: str
    authority: str | None
    zone: str | None
    organization_id: int | None
    organization_bin: str | None
    valid_from: dt.date
    valid_to: dt.date | None
    current: bool


class MeOut(Schema):
    email: str
    full_name: str
    language: str
    roles: list[RoleOut]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=auth_required, summary="The signed-in user")
def me(request):
    from django.utils import timezone

    today = timezone.localdate()
    user = request.user
    roles = [
        {
            "role": a.role,
            "role_label": str(a.get_role_display()),
            "authority": a.authority.code if a.authority_id else None,
            "zone": a.zone.code if a.zone_id else None,
            "organization_id": a.organization_id,
            "organization_bin": a.organization.bin if a.organization_id else None,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "current": a.valid_from <= today and (a.valid_to is None or today < a.valid_to),
        }
        for a in roles_of_user(user)
    ]
    return Status(200, {"email": user.email, "full_name": user.full_name, "language": user.language, "roles": roles})


class TokenIn(Schema):
    # No control characters (PostgreSQL refuses NUL in text): a clear 422 instead of a database error.
    name: str = Field("", max_length=100, pattern=r"^[^\x00-\x1f\x7f]*$")


class TokenCreatedOut(Schema):
    prefix: str
    token: str


@router.post(
    "/me/tokens",
    response={201: TokenCreatedOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    auth=auth_required,
    summary="Create an API token for yourself (the secret is in this response only)",
)
def me_token_create(request, payload: TokenIn):
    from innopark.accounts.services import api_token_create

    token, raw = api_token_create(actor=request.user, user=request.user, name=payload.name)
    return Status(201, {"prefix": token.prefix, "token": raw})

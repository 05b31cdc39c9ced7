"""The zones API: zones, their jurisdiction timeline, transfers and authorities (mounted at /api/v1/)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Path, Query, Router, Status

from innopark.api import auth_required
from innopark.core.api_schemas import ERRORS, ErrorOut
from innopark.core.errors import ApplicationError
from innopark.core.money import tenge_string
from innopark.zones import selectors
from innopark.zones.models import Authority, JurisdictionAssignment, Zone
from innopark.zones.schemas import (
    CODE_PATTERN,
    AuthorityPage,
    JurisdictionOut,
    TransferIn,
    ZoneOut,
    ZonePage,
)
from innopark.zones.services import jurisdiction_transfer

router = Router(tags=["zones"])

ZoneCode = Path(..., min_length=1, max_length=64, pattern=CODE_PATTERN, description="The zone's code, e.g. alatau-itp")
After = Query(None, max_length=64, description="The cursor from the previous page's next_after.")
Limit = Query(50, ge=1, le=100)
# 401 too: a public endpoint called with an invalid bearer token is refused before it runs.
PUBLIC_ERRORS = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _authority_ref(authority: Authority | None) -> dict | None:
    return {"code": authority.code, "name": authority.name} if authority else None


def _authorities_today(zones) -> dict[int, Authority]:
    today = timezone.localdate()
    return {
        a.zone_id: a.authority
        for a in JurisdictionAssignment.objects.select_related("authority").filter(
            zone__in=zones, valid_from__lte=today
        )
        if a.valid_to is None or a.valid_to > today
    }


def _zone_item(zone: Zone, authority: Authority | None) -> dict:
    return {
        "code": zone.code,
        "kind": zone.kind,
        "name": zone.name,
        "name_kk": zone.name_kk,
        "name_ru": zone.name_ru,
        "name_en": zone.name_en,
        "kato": zone.kato,
        "established_on": zone.established_on,
        "expires_on": zone.expires_on,
        "is_fictitious": zone.is_fictitious,
        "authority": _authority_ref(authority),
    }


def _jurisdiction_item(assignment: JurisdictionAssignment) -> dict:
    return {
        "authority": _authority_ref(assignment.authority),
        "valid_from": assignment.valid_from,
        "valid_to": assignment.valid_to,
        "basis": assignment.basis,
        "illustrative": assignment.illustrative,
    }


def _zone_or_404(code: str) -> Zone:
    return selectors.zone_by_code(code)


@router.get("/zones", response={200: ZonePage, **PUBLIC_ERRORS}, auth=None, summary="List zones")
def list_zones(request, after: str | None = After, limit: int = Limit):
    """Zones in code order, with the authority overseeing each today. Keyset pagination by code."""
    qs = selectors.zones_visible_to(request.user)
    if after:
        qs = qs.filter(code__gt=after)
    zones = list(qs[: limit + 1])
    more = len(zones) > limit
    zones = zones[:limit]
    authorities = _authorities_today(zones)
    return {
        "items": [_zone_item(zone, authorities.get(zone.pk)) for zone in zones],
        "next_after": zones[-1].code if more else None,
    }


@router.get("/zones/{code}", response={200: ZoneOut, **PUBLIC_ERRORS}, auth=None, summary="A zone")
def get_zone(request, code: str = ZoneCode):
    zone = _zone_or_404(code)
    item = _zone_item(zone, selectors.authority_on(zone, timezone.localdate()))
    item.update(
        legal_basis=zone.legal_basis,
        priority_income_threshold_pct=zone.priority_income_threshold_pct,
        phases=[
            {
                "number": p.number,
                "name": p.name,
                "area_ha": str(p.area_ha),
                "budget_tiyn": p.budget_tiyn,
                "budget": tenge_string(p.budget_tiyn),
                "status": p.status,
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
            }
            for p in zone.phases.order_by("number")
        ],
        priority_activities=[
            {"oked": a.oked, "title": a.title, "added_on": a.added_on, "removed_on": a.removed_on, "basis": a.basis}
            for a in zone.priority_activities.order_by("added_on", "oked")
        ],
        operators=[
            {
                "bin": a.operator.bin,
                "name": a.operator.name,
                "valid_from": a.valid_from,
                "valid_to": a.valid_to,
                "is_fictitious": a.operator.is_fictitious,
            }
            for a in zone.operator_assignments.select_related("operator").order_by("valid_from")
        ],
        headcount=[{"on_date": h.on_date, "headcount": h.headcount} for h in selectors.headcount_series(zone)],
    )
    return item


@router.get(
    "/zones/{code}/jurisdiction",
    response={200: list[JurisdictionOut], **PUBLIC_ERRORS},
    auth=None,
    summary="A zone's jurisdiction timeline",
)
def get_jurisdiction(request, code: str = ZoneCode):
    """Every authority that oversaw the zone, oldest first; intervals are half-open [valid_from, valid_to)."""
    zone = _zone_or_404(code)
    return [_jurisdiction_item(a) for a in selectors.jurisdiction_timeline(zone)]


@router.post(
    "/zones/{code}/transfers",
    response={201: JurisdictionOut, **ERRORS},
    auth=auth_required,
    summary="Transfer a zone to another authority",
)
def post_transfer(request, payload: TransferIn, code: str = ZoneCode):
    """Ends the current authority's period on `effective_on` and opens the new one (platform administrators and
    officers of the authority in force on that date). Refusals name the field: `to_authority` (unknown or the
    current one), `effective_on` (on or before the last transfer, outside the zone's term), `basis` (missing)."""
    zone = _zone_or_404(code)
    authority = selectors.authority_by_code(payload.to_authority)
    if authority is None:
        message = _("There is no authority with the code %(code)s.") % {"code": payload.to_authority}
        raise ApplicationError(message, code="unknown_authority", fields={"to_authority": [message]})
    assignment = jurisdiction_transfer(
        zone=zone,
        to_authority=authority,
        effective_on=payload.effective_on,
        basis=payload.basis,
        actor=request.user,
    )
    return Status(201, _jurisdiction_item(assignment))


@router.get("/authorities", response={200: AuthorityPage, **PUBLIC_ERRORS}, auth=None, summary="List authorities")
def list_authorities(request, after: str | None = After, limit: int = Limit):
    qs = selectors.authorities_visible_to(request.user)
    if after:
        qs = qs.filter(code__gt=after)
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [
            {
                "code": a.code,
                "kind": a.kind,
                "name": a.name,
                "name_kk": a.name_kk,
                "name_ru": a.name_ru,
                "name_en": a.name_en,
                "successor": a.successor.code if a.successor else None,
            }
            for a in rows
        ],
        "next_after": rows[-1].code if more else None,
    }

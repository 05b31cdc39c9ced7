"""Financed projects as 360Giving 1.4 grants, streamed grant by grant in constant memory (ADR 0061).

Identifiers: grants `360G-innopark-<zone code>-<grant reference>` (or, for grants that came in through
`import-360`, the identifier they had); organisations `KZ-BIN-<bin>`. Amounts in KZT. Disbursements are the
ledger's disbursement transfers out of the grant's account, as `disbursementTransaction`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

import orjson
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from innopark.core.identifiers import open_data_id
from innopark.reports.giving.schema import STANDARD_VERSION
from innopark.reports.models import ImportedGrant
from innopark.reports.stats import sources as s
from innopark.zones.models import Zone

GRANT_ID_PREFIX = "360G-innopark-"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_NAME = "CC BY 4.0"
CATEGORY_VOCABULARY = "innopark-grant-category"
KATO_GEOCODE_TYPE = "KATO"
CHUNK = 500


def amount_number(tiyn: int):
    """Tenge as a JSON number. Whole tenge are written as integers; otherwise the float's shortest text is the
    exact two-decimal amount (every amount below 2^53 tiyn round-trips), and importers parse it as a Decimal."""
    if tiyn % 100 == 0:
        return tiyn // 100
    return float(Decimal(tiyn) / 100)


def grant_giving_id(grant, imported: dict[int, ImportedGrant]) -> str:
    source = imported.get(grant.pk)
    if source is not None:
        return source.giving_id
    if getattr(grant, "external_id", ""):  # imported history keeps its identifier
        return grant.external_id
    reference = s.attr(grant, s.GRANT_REFERENCE) or str(grant.pk)
    return f"{GRANT_ID_PREFIX}{grant.zone.code}-{reference}"


def organization_entry(org) -> dict:
    entry = {"id": org.open_data_id, "name": org.name_ru or org.name_en or org.name_kk}
    if org.name_kk and org.name_kk != entry["name"]:
        entry["alternateName"] = org.name_kk
    if org.bin:
        entry["companyNumber"] = org.bin
    if org.address:
        entry["streetAddress"] = org.address
    entry["addressCountry"] = "Kazakhstan" if org.bin else org.foreign_country or ""
    if org.kato:
        entry["location"] = [{"geoCode": org.kato, "geoCodeType": KATO_GEOCODE_TYPE, "countryCode": "KZ"}]
    if not entry["addressCountry"]:
        del entry["addressCountry"]
    return entry


def funding_entry(zone: Zone, awarded_on: dt.date, source: ImportedGrant | None, operators=None) -> dict:
    """The funder as published: the zone's operator (management company) on the award date."""
    if source is not None:
        funder = {"id": source.funding_org_id, "name": source.funding_org_name}
        if source.funding_org_department:
            funder["department"] = source.funding_org_department
        return funder
    if operators is None:
        operators = zone_operators(zone)
    for valid_from, valid_to, operator in operators:
        if valid_from <= awarded_on and (valid_to is None or awarded_on < valid_to):
            return {
                "id": open_data_id(operator.bin),
                "name": operator.name_ru or operator.name_en,
                "department": zone.name_ru or zone.name_en,
            }
    # No operator on record: the zone itself, under a publisher-local identifier.
    return {"id": f"XI-INNOPARK-{zone.code}", "name": zone.name_ru or zone.name_en}


def zone_operators(zone: Zone) -> list:
    """(valid from, valid to, operator) of the zone, read once per export rather than once per grant."""
    return [
        (a.valid_from, a.valid_to, a.operator)
        for a in zone.operator_assignments.select_related("operator").order_by("valid_from")
    ]


def _disbursements(account_ids: list[int]) -> dict[int, list[tuple[int, dt.date, int]]]:
    """(transfer id, date, tiyn) per grant account, reversed disbursements left out."""
    transfer = s.transfer_model()
    if transfer is None or not account_ids:
        return {}
    reversed_ids = set(
        transfer.objects.filter(
            **{s.TRANSFER_KIND: s.REVERSAL, f"{s.TRANSFER_REVERSES}__{s.TRANSFER_FROM}__in": account_ids}
        ).values_list(s.TRANSFER_REVERSES, flat=True)
    )
    out: dict[int, list] = {}
    rows = (
        transfer.objects.filter(**{s.TRANSFER_KIND: s.DISBURSEMENT, f"{s.TRANSFER_FROM}__in": account_ids})
        .order_by(s.TRANSFER_DATE, "pk")
        .values_list("pk", f"{s.TRANSFER_FROM}_id", s.TRANSFER_DATE, s.TRANSFER_AMOUNT)
    )
    for pk, account_id, occurred_on, amount in rows:
        if pk not in reversed_ids:
            out.setdefault(account_id, []).append((pk, occurred_on, amount))
    return out


def grant_public_fields(grant) -> dict:
    """The grant's public fields (feed items, the public list)."""
    recipient = s.attr(grant, s.GRANT_RECIPIENT)
    return {
        "zone": grant.zone.code,
        "reference": s.attr(grant, s.GRANT_REFERENCE),
        "title": s.attr(grant, s.GRANT_TITLE),
        "category": s.attr(grant, s.GRANT_CATEGORY),
        "status": s.attr(grant, "status"),
        "amount_awarded_kzt": f"{Decimal(grant.amount_tiyn) / 100:.2f}",
        "awarded_on": grant.awarded_on.isoformat() if grant.awarded_on else None,
        "recipient_id": recipient.open_data_id if recipient is not None else None,
        "recipient_name": (recipient.name_ru or recipient.name_en) if recipient is not None else None,
    }


def grants_queryset(zone: Zone):
    grant = s.grant_model()
    if grant is None:
        return None
    qs = grant.objects.filter(**{s.GRANT_ZONE: zone.pk}).exclude(**{"awarded_on__isnull": True})
    if s.GRANT_EXCLUDED_STATUSES:
        qs = qs.exclude(status__in=s.GRANT_EXCLUDED_STATUSES)
    related = [s.GRANT_RECIPIENT, s.GRANT_ZONE, s.GRANT_CALL, "category", "application"]
    return qs.select_related(*related).order_by(s.GRANT_DATE, "pk")


def iter_grants(zone: Zone) -> Iterator[dict]:
    """Each grant of the zone as a 360Giving grant object, in award order; memory bounded by CHUNK grants."""
    qs = grants_queryset(zone)
    if qs is None:
        return
    operators = zone_operators(zone)
    last_pk = None
    last_date = None
    while True:
        # Keyset pages (award date, pk) rather than one cursor: constant memory on SQLite and PostgreSQL alike,
        # and no server-side cursor held open while a slow client downloads.
        page = qs
        if last_pk is not None:
            from django.db.models import Q

            page = qs.filter(
                Q(**{f"{s.GRANT_DATE}__gt": last_date}) | Q(**{s.GRANT_DATE: last_date, "pk__gt": last_pk})
            )
        chunk = list(page[:CHUNK])
        if not chunk:
            return
        imported = {g.grant_id: g for g in ImportedGrant.objects.filter(grant_id__in=[g.pk for g in chunk])}
        accounts = [getattr(g, f"{s.GRANT_ACCOUNT}_id", None) for g in chunk]
        disbursements = _disbursements([a for a in accounts if a])
        for grant in chunk:
            yield grant_to_giving(grant, imported, disbursements, operators)
        last_pk, last_date = chunk[-1].pk, getattr(chunk[-1], s.GRANT_DATE)


def grant_to_giving(grant, imported: dict, disbursements: dict, operators=None) -> dict:
    source = imported.get(grant.pk)
    giving_id = grant_giving_id(grant, imported)
    title = s.attr(grant, s.GRANT_TITLE) or giving_id
    # An imported grant has no application: its description is its own summary.
    description = s.attr(grant, s.GRANT_DESCRIPTION) or getattr(grant, "summary", "") or title
    out = {
        "id": giving_id,
        "title": title,
        "description": description,
        "currency": "KZT",
        "amountAwarded": amount_number(grant.amount_tiyn),
        "awardDate": grant.awarded_on.isoformat(),
        "recipientOrganization": [organization_entry(s.attr(grant, s.GRANT_RECIPIENT))],
        "fundingOrganization": [funding_entry(grant.zone, grant.awarded_on, source, operators)],
    }
    call = s.attr(grant, s.GRANT_CALL)
    if source is not None:
        # Imported history keeps the programme its publisher gave it.
        if source.programme_code:
            out["grantProgramme"] = [{"code": source.programme_code, "title": source.programme_title or None}]
    elif call is not None:
        out["grantProgramme"] = [{"code": call.code, "title": call.title_ru or call.title_en}]
    category = s.attr(grant, "category")
    if category is not None:
        out["classifications"] = [
            {"vocabulary": CATEGORY_VOCABULARY, "code": category.code, "title": category.name_ru or category.name_en}
        ]
    starts, ends = s.attr(grant, s.GRANT_PLANNED_START), s.attr(grant, s.GRANT_PLANNED_END)
    if starts:
        event = {"startDate": starts.isoformat()}
        if ends:
            event["endDate"] = ends.isoformat()
        out["plannedDates"] = [event]
    paid = disbursements.get(getattr(grant, f"{s.GRANT_ACCOUNT}_id", None), [])
    if paid:
        out["amountDisbursed"] = amount_number(sum(amount for _, _, amount in paid))
        out["disbursementTransaction"] = [
            {
                "id": f"{giving_id}-D{index}",
                "transactionDate": occurred_on.isoformat(),
                "value": amount_number(amount),
                "currency": "KZT",
            }
            for index, (_, occurred_on, amount) in enumerate(paid, start=1)
        ]
    updated = getattr(grant, "updated_at", None)
    if updated is not None:
        out["dateModified"] = timezone.localtime(updated).isoformat(timespec="seconds")
    return out


def last_update(zone: Zone) -> dt.datetime | None:
    qs = grants_queryset(zone)
    if qs is None or not s.has_field(qs.model, "updated_at"):
        return None
    return qs.aggregate(last=Max("updated_at"))["last"]


def package_header(zone: Zone) -> dict:
    now = timezone.localtime()
    return {
        "version": STANDARD_VERSION,
        "title": f"innopark: financed projects of {zone.name_en or zone.code}",
        "description": f"Grants awarded by the {zone.code} zone's fund, published by innopark.",
        "identifier": f"innopark-{zone.code}",
        "issued": now.isoformat(timespec="seconds"),
        "modified": now.isoformat(timespec="seconds"),
        "license": LICENCE_URL,
        "publisher": {"name": zone.name_en or zone.name_ru, "identifier": f"XI-INNOPARK-{zone.code}"},
        "accessURL": f"{settings.SITE_URL.rstrip('/')}/figures/open-data/",
    }


def stream_package(zone: Zone) -> Iterator[bytes]:
    """The data package as JSON bytes, grant by grant: the header first, then `"grants": [...]`."""
    header = orjson.dumps(package_header(zone))
    yield header[:-1] + b',"grants":['
    first = True
    for grant in iter_grants(zone):
        yield (b"" if first else b",") + orjson.dumps(grant)
        first = False
    yield b"]}"

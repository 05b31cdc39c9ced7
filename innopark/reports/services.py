"""Writes of the reports app: importing a 360Giving file into a zone (`giving_import`).

All-or-nothing: the whole file is read and checked first (every problem listed by grant and field), then every
grant is written in one transaction through the owning apps' services: the recipient through registry's
`organization_get_or_create_by_bin`, the grant through projects' `grant_import`, and its money through funding's
`transfer_create`. Imported money comes from the zone's imported-history account (contribution into the fund,
allocation to the grant, disbursements out), so the fund's own balance ends where it started and the statistics
count the grants like any other. Idempotent by grant identifier: a grant imported before is left as it is.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record
from innopark.core.errors import ApplicationError, Conflict, NotAllowed
from innopark.reports.events import ReportsEvent
from innopark.reports.giving.importer import GrantRecord, check_grants, read_grants
from innopark.reports.models import ImportedGrant
from innopark.zones.models import Zone

MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_CATEGORY = "other"


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _require_can_import(actor, zone: Zone) -> None:
    from innopark.zones.selectors import zones_actionable_by

    if actor is None or not zones_actionable_by(actor).filter(pk=zone.pk).exists():
        raise NotAllowed(
            _("Only the zone's operator staff or an administrator may import its history."), code="not_zone_operator"
        )


def giving_import(*, actor, zone: Zone, content: bytes, name: str) -> ImportResult:
    """Import the grants of a 360Giving JSON package, CSV or XLSX file into the zone."""
    if len(content) > MAX_FILE_BYTES:
        raise ApplicationError(_("The file is too large."), code="file_too_large", fields={"file": [name]})
    records = check_grants(read_grants(content, name=name))
    _require_can_import(actor, zone)
    _grant_import_service()  # refuse before anything is written if projects cannot create imported grants
    result = ImportResult()
    with transaction.atomic():
        known = dict(
            ImportedGrant.objects.filter(giving_id__in=[r.giving_id for r in records]).values_list(
                "giving_id", "grant_id"
            )
        )
        for record in records:
            if record.giving_id in known:
                _check_same_zone(record, known[record.giving_id], zone)
                result.unchanged.append(record.giving_id)
                continue
            _import_one(actor=actor, zone=zone, record=record, source_name=name)
            result.created.append(record.giving_id)
    return result


def _check_same_zone(record: GrantRecord, grant_id: int, zone: Zone) -> None:
    from innopark.reports.stats.sources import grant_model

    grant = grant_model().objects.filter(pk=grant_id).values_list("zone_id", flat=True).first()
    if grant != zone.pk:
        raise Conflict(
            _("Grant %(id)s was already imported into another zone.") % {"id": record.giving_id},
            code="imported_elsewhere",
            fields={f"{record.giving_id}: id": [_("Already imported into another zone.")]},
        )


def _import_one(*, actor, zone: Zone, record: GrantRecord, source_name: str) -> None:
    from innopark.funding.models import Transfer
    from innopark.funding.services import (
        ledger_account_external,
        ledger_account_for_zone_fund,
        ledger_account_imported_history,
        transfer_create,
    )
    from innopark.registry.services.organizations import organization_get_or_create_by_bin

    organization, _created = organization_get_or_create_by_bin(
        actor=actor,
        bin=record.recipient_bin,
        name_ru=record.recipient_name or record.recipient_bin,
        **({"name_kk": record.recipient_name_kk} if record.recipient_name_kk else {}),
        **({"kato": record.recipient_kato} if record.recipient_kato else {}),
    )
    # Idempotency keys are printable ASCII; a grant identifier may be anything, so its digest stands in for it.
    key = "360g:" + hashlib.sha256(record.giving_id.encode()).hexdigest()[:48]
    history = ledger_account_imported_history(zone=zone)
    fund = ledger_account_for_zone_fund(zone=zone)
    # The money comes in from the imported history first, so that the grant's allocation out of the fund (made by
    # projects when it creates the grant, or here) leaves the fund's own balance where it was.
    transfer_create(
        actor=actor,
        kind="contribution",
        from_account=history,
        to_account=fund,
        amount_tiyn=record.amount_tiyn,
        idempotency_key=f"{key}:in",
        occurred_on=record.awarded_on,
        reference=record.giving_id[:200],
    )
    grant = _create_grant(actor=actor, zone=zone, organization=organization, record=record)
    allocated = Transfer.objects.filter(kind="allocation", to_account=grant.ledger_account).exists()
    if not allocated:
        transfer_create(
            actor=actor,
            kind="allocation",
            from_account=fund,
            to_account=grant.ledger_account,
            amount_tiyn=record.amount_tiyn,
            idempotency_key=f"{key}:alloc",
            occurred_on=record.awarded_on,
            reference=record.giving_id[:200],
        )
    external = ledger_account_external()
    for number, paid in enumerate(record.disbursements, start=1):
        transfer_create(
            actor=actor,
            kind="disbursement",
            from_account=grant.ledger_account,
            to_account=external,
            amount_tiyn=paid.amount_tiyn,
            idempotency_key=f"{key}:d{number}",
            occurred_on=paid.on,
            reference=paid.giving_id[:200],
        )
    source = ImportedGrant(
        giving_id=record.giving_id,
        grant_id=grant.pk,
        funding_org_id=record.funding_org_id,
        funding_org_name=record.funding_org_name,
        programme_code=(record.programme_code or "")[:255],
        programme_title=(record.programme_title or "")[:500],
        source_name=source_name[:255],
    )
    source.full_clean()
    source.save()
    audit_record(
        event_type=ReportsEvent.GIVING_IMPORTED,
        actor=actor,
        subject_type=source._meta.label_lower,
        subject_id=source.pk,
        after={"giving_id": record.giving_id, "grant": grant.pk, "file": source_name},
        zone_code=zone.code,
    )


def _grant_import_service():
    try:
        from innopark.projects.services import grant_import
    except ImportError:
        raise ApplicationError(
            _("Importing grants is not available: the projects module has no import service yet."),
            code="import_unavailable",
        )
    return grant_import


def _create_grant(*, actor, zone: Zone, organization, record: GrantRecord):
    """The grant itself belongs to the projects app: its `grant_import` service creates it (with its ledger
    account) for history that was decided elsewhere."""
    return _grant_import_service()(
        actor=actor,
        zone=zone,
        organization=organization,
        title=record.title,
        summary=record.description,
        category_code=record.category or DEFAULT_CATEGORY,
        awarded_on=record.awarded_on,
        amount_tiyn=record.amount_tiyn,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        external_id=record.giving_id,
    )

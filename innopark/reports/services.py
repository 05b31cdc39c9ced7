"""Writes of the reports app: importing a 360Giving file into a zone (`giving_import`).

All-or-nothing: the whole file is read and checked first (every problem listed by grant and field), then every
grant is written in one transaction through the owning apps' services: the recipient through registry's
`organization_get_or_create_by_bin`, the grant and its money through projects' `grant_import` (a contribution from
the zone's imported-history account into the fund and the allocation of the same amount to the grant, so the fund's
own balance ends where it started) and `grant_disbursement_import` (each payment, grant → outside world). A problem
found while writing (a grant imported before with other data, an unknown category) is collected like the file's
own problems, and the whole file is then refused: nothing stays written.

Idempotent by grant identifier: a grant imported before with the same data is left as it is; a grant this zone
published itself (`360G-innopark-<zone>-<agreement>`) is recognised as already there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from innopark.audit.services import audit_record
from innopark.core.errors import ApplicationError, NotAllowed
from innopark.reports.events import ReportsEvent
from innopark.reports.giving.importer import GrantRecord, check_grants, read_grants
from innopark.reports.models import ImportedGrant
from innopark.zones.models import Zone

MAX_FILE_BYTES = 50 * 1024 * 1024
DEFAULT_CATEGORY = "other"

# The projects services' argument names, as the file's fields (so a refusal names what to fix in the file).
GRANT_FIELDS = {
    "external_id": "id",
    "title": "title",
    "summary": "description",
    "organization": "recipientOrganization/0/id",
    "category_code": "classifications/0/code",
    "awarded_on": "awardDate",
    "amount_tiyn": "amountAwarded",
    "starts_on": "plannedDates/0/startDate",
    "ends_on": "plannedDates/0/endDate",
}
DISBURSEMENT_FIELDS = {"paid_on": "transactionDate", "amount_tiyn": "value", "external_id": "id"}


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def _require_can_import(actor, zone: Zone) -> None:
    from innopark.projects.permissions import is_zone_operator

    if not is_zone_operator(actor, zone):
        raise NotAllowed(
            _("Only the zone's operator staff or an administrator may import its history."), code="not_zone_operator"
        )


class _Problems:
    def __init__(self):
        self.fields: dict[str, list] = {}

    def add(self, label: str, name: str, messages) -> None:
        self.fields.setdefault(f"{label}: {name}", []).extend(messages)

    def add_error(self, label: str, exc: ApplicationError, names: dict, prefix: str = "") -> None:
        if not exc.fields:
            self.add(label, prefix.rstrip("/") or "grant", [exc.message])
        for name, messages in exc.fields.items():
            self.add(label, prefix + names.get(name, name), list(messages))


def giving_import(*, actor, zone: Zone, content: bytes, name: str, disbursements: bytes | None = None) -> ImportResult:
    """Import the grants of a 360Giving JSON package, CSV or XLSX file into the zone. A CSV of grants may come with
    the CSV of their disbursements (`disbursements`)."""
    if len(content) + len(disbursements or b"") > MAX_FILE_BYTES:
        raise ApplicationError(_("The file is too large."), code="file_too_large", fields={"file": [name]})
    from innopark.projects.models import Category

    categories = set(Category.objects.values_list("code", flat=True))
    records = check_grants(read_grants(content, name=name, disbursements=disbursements), categories=categories)
    _require_can_import(actor, zone)
    result = ImportResult()
    problems = _Problems()
    with transaction.atomic():
        known = dict(
            ImportedGrant.objects.filter(giving_id__in=[r.giving_id for r in records]).values_list(
                "giving_id", "grant_id"
            )
        )
        own = _own_published_ids(zone, records)
        for record in records:
            if record.giving_id in own and record.giving_id not in known:
                # The zone's own grant, exported and brought back: it is already here.
                result.unchanged.append(record.giving_id)
                continue
            if record.giving_id in known and not _in_zone(known[record.giving_id], zone):
                problems.add(record.giving_id, "id", [_("Already imported into another zone.")])
                continue
            try:
                with transaction.atomic():  # a savepoint: a refused grant leaves nothing, the others go on
                    created = _import_one(actor=actor, zone=zone, record=record, source_name=name, problems=problems)
            except _GrantRefused:
                continue
            (result.created if created else result.unchanged).append(record.giving_id)
        if problems.fields:
            # Raised inside the transaction: everything written for the other grants is rolled back.
            raise ApplicationError(
                _("The file was refused: %(count)s problems, listed by grant and field. Nothing was imported.")
                % {"count": sum(len(v) for v in problems.fields.values())},
                code="invalid_file",
                fields=problems.fields,
            )
    return result


class _GrantRefused(Exception):
    """One grant of the file cannot be written; its problems are already listed."""


def _own_published_ids(zone: Zone, records: list[GrantRecord]) -> set[str]:
    from innopark.projects.models import Grant
    from innopark.reports.giving.export import GRANT_ID_PREFIX

    prefix = f"{GRANT_ID_PREFIX}{zone.code}-"
    numbers = {r.giving_id[len(prefix) :]: r.giving_id for r in records if r.giving_id.startswith(prefix)}
    if not numbers:
        return set()
    found = Grant.objects.filter(zone=zone, origin=Grant.Origin.AWARDED, agreement_number__in=list(numbers))
    return {numbers[number] for number in found.values_list("agreement_number", flat=True)}


def _in_zone(grant_id: int, zone: Zone) -> bool:
    from innopark.projects.models import Grant

    return Grant.objects.filter(pk=grant_id, zone=zone).exists()


def _import_one(*, actor, zone: Zone, record: GrantRecord, source_name: str, problems: _Problems) -> bool:
    """Write one grant (or check that it is there unchanged). True when it was created."""
    from innopark.projects.models import Grant
    from innopark.projects.selectors import grant_imported_disbursements
    from innopark.projects.services import grant_disbursement_import, grant_import
    from innopark.registry.services.organizations import organization_get_or_create_by_bin

    label = record.giving_id
    try:
        organization, _created = organization_get_or_create_by_bin(
            actor=actor,
            bin=record.recipient_bin,
            name_ru=record.recipient_name or record.recipient_bin,
            **({"name_kk": record.recipient_name_kk} if record.recipient_name_kk else {}),
            **({"kato": record.recipient_kato} if record.recipient_kato else {}),
            **({"address": record.recipient_address} if record.recipient_address else {}),
        )
    except ApplicationError as exc:
        problems.add_error(label, exc, {}, prefix="recipientOrganization/0/")
        raise _GrantRefused from exc
    existed = Grant.objects.filter(zone=zone, origin=Grant.Origin.IMPORTED, external_id=record.giving_id).exists()
    try:
        grant = grant_import(
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
    except ApplicationError as exc:
        problems.add_error(label, exc, GRANT_FIELDS)
        raise _GrantRefused from exc

    refused = False
    if existed and len(grant_imported_disbursements(grant)) != len(record.disbursements):
        problems.add(
            label,
            "disbursementTransaction",
            [_("Differs from what was imported before under this identifier.")],
        )
        refused = True
    for number, paid in enumerate(record.disbursements, start=1):
        try:
            grant_disbursement_import(
                actor=actor,
                grant=grant,
                number=number,
                paid_on=paid.on,
                amount_tiyn=paid.amount_tiyn,
                external_id=paid.giving_id,
            )
        except ApplicationError as exc:
            problems.add_error(label, exc, DISBURSEMENT_FIELDS, prefix=f"disbursementTransaction/{number - 1}/")
            refused = True

    source = ImportedGrant.objects.filter(giving_id=record.giving_id).first()
    values = {
        "funding_org_id": record.funding_org_id,
        "funding_org_name": record.funding_org_name,
        "funding_org_department": record.funding_org_department,
        "programme_code": (record.programme_code or "")[:255],
        "programme_title": (record.programme_title or "")[:500],
    }
    if source is not None:
        paths = {
            "funding_org_id": "fundingOrganization/0/id",
            "funding_org_name": "fundingOrganization/0/name",
            "funding_org_department": "fundingOrganization/0/department",
            "programme_code": "grantProgramme/0/code",
            "programme_title": "grantProgramme/0/title",
        }
        for name, value in values.items():
            if getattr(source, name) != value:
                problems.add(label, paths[name], [_("Differs from what was imported before under this identifier.")])
                refused = True
    if refused:
        raise _GrantRefused
    if source is not None:
        return False

    source = ImportedGrant(giving_id=record.giving_id, grant_id=grant.pk, source_name=source_name[:255], **values)
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
    return not existed

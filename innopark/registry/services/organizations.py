"""Organizations: created once per BIN; a second organization with the same BIN is refused, naming the first."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, Conflict
from innopark.core.identifiers import validate_bin
from innopark.registry.events import RegistryEvent
from innopark.registry.models import Organization
from innopark.registry.permissions import require_organization_editor
from innopark.registry.services._common import clean, record, require_text, snapshot

ORGANIZATION_FIELDS = [
    "bin",
    "foreign_registration_number",
    "foreign_country",
    "name_kk",
    "name_ru",
    "name_en",
    "legal_form",
    "address",
    "kato",
    "oked",
    "founded_on",
    "state_share_50",
    "is_subsoil_user",
    "produces_excisable",
    "is_fictitious",
]
EDITABLE_FIELDS = set(ORGANIZATION_FIELDS) - {"bin", "is_fictitious"}


def _normalise_bin(bin_value) -> str | None:
    if bin_value is None or str(bin_value).strip() == "":
        return None
    try:
        return validate_bin(bin_value)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], code="invalid_bin", fields={"bin": error.messages})


def _refuse_duplicate(existing: Organization):
    message = _("An organization with BIN %(bin)s already exists: %(name)s.") % {
        "bin": existing.bin,
        "name": existing.name,
    }
    raise Conflict(message, code="duplicate_bin", fields={"bin": [message]})


@transaction.atomic
def organization_create(
    *,
    actor,
    bin: str | None,
    name_ru: str,
    name_kk: str = "",
    name_en: str = "",
    legal_form: str = "",
    address: str = "",
    kato: str = "",
    oked: str = "",
    founded_on: dt.date | None = None,
    state_share_50: bool = False,
    is_subsoil_user: bool = False,
    produces_excisable: bool = False,
    foreign_registration_number: str = "",
    foreign_country: str = "",
    is_fictitious: bool = False,
) -> Organization:
    """A resident by BIN, or a non-resident (bin=None) by its foreign registration number."""
    bin_value = _normalise_bin(bin)
    require_text(name_ru=name_ru)
    if bin_value is None and not (foreign_registration_number or "").strip():
        message = _("Give the BIN, or the foreign registration number of a non-resident.")
        raise ApplicationError(message, code="identifier_required", fields={"bin": [message]})
    if bin_value is not None:
        existing = Organization.objects.filter(bin=bin_value).first()
        if existing is not None:
            _refuse_duplicate(existing)
    organization = Organization(
        bin=bin_value,
        name_ru=name_ru.strip(),
        name_kk=(name_kk or "").strip(),
        name_en=(name_en or "").strip(),
        legal_form=legal_form or "",
        address=address or "",
        kato=kato or "",
        oked=oked or "",
        founded_on=founded_on,
        state_share_50=bool(state_share_50),
        is_subsoil_user=bool(is_subsoil_user),
        produces_excisable=bool(produces_excisable),
        foreign_registration_number=(foreign_registration_number or "").strip(),
        foreign_country=(foreign_country or "").strip().upper(),
        is_fictitious=bool(is_fictitious),
    )
    clean(organization, validate_unique=False)
    require_organization_editor(actor)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError:
        # Another request created the same BIN between our check and our insert.
        _refuse_duplicate(Organization.objects.get(bin=bin_value))
    record(
        RegistryEvent.ORGANIZATION_CREATED,
        actor=actor,
        subject=organization,
        after=snapshot(organization, ORGANIZATION_FIELDS),
    )
    return organization


@transaction.atomic
def organization_get_or_create_by_bin(*, actor, bin: str, name_ru: str, **fields) -> tuple[Organization, bool]:
    """For imports: the organization with this BIN as it is (nothing is changed), or a new one. (org, created)."""
    bin_value = _normalise_bin(bin)
    if bin_value is None:
        raise ApplicationError(REQUIRED_BIN, code="required", fields={"bin": [REQUIRED_BIN]})
    existing = Organization.objects.filter(bin=bin_value).first()
    if existing is not None:
        return existing, False
    return organization_create(actor=actor, bin=bin_value, name_ru=name_ru, **fields), True


REQUIRED_BIN = _("The BIN is required.")


@transaction.atomic
def organization_update(*, actor, organization: Organization, **changes) -> Organization:
    """Change names, address and eligibility facts. The BIN is the identity and is never changed."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(
            _("These fields cannot be changed."), code="not_editable", fields={f: [_("Not editable.")] for f in unknown}
        )
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    before = snapshot(organization, ORGANIZATION_FIELDS)
    for name, value in changes.items():
        setattr(organization, name, value)
    clean(organization, validate_unique=False)
    require_organization_editor(actor)
    after = snapshot(organization, ORGANIZATION_FIELDS)
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return organization
    organization.save(update_fields=[*changed, "updated_at"])
    record(
        RegistryEvent.ORGANIZATION_UPDATED,
        actor=actor,
        subject=organization,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return organization

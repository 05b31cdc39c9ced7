"""Bulk import of organizations and participants from existing registers (CSV or XLSX).

All or nothing: every row is checked first and every problem is reported by row and column; then all rows are
written in one transaction through the ordinary services, and any refusal there rolls the whole file back.
Importing the same file again changes nothing: organizations are found by BIN and participants by their register
entry number.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from innopark.core.errors import ApplicationError
from innopark.core.identifiers import validate_bin, validate_kato, validate_oked
from innopark.registry.models import Participant
from innopark.registry.services.organizations import organization_get_or_create_by_bin
from innopark.registry.services.participants import participant_import

ORG_COLUMNS = ["bin", "name_ru", "name_kk", "name_en", "legal_form", "address", "kato", "oked", "founded_on"]
FLAG_COLUMNS = ["state_share_50", "is_subsoil_user", "produces_excisable"]
PARTICIPANT_COLUMNS = [
    "zone",
    "activity_oked",
    "admitted_on",
    "registered_on",
    "register_entry_number",
    "project_title",
    "agreement_number",
    "agreement_signed_on",
    "agreement_valid_until",
    "investment_tenge",
    "jobs",
    "obligations_due_on",
    "certificate_number",
    "certificate_issued_on",
]
KNOWN_COLUMNS = set(ORG_COLUMNS + FLAG_COLUMNS + PARTICIPANT_COLUMNS)
TRUE = {"1", "true", "yes", "y", "да", "иә", "+"}
FALSE = {"", "0", "false", "no", "n", "нет", "жоқ", "-"}


@dataclass
class ImportResult:
    rows: int = 0
    organizations_created: int = 0
    organizations_existing: int = 0
    participants_created: int = 0
    participants_unchanged: int = 0
    errors: dict[str, list[str]] = field(default_factory=dict)


def read_table(data: bytes, name: str = "") -> list[dict[str, str]]:
    """Rows as dicts of stripped strings, keyed by the lower-cased header. XLSX is recognised by its bytes."""
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            _("The file is neither UTF-8 CSV nor XLSX."),
            code="malformed_file",
            fields={"file": [_("The file is neither UTF-8 CSV nor XLSX.")]},
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = [row for row in reader if any(cell.strip() for cell in row)]
    return _as_dicts(rows)


def _read_xlsx(data: bytes) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        message = _("The XLSX file cannot be read.")
        raise ApplicationError(message, code="malformed_file", fields={"file": [message]})
    sheet = workbook.worksheets[0]
    rows = []
    for values in sheet.iter_rows(values_only=True):
        cells = ["" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v)) for v in values]
        if any(c.strip() for c in cells):
            rows.append(cells)
    workbook.close()
    return _as_dicts(rows)


def _as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    if not rows:
        message = _("The file has no header row.")
        raise ApplicationError(message, code="malformed_file", fields={"file": [message]})
    header = [h.strip().lower() for h in rows[0]]
    unknown = [h for h in header if h and h not in KNOWN_COLUMNS]
    missing = [h for h in ("bin", "name_ru") if h not in header]
    if unknown or missing:
        fields = {}
        for h in unknown:
            fields[_("column %(name)s") % {"name": h}] = [_("Unknown column.")]
        for h in missing:
            fields[_("column %(name)s") % {"name": h}] = [_("This column is required.")]
        raise ApplicationError(_("The header row is not valid."), code="malformed_header", fields=fields)
    out = []
    for cells in rows[1:]:
        out.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h})
    return out


def _date(value: str) -> dt.date | None:
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(_("Enter a date as YYYY-MM-DD or DD.MM.YYYY."))


def _flag(value: str) -> bool:
    lowered = value.lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(_("Enter yes or no."))


def _tiyn(value: str) -> int:
    try:
        amount = Decimal((value or "0").replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("Enter an amount in tenge."))
    if amount < 0 or amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("Enter a non-negative amount with at most 2 decimals."))
    return int(amount * 100)


def _validator(fn):
    def check(value):
        try:
            return fn(value)
        except ValidationError as error:
            raise ValueError(error.messages[0])

    return check


PARSERS = {
    "bin": _validator(validate_bin),
    "kato": lambda v: _validator(validate_kato)(v) if v else "",
    "oked": lambda v: _validator(validate_oked)(v) if v else "",
    "activity_oked": lambda v: _validator(validate_oked)(v) if v else "",
    "founded_on": _date,
    "admitted_on": _date,
    "registered_on": _date,
    "agreement_signed_on": _date,
    "agreement_valid_until": _date,
    "obligations_due_on": _date,
    "certificate_issued_on": _date,
    "investment_tenge": _tiyn,
    "jobs": lambda v: int(v) if v else 0,
    **dict.fromkeys(FLAG_COLUMNS, _flag),
}


def _row_label(number: int, column: str) -> str:
    return _("row %(row)s, column %(column)s") % {"row": number, "column": column}


def _parse(rows: list[dict[str, str]]) -> tuple[list[tuple[int, dict]], dict[str, list[str]]]:
    from innopark.zones.models import Zone

    zones = {z.code: z for z in Zone.objects.all()}
    parsed, errors = [], {}
    seen_bins, seen_numbers = {}, {}
    for index, raw in enumerate(rows, start=2):  # row 1 is the header
        values: dict = {}
        for column, text in raw.items():
            parser = PARSERS.get(column)
            try:
                values[column] = parser(text) if parser else text
            except (ValueError, TypeError) as error:
                message = str(error) if str(error) else _("Invalid value.")
                if column == "jobs":
                    message = _("Enter a whole number.")
                errors.setdefault(_row_label(index, column), []).append(message)
        if not raw.get("name_ru"):
            errors.setdefault(_row_label(index, "name_ru"), []).append(_("This field is required."))
        bin_value = raw.get("bin", "")
        if bin_value in seen_bins:
            errors.setdefault(_row_label(index, "bin"), []).append(
                _("The same BIN is on row %(row)s.") % {"row": seen_bins[bin_value]}
            )
        seen_bins.setdefault(bin_value, index)
        if raw.get("zone"):
            if raw["zone"] not in zones:
                errors.setdefault(_row_label(index, "zone"), []).append(_("No zone has this code."))
            else:
                values["zone"] = zones[raw["zone"]]
            for required in ("activity_oked", "admitted_on", "registered_on", "register_entry_number"):
                if not raw.get(required):
                    errors.setdefault(_row_label(index, required), []).append(_("Required when a zone is given."))
            number = raw.get("register_entry_number", "")
            if number and number in seen_numbers:
                errors.setdefault(_row_label(index, "register_entry_number"), []).append(
                    _("The same entry number is on row %(row)s.") % {"row": seen_numbers[number]}
                )
            seen_numbers.setdefault(number, index)
        parsed.append((index, values))
    return parsed, errors


def _org_fields(values: dict) -> dict:
    fields = {name: values[name] for name in ORG_COLUMNS + FLAG_COLUMNS if name in values and name not in ("bin",)}
    fields.pop("name_ru", None)
    return {k: v for k, v in fields.items() if v not in ("", None)}


def _participant(actor, organization, index: int, values: dict, result: ImportResult) -> None:
    number = values["register_entry_number"]
    existing = Participant.objects.filter(register_entry_number=number).first()
    if existing is not None:
        if existing.organization_id == organization.pk and existing.zone_id == values["zone"].pk:
            result.participants_unchanged += 1
            return
        raise ApplicationError(
            _("The file could not be imported."),
            code="import_failed",
            fields={
                _row_label(index, "register_entry_number"): [_("This entry number belongs to another organization.")]
            },
        )
    agreement = None
    if values.get("agreement_number"):
        agreement = {
            "number": values["agreement_number"],
            "signed_on": values.get("agreement_signed_on"),
            "valid_until": values.get("agreement_valid_until"),
            "investment_tiyn": values.get("investment_tenge", 0),
            "jobs": values.get("jobs", 0),
            "obligations_due_on": values.get("obligations_due_on") or values.get("agreement_valid_until"),
        }
    participant_import(
        actor=actor,
        organization=organization,
        zone=values["zone"],
        oked=values["activity_oked"],
        admitted_on=values["admitted_on"],
        registered_on=values["registered_on"],
        register_entry_number=number,
        project_title=values.get("project_title", ""),
        agreement=agreement,
        certificate_number=values.get("certificate_number", ""),
        certificate_issued_on=values.get("certificate_issued_on"),
    )
    result.participants_created += 1


@transaction.atomic
def participants_import(*, actor, data: bytes, name: str = "") -> ImportResult:
    """Import a CSV or XLSX file. Raises ApplicationError (fields keyed by row and column) and writes nothing when
    any row is not valid."""
    rows = read_table(data, name)
    parsed, errors = _parse(rows)
    if errors:
        raise ApplicationError(_("The file has errors; nothing was imported."), code="import_invalid", fields=errors)
    result = ImportResult(rows=len(parsed))
    for index, values in parsed:
        try:
            organization, created = organization_get_or_create_by_bin(
                actor=actor, bin=values["bin"], name_ru=values["name_ru"], **_org_fields(values)
            )
            if created:
                result.organizations_created += 1
            else:
                result.organizations_existing += 1
            if values.get("zone"):
                _participant(actor, organization, index, values, result)
        except ApplicationError as error:
            fields = {_row_label(index, column): messages for column, messages in error.fields.items()}
            if not fields:
                fields = {_("row %(row)s") % {"row": index}: [str(error.message)]}
            raise type(error)(_("The file has errors; nothing was imported."), code=error.code, fields=fields)
    return result

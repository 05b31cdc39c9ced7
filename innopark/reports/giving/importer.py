"""Reading and checking a 360Giving file before anything is written (the writing is `services.giving_import`).

A file is a JSON data package (or a bare list of grants), a CSV of the grants sheet, or an XLSX with the `grants`
and `disbursements` sheets. Every grant is checked against the official schema and against what innopark can hold:
recipients identified as KZ-BIN-<valid BIN>, amounts in KZT, positive, whole tiyn, disbursements not beyond the
award. All problems of the whole file are collected, each labelled by grant (identifier or row) and field.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.core.identifiers import validate_bin
from innopark.core.money import MAX_TIYN
from innopark.reports.giving import flat
from innopark.reports.giving.schema import grant_errors

MAX_GRANTS_PER_FILE = 100_000
EARLIEST_AWARD = dt.date(2000, 1, 1)
CATEGORY_VOCABULARY = "innopark-grant-category"  # the same as the export's (giving.export)


@dataclass
class Disbursement:
    giving_id: str
    on: dt.date
    amount_tiyn: int


@dataclass
class GrantRecord:
    giving_id: str
    title: str
    description: str
    amount_tiyn: int
    awarded_on: dt.date
    recipient_bin: str
    recipient_name: str
    recipient_name_kk: str
    recipient_kato: str
    recipient_address: str
    funding_org_id: str
    funding_org_name: str
    funding_org_department: str
    category: str | None
    programme_code: str | None
    programme_title: str | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    disbursements: list[Disbursement] = field(default_factory=list)


def file_error(message, code: str = "malformed_file", **fields) -> ApplicationError:
    return ApplicationError(message, code=code, fields={k: [v] for k, v in fields.items()} or {"file": [message]})


def _decimal_numbers(value):
    """JSON numbers as Decimals (never floats: amounts are money)."""
    return Decimal(value)


def read_grants(content: bytes, *, name: str, disbursements: bytes | None = None) -> list[tuple[str, dict]]:
    """(label, grant object) for every grant in the file; a file that cannot be read at all raises. A CSV of the
    grants may come with the CSV of their disbursements (`disbursements`, the export's second CSV)."""
    lower = name.lower()
    if lower.endswith(".xlsx"):
        import io
        import zipfile

        try:
            pairs = list(flat.read_xlsx(io.BytesIO(content)))
        except (zipfile.BadZipFile, KeyError, ValueError, OSError):
            raise file_error(_("The file is not a readable XLSX workbook."))
        return [(_row_label(n, g), g) for n, g in pairs]
    if lower.endswith(".csv"):
        try:
            text = content.decode("utf-8")
            extra = disbursements.decode("utf-8") if disbursements else None
        except UnicodeDecodeError:
            raise file_error(_("A CSV file must be encoded in UTF-8."))
        return [(_row_label(n, g), g) for n, g in flat.read_csv(text, extra)]
    try:
        data = json.loads(content.decode("utf-8"), parse_float=_decimal_numbers, parse_int=_decimal_numbers)
    except (UnicodeDecodeError, json.JSONDecodeError, InvalidOperation):
        raise file_error(_("The file is not valid JSON (or give a .csv or .xlsx file)."))
    grants = data.get("grants") if isinstance(data, dict) else data
    if not isinstance(grants, list):
        raise file_error(_('A 360Giving package is an object with a list of grants under "grants".'))
    return [(str(g.get("id") or f"#{i}") if isinstance(g, dict) else f"#{i}", g) for i, g in enumerate(grants, 1)]


def _row_label(number: int, grant: dict) -> str:
    return f"row {number}" + (f" ({grant['id']})" if grant.get("id") else "")


def _numbers_from_text(grant: dict) -> None:
    """Flat files carry numbers as text; turn them into Decimals as the schema's types say (flattentool does too)."""
    for key in ("amountAwarded", "amountDisbursed"):
        grant[key] = _to_decimal(grant.get(key))
        if grant[key] is None:
            grant.pop(key)
    for item in grant.get("disbursementTransaction") or []:
        if isinstance(item, dict) and "value" in item:
            item["value"] = _to_decimal(item["value"])


def _to_decimal(value):
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            return Decimal(value.strip().replace(" ", "").replace("\u00a0", ""))
        except InvalidOperation:
            return value
    return value


def _tiyn(value) -> int | None:
    """Tenge (a Decimal) as whole tiyn, or None when it is not a whole number of tiyn."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return None
    tiyn = value * 100
    if tiyn != tiyn.to_integral_value():
        return None
    return int(tiyn)


def _date(value) -> dt.date | None:
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


class _Problems:
    def __init__(self):
        self.fields: dict[str, list[str]] = {}

    def add(self, label: str, name: str, message) -> None:
        self.fields.setdefault(f"{label}: {name}", []).append(message)


def _check_amount(problems, label, name, value, *, allow_zero=False) -> int | None:
    tiyn = _tiyn(value)
    if tiyn is None:
        problems.add(label, name, _("Not an amount in tenge with at most two decimals."))
        return None
    if tiyn < 0 or (tiyn == 0 and not allow_zero):
        problems.add(label, name, _("The amount must be greater than zero."))
        return None
    if tiyn > MAX_TIYN:
        problems.add(label, name, _("This amount is too large."))
        return None
    return tiyn


def check_grants(pairs: list[tuple[str, dict]], *, categories: set[str] | None = None) -> list[GrantRecord]:
    """Every grant checked; all problems raised together, or the records to write. `categories`: the project
    category codes that exist (a classification in innopark's vocabulary must name one of them)."""
    problems = _Problems()
    if not pairs:
        raise file_error(_("The file holds no grants."), code="empty_file")
    if len(pairs) > MAX_GRANTS_PER_FILE:
        raise file_error(_("Too many grants in one file; split it."), code="file_too_large")
    records: list[GrantRecord] = []
    seen: dict[str, str] = {}
    today = dt.date.today()
    for label, grant in pairs:
        if not isinstance(grant, dict):
            problems.add(label, "grant", _("A grant must be an object."))
            continue
        _numbers_from_text(grant)
        for path, message in grant_errors(grant):
            problems.add(label, path or "grant", message)
        giving_id = str(grant.get("id") or "")
        if giving_id in seen:
            problems.add(
                label, "id", _("This identifier appears twice in the file (%(other)s).") % {"other": seen[giving_id]}
            )
        seen[giving_id] = label
        currency = grant.get("currency")
        if isinstance(currency, str) and currency != "KZT":
            problems.add(
                label,
                "currency",
                _("Only amounts in tenge (KZT) can be imported, not %(currency)s.") % {"currency": currency},
            )
        amount = _check_amount(problems, label, "amountAwarded", grant.get("amountAwarded"))
        awarded_on = _date(grant.get("awardDate"))
        if awarded_on is not None and not EARLIEST_AWARD <= awarded_on <= today:
            problems.add(label, "awardDate", _("The award date must be between 2000 and today."))
        recipients = grant.get("recipientOrganization") or []
        recipient = recipients[0] if recipients and isinstance(recipients[0], dict) else {}
        bin_value = ""
        org_id = str(recipient.get("id") or "")
        if "recipientOrganization" in grant or "recipientIndividual" not in grant:
            if not org_id.startswith("KZ-BIN-"):
                problems.add(
                    label, "recipientOrganization/0/id", _("A recipient is identified as KZ-BIN-<12-digit BIN>.")
                )
            else:
                try:
                    bin_value = validate_bin(org_id[len("KZ-BIN-") :])
                except ValidationError as exc:
                    for message in exc.messages:
                        problems.add(label, "recipientOrganization/0/id", message)
        if "recipientIndividual" in grant:
            problems.add(label, "recipientIndividual", _("Grants to individuals cannot be imported."))
        funders = grant.get("fundingOrganization") or []
        funder = funders[0] if funders and isinstance(funders[0], dict) else {}
        paid: list[Disbursement] = []
        total_paid = 0
        for index, item in enumerate(grant.get("disbursementTransaction") or []):
            if not isinstance(item, dict):
                continue
            where = f"disbursementTransaction/{index}"
            if item.get("currency") not in (None, "KZT"):
                problems.add(label, f"{where}/currency", _("Only amounts in tenge (KZT) can be imported."))
            value = _check_amount(problems, label, f"{where}/value", item.get("value"))
            on = _date(item.get("transactionDate"))
            if on is None:
                problems.add(label, f"{where}/transactionDate", _("A disbursement needs its date (YYYY-MM-DD)."))
            elif awarded_on is not None and (on < awarded_on or on > today):
                problems.add(
                    label, f"{where}/transactionDate", _("A disbursement is dated between the award and today.")
                )
            if value is not None and on is not None:
                paid.append(
                    Disbursement(giving_id=str(item.get("id") or f"{giving_id}-D{index + 1}"), on=on, amount_tiyn=value)
                )
                total_paid += value
        if amount is not None and total_paid > amount:
            problems.add(label, "disbursementTransaction", _("More was disbursed than awarded."))
        planned = (grant.get("plannedDates") or [{}])[0] if isinstance(grant.get("plannedDates"), list) else {}
        category, category_index = _category(grant.get("classifications") or [])
        if category is not None and categories is not None and category not in categories:
            problems.add(
                label, f"classifications/{category_index}/code", _("There is no project category with this code.")
            )
        starts_on, ends_on = _date((planned or {}).get("startDate")), _date((planned or {}).get("endDate"))
        if starts_on and ends_on and ends_on <= starts_on:
            problems.add(label, "plannedDates/0/endDate", _("The end date must be after the start date."))
        programme = (grant.get("grantProgramme") or [{}])[0]
        if problems.fields or amount is None or awarded_on is None:
            continue
        records.append(
            GrantRecord(
                giving_id=giving_id,
                title=str(grant.get("title") or "")[:300],
                description=str(grant.get("description") or ""),
                amount_tiyn=amount,
                awarded_on=awarded_on,
                recipient_bin=bin_value,
                recipient_name=str(recipient.get("name") or "")[:300],
                recipient_name_kk=str(recipient.get("alternateName") or "")[:300],
                recipient_kato=_kato(recipient),
                recipient_address=str(recipient.get("streetAddress") or "")[:500],
                funding_org_id=str(funder.get("id") or ""),
                funding_org_name=str(funder.get("name") or ""),
                funding_org_department=str(funder.get("department") or "")[:500],
                category=category,
                programme_code=(programme or {}).get("code"),
                programme_title=(programme or {}).get("title"),
                starts_on=starts_on,
                ends_on=ends_on,
                disbursements=paid,
            )
        )
    if problems.fields:
        raise ApplicationError(
            _("The file was refused: %(count)s problems, listed by grant and field. Nothing was imported.")
            % {"count": sum(len(v) for v in problems.fields.values())},
            code="invalid_file",
            fields=problems.fields,
        )
    return records


def _category(classifications: list) -> tuple[str | None, int]:
    """The project category and its position: the code of the classification in innopark's vocabulary (other
    publishers' classifications mean nothing here; without ours the grant goes to the category "other")."""
    for index, item in enumerate(classifications):
        if isinstance(item, dict) and item.get("vocabulary") == CATEGORY_VOCABULARY and item.get("code"):
            return str(item["code"]), index
    return None, 0


def _kato(org: dict) -> str:
    for place in org.get("location") or []:
        if isinstance(place, dict) and place.get("geoCodeType") == "KATO" and str(place.get("geoCode", "")).isdigit():
            code = str(place["geoCode"])
            if len(code) == 9:
                return code
    return ""

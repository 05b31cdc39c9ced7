"""The public register: public fields only, the same filters and keyset pagination for the page, the API and the
CSV/XLSX downloads. Rows are read with `.values()` (no model instances) because this is the hottest public list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.registry.models import Certificate
from innopark.registry.selectors import public_participants
from innopark.registry.workflow import REGISTERED_STATES

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

# Column name → its label, in the order of the downloads.
PUBLIC_COLUMNS = [
    ("register_entry_number", _("Register entry")),
    ("registered_on", _("Entered on")),
    ("zone", _("Zone")),
    ("bin", _("BIN")),
    ("open_data_id", _("Identifier")),
    ("name_kk", _("Name (Kazakh)")),
    ("name_ru", _("Name (Russian)")),
    ("name_en", _("Name (English)")),
    ("oked", _("OKED")),
    ("status", _("Status")),
    ("admitted_on", _("Admitted on")),
    ("excluded_on", _("Excluded on")),
    ("certificate_number", _("Certificate")),
]


@dataclass(frozen=True)
class RegisterFilter:
    q: str = ""
    zone: str = ""
    status: str = ""
    oked: str = ""
    admitted_from: dt.date | None = None
    admitted_to: dt.date | None = None

    def validate(self) -> RegisterFilter:
        if self.status and self.status not in REGISTERED_STATES:
            message = _("Choose one of: %(values)s.") % {"values": ", ".join(sorted(REGISTERED_STATES))}
            raise ApplicationError(message, code="invalid_filter", fields={"status": [message]})
        if self.admitted_from and self.admitted_to and self.admitted_from > self.admitted_to:
            message = _("The start of the range is after its end.")
            raise ApplicationError(message, code="invalid_filter", fields={"admitted_from": [message]})
        return self


def parse_cursor(after) -> int:
    if after in (None, ""):
        return 0
    text = str(after)
    if not text.isdigit() or len(text) > 18:
        message = _("This cursor is not valid: use the `next` value of the previous page.")
        raise ApplicationError(message, code="invalid_cursor", fields={"after": [message]})
    return int(text)


def filtered(flt: RegisterFilter):
    flt.validate()
    qs = public_participants()
    if flt.zone:
        qs = qs.filter(zone__code=flt.zone)
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.oked:
        qs = qs.filter(oked=flt.oked.strip())
    if flt.admitted_from:
        qs = qs.filter(admitted_on__gte=flt.admitted_from)
    if flt.admitted_to:
        qs = qs.filter(admitted_on__lte=flt.admitted_to)
    text = flt.q.strip()
    if text:
        condition = (
            Q(organization__name_ru__icontains=text)
            | Q(organization__name_kk__icontains=text)
            | Q(organization__name_en__icontains=text)
        )
        if text.isdigit():
            condition |= Q(organization__bin__startswith=text)
        qs = qs.filter(condition)
    return qs


def _values(qs):
    latest_certificate = (
        Certificate.objects.filter(participant=OuterRef("pk")).order_by("-issued_on", "-id").values("number")[:1]
    )
    return qs.annotate(
        zone_code=F("zone__code"),
        bin=F("organization__bin"),
        name_kk=F("organization__name_kk"),
        name_ru=F("organization__name_ru"),
        name_en=F("organization__name_en"),
        certificate_number=Subquery(latest_certificate),
    ).values(
        "id",
        "register_entry_number",
        "registered_on",
        "zone_code",
        "bin",
        "name_kk",
        "name_ru",
        "name_en",
        "oked",
        "status",
        "admitted_on",
        "excluded_on",
        "certificate_number",
    )


def _shape(row: dict) -> dict:
    row["zone"] = row.pop("zone_code")
    row["open_data_id"] = f"KZ-BIN-{row['bin']}" if row["bin"] else ""
    return row


def register_page(flt: RegisterFilter, *, after=None, limit: int = DEFAULT_LIMIT) -> tuple[list[dict], str | None]:
    """One page of rows after the cursor, and the cursor of the next page (None on the last page)."""
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        message = _("The limit must be between 1 and %(max)s.") % {"max": MAX_LIMIT}
        raise ApplicationError(message, code="invalid_limit", fields={"limit": [message]})
    cursor = parse_cursor(after)
    rows = list(_values(filtered(flt).filter(pk__gt=cursor).order_by("pk"))[: limit + 1])
    next_cursor = str(rows[limit - 1]["id"]) if len(rows) > limit else None
    return [_shape(r) for r in rows[:limit]], next_cursor


def register_rows_all(flt: RegisterFilter, chunk: int = 1000):
    """Every row of the filter, read in keyset chunks so that a download runs in constant memory."""
    cursor = 0
    base = filtered(flt)
    while True:
        rows = list(_values(base.filter(pk__gt=cursor).order_by("pk"))[:chunk])
        if not rows:
            return
        for row in rows:
            yield _shape(row)
        cursor = rows[-1]["id"]

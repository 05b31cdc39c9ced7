"""What a statistics request asks for, parsed and checked once for the command, the API and the pages."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError, NotFound
from innopark.core.identifiers import validate_bin
from innopark.zones.models import Authority, Zone

BY_CHOICES = ("year", "quarter")
# The earliest year a record can belong to: SEZ law in Kazakhstan dates from the 2000s; anything earlier is a typo.
MIN_YEAR = 1990
# Categories of grants (projects app); "digital" ones make up the share the 2018 report quotes.
CATEGORIES = ("digitalisation", "digital_export", "ict", "new_materials", "energy_efficiency", "other")
DIGITAL_CATEGORIES = ("digitalisation", "digital_export")


@dataclass(frozen=True)
class StatsQuery:
    zone: Zone | None = None
    authority: Authority | None = None
    by: str = "year"
    year_from: int | None = None
    year_to: int | None = None
    category: str | None = None
    funder_bin: str | None = None
    region: str | None = None  # a KATO prefix: "75" is the city of Almaty, "750000000" the same, fully written

    def periods(self, first_year: int, last_year: int) -> list[tuple[str, dt.date, dt.date]]:
        """(label, first day, day after the last) for each period of the range."""
        out = []
        for year in range(first_year, last_year + 1):
            if self.by == "year":
                out.append((str(year), dt.date(year, 1, 1), dt.date(year + 1, 1, 1)))
                continue
            for quarter in range(1, 5):
                start = dt.date(year, 3 * quarter - 2, 1)
                end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
                out.append((f"{year}-Q{quarter}", start, end))
        return out


def _year(value, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise ApplicationError(_("Give a year as four digits."), code="invalid_year", fields={name: [_("Not a year.")]})
    last = timezone.localdate().year + 1
    if not MIN_YEAR <= year <= last:
        raise ApplicationError(
            _("The year is out of range."),
            code="year_out_of_range",
            fields={name: [_("Give a year from %(first)s to %(last)s.") % {"first": MIN_YEAR, "last": last}]},
        )
    return year


def parse_stats_query(
    *,
    zone: str | None = None,
    authority: str | None = None,
    by: str | None = "year",
    year_from=None,
    year_to=None,
    category: str | None = None,
    funder: str | None = None,
    region: str | None = None,
) -> StatsQuery:
    """Turn request parameters (codes and text) into a StatsQuery; every refusal names its parameter."""
    errors: dict[str, list] = {}
    zone_obj = authority_obj = None
    if zone:
        zone_obj = Zone.objects.filter(code=zone).first()
        if zone_obj is None:
            raise NotFound(_("There is no zone with this code."), code="zone_not_found", fields={"zone": [zone]})
    if authority:
        authority_obj = Authority.objects.filter(code=authority).first()
        if authority_obj is None:
            raise NotFound(
                _("There is no authority with this code."),
                code="authority_not_found",
                fields={"authority": [authority]},
            )
    by = by or "year"
    if by not in BY_CHOICES:
        errors["by"] = [_("Group by year or quarter.")]
    if category and category not in CATEGORIES:
        errors["category"] = [_("Unknown category.")]
    funder_bin = None
    if funder:
        from django.core.exceptions import ValidationError

        try:
            funder_bin = validate_bin(funder)
        except ValidationError as exc:
            errors["funder"] = list(exc.messages)
    if region and (not region.isascii() or not region.isdigit() or not 1 <= len(region) <= 9):
        errors["region"] = [_("A region is a KATO code or its first digits, e.g. 75 for Almaty.")]
    first = last = None
    try:
        first = _year(year_from, "from")
        last = _year(year_to, "to")
    except ApplicationError as exc:
        errors.update(exc.fields)
    if first and last and first > last:
        errors["from"] = [_("The first year comes after the last.")]
    if errors:
        raise ApplicationError(_("Some parameters are not valid."), code="invalid_parameters", fields=errors)
    region = region.rstrip("0") if region else None
    return StatsQuery(
        zone=zone_obj,
        authority=authority_obj,
        by=by,
        year_from=first,
        year_to=last,
        category=category or None,
        funder_bin=funder_bin,
        region=region or None,
    )

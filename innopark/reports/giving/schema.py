"""Offline validation against the official 360Giving 1.4.3 schema shipped in reports/data/360giving/.

Nothing is fetched: both schema files are registered in a `referencing` registry. Two quirks of the published
files (see data/360giving/SOURCE.md) are handled here:
- the grant schema says `"$schema": "http://json-schema.org/draft/2020-12/schema"` (http), which `referencing`
  does not recognise, so the resources are created with DRAFT202012 explicitly;
- the package schema points at the grant schema's 1.4.2 address while its `$id` is 1.4.3, so the grant schema is
  registered under both addresses.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry
from referencing.jsonschema import DRAFT202012

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "360giving"
GRANT_SCHEMA_URL_143 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json"
GRANT_SCHEMA_URL_142 = "https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json"
STANDARD_VERSION = "1.4"


def _is_date_time(value) -> bool:
    """RFC 3339 date-time (a `T`, a time and an offset). jsonschema checks "date-time" only when an optional
    package is installed; without a check every string would match it, and the schema's `oneOf` of "date-time or
    YYYY-MM-DD" would refuse every plain date as matching both."""
    if not isinstance(value, str):
        return True
    import datetime as dt
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value):
        return False
    try:
        dt.datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _format_checker() -> FormatChecker:
    checker = FormatChecker()
    checker.checks("date-time")(_is_date_time)
    return checker


def _load(name: str) -> dict:
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    grant = DRAFT202012.create_resource(_load("360-giving-schema.json"))
    package = DRAFT202012.create_resource(_load("360-giving-package-schema.json"))
    return Registry().with_resources(
        [
            (GRANT_SCHEMA_URL_143, grant),
            (GRANT_SCHEMA_URL_142, grant),
            (package.contents["$id"], package),
        ]
    )


@cache
def package_validator() -> Draft202012Validator:
    return Draft202012Validator(
        _load("360-giving-package-schema.json"), registry=_registry(), format_checker=_format_checker()
    )


@cache
def grant_validator() -> Draft202012Validator:
    return Draft202012Validator(_load("360-giving-schema.json"), registry=_registry(), format_checker=_format_checker())


def _path(error) -> str:
    return "/".join(str(p) for p in error.absolute_path)


def _message(error) -> str:
    # An enum error would otherwise repeat the whole currency or country list.
    if error.validator == "enum":
        return f"{error.instance!r} is not in the standard's codelist"
    if error.validator == "oneOf" and isinstance(error.instance, dict):
        missing = [
            name
            for name in ("id", "title", "description", "currency", "amountAwarded", "awardDate", "fundingOrganization")
            if name not in error.instance
        ]
        if "recipientOrganization" not in error.instance and "recipientIndividual" not in error.instance:
            missing.append("recipientOrganization")
        if missing:
            return "missing required fields: " + ", ".join(missing)
    return error.message


def package_errors(package: dict) -> list[tuple[str, str]]:
    """(JSON path, message) for every schema violation of a whole data package; empty when valid."""
    return [(_path(e), _message(e)) for e in sorted(package_validator().iter_errors(package), key=_path)]


def grant_errors(grant: dict) -> list[tuple[str, str]]:
    """(field path inside the grant, message) for one grant: lets exports and imports check grant by grant
    (constant memory) instead of holding a whole package."""
    return [(_path(e), _message(e)) for e in sorted(grant_validator().iter_errors(grant), key=_path)]


@cache
def currency_codes() -> frozenset[str]:
    import csv

    with (DATA_DIR / "360-currency-codelist.csv").open(encoding="utf-8") as handle:
        return frozenset(row["Code"] for row in csv.DictReader(handle))

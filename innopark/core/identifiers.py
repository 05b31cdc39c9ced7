"""Kazakhstan identifiers: BIN and IIN (12 digits, mod-11 check digit), KATO (9 digits), OKED (5 digits).

Each failure has its own message and code so that a user is told what exactly is wrong with the number:
length, digits, month, entity_type, unit_type, check_digit (BIN); length, digits, month, day, century,
check_digit (IIN); kato; oked. The validators work as model-field and form-field validators
(`validators=[validate_bin]`) and return the cleaned value for direct calls.
"""

from __future__ import annotations

import calendar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

BIN_ENTITY_TYPES = {"4": "resident", "5": "non_resident", "6": "joint_entrepreneurship"}
BIN_UNIT_TYPES = {"0": "head_office", "1": "branch", "2": "representative_office", "3": "peasant_farm"}
# Digit 7 of an IIN: the century of birth (and sex); 0 is used for foreign citizens born abroad.
IIN_CENTURIES = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}

_KINDS = {"BIN": _("BIN"), "IIN": _("IIN")}


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for the first 11, or None when both weight sets give 10 (no valid number exists)."""
    digits = [int(c) for c in first_eleven]
    value = sum(d * w for d, w in zip(digits, WEIGHTS_1, strict=True)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, WEIGHTS_2, strict=True)) % 11
        if value == 10:
            return None
    return value


def _clean(value) -> str:
    return "" if value is None else str(value).strip()


def _common_checks(value, kind: str) -> str:
    value = _clean(value)
    if len(value) != 12:
        raise ValidationError(
            ngettext_lazy(
                "A %(kind)s has 12 digits; this one has %(count)d character.",
                "A %(kind)s has 12 digits; this one has %(count)d characters.",
                "count",
            ),
            code="length",
            params={"kind": _KINDS[kind], "count": len(value)},
        )
    if not value.isascii() or not value.isdigit():
        raise ValidationError(_("A %(kind)s consists of digits only."), code="digits", params={"kind": _KINDS[kind]})
    return value


def _check_digit_matches(value: str, kind: str) -> None:
    expected = check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise ValidationError(
            _("The check digit of this %(kind)s is wrong: the number has a typo."),
            code="check_digit",
            params={"kind": _KINDS[kind]},
        )


def validate_bin(value) -> str:
    """Validate a BIN and return it stripped. Raises ValidationError with codes
    length, digits, month, entity_type, unit_type, check_digit."""
    value = _common_checks(value, "BIN")
    if not 1 <= int(value[2:4]) <= 12:
        raise ValidationError(
            _("Digits 3-4 of a BIN are the month of registration (01-12), not %(month)s."),
            code="month",
            params={"month": value[2:4]},
        )
    if value[4] not in BIN_ENTITY_TYPES:
        raise ValidationError(
            _("Digit 5 of a BIN must be 4 (resident), 5 (non-resident) or 6 (joint entrepreneurship), not %(digit)s."),
            code="entity_type",
            params={"digit": value[4]},
        )
    if value[5] not in BIN_UNIT_TYPES:
        raise ValidationError(
            _(
                "Digit 6 of a BIN must be 0 (head office), 1 (branch), 2 (representative office) or 3 (peasant "
                "farm), not %(digit)s."
            ),
            code="unit_type",
            params={"digit": value[5]},
        )
    _check_digit_matches(value, "BIN")
    return value


def validate_iin(value) -> str:
    """Validate an IIN (individual): birth date YYMMDD, century/sex digit, check digit. Codes: length, digits,
    month, day, century, check_digit."""
    value = _common_checks(value, "IIN")
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 3-4 of an IIN are the month of birth (01-12), not %(month)s."),
            code="month",
            params={"month": value[2:4]},
        )
    if value[6] not in "0123456":
        raise ValidationError(
            _("Digit 7 of an IIN (century and sex) must be 0-6, not %(digit)s."),
            code="century",
            params={"digit": value[6]},
        )
    # With the century known the exact calendar applies (no 30 February, 29 February only in leap years);
    # without it (digit 7 is 0) any day the month can have is accepted.
    century = IIN_CENTURIES.get(value[6])
    days_in_month = calendar.monthrange(century + int(value[:2]), month)[1] if century else 29 if month == 2 else 31
    if month in (4, 6, 9, 11):
        days_in_month = min(days_in_month, 30)
    if not 1 <= day <= days_in_month:
        raise ValidationError(
            _("Digits 5-6 of an IIN are the day of birth; %(day)s is not a day of that month."),
            code="day",
            params={"day": value[4:6]},
        )
    _check_digit_matches(value, "IIN")
    return value


def is_valid_bin(value) -> bool:
    try:
        validate_bin(value)
    except ValidationError:
        return False
    return True


def make_bin(yymm: str, entity: str = "4", unit: str = "0", serial: int = 1) -> str:
    """Build a valid BIN (demo data, tests): the next serial whose check digit exists."""
    while True:
        body = f"{yymm}{entity}{unit}{serial:05d}"
        digit = check_digit(body)
        if digit is not None:
            return f"{body}{digit}"
        serial += 1


def validate_kato(value) -> str:
    value = _clean(value)
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A KATO code has 9 digits, e.g. 750000000 for Almaty."), code="kato")
    return value


def validate_oked(value) -> str:
    value = _clean(value)
    if len(value) != 5 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An OKED code has 5 digits, e.g. 62010 (computer programming)."), code="oked")
    return value


def open_data_id(bin_value: str) -> str:
    """The org-id.guide identifier used in open data: KZ-BIN-<bin>."""
    return f"KZ-BIN-{bin_value}"

"""Kazakhstan identifiers: BIN and IIN (12 digits, mod-11 check digit), KATO (9 digits), OKED (5 digits).

Each failure has its own message and code so that a user is told what exactly is wrong with the number.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS_1 = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
WEIGHTS_2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)

BIN_ENTITY_TYPES = {"4": "resident", "5": "non_resident", "6": "joint_entrepreneurship"}
BIN_UNIT_TYPES = {"0": "head_office", "1": "branch", "2": "representative_office", "3": "peasant_farm"}


def check_digit(first_eleven: str) -> int | None:
    """The 12th digit for the first 11, or None when both weight sets give 10 (no valid number exists)."""
    digits = [int(c) for c in first_eleven]
    value = sum(d * w for d, w in zip(digits, WEIGHTS_1, strict=True)) % 11
    if value == 10:
        value = sum(d * w for d, w in zip(digits, WEIGHTS_2, strict=True)) % 11
        if value == 10:
            return None
    return value


def _common_checks(value: str, kind: str) -> str:
    value = (value or "").strip()
    if len(value) != 12:
        raise ValidationError(
            _("A %(kind)s has 12 digits; this one has %(count)d characters."),
            code="length",
            params={"kind": kind, "count": len(value)},
        )
    if not value.isascii() or not value.isdigit():
        raise ValidationError(_("A %(kind)s consists of digits only."), code="digits", params={"kind": kind})
    return value


def _check_digit_matches(value: str, kind: str) -> None:
    expected = check_digit(value[:11])
    if expected is None or expected != int(value[11]):
        raise ValidationError(
            _("The check digit of this %(kind)s is wrong: the number has a typo."),
            code="check_digit",
            params={"kind": kind},
        )


def validate_bin(value: str) -> str:
    """Validate a BIN and return it stripped. Raises ValidationError with codes
    length, digits, month, entity_type, unit_type, check_digit."""
    kind = "BIN"
    value = _common_checks(value, kind)
    month = int(value[2:4])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 3-4 of a BIN are the month of registration (01-12), not %(month)s."),
            code="month",
            params={"month": value[2:4]},
        )
    if value[4] not in BIN_ENTITY_TYPES:
        raise ValidationError(
            _("Digit 5 of a BIN must be 4 (resident), 5 (non-resident) or 6 (joint entrepreneurship)."),
            code="entity_type",
        )
    if value[5] not in BIN_UNIT_TYPES:
        raise ValidationError(
            _("Digit 6 of a BIN must be 0 (head office), 1 (branch), 2 (representative office) or 3 (farm)."),
            code="unit_type",
        )
    _check_digit_matches(value, kind)
    return value


def validate_iin(value: str) -> str:
    """Validate an IIN (individual): birth date YYMMDD, century/sex digit, check digit."""
    kind = "IIN"
    value = _common_checks(value, kind)
    month, day = int(value[2:4]), int(value[4:6])
    if not 1 <= month <= 12:
        raise ValidationError(
            _("Digits 3-4 of an IIN are the month of birth (01-12), not %(month)s."),
            code="month",
            params={"month": value[2:4]},
        )
    if not 1 <= day <= 31:
        raise ValidationError(_("Digits 5-6 of an IIN are the day of birth (01-31)."), code="day")
    if value[6] not in "0123456":
        raise ValidationError(_("Digit 7 of an IIN (century and sex) must be 0-6."), code="century")
    _check_digit_matches(value, kind)
    return value


def is_valid_bin(value: str) -> bool:
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


def validate_kato(value: str) -> str:
    value = (value or "").strip()
    if len(value) != 9 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("A KATO code has 9 digits, e.g. 750000000 for Almaty."), code="kato")
    return value


def validate_oked(value: str) -> str:
    value = (value or "").strip()
    if len(value) != 5 or not value.isascii() or not value.isdigit():
        raise ValidationError(_("An OKED code has 5 digits, e.g. 62010 (computer programming)."), code="oked")
    return value


def open_data_id(bin_value: str) -> str:
    """The org-id.guide identifier used in open data: KZ-BIN-<bin>."""
    return f"KZ-BIN-{bin_value}"

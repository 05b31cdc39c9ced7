"""Money as integer tiyn (1 tenge = 100 tiyn); never a float (ADR 0002).

Stored in a BigIntegerField named `<something>_tiyn`; `Money` wraps it for arithmetic and display. Formatting
follows the language: ru/kk `2 600 000 000,00 ₸` (no-break space groups, decimal comma) and compact
`2,6 млрд ₸`; en `KZT 2,600,000,000.00` and `2.6 bn ₸`. Babel supplies the grouping and decimal symbols; every
space in the output is a no-break space (U+00A0) so that an amount never wraps across lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError

CURRENCY = "KZT"
SIGN = "₸"
NBSP = "\u00a0"
# The largest amount any single record may carry: 10 trillion tenge, far beyond any real budget, far below
# the 64-bit limit, so that sums over millions of rows cannot overflow.
MAX_TIYN = 10**15
# What a person may type as an amount of tenge: digits with optional spaces between groups, an optional
# decimal comma or point with up to two digits. No exponents, no signs other than a leading minus.
_AMOUNT_TEXT = re.compile(r"^-?\d{1,3}(?:[ \u00a0\u202f]?\d{3})*(?:[.,]\d{1,2})?$|^-?\d+(?:[.,]\d{1,2})?$")


class MoneyError(ApplicationError, ValueError):
    """A refused amount or a programming mistake with money (a float, another currency).

    It is an ApplicationError so that an amount typed by a user and refused deep in a service still reaches
    the user as a 400 with a translated message, and a ValueError for code that parses amounts.
    """

    default_code = "invalid_amount"
    default_message = _("This is not a valid amount of money.")


@dataclass(frozen=True, slots=True)
class Money:
    tiyn: int
    currency: str = CURRENCY

    def __post_init__(self):
        if isinstance(self.tiyn, bool) or not isinstance(self.tiyn, int):
            raise MoneyError(_("Money needs a whole number of tiyn."), code="not_integer")
        if self.currency != CURRENCY:
            raise MoneyError(_("Only %(currency)s amounts are supported.") % {"currency": CURRENCY}, code="currency")

    # --- construction ---------------------------------------------------------------------------------------
    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def from_tenge(cls, value, currency: str = CURRENCY) -> Money:
        """From tenge given as int, Decimal or text ("1 250 000,50"); refuses floats, fractions of a tiyn,
        exponents and amounts beyond MAX_TIYN."""
        if isinstance(value, float):
            raise MoneyError(_("Amounts must not be floats; pass a string or a Decimal."), code="float")
        if isinstance(value, bool):
            raise MoneyError(code="not_a_number")
        if isinstance(value, int):
            amount = Decimal(value)
        elif isinstance(value, Decimal):
            amount = value
        elif isinstance(value, str):
            text = value.strip()
            if not _AMOUNT_TEXT.match(text):
                if re.match(r"^-?\d[\d \u00a0\u202f]*[.,]\d{3,}$", text):
                    raise MoneyError(_("An amount cannot have fractions of a tiyn."), code="fraction_of_tiyn")
                raise MoneyError(_("Write the amount in tenge with digits, e.g. 1 250 000,50."), code="not_a_number")
            try:
                amount = Decimal(re.sub(r"[ \u00a0\u202f]", "", text).replace(",", "."))
            except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
                raise MoneyError(code="not_a_number")
        else:
            raise MoneyError(code="not_a_number")
        if not amount.is_finite():
            raise MoneyError(code="not_a_number")
        tiyn = amount * 100
        if tiyn != tiyn.to_integral_value():
            raise MoneyError(_("An amount cannot have fractions of a tiyn."), code="fraction_of_tiyn")
        if abs(tiyn) > MAX_TIYN:
            raise MoneyError(_("This amount is too large."), code="too_large")
        return cls(int(tiyn), currency)

    # --- arithmetic -----------------------------------------------------------------------------------------
    def _other(self, other) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(_("Money can only be combined with money."), code="not_money")
        if other.currency != self.currency:  # pragma: no cover - only KZT can be constructed today
            raise MoneyError(_("Amounts in different currencies cannot be combined."), code="currency")
        return other

    def __add__(self, other) -> Money:
        return Money(self.tiyn + self._other(other).tiyn, self.currency)

    def __radd__(self, other) -> Money:
        # sum(amounts) starts from the integer 0; that one integer is the only non-Money accepted.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        return self._other(other) + self

    def __sub__(self, other) -> Money:
        return Money(self.tiyn - self._other(other).tiyn, self.currency)

    def __mul__(self, factor) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise MoneyError(_("Money can only be multiplied by a whole number."), code="not_integer")
        return Money(self.tiyn * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.tiyn, self.currency)

    def __abs__(self) -> Money:
        return Money(abs(self.tiyn), self.currency)

    def __lt__(self, other) -> bool:
        return self.tiyn < self._other(other).tiyn

    def __le__(self, other) -> bool:
        return self.tiyn <= self._other(other).tiyn

    def __gt__(self, other) -> bool:
        return self.tiyn > self._other(other).tiyn

    def __ge__(self, other) -> bool:
        return self.tiyn >= self._other(other).tiyn

    def __bool__(self) -> bool:
        return self.tiyn != 0

    def apply_rate(self, rate: Decimal) -> Money:
        """rate × amount, rounded half-up to the tiyn (e.g. a 1% R&D obligation: rate Decimal("0.01"))."""
        if isinstance(rate, float):
            raise MoneyError(_("Rates must be Decimals, not floats."), code="float")
        result = (Decimal(self.tiyn) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(int(result), self.currency)

    # --- representation -------------------------------------------------------------------------------------
    def to_decimal(self) -> Decimal:
        return (Decimal(self.tiyn) / 100).quantize(Decimal("0.01"))

    def decimal_string(self) -> str:
        """ "21400000.00": the open-data and API form (tenge, two decimals, no grouping)."""
        return tenge_string(self.tiyn)

    def format(self, lang: str | None = None) -> str:
        return format_money(self, lang=lang)

    def format_compact(self, lang: str | None = None) -> str:
        return format_money_compact(self, lang=lang)

    def __str__(self) -> str:
        return self.format()


def tenge_string(tiyn: int) -> str:
    """Integer tiyn → "21400000.00" without building a Money (hot paths: exports, stats)."""
    sign = "-" if tiyn < 0 else ""
    whole, frac = divmod(abs(int(tiyn)), 100)
    return f"{sign}{whole}.{frac:02d}"


def _tiyn_of(money: Money | int) -> int:
    if isinstance(money, Money):
        return money.tiyn
    if isinstance(money, bool) or not isinstance(money, int):
        raise MoneyError(_("Money needs a whole number of tiyn."), code="not_integer")
    return money


def _lang(lang: str | None) -> str:
    code = ((lang or get_language() or "kk")[:2]).lower()
    return code if code in ("kk", "ru", "en") else "en"


# Babel's kk and ru locales group with a no-break space and use a decimal comma, as the design asks.
_BABEL_LOCALE = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}


def _number(value: Decimal, pattern: str, lang: str) -> str:
    # CLDR has switched between U+00A0 and U+202F (narrow no-break space) for grouping; the design asks for
    # U+00A0, which every font has.
    return format_decimal(value, format=pattern, locale=_BABEL_LOCALE[lang]).replace("\u202f", NBSP)


def format_money(money: Money | int, lang: str | None = None) -> str:
    """`2 600 000 000,00 ₸` (kk, ru) or `KZT 2,600,000,000.00` (en), with no-break spaces."""
    tiyn = _tiyn_of(money)
    lang = _lang(lang)
    number = _number(Decimal(abs(tiyn)) / 100, "#,##0.00", lang)
    sign = "-" if tiyn < 0 else ""
    if lang == "en":
        return f"{sign}{CURRENCY}{NBSP}{number}"
    return f"{sign}{number}{NBSP}{SIGN}"


_COMPACT_UNITS = {
    "ru": [(10**12, "трлн"), (10**9, "млрд"), (10**6, "млн"), (10**3, "тыс.")],
    "kk": [(10**12, "трлн"), (10**9, "млрд"), (10**6, "млн"), (10**3, "мың")],
    "en": [(10**12, "tn"), (10**9, "bn"), (10**6, "m"), (10**3, "k")],
}
_TENTH = Decimal("0.1")


def format_money_compact(money: Money | int, lang: str | None = None) -> str:
    """`2,6 млрд ₸`, `21,4 млн ₸`, `2.6 bn ₸`: one decimal, a trailing ,0 dropped, rounded half up."""
    tiyn = _tiyn_of(money)
    lang = _lang(lang)
    tenge = Decimal(abs(tiyn)) / 100
    sign = "-" if tiyn < 0 else ""
    units = _COMPACT_UNITS[lang]
    for index, (size, label) in enumerate(units):
        if tenge < size:
            continue
        scaled = (tenge / size).quantize(_TENTH, rounding=ROUND_HALF_UP)
        # 999 950 000 rounds to "1000 млн": say "1 млрд" instead.
        if scaled >= 1000 and index > 0:
            size, label = units[index - 1]
            scaled = (tenge / size).quantize(_TENTH, rounding=ROUND_HALF_UP)
        return f"{sign}{_number(scaled, '#,##0.#', lang)}{NBSP}{label}{NBSP}{SIGN}"
    return f"{sign}{_number(tenge, '#,##0.##', lang)}{NBSP}{SIGN}"

"""Money as integer tiyn (1 tenge = 100 tiyn); never a float.

Stored in a BigIntegerField named `<something>_tiyn`; `Money` wraps it for arithmetic and display. Formatting
follows the language: ru/kk `2 600 000 000,00 ₸` (no-break space groups, decimal comma) and compact
`2,6 млрд ₸`; en `KZT 2,600,000,000.00` and `2.6 bn ₸`. Babel supplies the grouping and decimal symbols.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import format_decimal
from django.utils.translation import get_language

CURRENCY = "KZT"
SIGN = "₸"
NBSP = "\u00a0"
# The largest amount any single record may carry: 10 trillion tenge, far beyond any real budget, far below
# the 64-bit limit, so that sums over millions of rows cannot overflow.
MAX_TIYN = 10**15


class MoneyError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Money:
    tiyn: int
    currency: str = CURRENCY

    def __post_init__(self):
        if isinstance(self.tiyn, bool) or not isinstance(self.tiyn, int):
            raise MoneyError(f"Money needs an integer number of tiyn, not {type(self.tiyn).__name__}")
        if self.currency != CURRENCY:
            raise MoneyError(f"Only {CURRENCY} is supported, not {self.currency!r}")

    # --- construction ---------------------------------------------------------------------------------------
    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @classmethod
    def from_tenge(cls, value, currency: str = CURRENCY) -> Money:
        """From tenge given as int, Decimal or a decimal string; refuses floats and fractions of a tiyn."""
        if isinstance(value, float):
            raise MoneyError("Amounts must not be floats; pass a string or a Decimal")
        try:
            amount = Decimal(str(value).replace(NBSP, "").replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise MoneyError(f"Not an amount: {value!r}")
        if not amount.is_finite():
            raise MoneyError(f"Not an amount: {value!r}")
        tiyn = amount * 100
        if tiyn != tiyn.to_integral_value():
            raise MoneyError(f"An amount cannot have fractions of a tiyn: {value!r}")
        return cls(int(tiyn), currency)

    # --- arithmetic -----------------------------------------------------------------------------------------
    def _other(self, other) -> Money:
        if not isinstance(other, Money):
            raise MoneyError(f"Cannot combine Money with {type(other).__name__}")
        if other.currency != self.currency:
            raise MoneyError("Cannot combine different currencies")
        return other

    def __add__(self, other) -> Money:
        return Money(self.tiyn + self._other(other).tiyn, self.currency)

    def __sub__(self, other) -> Money:
        return Money(self.tiyn - self._other(other).tiyn, self.currency)

    def __mul__(self, factor) -> Money:
        if isinstance(factor, bool) or not isinstance(factor, int):
            raise MoneyError("Money can only be multiplied by an integer; use .apply_rate for rates")
        return Money(self.tiyn * factor, self.currency)

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.tiyn, self.currency)

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
        """rate × amount, rounded half-up to the tiyn (e.g. a 1% R&D obligation)."""
        if isinstance(rate, float):
            raise MoneyError("Rates must be Decimals, not floats")
        result = (Decimal(self.tiyn) * Decimal(rate)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
        return Money(int(result), self.currency)

    # --- representation -------------------------------------------------------------------------------------
    def to_decimal(self) -> Decimal:
        return (Decimal(self.tiyn) / 100).quantize(Decimal("0.01"))

    def decimal_string(self) -> str:
        """ "21400000.00": the open-data and API form (tenge, two decimals, no grouping)."""
        return f"{self.to_decimal():.2f}"

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


def _lang(lang: str | None) -> str:
    return ((lang or get_language() or "kk")[:2]).lower()


def _babel_locale(lang: str) -> str:
    # Babel's kk locale groups with a no-break space and uses a decimal comma, like ru.
    return {"kk": "kk_KZ", "ru": "ru_RU"}.get(lang, "en_US")


def format_money(money: Money | int, lang: str | None = None) -> str:
    tiyn = money.tiyn if isinstance(money, Money) else int(money)
    lang = _lang(lang)
    value = Decimal(tiyn) / 100
    number = format_decimal(value, format="#,##0.00", locale=_babel_locale(lang))
    if lang == "en":
        return f"{CURRENCY}{NBSP}{number}" if tiyn >= 0 else f"-{CURRENCY}{NBSP}{number.lstrip('-')}"
    # babel uses U+00A0 or U+202F for grouping depending on CLDR version; the design asks for U+00A0.
    number = number.replace("\u202f", NBSP)
    return f"{number}{NBSP}{SIGN}"


_COMPACT_UNITS = {
    "ru": [(10**12, "трлн"), (10**9, "млрд"), (10**6, "млн"), (10**3, "тыс.")],
    "kk": [(10**12, "трлн"), (10**9, "млрд"), (10**6, "млн"), (10**3, "мың")],
    "en": [(10**12, "tn"), (10**9, "bn"), (10**6, "m"), (10**3, "k")],
}


def format_money_compact(money: Money | int, lang: str | None = None) -> str:
    """`2,6 млрд ₸`, `21,4 млн ₸`, `2.6 bn ₸`: one decimal, trailing ,0 dropped."""
    tiyn = money.tiyn if isinstance(money, Money) else int(money)
    lang = _lang(lang)
    tenge = Decimal(tiyn) / 100
    units = _COMPACT_UNITS.get(lang, _COMPACT_UNITS["en"])
    for size, label in units:
        if abs(tenge) >= size:
            scaled = (tenge / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            text = format_decimal(scaled, format="#,##0.#", locale=_babel_locale(lang)).replace("\u202f", NBSP)
            return f"{text}{NBSP}{label}{NBSP}{SIGN}"
    text = format_decimal(tenge, format="#,##0.##", locale=_babel_locale(lang)).replace("\u202f", NBSP)
    return f"{text}{NBSP}{SIGN}"

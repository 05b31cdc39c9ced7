"""`{% load money %}`, then `{{ grant.amount_tiyn|money }}` (2 600 000 000,00 ₸) or `{{ total|money_short }}`
(2,6 млрд ₸).

Both accept an integer number of tiyn or a Money and format in the active language. An empty value (None, "")
renders as an empty string; anything else that is not money (a float, a string) renders as an empty string too,
because a template must not guess what a float was meant to be.
"""

from django import template

from innopark.core.money import Money, format_money, format_money_compact

register = template.Library()


def _as_money(value) -> Money | None:
    if isinstance(value, Money):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Money(value)
    return None


@register.filter(is_safe=True)
def money(value) -> str:
    amount = _as_money(value)
    return format_money(amount) if amount is not None else ""


@register.filter(is_safe=True)
def money_short(value) -> str:
    amount = _as_money(value)
    return format_money_compact(amount) if amount is not None else ""

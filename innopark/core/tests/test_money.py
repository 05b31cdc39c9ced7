"""Money: integer tiyn, refusals, and the exact formats of the design in kk, ru and en."""

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from innopark.core.errors import ApplicationError
from innopark.core.money import MAX_TIYN, Money, MoneyError, format_money, format_money_compact, tenge_string

NBSP = "\u00a0"
tiyn_amounts = st.integers(min_value=-MAX_TIYN, max_value=MAX_TIYN)


def nb(text: str) -> str:
    """The design writes amounts with plain spaces; every space in our output is a no-break space."""
    return text.replace(" ", NBSP)


# --- construction and refusals --------------------------------------------------------------------------------


@given(tiyn_amounts)
def test_decimal_string_round_trips_through_from_tenge(tiyn):
    money = Money(tiyn)
    assert Money.from_tenge(money.decimal_string()) == money
    assert Money.from_tenge(money.to_decimal()) == money
    assert money.decimal_string() == tenge_string(tiyn)


@given(tiyn_amounts, st.sampled_from(["ru", "kk"]))
def test_full_format_in_ru_and_kk_reads_back(tiyn, lang):
    text = format_money(tiyn, lang)
    assert text.endswith(NBSP + "₸")
    assert Money.from_tenge(text.removesuffix(NBSP + "₸")) == Money(tiyn)


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_from_tenge_refuses_every_float(value):
    with pytest.raises(MoneyError) as info:
        Money.from_tenge(value)
    assert info.value.code == "float"


@given(st.integers(min_value=-(10**9), max_value=10**9), st.integers(min_value=1, max_value=9))
def test_from_tenge_refuses_fractions_of_a_tiyn(tiyn, thousandth):
    text = f"{tenge_string(tiyn)}{thousandth}"  # a third decimal digit
    with pytest.raises(MoneyError) as info:
        Money.from_tenge(text)
    assert info.value.code == "fraction_of_tiyn"
    with pytest.raises(MoneyError):
        Money.from_tenge(Decimal(text))


@pytest.mark.parametrize(
    ("text", "tiyn"),
    [
        ("21400000", 2_140_000_000),
        ("21 400 000,00", 2_140_000_000),
        ("21\u00a0400\u00a0000,5", 2_140_000_050),
        ("21\u202f400\u202f000.05", 2_140_000_005),
        ("-1,5", -150),
        ("0", 0),
        (" 7 ", 700),
    ],
)
def test_from_tenge_reads_what_people_type(text, tiyn):
    assert Money.from_tenge(text) == Money(tiyn)


@pytest.mark.parametrize("text", ["", "abc", "1e5", "NaN", "Infinity", "12,3,4", "1.000.000", "--1", "1 2"])
def test_from_tenge_refuses_what_is_not_an_amount(text):
    with pytest.raises(MoneyError) as info:
        Money.from_tenge(text)
    assert info.value.code == "not_a_number"


def test_from_tenge_refuses_absurd_amounts_and_other_types():
    with pytest.raises(MoneyError) as info:
        Money.from_tenge("10000000000001")  # above 10 trillion tenge
    assert info.value.code == "too_large"
    assert Money.from_tenge("10000000000000") == Money(MAX_TIYN)
    for value in (True, None, [1], Decimal("NaN")):
        with pytest.raises(MoneyError):
            Money.from_tenge(value)


def test_money_needs_integer_tiyn_and_kzt():
    for bad in (1.0, Decimal("1"), "1", True, None):
        with pytest.raises(MoneyError):
            Money(bad)
    with pytest.raises(MoneyError) as info:
        Money(100, "USD")
    assert info.value.code == "currency"


def test_money_error_is_an_application_error_with_a_translated_message():
    with pytest.raises(ApplicationError) as info:
        Money.from_tenge(0.1)
    assert info.value.status == 400
    with translation.override("ru"):
        body = MoneyError(code="not_a_number").as_dict()
        assert body == {"code": "not_a_number", "message": "Это неверная сумма денег.", "fields": {}}


# --- arithmetic -----------------------------------------------------------------------------------------------


@given(tiyn_amounts, tiyn_amounts, tiyn_amounts)
def test_addition_and_subtraction_are_exact(a, b, c):
    x, y, z = Money(a), Money(b), Money(c)
    assert (x + y).tiyn == a + b
    assert (x - y).tiyn == a - b
    assert (x + y) + z == x + (y + z)
    assert x + y - y == x
    assert -x + x == Money.zero()
    assert sum([x, y, z]) == Money(a + b + c)
    assert (x < y) == (a < b) and (x >= y) == (a >= b)


@given(tiyn_amounts, st.integers(min_value=-1000, max_value=1000))
def test_multiplication_by_integers_only(a, k):
    assert (Money(a) * k).tiyn == a * k
    assert (k * Money(a)).tiyn == a * k


@pytest.mark.parametrize("other", [1, 1.5, Decimal("1"), "1", None])
def test_money_does_not_mix_with_numbers(other):
    with pytest.raises(MoneyError):
        Money(100) + other
    with pytest.raises(MoneyError):
        Money(100) - other
    with pytest.raises(MoneyError):
        assert Money(100) < other


def test_multiplying_by_a_fraction_is_refused_use_apply_rate():
    with pytest.raises(MoneyError):
        Money(100) * 1.5
    with pytest.raises(MoneyError):
        Money(100) * Decimal("1.5")
    with pytest.raises(MoneyError):
        Money(100).apply_rate(0.01)
    # 1% of 1 234 567,89 ₸ is 12 345,6789 ₸ → 12 345,68 ₸ (half up to the tiyn).
    assert Money(123_456_789).apply_rate(Decimal("0.01")) == Money(1_234_568)
    assert Money(50).apply_rate(Decimal("0.01")) == Money(1)  # 0,5 tiyn rounds up


def test_zero_and_truth():
    assert not Money.zero()
    assert Money(1)
    assert abs(Money(-5)) == Money(5)


# --- formatting -----------------------------------------------------------------------------------------------

DESIGN_EXAMPLES = [
    # tiyn, ru/kk full, ru compact, kk compact, en full, en compact
    (260_000_000_000, "2 600 000 000,00 ₸", "2,6 млрд ₸", "2,6 млрд ₸", "KZT 2,600,000,000.00", "2.6 bn ₸"),
    (2_140_000_000, "21 400 000,00 ₸", "21,4 млн ₸", "21,4 млн ₸", "KZT 21,400,000.00", "21.4 m ₸"),
    (85_600_000_000, "856 000 000,00 ₸", "856 млн ₸", "856 млн ₸", "KZT 856,000,000.00", "856 m ₸"),
    (172_260_000_000, "1 722 600 000,00 ₸", "1,7 млрд ₸", "1,7 млрд ₸", "KZT 1,722,600,000.00", "1.7 bn ₸"),
    (350_000_000_000, "3 500 000 000,00 ₸", "3,5 млрд ₸", "3,5 млрд ₸", "KZT 3,500,000,000.00", "3.5 bn ₸"),
    (150_000, "1 500,00 ₸", "1,5 тыс. ₸", "1,5 мың ₸", "KZT 1,500.00", "1.5 k ₸"),
    (12_345, "123,45 ₸", "123,45 ₸", "123,45 ₸", "KZT 123.45", "123.45 ₸"),
    (0, "0,00 ₸", "0 ₸", "0 ₸", "KZT 0.00", "0 ₸"),
    (-2_140_000_000, "-21 400 000,00 ₸", "-21,4 млн ₸", "-21,4 млн ₸", "-KZT 21,400,000.00", "-21.4 m ₸"),
]


@pytest.mark.parametrize(("tiyn", "full", "ru_short", "kk_short", "en_full", "en_short"), DESIGN_EXAMPLES)
def test_formats_of_the_design(tiyn, full, ru_short, kk_short, en_full, en_short):
    money = Money(tiyn)
    assert money.format("ru") == nb(full)
    assert money.format("kk") == nb(full)
    assert money.format("en") == nb(en_full)
    assert money.format_compact("ru") == nb(ru_short)
    assert money.format_compact("kk") == nb(kk_short)
    assert money.format_compact("en") == nb(en_short)


def test_the_1722_6_million_of_2017_is_printed_whole():
    assert format_money(172_260_000_000, "ru").startswith(nb("1 722 600 000"))


def test_compact_rounding_moves_up_a_unit_instead_of_printing_1000():
    assert format_money_compact(99_995_000_000, "ru") == nb("1 млрд ₸")
    assert format_money_compact(99_995_000_000, "en") == nb("1 bn ₸")
    assert format_money_compact(99_990_000, "ru") == nb("999,9 тыс. ₸")


def test_format_follows_the_active_language():
    money = Money(260_000_000_000)
    for lang, expected in [("ru", "2 600 000 000,00 ₸"), ("kk", "2 600 000 000,00 ₸"), ("en", "KZT 2,600,000,000.00")]:
        with translation.override(lang):
            assert str(money) == nb(expected)
    with translation.override("de"):  # a language we do not offer falls back to English formats
        assert str(money) == nb("KZT 2,600,000,000.00")


def test_no_ordinary_space_in_any_format():
    for lang in ("kk", "ru", "en"):
        assert " " not in format_money(123_456_789_012, lang)
        assert " " not in format_money_compact(123_456_789_012, lang)


# --- template filters -----------------------------------------------------------------------------------------


def render(template: str, **context) -> str:
    return Template("{% load money %}" + template).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "full", "short"),
    [
        ("kk", "2 600 000 000,00 ₸", "2,6 млрд ₸"),
        ("ru", "2 600 000 000,00 ₸", "2,6 млрд ₸"),
        ("en", "KZT 2,600,000,000.00", "2.6 bn ₸"),
    ],
)
def test_money_filters_accept_tiyn_or_money_in_the_active_language(lang, full, short):
    with translation.override(lang):
        assert render("{{ v|money }}", v=260_000_000_000) == nb(full)
        assert render("{{ v|money }}", v=Money(260_000_000_000)) == nb(full)
        assert render("{{ v|money_short }}", v=260_000_000_000) == nb(short)
        assert render("{{ v|money_short }}", v=Money(260_000_000_000)) == nb(short)


@pytest.mark.parametrize("value", [None, "", 1.5, "100", Decimal("1")])
def test_money_filters_render_nothing_for_what_is_not_money(value):
    assert render("{{ v|money }}|{{ v|money_short }}", v=value) == "|"

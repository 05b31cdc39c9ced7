"""BIN, IIN, KATO and OKED: published examples, one code and message per failure, in the user's language."""

from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from innopark.core.identifiers import (
    check_digit,
    is_valid_bin,
    make_bin,
    open_data_id,
    validate_bin,
    validate_iin,
    validate_kato,
    validate_oked,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "kz-bin-examples.txt"


def published_examples():
    for line in EXAMPLES.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            verdict, number, *_note = line.split(maxsplit=2)
            yield pytest.param(verdict == "valid", number, id=f"{verdict}-{number}")


def code_of(validator, value) -> str:
    with pytest.raises(ValidationError) as info:
        validator(value)
    return info.value.code


@pytest.mark.parametrize(("valid", "number"), list(published_examples()))
def test_published_bins(valid, number):
    assert is_valid_bin(number) is valid
    if valid:
        assert validate_bin(f" {number} ") == number


def test_the_second_weight_set_is_used_when_the_first_gives_ten():
    # 0·1+1·2+1·3+1·4+4·5+0·6+0·7+0·8+1·9+6·10+5·11 = 10 (mod 11); the second set gives 4.
    assert check_digit("01114000165") == 4
    assert validate_bin("011140001654") == "011140001654"


def test_a_number_whose_both_weight_sets_give_ten_is_never_valid():
    bodies = [body for n in range(2000) if check_digit(body := f"940140{n:05d}") is None]
    assert bodies, "some serials have no check digit"
    for body in bodies[:10]:
        for last in "0123456789":
            assert code_of(validate_bin, body + last) == "check_digit"
    assert check_digit(make_bin("9401", serial=int(bodies[0][6:]))[:11]) is not None  # make_bin skips them


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("12345", "length"),
        ("", "length"),
        (None, "length"),
        ("9401400003851", "length"),
        ("12345678901X", "digits"),
        ("９４０１４００００３８５", "digits"),  # full-width digits are not ASCII digits
        ("949940000385", "month"),
        ("940040000385", "month"),
        ("940170000385", "entity_type"),
        ("940149000385", "unit_type"),
        ("940140000380", "check_digit"),
    ],
)
def test_each_bin_failure_has_its_own_code(value, code):
    assert code_of(validate_bin, value) == code


@given(yymm=st.from_regex(r"\A[0-9]{2}(0[1-9]|1[0-2])\Z"), entity=st.sampled_from("456"), unit=st.sampled_from("0123"))
def test_make_bin_builds_valid_numbers_and_any_changed_last_digit_is_caught(yymm, entity, unit):
    number = make_bin(yymm, entity, unit, serial=42)
    assert validate_bin(number) == number
    for last in "0123456789":
        if last != number[-1]:
            assert code_of(validate_bin, number[:-1] + last) == "check_digit"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("86012350123", "length"),
        ("86012350123a", "digits"),
        ("861323501236", "month"),
        ("860100501236", "day"),
        ("860132501236", "day"),
        ("860231301236", "day"),  # 31 February
        ("870229301236", "day"),  # 1987 is not a leap year
        ("860123701236", "century"),
        ("860123501237", "check_digit"),
    ],
)
def test_each_iin_failure_has_its_own_code(value, code):
    assert code_of(validate_iin, value) == code


def test_a_valid_iin():
    assert validate_iin("860123501236") == "860123501236"
    body = "0002293" + "0001"  # 29 February 1900 does not exist, 29 February 2000 does
    assert code_of(validate_iin, body + str(check_digit(body))) == "day"
    body = "0002295" + "0001"
    assert validate_iin(body + str(check_digit(body)))


@pytest.mark.parametrize(
    ("value", "ok"), [("750000000", True), ("75000000", False), ("7500000001", False), ("75000000A", False)]
)
def test_kato_has_nine_digits(value, ok):
    if ok:
        assert validate_kato(value) == value
    else:
        assert code_of(validate_kato, value) == "kato"


@pytest.mark.parametrize(("value", "ok"), [("62010", True), ("6201", False), ("620100", False), ("62.01", False)])
def test_oked_has_five_digits(value, ok):
    if ok:
        assert validate_oked(value) == value
    else:
        assert code_of(validate_oked, value) == "oked"


def test_open_data_identifier():
    assert open_data_id("940140000385") == "KZ-BIN-940140000385"


def message_of(validator, value, lang: str) -> str:
    with pytest.raises(ValidationError) as info:
        validator(value)
    with translation.override(lang):
        return info.value.messages[0]


def test_messages_are_translated():
    assert message_of(validate_bin, "12345", "ru") == "БИН состоит из 12 цифр, а здесь 5 символов."
    assert message_of(validate_bin, "1", "ru") == "БИН состоит из 12 цифр, а здесь 1 символ."
    assert message_of(validate_bin, "12345", "en") == "A BIN has 12 digits; this one has 5 characters."
    assert message_of(validate_bin, "940140000380", "ru") == "Контрольная цифра этого БИН неверна: в номере опечатка."
    assert "БСН" in message_of(validate_bin, "940140000380", "kk")
    assert "ИИН" in message_of(validate_iin, "860123501237", "ru")
    assert message_of(validate_kato, "1", "ru").startswith("Код КАТО")
    assert message_of(validate_oked, "1", "kk").startswith("ЭҚЖЖ")
    for code, value in [("month", "949940000385"), ("entity_type", "940170000385"), ("unit_type", "940149000385")]:
        assert message_of(validate_bin, value, "ru") != message_of(validate_bin, value, "en"), code


class OrganizationForm(forms.Form):
    """How an app uses the validators on a form (a model field's validators=[validate_bin] behaves the same)."""

    bin = forms.CharField(label="BIN", validators=[validate_bin])
    oked = forms.CharField(label="OKED", validators=[validate_oked])


def test_the_error_shows_on_the_form_field_in_the_users_language():
    with translation.override("ru"):
        form = OrganizationForm(data={"bin": "940140000380", "oked": "62010"})
        assert not form.is_valid()
        assert form.errors["bin"] == ["Контрольная цифра этого БИН неверна: в номере опечатка."]
        assert form.has_error("bin", code="check_digit")
        assert "oked" not in form.errors
    assert OrganizationForm(data={"bin": "940140000385", "oked": "62010"}).is_valid()


def test_model_field_validators_report_on_the_field():
    from innopark.zones.models import Operator

    field = Operator._meta.get_field("bin")
    assert validate_bin in field.validators
    with pytest.raises(ValidationError) as info:
        field.run_validators("949940000385")
    assert info.value.error_list[0].code == "month"

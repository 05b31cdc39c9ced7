"""Form helpers: TengeField reads what people type; apply_error_to_form places a service's refusal."""

import pytest
from django import forms
from django.utils import translation

from innopark.core.errors import ApplicationError
from innopark.core.forms import TengeField, apply_error_to_form


class GrantForm(forms.Form):
    amount = TengeField(label="Amount")
    correction = TengeField(label="Correction", allow_negative=True, required=False)


@pytest.mark.parametrize(
    ("typed", "tiyn"),
    [("1 250 000,50", 125_000_050), ("1250000.5", 125_000_050), ("0", 0), ("21\u00a0400\u00a0000", 2_140_000_000)],
)
def test_tenge_field_cleans_to_tiyn(typed, tiyn):
    form = GrantForm(data={"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == tiyn
    assert form.cleaned_data["correction"] is None


@pytest.mark.parametrize(
    ("typed", "code", "ru"),
    [
        ("1,001", "fraction_of_tiyn", "Сумма не может содержать доли тиына."),
        ("1e9", "not_a_number", "Укажите сумму в тенге цифрами, например 1 250 000,50."),
        ("-5", "negative", "Сумма не может быть отрицательной."),
        ("99999999999999", "too_large", "Слишком большая сумма."),
    ],
)
def test_tenge_field_errors_show_on_the_field_in_the_users_language(typed, code, ru):
    with translation.override("ru"):
        form = GrantForm(data={"amount": typed})
        assert not form.is_valid()
        assert form.has_error("amount", code=code)
        assert form.errors["amount"] == [ru]


def test_tenge_field_allows_negative_corrections_when_asked():
    form = GrantForm(data={"amount": "1", "correction": "-1 000,00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["correction"] == -100_000


def test_tenge_field_shows_an_initial_amount_in_tiyn_as_tenge():
    with translation.override("ru"):
        assert 'value="1250000,50"' in str(GrantForm(initial={"amount": 125_000_050})["amount"])
    with translation.override("en"):
        assert 'value="1250000.50"' in str(GrantForm(initial={"amount": 125_000_050})["amount"])


def test_apply_error_to_form_puts_messages_on_fields_and_the_rest_on_the_form():
    form = GrantForm(data={"amount": "1"})
    assert form.is_valid()
    apply_error_to_form(
        form, ApplicationError("Refused", code="x", fields={"amount": ["too much"], "row 3": ["bad BIN"]})
    )
    assert form.errors["amount"] == ["too much"]
    assert form.non_field_errors() == ["row 3: bad BIN"]
    form = GrantForm(data={"amount": "1"})
    form.is_valid()
    apply_error_to_form(form, ApplicationError("Refused", code="x"))
    assert form.non_field_errors() == ["Refused"]

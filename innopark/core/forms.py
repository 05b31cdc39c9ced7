"""Helpers for pages that call services: show an ApplicationError on the form, read amounts of tenge."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import ApplicationError
from innopark.core.money import Money, MoneyError, tenge_string


def apply_error_to_form(form, error: ApplicationError) -> None:
    """Attach a service's refusal to the form: field messages on their fields, the rest on the form."""
    placed = False
    for field, messages in error.fields.items():
        for message in messages:
            if field in form.fields:
                form.add_error(field, message)
                placed = True
            else:
                form.add_error(None, f"{field}: {message}" if field != "__all__" else message)
                placed = True
    if not placed or not error.fields:
        form.add_error(None, error.message)


class TengeField(forms.CharField):
    """An amount typed in tenge ("1 250 000,50"), cleaned to integer tiyn for a service's `*_tiyn` argument.

    Refuses floats' cousins (exponents), fractions of a tiyn, amounts above MAX_TIYN and, unless
    `allow_negative`, amounts below zero, each with its own message on the field.
    """

    default_error_messages = {"negative": _("The amount cannot be negative.")}

    def __init__(self, *, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        # No max_length: its validator would run on the cleaned integer; from_tenge bounds the amount instead.
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        # An initial value in tiyn is shown as the user would type it, in the active language.
        if isinstance(value, int) and not isinstance(value, bool):
            text = tenge_string(value)
            return text if (get_language() or "").startswith("en") else text.replace(".", ",")
        return value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            amount = Money.from_tenge(text)
        except MoneyError as error:
            raise forms.ValidationError(error.message, code=error.code)
        if amount.tiyn < 0 and not self.allow_negative:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        return amount.tiyn

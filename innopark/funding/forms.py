"""Page forms. Amounts are typed in tenge ("1 250 000,50") and turned into tiyn by Money; services validate again."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.money import Money, MoneyError
from innopark.core.once import OnceFormMixin
from innopark.funding.models import SubsoilContract
from innopark.funding.models.obligations import FIRST_YEAR, LAST_YEAR


class TengeField(forms.CharField):
    def __init__(self, *args, allow_zero: bool = False, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("In tenge, e.g. 1 250 000,50"))
        self.allow_zero = allow_zero
        super().__init__(*args, **kwargs)

    def clean(self, value):
        text = super().clean(value)
        try:
            money = Money.from_tenge(text)
        except MoneyError as error:
            raise forms.ValidationError(error.message, code=error.code)
        if money.tiyn < 0 or (money.tiyn == 0 and not self.allow_zero):
            raise forms.ValidationError(_("The amount must be greater than zero."), code="amount_not_positive")
        return money.tiyn


def year_field(label=None):
    return forms.IntegerField(
        label=label or _("Obligation year"),
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        initial=lambda: timezone.localdate().year - 1,
    )


def quarter_field():
    return forms.TypedChoiceField(label=_("Quarter"), coerce=int, choices=[(q, q) for q in range(1, 5)])


class ContractChoiceMixin:
    def set_contracts(self, contracts):
        self.fields["contract"].queryset = contracts


class ContributionForm(OnceFormMixin, ContractChoiceMixin, forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=SubsoilContract.objects.none())
    year = year_field()
    amount = TengeField(label=_("Amount"))
    occurred_on = forms.DateField(label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"}))
    earmark = forms.CharField(
        label=_("Earmark"),
        required=False,
        max_length=100,
        help_text=_('Optional: "grant:<reference>" or "call:<code>".'),
    )


class BaseDeclarationForm(OnceFormMixin, ContractChoiceMixin, forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=SubsoilContract.objects.none())
    year = year_field()
    base = TengeField(label=_("Base"), allow_zero=True)
    document = forms.FileField(label=_("Supporting document"), required=False)


class DirectSpendingForm(OnceFormMixin, ContractChoiceMixin, forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=SubsoilContract.objects.none())
    year = year_field()
    quarter = quarter_field()
    amount = TengeField(label=_("Amount"))
    description = forms.CharField(label=_("What was paid for"), max_length=500)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class FulfilmentReportForm(OnceFormMixin, ContractChoiceMixin, forms.Form):
    contract = forms.ModelChoiceField(label=_("Contract"), queryset=SubsoilContract.objects.none())
    year = year_field(_("Year"))
    quarter = quarter_field()

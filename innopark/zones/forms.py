from django import forms
from django.utils.translation import gettext_lazy as _

from innopark.core.once import OnceFormMixin
from innopark.zones.models import Authority


class AuthorityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class TransferForm(OnceFormMixin, forms.Form):
    to_authority = AuthorityChoiceField(
        label=_("New authority"), queryset=Authority.objects.order_by("code"), to_field_name="code"
    )
    effective_on = forms.DateField(
        label=_("Takes effect on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The first day the new authority oversees the zone."),
    )
    basis = forms.CharField(
        label=_("Legal basis"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The act that orders the transfer, e.g. a Government decree with its number and date."),
    )

    def __init__(self, *args, zone=None, current_authority=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_authority is not None:
            # The current authority is not a choice: a transfer to it would be refused anyway.
            self.fields["to_authority"].queryset = Authority.objects.exclude(pk=current_authority.pk).order_by("code")

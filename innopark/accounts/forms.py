from django import forms
from django.utils.translation import gettext_lazy as _

from innopark.core.once import OnceFormMixin


class TokenCreateForm(OnceFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of the token"),
        max_length=100,
        required=False,
        help_text=_("What the token is for, for example: the accounting system."),
    )


class TokenRevokeForm(OnceFormMixin, forms.Form):
    pass

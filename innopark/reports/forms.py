"""The dashboards' filter form (GET: it changes nothing, so it carries no one-time token)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from innopark.zones.models import Zone


class FiguresFilterForm(forms.Form):
    zone = forms.ChoiceField(label=_("Zone"), required=False)
    year_from = forms.IntegerField(label=_("From year"), required=False, min_value=1990, max_value=2100)
    year_to = forms.IntegerField(label=_("To year"), required=False, min_value=1990, max_value=2100)
    by = forms.ChoiceField(
        label=_("Group by"), required=False, choices=[("year", _("Year")), ("quarter", _("Quarter"))]
    )

    def __init__(self, *args, zones=None, **kwargs):
        super().__init__(*args, **kwargs)
        zones = zones if zones is not None else Zone.objects.order_by("code")
        self.fields["zone"].choices = [(z.code, z.name) for z in zones]

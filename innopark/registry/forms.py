"""Forms of the registry pages. They only parse input; rules live in the services."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from innopark.core.once import OnceFormMixin
from innopark.registry.models import ApplicationDocument, Certificate, ComplianceDecision
from innopark.registry.workflow import ApplicationStatus, ParticipantStatus

DATE = forms.DateInput(attrs={"type": "date"})


class TengeField(forms.CharField):
    """An amount in tenge with up to 2 decimals ("1 500 000,50" or "1500000.50"), cleaned to integer tiyn."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return 0
        text = str(value).replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("Enter an amount in tenge, e.g. 1500000,50."), code="invalid")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("An amount has at most 2 decimals (tiyn)."), code="invalid")
        return int(amount * 100)


class ApplicationForm(OnceFormMixin, forms.Form):
    organization = forms.ModelChoiceField(queryset=None, label=_("Organization"))
    zone = forms.ModelChoiceField(queryset=None, label=_("Zone"), to_field_name="code")
    project_title = forms.CharField(label=_("Project title"), max_length=300)
    project_summary = forms.CharField(label=_("Project summary"), widget=forms.Textarea(attrs={"rows": 4}))
    oked = forms.CharField(label=_("Priority activity (OKED code)"), max_length=5)
    planned_investment_tiyn = TengeField(label=_("Planned investment, ₸"), required=False)
    planned_jobs = forms.IntegerField(label=_("Planned jobs"), min_value=0, initial=0)
    declares_true_data = forms.BooleanField(label=_("The data given are true and complete"), required=False)
    declares_no_bankruptcy = forms.BooleanField(label=_("Not in bankruptcy or liquidation"), required=False)
    declares_no_tax_debt = forms.BooleanField(label=_("No overdue tax debt"), required=False)

    def __init__(self, *args, organizations, zones, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations
        self.fields["zone"].queryset = zones


class DocumentForm(OnceFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=ApplicationDocument.Kind.choices)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG)"))


class ConfirmForm(OnceFormMixin, forms.Form):
    """A step without input of its own (submit, start moderation, pass moderation)."""


class ReasonForm(OnceFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class DecisionForm(OnceFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))], widget=forms.RadioSelect
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}))


class AgreementForm(OnceFormMixin, forms.Form):
    number = forms.CharField(label=_("Agreement number"), max_length=64)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE)
    investment_tiyn = TengeField(label=_("Investment obligation, ₸"))
    jobs = forms.IntegerField(label=_("Jobs obligation"), min_value=0)
    obligations_due_on = forms.DateField(label=_("Obligations due on"), widget=DATE)
    obligations_text = forms.CharField(
        label=_("Other obligations"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RegisterForm(OnceFormMixin, forms.Form):
    registered_on = forms.DateField(label=_("Entered in the register on"), widget=DATE)
    entry_number = forms.CharField(
        label=_("Register entry number"), required=False, help_text=_("Leave empty to number it automatically.")
    )


class CertificateForm(OnceFormMixin, forms.Form):
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE)


class StatusChangeForm(OnceFormMixin, forms.Form):
    on = forms.DateField(label=_("Effective date"), widget=DATE)
    grounds = forms.CharField(label=_("Legal grounds"), widget=forms.Textarea(attrs={"rows": 3}))


class ReportForm(OnceFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[(0, _("Whole year")), (1, "I"), (2, "II"), (3, "III"), (4, "IV")],
    )
    total_income_tiyn = TengeField(label=_("Total income, ₸"))
    priority_income_tiyn = TengeField(label=_("Income from priority activities, ₸"))
    headcount = forms.IntegerField(label=_("Headcount"), min_value=0)
    new_jobs = forms.IntegerField(label=_("New jobs"), min_value=0)
    investment_tiyn = TengeField(label=_("Investment made, ₸"))
    exports_tiyn = TengeField(label=_("Exports, ₸"))
    digital_exports_tiyn = TengeField(label=_("Of which digital exports, ₸"))
    tax_benefits_tiyn = TengeField(label=_("Tax benefits used, ₸"))


class ReportCorrectionForm(OnceFormMixin, forms.Form):
    """A correction of a filed report: the corrected figures (prefilled with those in force) and the reason."""

    total_income_tiyn = TengeField(label=_("Total income, ₸"))
    priority_income_tiyn = TengeField(label=_("Income from priority activities, ₸"))
    headcount = forms.IntegerField(label=_("Headcount"), min_value=0)
    new_jobs = forms.IntegerField(label=_("New jobs"), min_value=0)
    investment_tiyn = TengeField(label=_("Investment made, ₸"))
    exports_tiyn = TengeField(label=_("Exports, ₸"))
    digital_exports_tiyn = TengeField(label=_("Of which digital exports, ₸"))
    tax_benefits_tiyn = TengeField(label=_("Tax benefits used, ₸"))
    reason = forms.CharField(label=_("What the correction corrects"), widget=forms.Textarea(attrs={"rows": 3}))


class CertificateReissueForm(OnceFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("Reason for reissue"), choices=Certificate.ReissueReason.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ComplianceDecisionForm(OnceFormMixin, forms.Form):
    breach_key = forms.CharField(widget=forms.HiddenInput)
    consequence = forms.ChoiceField(label=_("Consequence"), choices=ComplianceDecision.Consequence.choices)
    note = forms.CharField(label=_("Note / legal grounds"), required=False)


class ImportForm(OnceFormMixin, forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))


STATUS_FILTER_CHOICES = [("", _("Any status"))] + [
    (value, label)
    for value, label in ParticipantStatus.choices
    if value in {"registered", "active", "suspended", "excluded"}
]


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or BIN"), required=False)
    zone = forms.CharField(label=_("Zone code"), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTER_CHOICES, required=False)
    oked = forms.CharField(label=_("OKED"), required=False, max_length=5)
    admitted_from = forms.DateField(label=_("Admitted from"), required=False, widget=DATE)
    admitted_to = forms.DateField(label=_("Admitted until"), required=False, widget=DATE)


QUEUE_STEPS = [ApplicationStatus.SUBMITTED, ApplicationStatus.MODERATION, ApplicationStatus.COMMISSION]

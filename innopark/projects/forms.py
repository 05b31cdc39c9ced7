"""Page forms of the projects app. Every state-changing form carries a one-time token (OnceFormMixin). Amounts are
typed in tenge ("1 250 000,50") and handed to the services in tiyn; rows of budget lines and milestones are typed
one per line, separated by semicolons, and a wrong row is named in the error."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innopark.core.forms import TengeField as CoreTengeField
from innopark.core.money import Money, MoneyError
from innopark.core.once import OnceFormMixin
from innopark.projects.models import Call, Language, OutcomeReport
from innopark.projects.workflow import DecisionOutcome, Recommendation


class TengeField(forms.CharField):
    """An amount in tenge, cleaned to integer tiyn."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 40)
        kwargs.setdefault("help_text", _("In tenge, e.g. 1 250 000,50"))
        super().__init__(*args, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if value in ("", None):
            return None if not self.required else 0
        try:
            return Money.from_tenge(value).tiyn
        except MoneyError as error:
            raise forms.ValidationError(error.message) from None


def _rows(text: str, columns: int, label) -> list[list[str]]:
    rows = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split(";")]
        if len(cells) != columns:
            raise forms.ValidationError(
                _("Row %(n)s: write %(columns)s values separated by semicolons."),
                params={"n": number, "columns": columns},
            )
        rows.append((number, cells))
    return rows


def _tiyn(cell: str, number: int) -> int:
    try:
        return Money.from_tenge(cell or "0").tiyn
    except MoneyError as error:
        raise forms.ValidationError(_("Row %(n)s: %(error)s"), params={"n": number, "error": error.message}) from None


class ApplicationForm(OnceFormMixin, forms.Form):
    title = forms.CharField(label=_("Project title"), max_length=300)
    summary = forms.CharField(
        label=pgettext_lazy("project", "Summary"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10_000
    )
    language = forms.ChoiceField(label=_("Language of the application"), choices=Language.choices)
    category = forms.ChoiceField(label=_("Category"))
    requested = TengeField(label=_("Requested amount, ₸"))
    cofinancing = TengeField(label=_("Co-financing, ₸"), required=False)
    duration_months = forms.IntegerField(label=_("Duration, months"), min_value=1, max_value=120, initial=12)
    budget_lines = forms.CharField(
        label=_("Budget lines"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line each: item; from the grant, ₸; from co-financing, ₸"),
    )
    milestones = forms.CharField(
        label=_("Milestones and tranches"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One line each: deliverable; date (YYYY-MM-DD); tranche, ₸"),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [(c.code, c.name) for c in categories]

    def clean_budget_lines(self):
        out = []
        for number, (item, requested, cofinancing) in _rows(self.cleaned_data["budget_lines"], 3, "budget_lines"):
            out.append(
                {
                    "item": item,
                    "requested_tiyn": _tiyn(requested, number),
                    "cofinancing_tiyn": _tiyn(cofinancing, number),
                }
            )
        return out

    def clean_milestones(self):
        out = []
        for number, (deliverable, day, tranche) in _rows(self.cleaned_data["milestones"], 3, "milestones"):
            try:
                due_on = dt.date.fromisoformat(day)
            except ValueError:
                raise forms.ValidationError(
                    _("Row %(n)s: write the date as YYYY-MM-DD."), params={"n": number}
                ) from None
            out.append({"deliverable": deliverable, "due_on": due_on, "tranche_tiyn": _tiyn(tranche, number)})
        return out

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "summary": data["summary"],
            "language": data["language"],
            "category": data["category"],
            "requested_tiyn": data["requested"] or 0,
            "cofinancing_tiyn": data["cofinancing"] or 0,
            "duration_months": data["duration_months"],
            "budget_lines": data["budget_lines"],
            "milestones": data["milestones"],
        }

    @staticmethod
    def initial_from(application) -> dict:
        def tenge(tiyn):
            return f"{tiyn // 100},{tiyn % 100:02d}"

        return {
            "title": application.title,
            "summary": application.summary,
            "language": application.language,
            "category": application.category_id,
            "requested": tenge(application.requested_tiyn),
            "cofinancing": tenge(application.cofinancing_tiyn),
            "duration_months": application.duration_months,
            "budget_lines": "\n".join(
                f"{b.item}; {tenge(b.requested_tiyn)}; {tenge(b.cofinancing_tiyn)}"
                for b in application.budget_lines.all()
            ),
            "milestones": "\n".join(
                f"{m.deliverable}; {m.due_on.isoformat()}; {tenge(m.tranche_tiyn)}"
                for m in application.planned_milestones.all()
            ),
        }


class ConfirmForm(OnceFormMixin, forms.Form):
    pass


class RemarksForm(OnceFormMixin, forms.Form):
    remarks = forms.CharField(label=_("Remarks"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class ReasonForm(OnceFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000)


class AssignForm(OnceFormMixin, forms.Form):
    expert = forms.ChoiceField(label=_("Expert"))

    def __init__(self, *args, experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].choices = [(str(e.pk), label) for e, label in experts]


class DeclarationForm(OnceFormMixin, forms.Form):
    has_conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        choices=[("no", _("No, I have no conflict of interest")), ("yes", _("Yes, I have a conflict and recuse"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    statement = forms.CharField(
        label=_("Declaration (describe any interest)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=10_000,
    )


class ReviewForm(OnceFormMixin, forms.Form):
    recommendation = forms.ChoiceField(label=_("Recommendation"), choices=Recommendation.choices)
    comment = forms.CharField(label=_("Overall comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("%(title)s: score (0-%(max)s, weight %(weight)s%%)")
                % {"title": criterion.title, "max": criterion.scale_max, "weight": criterion.weight},
                min_value=0,
                max_value=criterion.scale_max,
            )
            self.fields[f"why_{criterion.pk}"] = forms.CharField(
                label=_("%(title)s: justification") % {"title": criterion.title},
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=10_000,
            )
        # Criteria first, then the recommendation and the comment.
        self.order_fields([f for c in self.criteria for f in (f"score_{c.pk}", f"why_{c.pk}")])

    def scores(self) -> dict:
        return {
            c.pk: {"score": self.cleaned_data[f"score_{c.pk}"], "justification": self.cleaned_data[f"why_{c.pk}"]}
            for c in self.criteria
        }


class DecisionForm(OnceFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DecisionOutcome.choices)
    amount = TengeField(label=_("Amount, ₸ (for an approval)"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class MilestoneReportForm(OnceFormMixin, forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)
    indicators = forms.CharField(
        label=_("Indicators"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("One line each: name: value"),
    )
    document = forms.FileField(label=_("Document"), required=False)

    def clean_indicators(self):
        out = {}
        for number, line in enumerate((self.cleaned_data["indicators"] or "").splitlines(), start=1):
            if not line.strip():
                continue
            if ":" not in line:
                raise forms.ValidationError(_("Row %(n)s: write name: value."), params={"n": number})
            name, value = (part.strip() for part in line.split(":", 1))
            out[name] = int(value) if value.isdigit() else value
        return out


class TerminateForm(OnceFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    recovered = TengeField(label=_("Recovered from the grantee, ₸"), required=False)


class AmendmentForm(OnceFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason for the amendment"), widget=forms.Textarea(attrs={"rows": 3}))
    ends_on = forms.DateField(label=_("New end date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    milestones = forms.CharField(
        label=_("New schedule of the open milestones"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One line each: deliverable; date (YYYY-MM-DD); tranche, ₸. Empty: unchanged."),
    )

    clean_milestones = ApplicationForm.clean_milestones


class AmendmentDecisionForm(OnceFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("yes", _("Approve")), ("no", _("Refuse"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class OutcomeForm(OnceFormMixin, forms.Form):
    period = forms.ChoiceField(label=_("Period"), choices=OutcomeReport.Period.choices)
    jobs = forms.IntegerField(label=_("Jobs created"), min_value=0, max_value=1_000_000, initial=0)
    products = forms.IntegerField(label=_("Products brought to market"), min_value=0, max_value=1_000_000, initial=0)
    patents = forms.IntegerField(label=_("Patents and applications"), min_value=0, max_value=1_000_000, initial=0)
    revenue = TengeField(label=_("Revenue, ₸"), required=False)
    exports = TengeField(label=_("Exports, ₸"), required=False)


# --- calls (operator staff) -----------------------------------------------------------------------------------
ALMATY = ZoneInfo("Asia/Almaty")


class AlmatyDateTimeField(forms.DateTimeField):
    """A moment typed on the Almaty clock (whatever the browser's time zone), made aware in Asia/Almaty."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(**kwargs)

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        return moment.replace(tzinfo=None).replace(tzinfo=ALMATY) if moment.tzinfo else moment.replace(tzinfo=ALMATY)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and value.tzinfo:
            return value.astimezone(ALMATY).strftime("%Y-%m-%dT%H:%M")
        return value


class CallForm(OnceFormMixin, forms.Form):
    """A call and its rubric. The rubric is typed one criterion a line: kk title; ru title; en title; weight; scale."""

    zone = forms.ChoiceField(label=_("Zone"))
    code = forms.SlugField(label=_("Code"), max_length=64, help_text=_("e.g. alatau-itp-2026"))
    title_kk = forms.CharField(label=_("Title (Kazakh)"), max_length=300)
    title_ru = forms.CharField(label=_("Title (Russian)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    text_kk = forms.CharField(label=_("Text (Kazakh)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    text_ru = forms.CharField(label=_("Text (Russian)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    text_en = forms.CharField(label=_("Text (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    opens_at = AlmatyDateTimeField(label=_("Opens at (Almaty time)"))
    closes_at = AlmatyDateTimeField(label=_("Closes at (Almaty time)"))
    budget = CoreTengeField(label=_("Budget, ₸"))
    funding_source = forms.ChoiceField(label=_("Funding source"), choices=Call.FundingSource.choices)
    max_amount = CoreTengeField(label=_("Largest amount per application, ₸"), required=False)
    categories = forms.MultipleChoiceField(label=_("Categories"), widget=forms.CheckboxSelectMultiple)
    requires_active_participant = forms.BooleanField(
        label=_("Only active participants of the zone may apply"), required=False, initial=True
    )
    requires_priority_activity = forms.BooleanField(
        label=_("The applicant's activity must be on the zone's priority list"), required=False, initial=True
    )
    refuses_grant_in_breach = forms.BooleanField(
        label=_("Refuse applicants with an unfinished grant in breach"), required=False, initial=True
    )
    criteria = forms.CharField(
        label=_("Scoring rubric"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One criterion a line: title (Kazakh); title (Russian); title (English); weight; highest score. "
            "Weights add up to 100."
        ),
    )
    experts_per_application = forms.IntegerField(
        label=_("Experts per application"), min_value=1, max_value=10, initial=2
    )
    max_reviews_per_expert = forms.IntegerField(
        label=_("Most open reviews per expert"), min_value=1, max_value=500, initial=10
    )
    divergence_threshold = forms.IntegerField(
        label=_("Divergence threshold, points of 100"),
        min_value=1,
        max_value=100,
        initial=25,
        help_text=_("A spread of the experts' scores above it calls for an extra expert."),
    )

    def __init__(self, *args, zones=(), categories=(), editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(z.code, f"{z.code} — {z.name}") for z in zones]
        self.fields["categories"].choices = [(c.code, c.name) for c in categories]
        if editing:
            # A call's zone and code are its identity: fixed once created.
            del self.fields["zone"]
            del self.fields["code"]

    def clean_criteria(self):
        out = []
        for number, (kk, ru, en, weight, scale) in _rows(self.cleaned_data["criteria"], 5, "criteria"):
            if not (weight.isdigit() and scale.isdigit()):
                raise forms.ValidationError(
                    _("Row %(n)s: weight and highest score are whole numbers."), params={"n": number}
                )
            out.append({"title_kk": kk, "title_ru": ru, "title_en": en, "weight": int(weight), "scale_max": int(scale)})
        return out

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        out = {
            name: data[name]
            for name in (
                "title_kk",
                "title_ru",
                "title_en",
                "text_kk",
                "text_ru",
                "text_en",
                "opens_at",
                "closes_at",
                "funding_source",
                "categories",
                "criteria",
                "requires_active_participant",
                "requires_priority_activity",
                "refuses_grant_in_breach",
                "experts_per_application",
                "max_reviews_per_expert",
                "divergence_threshold",
            )
        }
        out["budget_tiyn"] = data["budget"]
        out["max_amount_tiyn"] = data["max_amount"]
        if "code" in self.fields:
            out["code"] = data["code"]
        return out

    @staticmethod
    def initial_from(call) -> dict:
        initial = {
            name: getattr(call, name)
            for name in (
                "title_kk",
                "title_ru",
                "title_en",
                "text_kk",
                "text_ru",
                "text_en",
                "opens_at",
                "closes_at",
                "funding_source",
                "requires_active_participant",
                "requires_priority_activity",
                "refuses_grant_in_breach",
                "experts_per_application",
                "max_reviews_per_expert",
                "divergence_threshold",
            )
        }
        initial["budget"] = call.budget_tiyn
        initial["max_amount"] = call.max_amount_tiyn
        initial["categories"] = list(call.categories.values_list("code", flat=True))
        initial["criteria"] = "\n".join(
            f"{c.title_kk}; {c.title_ru}; {c.title_en}; {c.weight}; {c.scale_max}" for c in call.criteria.all()
        )
        return initial


# --- attachments and the expert's profile ---------------------------------------------------------------------
class AttachmentForm(OnceFormMixin, forms.Form):
    title = forms.CharField(label=_("Title of the document"), max_length=200)
    file = forms.FileField(label=_("File (PDF, PNG or JPEG)"))


class ExpertProfileForm(OnceFormMixin, forms.Form):
    expertise = forms.CharField(
        label=_("Fields of expertise"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )
    max_open_reviews = forms.IntegerField(
        label=_("Most open reviews at a time"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Empty: the call's limit applies."),
    )
    categories = forms.MultipleChoiceField(label=_("Categories"), widget=forms.CheckboxSelectMultiple, required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [(c.code, c.name) for c in categories]


class AffiliationForm(OnceFormMixin, forms.Form):
    bin = forms.CharField(label=_("BIN of the organization"), max_length=12, min_length=12)
    relation = forms.CharField(
        label=_("Relation"), max_length=200, help_text=_("e.g. employee, board member, shareholder")
    )
    valid_from = forms.DateField(
        label=pgettext_lazy("date", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

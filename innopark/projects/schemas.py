"""API schemas of the projects app: inputs and outputs are separate classes. Amounts are integer tiyn.

The handlers return model objects and the output schemas read them: a field takes the attribute of its name, a
dotted alias follows a relation ("organization.name"), and `resolve_<field>` computes the rest."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Field, Schema

from innopark.core.money import MAX_TIYN
from innopark.projects import selectors
from innopark.projects.models import Grant
from innopark.projects.services.calls import call_remaining_tiyn

Tiyn = Field(..., ge=0, le=MAX_TIYN, description="An amount in tiyn (1 tenge = 100 tiyn).")
Text = Field("", max_length=10_000)


# --- calls ----------------------------------------------------------------------------------------------------
class CriterionIn(Schema):
    title_kk: str = Field(..., min_length=1, max_length=300)
    title_ru: str = Field(..., min_length=1, max_length=300)
    title_en: str = Field(..., min_length=1, max_length=300)
    weight: int = Field(..., ge=1, le=100)
    scale_max: int = Field(10, ge=1, le=100)
    guidance: str = Field("", max_length=5000)


class CriterionOut(Schema):
    id: int
    position: int
    title: str
    weight: int
    scale_max: int


class CallIn(Schema):
    zone: str = Field(..., min_length=1, max_length=64, pattern=r"^[-a-zA-Z0-9_]+$")
    code: str = Field(..., min_length=3, max_length=64)
    title_kk: str = Field(..., min_length=1, max_length=300)
    title_ru: str = Field(..., min_length=1, max_length=300)
    title_en: str = Field(..., min_length=1, max_length=300)
    text_kk: str = Text
    text_ru: str = Text
    text_en: str = Text
    opens_at: dt.datetime
    closes_at: dt.datetime
    budget_tiyn: int = Field(..., ge=1, le=MAX_TIYN)
    categories: list[str] = Field(..., min_length=1, max_length=20)
    criteria: list[CriterionIn] = Field(..., min_length=1, max_length=20)
    experts_per_application: int = Field(2, ge=1, le=9)
    max_reviews_per_expert: int = Field(10, ge=1, le=500)
    divergence_threshold: int = Field(25, ge=1, le=100)
    max_amount_tiyn: int | None = Field(None, ge=1, le=MAX_TIYN)


class CallOut(Schema):
    id: int
    code: str
    zone: str = Field(..., alias="zone.code")
    title: str
    title_kk: str
    title_ru: str
    title_en: str
    text: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    status: str
    is_open: bool
    budget_tiyn: int
    remaining_tiyn: int
    categories: list[str]
    experts_per_application: int
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_is_open(call) -> bool:
        return call.is_open_at(timezone.now())

    @staticmethod
    def resolve_remaining_tiyn(call) -> int:
        return call_remaining_tiyn(call)

    @staticmethod
    def resolve_categories(call) -> list[str]:
        return [c.code for c in call.categories.all()]


class CallPage(Schema):
    items: list[CallOut]
    next_after: str | None = None


# --- applications ---------------------------------------------------------------------------------------------
class BudgetLineIn(Schema):
    item: str = Field(..., min_length=1, max_length=300)
    requested_tiyn: int = Tiyn
    cofinancing_tiyn: int = Field(0, ge=0, le=MAX_TIYN)


class MilestonePlanIn(Schema):
    deliverable: str = Field(..., min_length=1, max_length=300)
    due_on: dt.date
    tranche_tiyn: int = Field(..., ge=1, le=MAX_TIYN)


class ApplicationIn(Schema):
    call: str = Field(..., min_length=1, max_length=64, description="The call's code.")
    organization_id: int = Field(..., ge=1, le=2**31 - 1)
    title: str = Field(..., min_length=1, max_length=300)
    summary: str = Text
    language: str = Field(..., pattern=r"^(kk|ru|en)$")
    category: str = Field(..., min_length=1, max_length=40)
    requested_tiyn: int = Field(0, ge=0, le=MAX_TIYN)
    cofinancing_tiyn: int = Field(0, ge=0, le=MAX_TIYN)
    duration_months: int = Field(12, ge=1, le=120)
    budget_lines: list[BudgetLineIn] = Field(default_factory=list, max_length=100)
    milestones: list[MilestonePlanIn] = Field(default_factory=list, max_length=50)


class ApplicationPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=300)
    summary: str | None = Field(None, max_length=10_000)
    language: str | None = Field(None, pattern=r"^(kk|ru|en)$")
    category: str | None = Field(None, min_length=1, max_length=40)
    requested_tiyn: int | None = Field(None, ge=0, le=MAX_TIYN)
    cofinancing_tiyn: int | None = Field(None, ge=0, le=MAX_TIYN)
    duration_months: int | None = Field(None, ge=1, le=120)
    budget_lines: list[BudgetLineIn] | None = Field(None, max_length=100)
    milestones: list[MilestonePlanIn] | None = Field(None, max_length=50)


class BudgetLineOut(Schema):
    item: str
    requested_tiyn: int
    cofinancing_tiyn: int


class MilestonePlanOut(Schema):
    deliverable: str
    due_on: dt.date
    tranche_tiyn: int


class ProblemOut(Schema):
    field: str
    code: str
    message: str


class ApplicationOut(Schema):
    id: int
    number: str
    call: str = Field(..., alias="call.code")
    organization: str = Field(..., alias="organization.name")
    organization_id: int
    title: str
    summary: str
    language: str
    category: str = Field(..., alias="category_id")
    requested_tiyn: int
    cofinancing_tiyn: int
    duration_months: int
    status: str
    submitted_at: dt.datetime | None
    operator_remarks: str
    needs_extra_expert: bool
    budget_lines: list[BudgetLineOut]
    milestones: list[MilestonePlanOut] = Field(..., alias="planned_milestones")


class ApplicationPage(Schema):
    items: list[ApplicationOut]
    next_after: str | None = None


class RemarksIn(Schema):
    remarks: str = Field("", max_length=10_000)


class ReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=10_000)


class AssignIn(Schema):
    expert_id: int = Field(..., ge=1, le=2**31 - 1)


class AssignmentOut(Schema):
    id: int
    application_id: int
    application_number: str = Field(..., alias="application.number")
    application_title: str = Field(..., alias="application.title")
    applicant: str = Field(..., alias="application.organization.name")
    expert_id: int
    status: str
    is_automatic: bool
    is_extra: bool
    declared_at: dt.datetime | None
    declaration: str


class AssignmentPage(Schema):
    items: list[AssignmentOut]
    next_after: str | None = None


class DeclarationIn(Schema):
    has_conflict: bool
    statement: str = Field("", max_length=10_000)


class ScoreIn(Schema):
    criterion_id: int = Field(..., ge=1, le=2**31 - 1)
    score: int = Field(..., ge=0, le=100)
    justification: str = Field(..., min_length=1, max_length=10_000)


class ReviewIn(Schema):
    scores: list[ScoreIn] = Field(..., min_length=1, max_length=50)
    recommendation: str = Field(..., pattern=r"^(fund|fund_with_changes|do_not_fund)$")
    comment: str = Field(..., min_length=1, max_length=20_000)


class ReviewOut(Schema):
    id: int
    assignment_id: int
    recommendation: str
    total_centipoints: int = Field(..., description="Weighted score on 0-100, in hundredths.")
    submitted_at: dt.datetime


class RankOut(Schema):
    application_id: int = Field(..., alias="pk")
    number: str
    title: str
    applicant: str = Field(..., alias="organization.name")
    status: str
    requested_tiyn: int
    mean_score_centipoints: int | None
    reviews: int
    needs_extra_expert: bool

    @staticmethod
    def resolve_mean_score_centipoints(application) -> int | None:
        return round(application.mean_score) if application.mean_score is not None else None


class ProposalIn(Schema):
    outcome: str = Field(..., pattern=r"^(approve|refuse|waitlist)$")
    amount_tiyn: int = Field(0, ge=0, le=MAX_TIYN)
    reasons: str = Field("", max_length=10_000)


class ProposalOut(Schema):
    id: int
    outcome: str
    amount_tiyn: int
    reasons: str
    prepared_by_id: int


class DecisionIn(ProposalIn):
    agreement_number: str = Field("", max_length=40)


class DecisionOut(Schema):
    id: int
    outcome: str
    amount_tiyn: int
    reasons: str
    decided_on: dt.date
    grant_id: int | None

    @staticmethod
    def resolve_grant_id(decision) -> int | None:
        return Grant.objects.filter(decision=decision).values_list("pk", flat=True).first()


# --- grants ---------------------------------------------------------------------------------------------------
class MilestoneOut(Schema):
    id: int
    number: int
    deliverable: str
    due_on: dt.date
    tranche_tiyn: int
    status: str
    disbursed_on: dt.date | None


class GrantOut(Schema):
    id: int
    agreement_number: str
    title: str
    organization: str = Field(..., alias="organization.name")
    organization_id: int
    zone: str = Field(..., alias="zone.code")
    call: str | None = Field(None, description="The call's code; none for an imported grant")
    category: str = Field(..., alias="category_id")
    awarded_on: dt.date
    amount_tiyn: int
    paid_tiyn: int
    starts_on: dt.date | None
    ends_on: dt.date | None
    status: str
    version: int
    origin: str = Field(..., description='"awarded" (in innopark) or "imported" (history decided elsewhere)')
    external_id: str = Field("", description="An imported grant's identifier in its source (its 360Giving id)")
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_call(grant) -> str | None:
        return grant.call.code if grant.call_id else None

    @staticmethod
    def resolve_paid_tiyn(grant) -> int:
        if grant.is_imported:
            return selectors.grant_paid_tiyn(grant)
        return sum(m.tranche_tiyn for m in grant.milestones.all() if m.status == "paid")


class GrantPage(Schema):
    items: list[GrantOut]
    next_after: str | None = None


class PublicGrantOut(Schema):
    agreement_number: str
    title: str
    company: str = Field(..., alias="organization.name")
    amount_tiyn: int
    awarded_on: dt.date
    starts_on: dt.date | None
    ends_on: dt.date | None
    category: str = Field(..., alias="category_id")
    status: str
    zone: str = Field(..., alias="zone.code")


class PublicGrantPage(Schema):
    items: list[PublicGrantOut]
    next_after: str | None = None


class TerminateIn(Schema):
    reason: str = Field(..., min_length=1, max_length=10_000)
    recovered_tiyn: int = Field(0, ge=0, le=MAX_TIYN)


class AmendmentIn(Schema):
    reason: str = Field(..., min_length=1, max_length=10_000)
    amount_tiyn: int | None = Field(None, ge=1, le=MAX_TIYN)
    ends_on: dt.date | None = None
    milestones: list[MilestonePlanIn] | None = Field(None, max_length=50)


class AmendmentDecisionIn(Schema):
    approve: bool
    reasons: str = Field("", max_length=10_000)


class AmendmentOut(Schema):
    id: int
    number: int
    status: str
    reason: str
    before: dict
    after: dict
    resulting_version: int | None


class MilestoneReportIn(Schema):
    text: str = Field(..., min_length=1, max_length=20_000)
    indicators: dict[str, int | str] = Field(default_factory=dict)


class OutcomeIn(Schema):
    period: str = Field(..., pattern=r"^(completion|year_1|year_2|year_3)$")
    jobs: int = Field(0, ge=0, le=1_000_000)
    products: int = Field(0, ge=0, le=1_000_000)
    patents: int = Field(0, ge=0, le=1_000_000)
    revenue_tiyn: int = Field(0, ge=0, le=MAX_TIYN)
    exports_tiyn: int = Field(0, ge=0, le=MAX_TIYN)
    note: str = Field("", max_length=10_000)


class OutcomeOut(Schema):
    period: str
    jobs: int
    products: int
    patents: int
    revenue_tiyn: int
    exports_tiyn: int


# --- the expert's own profile ---------------------------------------------------------------------------------
class ExpertProfileIn(Schema):
    expertise: str = Field("", max_length=10_000)
    max_open_reviews: int | None = Field(None, ge=1, le=500, description="Empty: the call's limit applies.")
    categories: list[str] | None = Field(None, max_length=50, description="Category codes; omitted: unchanged.")


class AffiliationIn(Schema):
    organization_bin: str = Field(..., pattern=r"^[0-9]{12}$")
    relation: str = Field(..., min_length=1, max_length=200)
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class AffiliationOut(Schema):
    id: int
    organization_id: int
    organization_name: str = Field(..., alias="organization.name")
    organization_bin: str | None = Field(..., alias="organization.bin")
    relation: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    declared_at: dt.datetime


class ExpertProfileOut(Schema):
    email: str
    expertise: str
    max_open_reviews: int | None
    categories: list[str]
    affiliations: list[AffiliationOut]

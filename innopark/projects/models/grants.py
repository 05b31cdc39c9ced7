"""Decisions on applications, grants, their milestones and tranches, amendments, and outcome reports.

A grant is counted in the year of `awarded_on` (the date of the approving decision, which is also the date of the
grant agreement) with `amount_tiyn`, its current awarded amount (amendments change it; their history is in
GrantAmendment). Each milestone carries one tranche; a tranche is paid by one ledger disbursement (`disbursement`).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innopark.core.models import TimeStampedModel
from innopark.core.money import MAX_TIYN
from innopark.projects.workflow import AmendmentStatus, DecisionOutcome, GrantStatus, MilestoneStatus


class FundingProposal(models.Model):
    """The recommendation operator staff prepare from the ranked list; someone else decides on it."""

    application = models.ForeignKey("projects.Application", on_delete=models.PROTECT, related_name="proposals")
    outcome = models.CharField(_("proposed outcome"), max_length=10, choices=DecisionOutcome.choices)
    amount_tiyn = models.BigIntegerField(_("proposed amount"), default=0)
    reasons = models.TextField(_("reasons"), blank=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "-prepared_at", "-id"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(
                name="proposal_amount_range", condition=Q(amount_tiyn__gte=0) & Q(amount_tiyn__lte=MAX_TIYN)
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.outcome}"


class Decision(models.Model):
    application = models.ForeignKey("projects.Application", on_delete=models.PROTECT, related_name="decisions")
    proposal = models.ForeignKey(FundingProposal, on_delete=models.PROTECT, related_name="decisions")
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    amount_tiyn = models.BigIntegerField(_("approved amount"), default=0)
    reasons = models.TextField(_("reasons"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField(_("decided on"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "-decided_on", "-id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.CheckConstraint(
                name="decision_amount_matches_outcome",
                condition=(Q(outcome="approve") & Q(amount_tiyn__gt=0) & Q(amount_tiyn__lte=MAX_TIYN))
                | (~Q(outcome="approve") & Q(amount_tiyn=0)),
            )
        ]

    def __str__(self):
        return f"{self.application_id}: {self.outcome} {self.decided_on}"


class Grant(TimeStampedModel):
    """A grant awarded in innopark (from an application and its decision, under a call) or imported history: a grant
    decided elsewhere (`origin="imported"`, `import-360`), which has no call, application or decision here, keeps the
    identifier it had (`external_id`, unique per zone) and its description (`summary`), and is a record only: no
    workflow step applies to it (status `imported`). ADR 0055."""

    class Origin(models.TextChoices):
        AWARDED = "awarded", _("Awarded in innopark")
        IMPORTED = "imported", _("Imported history")

    application = models.OneToOneField(
        "projects.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="grant"
    )
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="grant")
    call = models.ForeignKey(
        "projects.Call", null=True, blank=True, on_delete=models.PROTECT, related_name="grants", verbose_name=_("call")
    )
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices, default=Origin.AWARDED)
    external_id = models.CharField(
        _("identifier in the source"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("The identifier an imported grant had where it was decided (its 360Giving id)."),
    )
    summary = models.TextField(_("summary"), blank=True, default="")
    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="grants", verbose_name=_("zone"))
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="grants", verbose_name=_("recipient")
    )
    category = models.ForeignKey(
        "projects.Category",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="grants",
        verbose_name=_("category"),
    )
    agreement_number = models.CharField(_("agreement number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    awarded_on = models.DateField(_("awarded on"), help_text=_("The date of the decision and the grant agreement."))
    # The recipient's KATO code when the grant was awarded (or imported), for the statistics by region (ADR 0072).
    recipient_kato = models.CharField(
        _("recipient's KATO code at award"), max_length=9, blank=True, default="", editable=False
    )
    amount_tiyn = models.BigIntegerField(_("amount awarded"))
    # Always set for awarded grants; an imported grant may come without its planned dates.
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=GrantStatus.choices, default=GrantStatus.ACTIVE)
    # Raised by every approved amendment; the agreement as first signed is version 1.
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    ledger_account = models.OneToOneField(
        "funding.LedgerAccount", on_delete=models.PROTECT, related_name="grant", verbose_name=_("ledger account")
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    recovered_tiyn = models.BigIntegerField(_("recovered to the fund"), default=0)

    class Meta:
        ordering = ["-awarded_on", "agreement_number"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            models.CheckConstraint(
                name="grant_amount_range", condition=Q(amount_tiyn__gt=0) & Q(amount_tiyn__lte=MAX_TIYN)
            ),
            models.CheckConstraint(name="grant_term_order", condition=Q(ends_on__gt=F("starts_on"))),
            models.CheckConstraint(name="grant_recovered_range", condition=Q(recovered_tiyn__gte=0)),
            models.CheckConstraint(
                name="grant_origin_consistent",
                condition=(
                    Q(origin="awarded")
                    & Q(application__isnull=False)
                    & Q(decision__isnull=False)
                    & Q(call__isnull=False)
                    & Q(starts_on__isnull=False)
                    & Q(ends_on__isnull=False)
                    & Q(external_id="")
                    & ~Q(status="imported")
                )
                | (
                    Q(origin="imported")
                    & Q(application__isnull=True)
                    & Q(decision__isnull=True)
                    & ~Q(external_id="")
                    & Q(status="imported")
                ),
            ),
            models.UniqueConstraint(
                fields=["zone", "external_id"],
                condition=Q(origin="imported"),
                name="grant_external_id_unique_per_zone",
            ),
        ]
        indexes = [
            models.Index(fields=["zone", "awarded_on"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["category", "awarded_on"]),
        ]

    def __str__(self):
        return f"{self.agreement_number} {self.title}"

    @property
    def ledger_reference(self) -> str:
        return f"grant:{self.agreement_number}"

    @property
    def is_imported(self) -> bool:
        return self.origin == self.Origin.IMPORTED


class Milestone(models.Model):
    """A milestone of a grant and the tranche it releases once accepted (paid by one ledger disbursement)."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="milestones")
    number = models.PositiveSmallIntegerField(_("number"))
    deliverable = models.CharField(_("deliverable"), max_length=300)
    due_on = models.DateField(_("due on"))
    tranche_tiyn = models.BigIntegerField(_("tranche"))
    status = models.CharField(
        _("status"), max_length=12, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED
    )
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    disbursement = models.OneToOneField(
        "funding.Transfer", null=True, blank=True, on_delete=models.PROTECT, related_name="milestone"
    )
    disbursed_on = models.DateField(_("tranche paid on"), null=True, blank=True)

    class Meta:
        ordering = ["grant", "number"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="milestone_number_unique"),
            models.CheckConstraint(
                name="milestone_tranche_range", condition=Q(tranche_tiyn__gt=0) & Q(tranche_tiyn__lte=MAX_TIYN)
            ),
            models.CheckConstraint(
                name="milestone_paid_has_disbursement",
                condition=~Q(status="paid") | (Q(disbursement__isnull=False) & Q(disbursed_on__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"{self.grant.agreement_number} #{self.number}"

    @property
    def idempotency_key(self) -> str:
        """One milestone, one disbursement: a repeated or concurrent release finds the transfer already made."""
        return f"projects:tranche:{self.pk}"


class MilestoneReport(models.Model):
    """What the grantee reports for a milestone and the operator's verdict on it."""

    class Verdict(models.TextChoices):
        PENDING = "pending", _("Awaiting the operator")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    milestone = models.ForeignKey(Milestone, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField(_("report"))
    indicators = models.JSONField(_("indicators"), default=dict, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.PENDING)
    verdict_reasons = models.TextField(_("reasons"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["milestone", "submitted_at", "id"]
        verbose_name = _("milestone report")
        verbose_name_plural = _("milestone reports")

    def __str__(self):
        return f"{self.milestone}: {self.verdict}"


def milestone_document_path(instance, filename):
    return f"projects/milestones/{instance.report.milestone_id}/{filename}"


class MilestoneDocument(models.Model):
    report = models.ForeignKey(MilestoneReport, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=milestone_document_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["report", "id"]
        verbose_name = _("milestone document")
        verbose_name_plural = _("milestone documents")

    def __str__(self):
        return self.title


class GrantAmendment(models.Model):
    """A proposed change of amount, dates or milestones. Approved by someone other than its author; approval
    raises the grant's version. `before`/`after` keep both agreements' terms for the history."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="amendments")
    number = models.PositiveSmallIntegerField(_("number"))
    reason = models.TextField(_("reason"))
    before = models.JSONField(_("terms before"))
    after = models.JSONField(_("proposed terms"))
    status = models.CharField(
        _("status"), max_length=10, choices=AmendmentStatus.choices, default=AmendmentStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reasons = models.TextField(_("reasons for the decision"), blank=True)
    resulting_version = models.PositiveSmallIntegerField(_("version"), null=True, blank=True)

    class Meta:
        ordering = ["grant", "number"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.UniqueConstraint(fields=["grant", "number"], name="amendment_number_unique"),
            models.UniqueConstraint(
                fields=["grant"], condition=Q(status="proposed"), name="one_open_amendment_per_grant"
            ),
        ]

    def __str__(self):
        return f"{self.grant.agreement_number} amendment {self.number}"


class OutcomeReport(models.Model):
    """Outcome indicators, reported at completion and for each of the three years after it."""

    class Period(models.TextChoices):
        COMPLETION = "completion", _("At completion")
        YEAR_1 = "year_1", _("First year after completion")
        YEAR_2 = "year_2", _("Second year after completion")
        YEAR_3 = "year_3", _("Third year after completion")

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="outcome_reports")
    period = models.CharField(_("period"), max_length=12, choices=Period.choices)
    jobs = models.PositiveIntegerField(_("jobs created"), default=0)
    products = models.PositiveIntegerField(_("products brought to market"), default=0)
    patents = models.PositiveIntegerField(_("patents and applications"), default=0)
    revenue_tiyn = models.BigIntegerField(_("revenue"), default=0)
    exports_tiyn = models.BigIntegerField(_("exports"), default=0)
    note = models.TextField(_("note"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["grant", "period"]
        verbose_name = _("outcome report")
        verbose_name_plural = _("outcome reports")
        constraints = [
            models.UniqueConstraint(fields=["grant", "period"], name="one_outcome_report_per_period"),
            models.CheckConstraint(
                name="outcome_money_range",
                condition=Q(revenue_tiyn__gte=0)
                & Q(exports_tiyn__gte=0)
                & Q(revenue_tiyn__lte=MAX_TIYN)
                & Q(exports_tiyn__lte=MAX_TIYN),
            ),
        ]

    def __str__(self):
        return f"{self.grant.agreement_number} {self.period}"

"""Expert review: expert profiles with declared affiliations, assignments, conflict records, reviews and scores."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.models import TimeStampedModel
from innopark.projects.workflow import AssignmentStatus, Recommendation


class ExpertProfile(TimeStampedModel):
    """What an expert tells us about themselves: fields of expertise and the most reviews they will take."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile")
    expertise = models.TextField(_("fields of expertise"), blank=True)
    categories = models.ManyToManyField("projects.Category", blank=True, related_name="experts")
    max_open_reviews = models.PositiveSmallIntegerField(
        _("most open reviews at a time"), null=True, blank=True, help_text=_("Empty: the call's limit applies.")
    )

    class Meta:
        verbose_name = _("expert profile")
        verbose_name_plural = _("expert profiles")

    def __str__(self):
        return str(self.user)


class ExpertAffiliation(models.Model):
    """An organization the expert works or worked for (declared by the expert), a known source of conflicts."""

    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_affiliations")
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="expert_affiliations"
    )
    relation = models.CharField(_("relation"), max_length=200, help_text=_("e.g. employee, board member, shareholder"))
    valid_from = models.DateField(_("from"), null=True, blank=True)
    valid_to = models.DateField(_("until"), null=True, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expert", "-valid_from", "id"]
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.CheckConstraint(
                name="affiliation_interval_order",
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gt=models.F("valid_from")),
            )
        ]

    def __str__(self):
        return f"{self.expert} — {self.organization}"


class ReviewAssignment(models.Model):
    """One expert asked to review one application. The expert sees the application only once they have declared
    that they have no conflict of interest (status ACTIVE)."""

    application = models.ForeignKey("projects.Application", on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments")
    status = models.CharField(
        _("status"), max_length=24, choices=AssignmentStatus.choices, default=AssignmentStatus.AWAITING_DECLARATION
    )
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    is_automatic = models.BooleanField(_("assigned automatically"), default=False)
    # An extra expert, asked for because the first scores diverged.
    is_extra = models.BooleanField(_("extra expert"), default=False)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    declaration = models.TextField(_("declaration of interests"), blank=True)
    revoked_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        ordering = ["application", "assigned_at", "id"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            # An expert is asked once per application; a recusal or a withdrawal is final.
            models.UniqueConstraint(fields=["application", "expert"], name="one_assignment_per_expert_and_application")
        ]
        indexes = [models.Index(fields=["expert", "status"])]

    def __str__(self):
        return f"{self.application_id} → {self.expert}"


class ConflictRecord(models.Model):
    """A conflict of interest: declared by the expert (a recusal) or detected by the system (a blocked assignment).
    Kept for ever and shown to operator staff."""

    class Source(models.TextChoices):
        DECLARED = "declared", _("Declared by the expert")
        DETECTED = "detected", _("Detected by the system")

    application = models.ForeignKey("projects.Application", on_delete=models.PROTECT, related_name="conflicts")
    expert = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="conflict_records")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    reason = models.TextField(_("reason"))
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["application", "recorded_at", "id"]
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")

    def __str__(self):
        return f"{self.expert} / {self.application_id}: {self.get_source_display()}"


class Review(models.Model):
    """An expert's submitted review. `total_centipoints` is the weighted score on 0-100 in hundredths (0..10000),
    an integer so that ranking and the divergence check never depend on floating point."""

    assignment = models.OneToOneField(ReviewAssignment, on_delete=models.PROTECT, related_name="review")
    recommendation = models.CharField(_("recommendation"), max_length=20, choices=Recommendation.choices)
    comment = models.TextField(_("overall comment"))
    total_centipoints = models.PositiveIntegerField(_("weighted score"))
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        ordering = ["assignment__application", "submitted_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.CheckConstraint(name="review_total_range", condition=Q(total_centipoints__lte=10000))]

    def __str__(self):
        return f"{self.assignment}: {self.total_centipoints / 100:.2f}"

    @property
    def total_display(self) -> str:
        return f"{self.total_centipoints // 100}.{self.total_centipoints % 100:02d}"


class CriterionScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="scores")
    criterion = models.ForeignKey("projects.Criterion", on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(_("score"))
    justification = models.TextField(_("justification"))

    class Meta:
        ordering = ["review", "criterion__position"]
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"

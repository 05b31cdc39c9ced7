"""Applications for financing: the project, its budget lines, planned milestones (with tranches) and attachments."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.models import TimeStampedModel
from innopark.core.money import MAX_TIYN
from innopark.projects.workflow import ApplicationStatus


class Language(models.TextChoices):
    KAZAKH = "kk", _("Kazakh")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English")


class Application(TimeStampedModel):
    """A participant's application to a call. Amounts in tiyn; the tranches of its milestones add up to the
    requested amount, and its budget lines add up to the requested amount and the co-financing."""

    call = models.ForeignKey("projects.Call", on_delete=models.PROTECT, related_name="applications")
    # Copied from the call so that zone-scoped lists (operator staff, authorities) filter on one column.
    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="project_applications")
    organization = models.ForeignKey(
        "registry.Organization",
        on_delete=models.PROTECT,
        related_name="project_applications",
        verbose_name=_("applicant"),
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    language = models.CharField(_("language of the application"), max_length=2, choices=Language.choices)
    category = models.ForeignKey(
        "projects.Category",
        to_field="code",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("category"),
    )
    requested_tiyn = models.BigIntegerField(_("requested amount"), default=0)
    cofinancing_tiyn = models.BigIntegerField(_("co-financing"), default=0)
    duration_months = models.PositiveSmallIntegerField(
        _("duration, months"), default=12, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The operator's latest remarks (returned for correction, found ineligible); the full trail is in the audit log.
    operator_remarks = models.TextField(_("operator's remarks"), blank=True)
    # Set when the experts' scores diverge beyond the call's threshold: an extra expert must review.
    needs_extra_expert = models.BooleanField(_("needs an extra expert"), default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.CheckConstraint(
                name="application_requested_range", condition=Q(requested_tiyn__gte=0) & Q(requested_tiyn__lte=MAX_TIYN)
            ),
            models.CheckConstraint(
                name="application_cofinancing_range",
                condition=Q(cofinancing_tiyn__gte=0) & Q(cofinancing_tiyn__lte=MAX_TIYN),
            ),
        ]
        indexes = [
            models.Index(fields=["call", "status"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["zone", "status"]),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(_("position"))
    item = models.CharField(_("item"), max_length=300)
    requested_tiyn = models.BigIntegerField(_("from the grant"), default=0)
    cofinancing_tiyn = models.BigIntegerField(_("from co-financing"), default=0)

    class Meta:
        ordering = ["application", "position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="budget_line_position_unique"),
            models.CheckConstraint(
                name="budget_line_amounts_range",
                condition=Q(requested_tiyn__gte=0)
                & Q(cofinancing_tiyn__gte=0)
                & Q(requested_tiyn__lte=MAX_TIYN)
                & Q(cofinancing_tiyn__lte=MAX_TIYN),
            ),
        ]

    def __str__(self):
        return self.item


class PlannedMilestone(models.Model):
    """A milestone as the applicant plans it: a deliverable, its date and the tranche it releases."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="planned_milestones")
    position = models.PositiveSmallIntegerField(_("position"))
    deliverable = models.CharField(_("deliverable"), max_length=300)
    due_on = models.DateField(_("due on"))
    tranche_tiyn = models.BigIntegerField(_("tranche"))

    class Meta:
        ordering = ["application", "position"]
        verbose_name = _("planned milestone")
        verbose_name_plural = _("planned milestones")
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="planned_milestone_position_unique"),
            models.CheckConstraint(
                name="planned_tranche_range", condition=Q(tranche_tiyn__gt=0) & Q(tranche_tiyn__lte=MAX_TIYN)
            ),
        ]

    def __str__(self):
        return self.deliverable


def attachment_path(instance, filename):
    return f"projects/applications/{instance.application_id}/{filename}"


class ApplicationAttachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

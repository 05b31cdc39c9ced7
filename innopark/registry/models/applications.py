"""Admission applications: a representative's request that its organization become a participant of a zone."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.identifiers import validate_oked
from innopark.core.models import TimeStampedModel
from innopark.registry.workflow import ApplicationStatus


class AdmissionApplication(TimeStampedModel):
    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="applications", verbose_name=_("organization")
    )
    zone = models.ForeignKey(
        "zones.Zone", on_delete=models.PROTECT, related_name="applications", verbose_name=_("zone")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    project_title = models.CharField(_("project title"), max_length=300)
    project_summary = models.TextField(_("project summary"))
    oked = models.CharField(_("priority activity (OKED)"), max_length=5, validators=[validate_oked])
    planned_investment_tiyn = models.BigIntegerField(_("planned investment"), default=0)
    planned_jobs = models.PositiveIntegerField(_("planned jobs"), default=0)
    declares_true_data = models.BooleanField(_("the data given are true and complete"), default=False)
    declares_no_bankruptcy = models.BooleanField(_("not in bankruptcy or liquidation"), default=False)
    declares_no_tax_debt = models.BooleanField(_("no overdue tax debt"), default=False)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    step_started_on = models.DateField(_("current step started on"), null=True, blank=True)
    step_due_on = models.DateField(_("current step due on"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_reasons = models.TextField(_("decision reasons"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("admission application")
        verbose_name_plural = _("admission applications")
        constraints = [
            models.CheckConstraint(
                name="application_amounts_not_negative", condition=Q(planned_investment_tiyn__gte=0)
            ),
            # One open application per organization and zone: a second would race the first through the steps.
            models.UniqueConstraint(
                fields=["organization", "zone"],
                condition=Q(status__in=["draft", "submitted", "moderation", "returned", "commission"]),
                name="one_open_application_per_org_zone",
            ),
        ]
        indexes = [models.Index(fields=["zone", "status", "step_due_on"])]

    def __str__(self):
        return f"#{self.pk} {self.organization} → {self.zone.code}"


class ApplicationDocument(models.Model):
    """A PDF or image attached to an application, stored under PRIVATE_MEDIA_ROOT (outside any web root)."""

    class Kind(models.TextChoices):
        BUSINESS_PLAN = "business_plan", _("Business plan")
        CHARTER = "charter", _("Charter and registration certificate")
        FINANCIALS = "financials", _("Financial statements")
        OTHER = "other", _("Other")

    application = models.ForeignKey(AdmissionApplication, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.OTHER)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=64)
    size = models.PositiveIntegerField(_("size, bytes"))
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=255, unique=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.original_name

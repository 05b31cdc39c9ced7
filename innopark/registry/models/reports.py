"""Participant reports (quarterly or annual, per the zone's setting) and the operator's compliance decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innopark.registry.models.participants import Participant


class ParticipantReport(models.Model):
    """One period's figures. `quarter` is 1-4 for quarterly reports and 0 for an annual report."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="reports")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0, help_text=_("0 for an annual report."))
    total_income_tiyn = models.BigIntegerField(_("total income"))
    priority_income_tiyn = models.BigIntegerField(_("income from priority activities"))
    headcount = models.PositiveIntegerField(_("headcount"))
    new_jobs = models.PositiveIntegerField(_("new jobs"))
    investment_tiyn = models.BigIntegerField(_("investment made"))
    exports_tiyn = models.BigIntegerField(_("exports"))
    digital_exports_tiyn = models.BigIntegerField(_("of which digital exports"))
    tax_benefits_tiyn = models.BigIntegerField(_("tax benefits used"))
    submitted_on = models.DateField(_("submitted on"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "year", "quarter"]
        verbose_name = _("participant report")
        verbose_name_plural = _("participant reports")
        constraints = [
            models.UniqueConstraint(fields=["participant", "year", "quarter"], name="one_report_per_period"),
            models.CheckConstraint(name="report_quarter_range", condition=Q(quarter__lte=4)),
            models.CheckConstraint(
                name="report_amounts_not_negative",
                condition=Q(total_income_tiyn__gte=0)
                & Q(priority_income_tiyn__gte=0)
                & Q(investment_tiyn__gte=0)
                & Q(exports_tiyn__gte=0)
                & Q(digital_exports_tiyn__gte=0)
                & Q(tax_benefits_tiyn__gte=0),
            ),
            models.CheckConstraint(
                name="report_priority_within_total", condition=Q(priority_income_tiyn__lte=F("total_income_tiyn"))
            ),
            models.CheckConstraint(
                name="report_digital_within_exports", condition=Q(digital_exports_tiyn__lte=F("exports_tiyn"))
            ),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.period_label}"

    @property
    def period_label(self) -> str:
        return f"{self.year}" if self.quarter == 0 else f"{self.year} Q{self.quarter}"


class ComplianceDecision(models.Model):
    """What the operator decided about one breach: a warning, a suspension or an exclusion."""

    class Consequence(models.TextChoices):
        WARNING = "warning", _("Warning")
        SUSPENSION = "suspension", _("Suspension")
        EXCLUSION = "exclusion", _("Exclusion")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="compliance_decisions")
    breach_key = models.CharField(_("breach"), max_length=64)
    consequence = models.CharField(_("consequence"), max_length=16, choices=Consequence.choices)
    note = models.TextField(_("note"), blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("compliance decision")
        verbose_name_plural = _("compliance decisions")
        constraints = [
            models.UniqueConstraint(fields=["participant", "breach_key"], name="one_decision_per_breach"),
        ]

    def __str__(self):
        return f"{self.participant_id} {self.breach_key}: {self.consequence}"

"""Participant reports (quarterly or annual, per the zone's setting) and the operator's compliance decisions."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innopark.registry.models.participants import Participant


class EffectiveReportManager(models.Manager):
    """Reports in force: a report that a correction superseded is left out (compliance and statistics read these)."""

    def get_queryset(self):
        return super().get_queryset().filter(correction__isnull=True)


class ParticipantReport(models.Model):
    """One period's figures. `quarter` is 1-4 for quarterly reports and 0 for an annual report.

    A correction is a new row that `corrects` the report in force for the period (ADR 0022): the original is kept,
    and `objects` (the default manager, so also `participant.reports`) returns only the reports in force.
    `versions` returns every row, superseded ones included.
    """

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
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
        help_text=_("The report this one corrects (a report is corrected at most once; correct the newest version)."),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)

    versions = models.Manager()
    objects = EffectiveReportManager()

    class Meta:
        base_manager_name = "versions"
        default_manager_name = "objects"
        ordering = ["participant", "year", "quarter", "id"]
        verbose_name = _("participant report")
        verbose_name_plural = _("participant reports")
        constraints = [
            # One original report per period; corrections chain from it (one correction per report, by the
            # one-to-one field), so two corrections of the same version cannot both be recorded.
            models.UniqueConstraint(
                fields=["participant", "year", "quarter"],
                condition=Q(corrects__isnull=True),
                name="one_report_per_period",
            ),
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

    @property
    def is_superseded(self) -> bool:
        return ParticipantReport.versions.filter(corrects=self).exists()


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

"""Authorities, zones, phases, priority activities, operators and the jurisdiction over a zone in time.

Dates are effective dates. Intervals are half-open: `valid_from` is the first day, `valid_to` the first day the
record no longer holds (the next record's `valid_from`), or empty while it holds (ADR 0004).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.identifiers import validate_bin, validate_kato, validate_oked
from innopark.core.models import TimeStampedModel, TrilingualNameMixin


class Authority(TrilingualNameMixin, TimeStampedModel):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AKIMAT = "akimat", _("Akimat")
        AGENCY = "agency", _("Agency")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    successor = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        verbose_name=_("successor"),
        help_text=_("The body that took over after a renaming or a merger."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")

    def __str__(self):
        return self.name


class Zone(TrilingualNameMixin, TimeStampedModel):
    class Kind(models.TextChoices):
        SEZ = "sez", _("Special economic zone")
        INNOVATION_CLUSTER = "innovation_cluster", _("Innovation cluster")
        INDUSTRIAL_ZONE = "industrial_zone", _("Industrial zone")

    class ReportPeriod(models.TextChoices):
        QUARTER = "quarter", _("Quarterly")
        YEAR = "year", _("Annual")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.SEZ)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    kato = models.CharField(_("KATO"), max_length=9, validators=[validate_kato])
    established_on = models.DateField(_("established on"))
    expires_on = models.DateField(_("term ends on"))
    legal_basis = models.TextField(_("legal basis"), blank=True)
    # Per-zone rules of the preferential regime (a setting, not a constant: 90% classic, 100% "exclusively").
    priority_income_threshold_pct = models.PositiveSmallIntegerField(
        _("minimum share of priority income, %"), default=90
    )
    report_period = models.CharField(
        _("participant report period"),
        max_length=8,
        choices=ReportPeriod.choices,
        default=ReportPeriod.QUARTER,
    )
    # Translators: a plain label, not a format string.
    # xgettext:no-python-format
    excludes_state_owned = models.BooleanField(_("excludes ≥ 50% state-owned entities"), default=True)
    excludes_subsoil_users = models.BooleanField(_("excludes subsoil users"), default=True)
    excludes_excisable = models.BooleanField(_("excludes producers of excisable goods"), default=True)
    is_fictitious = models.BooleanField(
        _("fictitious"), default=False, help_text=_("A made-up zone of the demo data, not a real one.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")
        constraints = [
            models.CheckConstraint(name="zone_term_order", condition=Q(expires_on__gt=models.F("established_on"))),
            models.CheckConstraint(name="zone_threshold_pct", condition=Q(priority_income_threshold_pct__lte=100)),
        ]

    def __str__(self):
        return self.name


class ZonePhase(TrilingualNameMixin, models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        OPERATING = "operating", _("Operating")
        COMPLETED = "completed", _("Completed")

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="phases")
    number = models.PositiveSmallIntegerField(_("number"))
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    area_ha = models.DecimalField(_("area, ha"), max_digits=10, decimal_places=2)
    budget_tiyn = models.BigIntegerField(_("budget"), default=0)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        ordering = ["zone", "number"]
        constraints = [models.UniqueConstraint(fields=["zone", "number"], name="zone_phase_number_unique")]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self):
        return f"{self.zone.code} #{self.number}"


class PriorityActivity(TrilingualNameMixin, models.Model):
    """An OKED code on a zone's priority list, from the day it was added until the day it was removed."""

    trilingual_prefix = "title"

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="priority_activities")
    oked = models.CharField(_("OKED"), max_length=5, validators=[validate_oked])
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    added_on = models.DateField(_("added on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["zone", "oked", "added_on"]
        constraints = [
            models.CheckConstraint(
                name="priority_activity_interval_order",
                condition=Q(removed_on__isnull=True) | Q(removed_on__gt=models.F("added_on")),
            ),
            models.UniqueConstraint(
                fields=["zone", "oked"],
                condition=Q(removed_on__isnull=True),
                name="one_open_priority_activity_per_oked",
            ),
        ]
        verbose_name = _("priority activity")
        verbose_name_plural = _("priority activities")

    def __str__(self):
        return f"{self.oked} {self.localized('title')}"

    @property
    def title(self) -> str:
        return self.localized("title")


class Operator(TrilingualNameMixin, TimeStampedModel):
    """A management company that runs zones."""

    bin = models.CharField(_("BIN"), max_length=12, unique=True, validators=[validate_bin])
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300)
    is_fictitious = models.BooleanField(
        _("fictitious"), default=False, help_text=_("A made-up company of the demo data, not a real one.")
    )

    class Meta:
        ordering = ["bin"]
        verbose_name = _("operator")
        verbose_name_plural = _("operators")

    def __str__(self):
        return self.name


class OperatorAssignment(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="operator_assignments")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="assignments")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    basis = models.CharField(_("basis"), max_length=300, blank=True)

    class Meta:
        ordering = ["zone", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["zone"], condition=Q(valid_to__isnull=True), name="one_open_operator_per_zone"
            ),
            models.CheckConstraint(
                name="operator_assignment_interval_order",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
            ),
        ]
        verbose_name = _("operator assignment")
        verbose_name_plural = _("operator assignments")

    def __str__(self):
        return f"{self.zone.code}: {self.operator} {self.valid_from}–{self.valid_to or ''}"


class StaffHeadcount(models.Model):
    """The operator's staff at a zone on a date (a time series, so growth and transfers can be read off it)."""

    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="headcounts")
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="headcounts")
    on_date = models.DateField(_("date"))
    headcount = models.PositiveIntegerField(_("staff headcount"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["zone", "on_date"]
        constraints = [models.UniqueConstraint(fields=["zone", "operator", "on_date"], name="headcount_unique_per_day")]
        verbose_name = _("staff headcount")
        verbose_name_plural = _("staff headcounts")

    def __str__(self):
        return f"{self.zone.code} {self.on_date}: {self.headcount}"


class JurisdictionAssignment(models.Model):
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="jurisdiction")
    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="jurisdiction")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    basis = models.CharField(_("legal basis"), max_length=500)
    illustrative = models.BooleanField(
        _("illustrative dates"), default=False, help_text=_("The dates are illustrative, not from the act.")
    )

    class Meta:
        ordering = ["zone", "valid_from"]
        verbose_name = _("jurisdiction assignment")
        verbose_name_plural = _("jurisdiction assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["zone"], condition=Q(valid_to__isnull=True), name="one_open_jurisdiction_per_zone"
            ),
            models.UniqueConstraint(fields=["zone", "valid_from"], name="jurisdiction_start_unique"),
            models.CheckConstraint(
                name="jurisdiction_interval_order",
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
            ),
        ]

    def __str__(self):
        return f"{self.zone.code}: {self.authority} {self.valid_from}–{self.valid_to or ''}"

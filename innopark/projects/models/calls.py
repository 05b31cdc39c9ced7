"""Calls for projects (competitions): categories, the call itself and its scoring rubric."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from innopark.core.models import TimeStampedModel, TrilingualNameMixin
from innopark.core.money import MAX_TIYN
from innopark.projects.workflow import CallStatus

# The categories every installation starts with (created by a data migration); operators may add more.
BUILTIN_CATEGORY_CODES = ("digitalisation", "digital_export", "ict", "new_materials", "energy_efficiency", "other")


class Category(TrilingualNameMixin, models.Model):
    """A project category. Grants and applications refer to it by its stable `code` (the primary key's twin)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=200)
    name_ru = models.CharField(_("name (Russian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    is_builtin = models.BooleanField(_("built in"), default=False, editable=False)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Call(TrilingualNameMixin, TimeStampedModel):
    """A call for projects in one zone, with a budget backed by the zone's fund (or earmarked contributions)."""

    trilingual_prefix = "title"

    class FundingSource(models.TextChoices):
        ZONE_FUND = "zone_fund", _("The zone's fund")
        EARMARKED = "earmarked", _("Contributions earmarked for this call")

    zone = models.ForeignKey("zones.Zone", on_delete=models.PROTECT, related_name="calls", verbose_name=_("zone"))
    code = models.SlugField(_("code"), max_length=64, unique=True, help_text=_("e.g. alatau-itp-2016"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    text_kk = models.TextField(_("text (Kazakh)"), blank=True)
    text_ru = models.TextField(_("text (Russian)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    budget_tiyn = models.BigIntegerField(_("budget"))
    funding_source = models.CharField(
        _("funding source"), max_length=16, choices=FundingSource.choices, default=FundingSource.ZONE_FUND
    )
    categories = models.ManyToManyField(Category, related_name="calls", verbose_name=_("categories"))
    # Eligibility rules, checked when an application is submitted and again when it is admitted.
    requires_active_participant = models.BooleanField(_("applicant must be an active participant"), default=True)
    requires_priority_activity = models.BooleanField(
        _("applicant's activity must be on the zone's priority list"), default=True
    )
    refuses_grant_in_breach = models.BooleanField(
        _("refuse applicants with an unfinished grant in breach"), default=True
    )
    max_amount_tiyn = models.BigIntegerField(_("largest amount per application"), null=True, blank=True)
    experts_per_application = models.PositiveSmallIntegerField(
        _("experts per application"), default=2, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    max_reviews_per_expert = models.PositiveSmallIntegerField(
        _("most applications per expert"), default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    # Percentage points on the 0-100 weighted score: beyond this spread an extra expert is needed.
    divergence_threshold = models.PositiveSmallIntegerField(
        _("score divergence threshold, points of 100"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    status = models.CharField(_("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-opens_at", "code"]
        verbose_name = _("call for projects")
        verbose_name_plural = _("calls for projects")
        constraints = [
            models.CheckConstraint(name="call_window_order", condition=Q(closes_at__gt=F("opens_at"))),
            models.CheckConstraint(
                name="call_budget_range", condition=Q(budget_tiyn__gt=0) & Q(budget_tiyn__lte=MAX_TIYN)
            ),
            models.CheckConstraint(
                name="call_max_amount_range",
                condition=Q(max_amount_tiyn__isnull=True)
                | (Q(max_amount_tiyn__gt=0) & Q(max_amount_tiyn__lte=F("budget_tiyn"))),
            ),
        ]
        indexes = [models.Index(fields=["zone", "status"])]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def text(self) -> str:
        return self.localized("text")

    @property
    def earmark(self) -> str:
        """The earmark contributions reserved for this call carry in the ledger (ADR 0041 of funding)."""
        return f"call:{self.code}"

    def is_open_at(self, moment) -> bool:
        return self.status == CallStatus.PUBLISHED and self.opens_at <= moment < self.closes_at


class Criterion(TrilingualNameMixin, models.Model):
    """One criterion of a call's rubric: a weight (the weights of a call add up to 100) and a scale 0..scale_max."""

    trilingual_prefix = "title"

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=300)
    title_ru = models.CharField(_("title (Russian)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)
    guidance = models.TextField(_("guidance for experts"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight, %"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=10, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["call", "position"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [
            models.UniqueConstraint(fields=["call", "position"], name="criterion_position_unique"),
            models.CheckConstraint(name="criterion_weight_range", condition=Q(weight__gte=1) & Q(weight__lte=100)),
            models.CheckConstraint(name="criterion_scale_range", condition=Q(scale_max__gte=1) & Q(scale_max__lte=100)),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return self.localized("title")

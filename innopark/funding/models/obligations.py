"""Subsoil-use contracts, the yearly R&D obligation declared under each, and how it is fulfilled.

Obligation for a year = rate × base, where the base (the previous year's income from the contract, or its
extraction costs) is declared by the funder with a supporting document. Fulfilment = contributions to a zone's fund
(ledger transfers) + R&D spending reported directly (with evidence) + over-fulfilment carried from earlier years.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.models import TimeStampedModel

FIRST_YEAR = 2009  # the R&D obligation dates from the 2010 subsoil law; earlier years are refused as typos
LAST_YEAR = 2100


def year_validators():
    return [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class SubsoilContract(TimeStampedModel):
    class Mineral(models.TextChoices):
        HYDROCARBONS = "hydrocarbons", _("Hydrocarbons")
        SOLID_MINERALS = "solid_minerals", _("Solid minerals")
        URANIUM = "uranium", _("Uranium")
        GROUNDWATER = "groundwater", _("Groundwater")
        OTHER = "other", _("Other")

    class Base(models.TextChoices):
        INCOME = "income", _("Previous year's total income from the contract")
        EXTRACTION_COSTS = "extraction_costs", _("Previous year's extraction costs")

    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="subsoil_contracts", verbose_name=_("funder")
    )
    number = models.CharField(_("contract number"), max_length=64)
    signed_on = models.DateField(_("signed on"))
    mineral = models.CharField(_("kind"), max_length=20, choices=Mineral.choices)
    rd_rate = models.DecimalField(
        _("R&D rate"),
        max_digits=5,
        decimal_places=4,
        default=Decimal("0.0100"),
        validators=[MinValueValidator(Decimal("0.0001")), MaxValueValidator(Decimal("1"))],
        help_text=_("A share: 0.0100 is 1%."),
    )
    base_kind = models.CharField(_("base"), max_length=20, choices=Base.choices, default=Base.INCOME)

    class Meta:
        ordering = ["organization_id", "signed_on", "number"]
        verbose_name = _("subsoil-use contract")
        verbose_name_plural = _("subsoil-use contracts")
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="contract_number_unique_per_funder"),
            models.CheckConstraint(name="contract_rate_range", condition=Q(rd_rate__gt=0) & Q(rd_rate__lte=1)),
        ]

    def __str__(self):
        return f"{self.number} ({self.signed_on:%Y})"


class BaseDeclaration(TimeStampedModel):
    """The base declared for one contract and one obligation year, with its document; the obligation follows."""

    contract = models.ForeignKey(SubsoilContract, on_delete=models.PROTECT, related_name="declarations")
    year = models.PositiveSmallIntegerField(_("obligation year"), validators=year_validators())
    base_tiyn = models.BigIntegerField(_("base"))
    rate = models.DecimalField(_("R&D rate"), max_digits=5, decimal_places=4)
    obligation_tiyn = models.BigIntegerField(_("obligation"))
    document = models.FileField(_("document"), upload_to="funding/declarations/%Y/")
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["contract_id", "year"]
        verbose_name = _("base declaration")
        verbose_name_plural = _("base declarations")
        constraints = [
            models.UniqueConstraint(fields=["contract", "year"], name="one_declaration_per_contract_year"),
            models.CheckConstraint(name="declaration_base_non_negative", condition=Q(base_tiyn__gte=0)),
            models.CheckConstraint(name="declaration_obligation_non_negative", condition=Q(obligation_tiyn__gte=0)),
        ]

    def __str__(self):
        return f"{self.contract} {self.year}"


class Contribution(models.Model):
    """A ledger contribution (funder → zone fund) counted towards one contract's obligation for one year."""

    contract = models.ForeignKey(SubsoilContract, on_delete=models.PROTECT, related_name="contributions")
    year = models.PositiveSmallIntegerField(_("obligation year"), validators=year_validators())
    transfer = models.OneToOneField("funding.Transfer", on_delete=models.PROTECT, related_name="contribution")

    class Meta:
        ordering = ["contract_id", "year", "transfer_id"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self):
        return f"{self.contract} {self.year}: {self.transfer_id}"


class DirectSpending(TimeStampedModel):
    """R&D money the funder spent directly (not through a zone's fund), reported with evidence."""

    contract = models.ForeignKey(SubsoilContract, on_delete=models.PROTECT, related_name="direct_spendings")
    year = models.PositiveSmallIntegerField(_("obligation year"), validators=year_validators())
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    amount_tiyn = models.BigIntegerField(_("amount"))
    description = models.CharField(_("what was paid for"), max_length=500)
    evidence = models.FileField(_("evidence"), upload_to="funding/evidence/%Y/")
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["contract_id", "year", "quarter", "id"]
        verbose_name = _("direct R&D spending")
        verbose_name_plural = _("direct R&D spending")
        constraints = [
            models.CheckConstraint(name="direct_spending_positive", condition=Q(amount_tiyn__gt=0)),
            models.CheckConstraint(name="direct_spending_quarter", condition=Q(quarter__gte=1) & Q(quarter__lte=4)),
        ]

    def __str__(self):
        return f"{self.contract} {self.year} Q{self.quarter}"


class FulfilmentReport(TimeStampedModel):
    """A funder's quarterly fulfilment report: the figures as they stood when it was submitted."""

    contract = models.ForeignKey(SubsoilContract, on_delete=models.PROTECT, related_name="fulfilment_reports")
    year = models.PositiveSmallIntegerField(_("obligation year"), validators=year_validators())
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    obligation_tiyn = models.BigIntegerField(_("obligation"))
    contributed_tiyn = models.BigIntegerField(_("contributions"))
    direct_tiyn = models.BigIntegerField(_("direct spending"))
    carried_in_tiyn = models.BigIntegerField(_("carried forward"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["contract_id", "year", "quarter"]
        verbose_name = _("fulfilment report")
        verbose_name_plural = _("fulfilment reports")
        constraints = [
            models.UniqueConstraint(fields=["contract", "year", "quarter"], name="one_report_per_contract_quarter"),
        ]

    def __str__(self):
        return f"{self.contract} {self.year} Q{self.quarter}"

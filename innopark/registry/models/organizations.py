"""Organizations: legal entities identified by BIN (residents) or a foreign registration number (non-residents)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.identifiers import open_data_id, validate_bin, validate_kato, validate_oked
from innopark.core.models import TimeStampedModel, TrilingualNameMixin


class Organization(TrilingualNameMixin, TimeStampedModel):
    """A legal entity: a resident identified by its BIN, or a non-resident by its foreign registration number.

    One organization can be a participant of a zone and a funder (subsoil user) at the same time.
    """

    bin = models.CharField(_("BIN"), max_length=12, null=True, blank=True, unique=True, validators=[validate_bin])
    foreign_registration_number = models.CharField(_("foreign registration number"), max_length=64, blank=True)
    foreign_country = models.CharField(_("country of registration"), max_length=2, blank=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    kato = models.CharField(_("KATO"), max_length=9, blank=True, validators=[validate_kato])
    oked = models.CharField(_("primary OKED"), max_length=5, blank=True, validators=[validate_oked])
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    state_share_50 = models.BooleanField(_("state or quasi-state share ≥ 50%"), default=False)
    is_subsoil_user = models.BooleanField(_("subsoil user"), default=False)
    produces_excisable = models.BooleanField(_("producer of excisable goods"), default=False)
    is_fictitious = models.BooleanField(
        _("fictitious (demo data)"), default=False, help_text=_("Marks invented demo organizations.")
    )

    class Meta:
        ordering = ["name_ru"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [
            models.CheckConstraint(
                name="organization_has_identifier",
                condition=Q(bin__isnull=False) | ~Q(foreign_registration_number=""),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def open_data_id(self) -> str:
        if self.bin:
            return open_data_id(self.bin)
        return f"XX-FOREIGN-{self.foreign_country}-{self.foreign_registration_number}"

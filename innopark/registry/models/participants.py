"""Participants of a zone, their activity agreements, register entries, certificates and status history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.core.identifiers import validate_oked
from innopark.core.models import TimeStampedModel
from innopark.registry.workflow import ParticipantStatus


class Participant(TimeStampedModel):
    """An organization admitted to a zone. One organization is a participant of at most one zone at a time."""

    organization = models.ForeignKey(
        "registry.Organization", on_delete=models.PROTECT, related_name="participations", verbose_name=_("organization")
    )
    zone = models.ForeignKey(
        "zones.Zone", on_delete=models.PROTECT, related_name="participants", verbose_name=_("zone")
    )
    application = models.OneToOneField(
        "registry.AdmissionApplication", on_delete=models.PROTECT, null=True, blank=True, related_name="participant"
    )
    status = models.CharField(_("status"), max_length=20, choices=ParticipantStatus.choices)
    oked = models.CharField(_("priority activity (OKED)"), max_length=5, validators=[validate_oked])
    project_title = models.CharField(_("project title"), max_length=300, blank=True)
    admitted_on = models.DateField(_("admitted on"), help_text=_("The date of the commission's decision."))
    register_entry_number = models.CharField(_("register entry number"), max_length=32, null=True, blank=True)
    registered_on = models.DateField(_("entered in the register on"), null=True, blank=True)
    suspended_on = models.DateField(_("suspended on"), null=True, blank=True)
    suspension_grounds = models.TextField(_("grounds for suspension"), blank=True)
    excluded_on = models.DateField(_("excluded on"), null=True, blank=True)
    exclusion_grounds = models.TextField(_("legal grounds for exclusion"), blank=True)

    class Meta:
        ordering = ["zone", "register_entry_number", "id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], condition=~Q(status="excluded"), name="one_current_participation_per_org"
            ),
            models.UniqueConstraint(fields=["register_entry_number"], name="register_entry_number_unique"),
            models.CheckConstraint(
                name="registered_after_admission",
                condition=Q(registered_on__isnull=True) | Q(registered_on__gte=models.F("admitted_on")),
            ),
        ]
        indexes = [models.Index(fields=["zone", "status"]), models.Index(fields=["registered_on"])]

    def __str__(self):
        return f"{self.organization} ({self.zone.code})"

    @property
    def current_certificate(self):
        return self.certificates.order_by("-issued_on", "-id").first()


class ParticipantStatusChange(models.Model):
    """Every status a participant had, from its effective date: `participant_status(on=...)` reads it."""

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="status_changes")
    status = models.CharField(_("status"), max_length=20, choices=ParticipantStatus.choices)
    effective_on = models.DateField(_("effective on"))
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["participant", "effective_on", "id"]
        indexes = [models.Index(fields=["participant", "effective_on"])]

    def __str__(self):
        return f"{self.participant_id}: {self.status} from {self.effective_on}"


class ActivityAgreement(TimeStampedModel):
    """The agreement on carrying out activity (договор об осуществлении деятельности) and its obligations."""

    participant = models.OneToOneField(Participant, on_delete=models.PROTECT, related_name="agreement")
    number = models.CharField(_("agreement number"), max_length=64, unique=True)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"))
    investment_tiyn = models.BigIntegerField(_("investment obligation"), default=0)
    jobs = models.PositiveIntegerField(_("jobs obligation"), default=0)
    obligations_due_on = models.DateField(_("obligations due on"))
    obligations_text = models.TextField(_("other obligations"), blank=True)

    class Meta:
        verbose_name = _("activity agreement")
        verbose_name_plural = _("activity agreements")
        constraints = [
            models.CheckConstraint(name="agreement_term_order", condition=Q(valid_until__gt=models.F("signed_on"))),
            models.CheckConstraint(name="agreement_investment_not_negative", condition=Q(investment_tiyn__gte=0)),
        ]

    def __str__(self):
        return self.number

    @property
    def replaced_by(self):
        """The certificate that replaced this one, or None."""
        return Certificate.objects.filter(replaces=self).first()


class Certificate(models.Model):
    """A participant's certificate. Its state is read from the participant: valid, suspended or revoked; a
    certificate that a reissue replaced is "replaced" and names its replacement (ADR 0023)."""

    class ReissueReason(models.TextChoices):
        LOST = "lost", _("Lost or damaged")
        NAME_CHANGE = "name_change", _("Change of name")
        DATA_CORRECTION = "data_correction", _("Correction of data")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    replaces = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replacement",
        verbose_name=_("replaces"),
    )
    reissue_reason = models.CharField(_("reason for reissue"), max_length=20, choices=ReissueReason.choices, blank=True)
    reissue_note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self):
        return self.number

    @property
    def replaced_by(self):
        """The certificate that replaced this one, or None."""
        return Certificate.objects.filter(replaces=self).first()

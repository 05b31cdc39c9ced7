from django.db import models
from django.utils.translation import gettext_lazy as _


class RegistryEvent(models.TextChoices):
    ORGANIZATION_CREATED = "organization.created", _("Organization created")
    ORGANIZATION_UPDATED = "organization.updated", _("Organization updated")
    APPLICATION_CREATED = "application.created", _("Admission application drafted")
    APPLICATION_UPDATED = "application.updated", _("Admission application edited")
    DOCUMENT_UPLOADED = "application.document_uploaded", _("Document uploaded")
    APPLICATION_SUBMITTED = "application.submitted", _("Admission application submitted")
    MODERATION_STARTED = "application.moderation_started", _("Moderation started")
    APPLICATION_RETURNED = "application.returned", _("Application returned for revision")
    MODERATION_PASSED = "application.moderation_passed", _("Application sent to the commission")
    APPLICATION_APPROVED = "application.approved", _("Commission approved the application")
    APPLICATION_REFUSED = "application.refused", _("Commission refused the application")
    PARTICIPANT_ADMITTED = "participant.admitted", _("Participant admitted")
    PARTICIPANT_IMPORTED = "participant.imported", _("Participant imported from an existing register")
    AGREEMENT_SIGNED = "participant.agreement_signed", _("Activity agreement signed")
    PARTICIPANT_REGISTERED = "participant.registered", _("Entered in the unified register")
    CERTIFICATE_ISSUED = "participant.certificate_issued", _("Certificate issued")
    PARTICIPANT_SUSPENDED = "participant.suspended", _("Participant suspended")
    PARTICIPANT_REINSTATED = "participant.reinstated", _("Participant reinstated")
    PARTICIPANT_EXCLUDED = "participant.excluded", _("Participant excluded")
    REPORT_FILED = "participant.report_filed", _("Participant report filed")
    REPORT_CORRECTED = "participant.report_corrected", _("Participant report corrected")
    CERTIFICATE_REISSUED = "participant.certificate_reissued", _("Certificate reissued")
    REMINDERS_SENT = "zone.overdue_reminders_sent", _("Reminders of overdue steps and reports sent")
    COMPLIANCE_DECIDED = "participant.compliance_decided", _("Compliance decision recorded")

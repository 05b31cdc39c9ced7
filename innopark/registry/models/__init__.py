"""Registry models: organizations, admission applications and their documents, participants with their activity
agreements, register entries and certificates, participant reports and compliance decisions."""

from innopark.registry.models.applications import AdmissionApplication, ApplicationDocument
from innopark.registry.models.organizations import Organization
from innopark.registry.models.participants import ActivityAgreement, Certificate, Participant, ParticipantStatusChange
from innopark.registry.models.reminders import ReminderSent
from innopark.registry.models.reports import ComplianceDecision, ParticipantReport

__all__ = [
    "ActivityAgreement",
    "AdmissionApplication",
    "ApplicationDocument",
    "Certificate",
    "ComplianceDecision",
    "Organization",
    "Participant",
    "ParticipantReport",
    "ParticipantStatusChange",
    "ReminderSent",
]

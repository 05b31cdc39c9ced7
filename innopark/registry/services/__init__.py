"""Every write to the registry (one path for writes): organizations, admission, participants, reports, imports."""

from innopark.registry.services.admission import (
    application_create,
    application_decide,
    application_moderation_pass,
    application_moderation_start,
    application_return,
    application_submit,
    application_update,
)
from innopark.registry.services.documents import document_upload
from innopark.registry.services.organizations import (
    organization_create,
    organization_get_or_create_by_bin,
    organization_update,
)
from innopark.registry.services.participants import (
    agreement_sign,
    certificate_issue,
    certificate_reissue,
    participant_exclude,
    participant_import,
    participant_register,
    participant_reinstate,
    participant_suspend,
)
from innopark.registry.services.reminders import overdue_reminders_send
from innopark.registry.services.reports import compliance_decision_record, report_correct, report_file

__all__ = [
    "agreement_sign",
    "application_create",
    "application_decide",
    "application_moderation_pass",
    "application_moderation_start",
    "application_return",
    "application_submit",
    "application_update",
    "certificate_issue",
    "certificate_reissue",
    "compliance_decision_record",
    "document_upload",
    "organization_create",
    "organization_get_or_create_by_bin",
    "organization_update",
    "overdue_reminders_send",
    "participant_exclude",
    "participant_import",
    "participant_register",
    "participant_reinstate",
    "participant_suspend",
    "report_correct",
    "report_file",
]

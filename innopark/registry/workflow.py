"""The admission and participation workflows as data: states and the only transitions that may happen.

Services ask `require_transition(...)` before they change a status; a transition missing from these tables is
refused with the code `transition_not_allowed`, whatever page, API call or import asked for it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innopark.core.workflow import require_transition as core_require_transition


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    MODERATION = "moderation", _("In moderation")
    RETURNED = "returned", _("Returned for revision")
    COMMISSION = "commission", _("Before the commission")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ParticipantStatus(models.TextChoices):
    APPROVED = "approved", _("Approved, awaiting agreement")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    REGISTERED = "registered", pgettext_lazy("participant", "Entered in the register")
    ACTIVE = "active", pgettext_lazy("participant", "Active")
    SUSPENDED = "suspended", pgettext_lazy("participant", "Suspended")
    EXCLUDED = "excluded", _("Excluded")


A, P = ApplicationStatus, ParticipantStatus

# (from, to): the service that performs it.
APPLICATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (A.DRAFT, A.SUBMITTED): "application_submit",
    (A.RETURNED, A.SUBMITTED): "application_submit",
    (A.SUBMITTED, A.MODERATION): "application_moderation_start",
    (A.MODERATION, A.RETURNED): "application_return",
    (A.MODERATION, A.COMMISSION): "application_moderation_pass",
    (A.COMMISSION, A.APPROVED): "application_decide",
    (A.COMMISSION, A.REFUSED): "application_decide",
}

PARTICIPANT_TRANSITIONS: dict[tuple[str | None, str], str] = {
    (None, P.APPROVED): "application_decide",
    (P.APPROVED, P.AGREEMENT_SIGNED): "agreement_sign",
    (P.AGREEMENT_SIGNED, P.REGISTERED): "participant_register",
    (P.REGISTERED, P.ACTIVE): "certificate_issue",
    (P.ACTIVE, P.SUSPENDED): "participant_suspend",
    (P.SUSPENDED, P.ACTIVE): "participant_reinstate",
    (P.ACTIVE, P.EXCLUDED): "participant_exclude",
    (P.SUSPENDED, P.EXCLUDED): "participant_exclude",
}

# Steps with a deadline in working days (counted from the day the step began), flagged to staff when overdue.
STEP_DEADLINES_WORKING_DAYS = {A.SUBMITTED: 5, A.MODERATION: 5, A.COMMISSION: 10}

# Applications the applicant may still edit and upload documents to.
EDITABLE_APPLICATION_STATES = {A.DRAFT, A.RETURNED}
OPEN_APPLICATION_STATES = {A.DRAFT, A.SUBMITTED, A.MODERATION, A.RETURNED, A.COMMISSION}
# A participant in these states holds (or held) a place in the unified register.
REGISTERED_STATES = {P.REGISTERED, P.ACTIVE, P.SUSPENDED, P.EXCLUDED}


def allowed(table: dict, current: str | None, target: str) -> bool:
    return (current, target) in table


def require_transition(table: dict, current: str | None, target: str) -> None:
    choices = ApplicationStatus if table is APPLICATION_TRANSITIONS else ParticipantStatus
    core_require_transition(table, current, target, choices=choices)


def next_states(table: dict, current: str | None) -> list[str]:
    return [target for (source, target) in table if source == current]

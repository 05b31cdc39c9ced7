"""The states of calls, applications, review assignments, grants and milestones, and the only allowed transitions.

Services call `require_transition(...)` before they change a status; a transition missing from these tables is
refused with the code `transition_not_allowed`, whatever page, API call, import or command asked for it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from innopark.core.workflow import require_transition as core_require_transition


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    IN_REVIEW = "in_review", _("In expert review")
    REVIEWED = "reviewed", _("Reviewed")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    WAITLISTED = "waitlisted", _("Waitlisted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    INELIGIBLE = "ineligible", _("Ineligible")


class AssignmentStatus(models.TextChoices):
    # The expert has not yet declared whether they have a conflict of interest: they see only the title.
    AWAITING_DECLARATION = "awaiting_declaration", _("Awaiting conflict declaration")
    ACTIVE = "active", _("Reviewing")
    SUBMITTED = "submitted", _("Review submitted")
    RECUSED = "recused", _("Recused (conflict of interest)")
    REVOKED = "revoked", _("Withdrawn by the operator")


class Recommendation(models.TextChoices):
    FUND = "fund", _("Fund")
    FUND_WITH_CHANGES = "fund_with_changes", _("Fund with changes")
    DO_NOT_FUND = "do_not_fund", _("Do not fund")


class DecisionOutcome(models.TextChoices):
    APPROVE = "approve", _("Approve")
    REFUSE = "refuse", _("Refuse")
    WAITLIST = "waitlist", _("Waitlist")


class GrantStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("grant", "Active")
    SUSPENDED = "suspended", pgettext_lazy("grant", "Suspended")
    TERMINATED = "terminated", _("Terminated")
    COMPLETED = "completed", _("Completed")
    # A grant decided elsewhere and imported as history (ADR 0055): no transition leads to or from it.
    IMPORTED = "imported", _("Imported history")


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    REPORTED = "reported", _("Reported")
    REJECTED = "rejected", _("Report rejected")
    ACCEPTED = "accepted", _("Accepted")
    PAID = "paid", _("Tranche paid")
    CANCELLED = "cancelled", _("Cancelled")


class AmendmentStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


A, G, M, C = ApplicationStatus, GrantStatus, MilestoneStatus, CallStatus

CALL_TRANSITIONS: dict[tuple[str, str], str] = {
    (C.DRAFT, C.PUBLISHED): "call_publish",
    (C.DRAFT, C.CANCELLED): "call_cancel",
    (C.PUBLISHED, C.CANCELLED): "call_cancel",
    (C.PUBLISHED, C.CLOSED): "call_close",
}

APPLICATION_TRANSITIONS: dict[tuple[str, str], str] = {
    (A.DRAFT, A.SUBMITTED): "application_submit",
    (A.RETURNED, A.SUBMITTED): "application_submit",
    (A.DRAFT, A.WITHDRAWN): "application_withdraw",
    (A.SUBMITTED, A.WITHDRAWN): "application_withdraw",
    (A.RETURNED, A.WITHDRAWN): "application_withdraw",
    (A.IN_REVIEW, A.WITHDRAWN): "application_withdraw",
    (A.SUBMITTED, A.RETURNED): "application_return",
    (A.SUBMITTED, A.IN_REVIEW): "application_admit",
    (A.SUBMITTED, A.INELIGIBLE): "application_reject_ineligible",
    (A.IN_REVIEW, A.REVIEWED): "review_submit",
    # An extra expert added after the divergence flag reopens the review.
    (A.REVIEWED, A.IN_REVIEW): "review_assign",
    (A.REVIEWED, A.APPROVED): "decision_make",
    (A.REVIEWED, A.REFUSED): "decision_make",
    (A.REVIEWED, A.WAITLISTED): "decision_make",
    (A.WAITLISTED, A.APPROVED): "decision_make",
    (A.WAITLISTED, A.REFUSED): "decision_make",
}

GRANT_TRANSITIONS: dict[tuple[str, str], str] = {
    (G.ACTIVE, G.SUSPENDED): "grant_suspend",
    (G.SUSPENDED, G.ACTIVE): "grant_resume",
    (G.ACTIVE, G.TERMINATED): "grant_terminate",
    (G.SUSPENDED, G.TERMINATED): "grant_terminate",
    (G.ACTIVE, G.COMPLETED): "grant_complete",
}

MILESTONE_TRANSITIONS: dict[tuple[str, str], str] = {
    (M.PLANNED, M.REPORTED): "milestone_report",
    (M.REJECTED, M.REPORTED): "milestone_report",
    (M.REPORTED, M.ACCEPTED): "milestone_accept",
    (M.REPORTED, M.REJECTED): "milestone_reject",
    (M.ACCEPTED, M.PAID): "tranche_disburse",
    (M.PLANNED, M.CANCELLED): "grant_terminate",
    (M.REPORTED, M.CANCELLED): "grant_terminate",
    (M.REJECTED, M.CANCELLED): "grant_terminate",
    (M.ACCEPTED, M.CANCELLED): "grant_terminate",
}

# Applications that still count against a call's budget or an organization's queue.
OPEN_APPLICATION_STATUSES = (A.SUBMITTED, A.RETURNED, A.IN_REVIEW, A.REVIEWED, A.WAITLISTED)
# Applications an applicant may still edit.
EDITABLE_APPLICATION_STATUSES = (A.DRAFT, A.RETURNED)
# Assignments that take a place on the application (an expert's load).
LIVE_ASSIGNMENT_STATUSES = (AssignmentStatus.AWAITING_DECLARATION, AssignmentStatus.ACTIVE, AssignmentStatus.SUBMITTED)


# Which status choices name the states of each table (for the refusal message).
_TABLE_CHOICES = [
    (CALL_TRANSITIONS, CallStatus),
    (APPLICATION_TRANSITIONS, ApplicationStatus),
    (GRANT_TRANSITIONS, GrantStatus),
    (MILESTONE_TRANSITIONS, MilestoneStatus),
]


def require_transition(table: dict, current: str, new: str) -> None:
    choices = next((c for t, c in _TABLE_CHOICES if t is table), None)
    core_require_transition(table, current, new, choices=choices)

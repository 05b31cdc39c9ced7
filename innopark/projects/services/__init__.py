"""Every write of the projects app (one path for writes): calls, applications, review, decisions, grants."""

from innopark.projects.services.amendments import grant_amendment_decide, grant_amendment_propose
from innopark.projects.services.applications import (
    application_admit,
    application_create,
    application_reject_ineligible,
    application_return,
    application_submit,
    application_update,
    application_withdraw,
    attachment_add,
)
from innopark.projects.services.calls import (
    call_cancel,
    call_close,
    call_create,
    call_publish,
    call_update,
    category_create,
)
from innopark.projects.services.decisions import decision_make, proposal_prepare
from innopark.projects.services.grants import (
    grant_complete,
    grant_resume,
    grant_suspend,
    grant_terminate,
    outcome_report_submit,
)
from innopark.projects.services.imports import grant_disbursement_import, grant_import
from innopark.projects.services.milestones import milestone_accept, milestone_reject, milestone_report, tranche_disburse
from innopark.projects.services.reviews import (
    expert_affiliation_declare,
    expert_profile_update,
    review_assign,
    review_assign_automatic,
    review_declare,
    review_revoke,
    review_submit,
)

__all__ = [
    "application_admit",
    "application_create",
    "application_reject_ineligible",
    "application_return",
    "application_submit",
    "application_update",
    "application_withdraw",
    "attachment_add",
    "call_cancel",
    "call_close",
    "call_create",
    "call_publish",
    "call_update",
    "category_create",
    "decision_make",
    "expert_affiliation_declare",
    "expert_profile_update",
    "grant_amendment_decide",
    "grant_amendment_propose",
    "grant_complete",
    "grant_disbursement_import",
    "grant_import",
    "grant_resume",
    "grant_suspend",
    "grant_terminate",
    "milestone_accept",
    "milestone_reject",
    "milestone_report",
    "outcome_report_submit",
    "proposal_prepare",
    "review_assign",
    "review_assign_automatic",
    "review_declare",
    "review_revoke",
    "review_submit",
    "tranche_disburse",
]

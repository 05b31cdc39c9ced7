"""Projects models: calls and their rubrics, applications, expert review, decisions, grants and milestones."""

from innopark.projects.models.applications import (
    Application,
    ApplicationAttachment,
    BudgetLine,
    Language,
    PlannedMilestone,
)
from innopark.projects.models.calls import BUILTIN_CATEGORY_CODES, Call, Category, Criterion
from innopark.projects.models.grants import (
    Decision,
    FundingProposal,
    Grant,
    GrantAmendment,
    Milestone,
    MilestoneDocument,
    MilestoneReport,
    OutcomeReport,
)
from innopark.projects.models.reviews import (
    ConflictRecord,
    CriterionScore,
    ExpertAffiliation,
    ExpertProfile,
    Review,
    ReviewAssignment,
)
from innopark.projects.models.rollup import GrantRollup

__all__ = [
    "BUILTIN_CATEGORY_CODES",
    "Application",
    "ApplicationAttachment",
    "BudgetLine",
    "Call",
    "Category",
    "ConflictRecord",
    "Criterion",
    "CriterionScore",
    "Decision",
    "ExpertAffiliation",
    "ExpertProfile",
    "FundingProposal",
    "Grant",
    "GrantAmendment",
    "GrantRollup",
    "Language",
    "Milestone",
    "MilestoneDocument",
    "MilestoneReport",
    "OutcomeReport",
    "PlannedMilestone",
    "Review",
    "ReviewAssignment",
]

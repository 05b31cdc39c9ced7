"""Where each figure comes from: the other apps' models, read through the ORM with aggregates.

Every name of another app's model or field that the statistics rely on is written here and nowhere else, so a
rename in projects, funding or registry is one edit. While an app is not installed yet (or lacks a model), its
figures are simply zero: `model()` answers None.
"""

from __future__ import annotations

from django.apps import apps


def model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def grant_model():
    return model("projects", "Grant")


def grant_rollup_model():
    return model("projects", "GrantRollup")


def category_model():
    return model("projects", "Category")


def transfer_model():
    return model("funding", "Transfer")


def flow_rollup_model():
    return model("funding", "FlowRollup")


def ledger_account_model():
    return model("funding", "LedgerAccount")


def participant_model():
    return model("registry", "Participant")


def participant_report_model():
    return model("registry", "ParticipantReport")


# --- grants (projects) -------------------------------------------------------------------------------------
GRANT_ZONE = "zone"
GRANT_DATE = "awarded_on"
GRANT_AMOUNT = "amount_tiyn"
GRANT_CATEGORY = "category_id"  # the foreign key points at Category.code, so the column holds the code
GRANT_RECIPIENT = "organization"
GRANT_REGION = "recipient_kato"  # the recipient's KATO code when the grant was awarded or imported (ADR 0072)
GRANT_ACCOUNT = "ledger_account"
GRANT_REFERENCE = "agreement_number"
GRANT_TITLE = "title"
GRANT_DESCRIPTION = "application__summary"
GRANT_CALL = "call"
GRANT_PLANNED_START = "starts_on"
GRANT_PLANNED_END = "ends_on"
# A grant exists only once awarded; every status after that (active, suspended, terminated, completed) was
# financed in its award year and counts.
GRANT_EXCLUDED_STATUSES: tuple[str, ...] = ()
# The rollup of grants (projects' GrantRollup, ADR 0071): count and amount awarded per zone, category and month of
# award (dated the first of the month), kept by the services that award, import and amend grants.
GRANT_ROLLUP_ZONE = "zone"
GRANT_ROLLUP_CATEGORY = "category_id"  # the same column name as the grant's, so rows group alike
GRANT_ROLLUP_MONTH = "month"
GRANT_ROLLUP_COUNT = "grants"
GRANT_ROLLUP_AMOUNT = "amount_tiyn"

# --- ledger (funding) --------------------------------------------------------------------------------------
TRANSFER_KIND = "kind"
TRANSFER_AMOUNT = "amount_tiyn"
TRANSFER_DATE = "occurred_on"
TRANSFER_FROM = "from_account"
TRANSFER_TO = "to_account"
TRANSFER_REVERSES = "reverses"
ACCOUNT_KIND = "kind"
ACCOUNT_ZONE = "zone"
ACCOUNT_ORGANIZATION = "organization"
CONTRIBUTION, DISBURSEMENT, REVERSAL = "contribution", "disbursement", "reversal"
ZONE_FUND, GRANT_ACCOUNT_KIND, FUNDER = "zone_fund", "grant", "funder"
# The rollup of ledger flows (funding's FlowRollup, ADR 0070): net of reversals, per zone, kind, counterparty
# (party) and day; the rows of party ALL_PARTIES total every counterparty of that kind over a month, dated the
# first of the month.
FLOW_ZONE = "zone"
FLOW_KIND = "kind"
FLOW_PARTY_KIND = "party_kind"
FLOW_PARTY = "party_id"
FLOW_DAY = "day"
FLOW_AMOUNT = "amount_tiyn"
ALL_PARTIES = 0
# The rows that total the grant accounts of one category in a zone over a month (ADR 0073): this party kind, and
# the category's id negated as party (the grant accounts carry it as `rollup_group`).
FLOW_GROUP_PARTY_KIND = "grant_group"


def flow_group_party(category_id: int) -> int:
    return -category_id


# --- register (registry) -----------------------------------------------------------------------------------
PARTICIPANT_ZONE = "zone"
PARTICIPANT_ORGANIZATION = "organization"
PARTICIPANT_ADMITTED = "admitted_on"
PARTICIPANT_ENDED = "excluded_on"
# "Companies" of a period (the 2018 report's "35 companies"): organizations entered in the register as participants
# of the zone during the period, whatever their status since (registry.selectors.participant_companies).
PARTICIPANT_REGISTERED = "registered_on"
REPORT_PARTICIPANT = "participant"
REPORT_YEAR = "year"
REPORT_QUARTER = "quarter"  # 0 for an annual report
REPORT_NEW_JOBS = "new_jobs"


def has_field(model_class, name: str) -> bool:
    try:
        model_class._meta.get_field(name)
    except Exception:  # FieldDoesNotExist; models of apps still being written may lack a field
        return False
    return True


def attr(obj, name: str, default=None):
    """A field (or a `__` path) of another app's object; None along the way gives the default."""
    for step in name.split("__"):
        obj = getattr(obj, step, None)
        if obj is None:
            return default
    return obj

"""Reads with rules: balances, statements, lineage, funders and their obligations."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from innopark.core.errors import NotFound
from innopark.funding.lineage import _aggregate, replay_zone
from innopark.funding.models import AccountKind, LedgerAccount, LedgerEntry, Transfer
from innopark.funding.permissions import funder_ids_of, is_staff_anywhere, zone_ids_reading


def account_balance(account: LedgerAccount | int) -> int:
    """The balance in tiyn: the latest entry's running balance (0 for an account that never moved)."""
    account_id = account.pk if isinstance(account, LedgerAccount) else account
    latest = (
        LedgerEntry.objects.filter(account_id=account_id).order_by("-id").values_list("balance_after_tiyn", flat=True)
    )[:1]
    return latest[0] if latest else 0


def account_entries(account: LedgerAccount, *, after: int | None = None, limit: int = 50) -> list[LedgerEntry]:
    """The account's statement, newest first, keyset-paginated by entry id."""
    qs = LedgerEntry.objects.filter(account=account).select_related(
        "transfer", "transfer__from_account", "transfer__to_account"
    )
    if after is not None:
        qs = qs.filter(pk__lt=after)
    return list(qs.order_by("-id")[:limit])


def grant_funding_lineage(account: LedgerAccount) -> list[tuple]:
    """[(funder Organization or None, amount_tiyn)] that paid for this grant, largest first (ADR 0041)."""
    from innopark.registry.models import Organization

    if account.kind != AccountKind.GRANT:
        return []
    totals = _aggregate(replay_zone(account.zone_id).grants.get(account.pk, []))
    orgs = Organization.objects.in_bulk([k for k in totals if k is not None])
    rows = [(orgs.get(k) if k is not None else None, v) for k, v in totals.items()]
    return sorted(rows, key=lambda r: (-r[1], str(r[0] or "")))


def funder_grants_reached(organization, *, transfer_ids=None) -> list[tuple[str, int]]:
    """[(grant reference, amount_tiyn)] of the grants this funder's money reached, largest first; with
    `transfer_ids`, only the money of those contributions (a statement for one obligation year)."""
    zone_ids = (
        Transfer.objects.filter(from_account__kind=AccountKind.FUNDER, from_account__organization=organization)
        .values_list("to_account__zone_id", flat=True)
        .distinct()
    )
    reached: dict[str, int] = {}
    for zone_id in set(zone_ids):
        lineage = replay_zone(zone_id)
        references = dict(LedgerAccount.objects.filter(pk__in=list(lineage.grants)).values_list("pk", "reference"))
        for grant_id, pieces in lineage.grants.items():
            amount = sum(
                p.amount
                for p in pieces
                if p.funder_id == organization.pk and (transfer_ids is None or p.transfer_id in transfer_ids)
            )
            if amount:
                reached[references[grant_id]] = reached.get(references[grant_id], 0) + amount
    return sorted(reached.items(), key=lambda r: (-r[1], r[0]))


def accounts_visible_to(user) -> QuerySet[LedgerAccount]:
    """Zone funds, grants and imported history of the zones the user reads; funder accounts of their own
    organization (or of every funder, for staff); the outside world's account for staff."""
    qs = LedgerAccount.objects.select_related("zone", "organization")
    zone_ids = zone_ids_reading(user)
    if zone_ids is None:
        return qs.all()
    visible = Q(zone_id__in=zone_ids) | Q(kind=AccountKind.FUNDER, organization_id__in=funder_ids_of(user))
    if is_staff_anywhere(user):
        visible |= Q(kind__in=[AccountKind.FUNDER, AccountKind.EXTERNAL])
    return qs.filter(visible)


def access_account(user, account_id) -> LedgerAccount:
    try:
        account_id = int(account_id)
    except (TypeError, ValueError):
        raise NotFound(code="account_not_found")
    account = accounts_visible_to(user).filter(pk=account_id).first()
    if account is None:
        raise NotFound(code="account_not_found")
    return account


def can_view_account_history(user, subject_id) -> bool:
    try:
        access_account(user, subject_id)
    except NotFound:
        return False
    return True


def can_view_transfer_history(user, subject_id) -> bool:
    transfer = Transfer.objects.filter(pk=subject_id).values_list("from_account_id", "to_account_id").first()
    if transfer is None:
        return False
    return accounts_visible_to(user).filter(pk__in=transfer).exists()


def zone_fund_flows(zone, *, direction: str, limit: int = 100) -> QuerySet[Transfer]:
    """Transfers into ("in") or out of ("out") a zone's fund, newest first."""
    field = "to_account" if direction == "in" else "from_account"
    return (
        Transfer.objects.filter(**{f"{field}__kind": AccountKind.ZONE_FUND, f"{field}__zone": zone})
        .select_related("from_account__organization", "to_account", "from_account")
        .order_by("-occurred_on", "-id")[:limit]
    )


# --- funders ------------------------------------------------------------------------------------------------
def funders_visible_to(user):
    """Organizations with a subsoil-use contract: every funder for staff and officers, one's own for a funder."""
    from innopark.registry.models import Organization

    qs = Organization.objects.filter(subsoil_contracts__isnull=False).distinct().order_by("bin", "pk")
    if is_staff_anywhere(user):
        return qs
    return qs.filter(pk__in=funder_ids_of(user))


def access_funder(user, bin_or_id: str):
    """The funder by BIN (or id when it has none), if the user may see it; NotFound otherwise."""
    qs = funders_visible_to(user)
    key = str(bin_or_id)
    funder = qs.filter(bin=key).first() if len(key) == 12 and key.isdigit() else None
    if funder is None and key.isdigit() and len(key) < 12:
        funder = qs.filter(pk=int(key), bin__isnull=True).first()
    if funder is None:
        raise NotFound(code="funder_not_found")
    return funder


def _contract_visible(user, contract_id) -> bool:
    from innopark.funding.models import SubsoilContract

    org_id = SubsoilContract.objects.filter(pk=contract_id).values_list("organization_id", flat=True).first()
    return org_id is not None and funders_visible_to(user).filter(pk=org_id).exists()


def can_view_contract_history(user, subject_id) -> bool:
    return _contract_visible(user, subject_id)


def _via_contract(model):
    def can_view(user, subject_id) -> bool:
        contract_id = model.objects.filter(pk=subject_id).values_list("contract_id", flat=True).first()
        return contract_id is not None and _contract_visible(user, contract_id)

    return can_view


def can_view_declaration_history(user, subject_id) -> bool:
    from innopark.funding.models import BaseDeclaration

    return _via_contract(BaseDeclaration)(user, subject_id)


def can_view_contribution_history(user, subject_id) -> bool:
    from innopark.funding.models import Contribution

    return _via_contract(Contribution)(user, subject_id)


def can_view_spending_history(user, subject_id) -> bool:
    from innopark.funding.models import DirectSpending

    return _via_contract(DirectSpending)(user, subject_id)


def can_view_report_history(user, subject_id) -> bool:
    from innopark.funding.models import FulfilmentReport

    return _via_contract(FulfilmentReport)(user, subject_id)

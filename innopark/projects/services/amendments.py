"""Amendments of a grant (amount, end date, unpaid milestones): proposed by one person, approved by another who
may decide in the zone, versioned, with both sets of terms kept. An approved change of amount moves money: an
increase is a new allocation from the fund (within the call's budget), a decrease a refund to it."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innopark.core.errors import Conflict, NotAllowed
from innopark.funding import ledger
from innopark.notifications.services import notify
from innopark.projects.events import ProjectsEvent
from innopark.projects.models import Call, Grant, GrantAmendment, Milestone
from innopark.projects.permissions import represents, require_decider, require_zone_operator
from innopark.projects.rollup import grant_rollup_add
from innopark.projects.services._common import audit, invalid, organization_reps, require_amount, require_text
from innopark.projects.services.calls import call_remaining_tiyn
from innopark.projects.services.grants import grant_url
from innopark.projects.workflow import AmendmentStatus, GrantStatus, MilestoneStatus

LOCKED = (MilestoneStatus.PAID, MilestoneStatus.ACCEPTED, MilestoneStatus.CANCELLED)


def grant_terms(grant: Grant) -> dict:
    return {
        "amount_tiyn": grant.amount_tiyn,
        "ends_on": grant.ends_on.isoformat(),
        "milestones": [
            {
                "number": m.number,
                "deliverable": m.deliverable,
                "due_on": m.due_on.isoformat(),
                "tranche_tiyn": m.tranche_tiyn,
                "status": m.status,
            }
            for m in grant.milestones.all()
        ],
    }


def _proposed_terms(grant, amount_tiyn, ends_on, milestones) -> dict:
    current = grant_terms(grant)
    amount = require_amount("amount_tiyn", amount_tiyn) if amount_tiyn is not None else grant.amount_tiyn
    if ends_on is not None and (not isinstance(ends_on, dt.date) or ends_on <= grant.starts_on):
        raise invalid("ends_on", _("The end date must come after the start."), "invalid_date")
    locked = [m for m in current["milestones"] if m["status"] in LOCKED]
    if milestones is None:
        open_rows = [m for m in current["milestones"] if m["status"] not in LOCKED]
    else:
        open_rows = []
        for index, row in enumerate(milestones, start=1):
            label = f"milestones.{index}"
            deliverable = (row.get("deliverable") or "").strip()
            due_on = row.get("due_on")
            if not deliverable or len(deliverable) > 300:
                raise invalid(label, _("Name the deliverable (up to 300 characters)."), "deliverable_required")
            if not isinstance(due_on, dt.date):
                raise invalid(label, _("Give the milestone's date."), "invalid_date")
            tranche = require_amount(label, row.get("tranche_tiyn"))
            open_rows.append({"deliverable": deliverable, "due_on": due_on.isoformat(), "tranche_tiyn": tranche})
    fixed = sum(m["tranche_tiyn"] for m in locked if m["status"] != MilestoneStatus.CANCELLED)
    if fixed + sum(m["tranche_tiyn"] for m in open_rows) != amount:
        raise invalid(
            "milestones",
            _("The tranches (paid, accepted and planned) must add up to the grant's amount."),
            "tranches_do_not_match",
        )
    numbered = list(locked)
    next_number = max([m["number"] for m in locked], default=0)
    for row in open_rows:
        next_number += 1
        numbered.append({**row, "number": next_number, "status": MilestoneStatus.PLANNED})
    return {
        "amount_tiyn": amount,
        "ends_on": (ends_on.isoformat() if ends_on else current["ends_on"]),
        "milestones": numbered,
    }


@transaction.atomic
def grant_amendment_propose(
    *,
    actor,
    grant: Grant,
    reason: str,
    amount_tiyn: int | None = None,
    ends_on: dt.date | None = None,
    milestones: list[dict] | None = None,
) -> GrantAmendment:
    """milestones: the new schedule of the not yet accepted milestones [{deliverable, due_on, tranche_tiyn}]."""
    reason = require_text("reason", reason)
    grant = Grant.objects.select_for_update().select_related("zone", "organization").get(pk=grant.pk)
    if grant.status not in (GrantStatus.ACTIVE, GrantStatus.SUSPENDED):
        raise Conflict(_("Only an active or suspended grant can be amended."), code="grant_closed")
    if grant.amendments.filter(status=AmendmentStatus.PROPOSED).exists():
        raise Conflict(_("Another amendment of this grant awaits a decision."), code="amendment_open")
    after = _proposed_terms(grant, amount_tiyn, ends_on, milestones)
    before = grant_terms(grant)
    if after == before:
        raise invalid("__all__", _("The amendment changes nothing."), "amendment_empty")
    if not represents(actor, grant.organization):
        require_zone_operator(actor, grant.zone)
    amendment = GrantAmendment.objects.create(
        grant=grant,
        number=grant.amendments.count() + 1,
        reason=reason,
        before=before,
        after=after,
        proposed_by=actor,
    )
    audit(
        ProjectsEvent.GRANT_AMENDMENT_PROPOSED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        after={"amendment": amendment.number, "terms": after, "reason": reason},
    )
    from innopark.projects.services._common import zone_deciders

    notify(
        recipients=[u for u in zone_deciders(grant.zone) if u.pk != actor.pk],
        kind="projects.amendment_proposed",
        subject=_("Amendment %(n)s of grant %(number)s awaits a decision"),
        params={"n": amendment.number, "number": grant.agreement_number},
        url=grant_url(grant),
    )
    return amendment


def _apply(actor, grant: Grant, amendment: GrantAmendment) -> None:
    after = amendment.after
    delta = after["amount_tiyn"] - grant.amount_tiyn
    fund = ledger.ledger_account_for_zone_fund(zone=grant.zone)
    version = grant.version + 1
    if delta > 0:
        call = Call.objects.select_for_update().get(pk=grant.call_id)
        if delta > call_remaining_tiyn(call):
            message = _("The increase would exceed the call's remaining budget.")
            raise Conflict(message, code="over_budget", fields={"amount_tiyn": [message]})
        ledger.transfer_create(
            actor=actor,
            kind=ledger.TransferKind.ALLOCATION,
            from_account=fund,
            to_account=grant.ledger_account,
            amount_tiyn=delta,
            idempotency_key=f"projects:allocation:{grant.pk}:v{version}",
            reference=f"{grant.agreement_number} v{version}",
            allocation_limit_tiyn=after["amount_tiyn"],
        )
    elif delta < 0:
        ledger.transfer_create(
            actor=actor,
            kind=ledger.TransferKind.REFUND,
            from_account=grant.ledger_account,
            to_account=fund,
            amount_tiyn=-delta,
            idempotency_key=f"projects:amendment-refund:{grant.pk}:v{version}",
            reference=f"{grant.agreement_number} v{version}",
        )
    kept = {m["number"] for m in after["milestones"] if m["status"] in LOCKED}
    grant.milestones.exclude(number__in=kept).exclude(status__in=LOCKED).delete()
    for row in after["milestones"]:
        if row["number"] in kept:
            continue
        Milestone.objects.create(
            grant=grant,
            number=row["number"],
            deliverable=row["deliverable"],
            due_on=dt.date.fromisoformat(row["due_on"]),
            tranche_tiyn=row["tranche_tiyn"],
        )
    grant_rollup_add(grant, grants=0, amount_tiyn=after["amount_tiyn"] - grant.amount_tiyn)  # ADR 0071
    grant.amount_tiyn = after["amount_tiyn"]
    grant.ends_on = dt.date.fromisoformat(after["ends_on"])
    grant.version = version
    grant.save(update_fields=["amount_tiyn", "ends_on", "version", "updated_at"])


@transaction.atomic
def grant_amendment_decide(*, actor, amendment: GrantAmendment, approve: bool, reasons: str = "") -> GrantAmendment:
    amendment = GrantAmendment.objects.select_for_update().get(pk=amendment.pk)
    grant = (
        Grant.objects.select_for_update()
        .select_related("zone", "organization", "ledger_account")
        .get(pk=amendment.grant_id)
    )
    if amendment.status != AmendmentStatus.PROPOSED:
        raise Conflict(_("This amendment was already decided."), code="amendment_decided")
    reasons = (reasons or "").strip()
    if not approve and not reasons:
        raise invalid("reasons", _("Give the reasons for the refusal."), "reasons_required")
    if grant_terms(grant) != amendment.before:
        # A milestone was accepted or paid, or another change made, since the proposal: it no longer fits.
        raise Conflict(_("The grant changed since the amendment was proposed; propose it again."), code="stale")
    require_decider(actor, grant.zone)
    if amendment.proposed_by_id == actor.pk:
        raise NotAllowed(
            _("An amendment must be approved by someone other than the person who proposed it."), code="same_person"
        )
    if approve:
        _apply(actor, grant, amendment)
    amendment.status = AmendmentStatus.APPROVED if approve else AmendmentStatus.REFUSED
    amendment.decided_by = actor
    amendment.decided_at = timezone.now()
    amendment.decision_reasons = reasons
    amendment.resulting_version = grant.version if approve else None
    amendment.save()
    audit(
        ProjectsEvent.GRANT_AMENDMENT_APPROVED if approve else ProjectsEvent.GRANT_AMENDMENT_REFUSED,
        actor=actor,
        obj=grant,
        zone=grant.zone,
        before=amendment.before if approve else None,
        after={
            "amendment": amendment.number,
            "version": grant.version,
            "reasons": reasons,
            **(amendment.after if approve else {}),
        },
    )
    notify(
        recipients=[amendment.proposed_by, *organization_reps(grant.organization)],
        kind="projects.amendment_decided",
        subject=_("Amendment %(n)s of grant %(number)s: %(status)s"),
        body=reasons,
        params={"n": amendment.number, "number": grant.agreement_number, "status": str(amendment.get_status_display())},
        url=grant_url(grant),
    )
    return amendment

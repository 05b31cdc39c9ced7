"""What stands between an application and its submission: the call's eligibility rules and the application's own
completeness. Shown to the applicant before submitting and re-checked by the services (submit, admit).

Each problem names the field (or row, e.g. "milestones.2") it is about, with a reason in the user's language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from innopark.projects.workflow import GrantStatus, MilestoneStatus

# A grant whose milestone is this many days overdue without a report is "in breach" for eligibility.
BREACH_GRACE_DAYS = 90


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str


def eligibility_problems(*, call, organization, on: dt.date) -> list[Problem]:
    """The call's rules about the applicant on a date: active participant, priority activity, no grant in breach."""
    from innopark.registry.models import Participant
    from innopark.registry.selectors import participant_status
    from innopark.zones.selectors import priority_activities_on

    problems: list[Problem] = []
    zone = call.zone
    if call.requires_active_participant:
        status = participant_status(organization=organization, zone=zone, on=on)
        if status != "active":
            problems.append(
                Problem(
                    "organization",
                    "not_active_participant",
                    str(
                        _("%(org)s is not an active participant of zone %(zone)s on %(date)s.")
                        % {"org": organization.name, "zone": zone.code, "date": on.isoformat()}
                    ),
                )
            )
    if call.requires_priority_activity:
        participant = (
            Participant.objects.filter(organization=organization, zone=zone).order_by("-admitted_on", "-id").first()
        )
        oked = participant.oked if participant else ""
        if not oked or not priority_activities_on(zone, on).filter(oked=oked).exists():
            problems.append(
                Problem(
                    "organization",
                    "activity_not_priority",
                    str(
                        _("The applicant's activity %(oked)s is not on the priority list of zone %(zone)s.")
                        % {"oked": oked or "—", "zone": zone.code}
                    ),
                )
            )
    if call.refuses_grant_in_breach and grants_in_breach(organization=organization, on=on):
        problems.append(
            Problem(
                "organization",
                "grant_in_breach",
                str(_("The applicant has an unfinished grant in breach (suspended or with an overdue milestone).")),
            )
        )
    return problems


def grants_in_breach(*, organization, on: dt.date) -> list:
    from innopark.projects.models import Grant

    overdue = on - dt.timedelta(days=BREACH_GRACE_DAYS)
    return list(
        Grant.objects.filter(organization=organization)
        .filter(
            Q(status=GrantStatus.SUSPENDED)
            | Q(
                status=GrantStatus.ACTIVE,
                milestones__status__in=[MilestoneStatus.PLANNED, MilestoneStatus.REJECTED],
                milestones__due_on__lt=overdue,
            )
        )
        .distinct()
    )


def completeness_problems(application) -> list[Problem]:
    """The application itself: texts, category, amounts, a budget that adds up and tranches that match."""
    problems: list[Problem] = []
    call = application.call
    if not application.title.strip():
        problems.append(Problem("title", "required", str(_("Give the project a title."))))
    if not application.summary.strip():
        problems.append(Problem("summary", "required", str(_("Write a summary of the project."))))
    if not call.categories.filter(code=application.category_id).exists():
        problems.append(Problem("category", "category_not_in_call", str(_("This call does not fund this category."))))
    if application.requested_tiyn <= 0:
        problems.append(Problem("requested_tiyn", "amount_not_positive", str(_("Give the amount you request."))))
    elif call.max_amount_tiyn and application.requested_tiyn > call.max_amount_tiyn:
        problems.append(
            Problem("requested_tiyn", "amount_above_call_limit", str(_("The amount is above the call's limit.")))
        )
    lines = application.budget_lines.aggregate(r=Sum("requested_tiyn"), c=Sum("cofinancing_tiyn"))
    if not application.budget_lines.exists():
        problems.append(Problem("budget_lines", "budget_missing", str(_("Add the budget lines."))))
    else:
        if (lines["r"] or 0) != application.requested_tiyn:
            problems.append(
                Problem(
                    "budget_lines",
                    "budget_does_not_add_up",
                    str(_("The budget lines from the grant do not add up to the requested amount.")),
                )
            )
        if (lines["c"] or 0) != application.cofinancing_tiyn:
            problems.append(
                Problem(
                    "budget_lines",
                    "cofinancing_does_not_add_up",
                    str(_("The budget lines from co-financing do not add up to the co-financing.")),
                )
            )
    milestones = list(application.planned_milestones.all())
    if not milestones:
        problems.append(Problem("milestones", "milestones_missing", str(_("Add at least one milestone."))))
    elif sum(m.tranche_tiyn for m in milestones) != application.requested_tiyn:
        problems.append(
            Problem(
                "milestones",
                "tranches_do_not_match",
                str(_("The tranches of the milestones do not add up to the requested amount.")),
            )
        )
    return problems


def application_problems(application, *, on: dt.date) -> list[Problem]:
    return completeness_problems(application) + eligibility_problems(
        call=application.call, organization=application.organization, on=on
    )

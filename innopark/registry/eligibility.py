"""Automatic eligibility checks for admission, shown to the applicant before submitting and re-run by services.

Each problem names the field it is about and a reason in the user's language. The rules come from the zone: its
priority list on the date of application and its exclusion rules (state share, subsoil users, excisable goods).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from innopark.registry.models import Participant
from innopark.registry.workflow import ParticipantStatus


@dataclass(frozen=True)
class Problem:
    field: str
    code: str
    message: str


def eligibility_problems(*, organization, zone, oked: str, on: dt.date) -> list[Problem]:
    from innopark.zones.selectors import priority_activities_on

    problems: list[Problem] = []
    if not priority_activities_on(zone, on).filter(oked=oked).exists():
        problems.append(
            Problem(
                "oked",
                "activity_not_priority",
                str(
                    _("Activity %(oked)s is not on the priority list of zone %(zone)s on %(date)s.")
                    % {"oked": oked or "—", "zone": zone.code, "date": on.isoformat()}
                ),
            )
        )
    if zone.excludes_state_owned and organization.state_share_50:
        problems.append(
            Problem(
                "organization",
                "state_owned",
                str(
                    _(
                        "Organizations in which the state or the quasi-state sector holds half or more cannot join "
                        "this zone."
                    )
                ),
            )
        )
    if zone.excludes_subsoil_users and organization.is_subsoil_user:
        problems.append(Problem("organization", "subsoil_user", str(_("Subsoil users cannot join this zone."))))
    if zone.excludes_excisable and organization.produces_excisable:
        problems.append(
            Problem("organization", "excisable", str(_("Producers of excisable goods cannot join this zone.")))
        )
    if on >= zone.expires_on:
        problems.append(Problem("zone", "zone_expired", str(_("The zone's term has ended."))))
    current = (
        Participant.objects.filter(organization=organization)
        .exclude(status=ParticipantStatus.EXCLUDED)
        .select_related("zone")
        .first()
    )
    if current is not None:
        problems.append(
            Problem(
                "organization",
                "already_participant",
                str(_("The organization is already a participant of zone %(zone)s.") % {"zone": current.zone.code}),
            )
        )
    return problems

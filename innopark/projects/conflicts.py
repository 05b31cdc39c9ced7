"""Known conflicts of interest: the expert belongs, or recently belonged, to the applicant organization.

Two sources: the expert's role assignments (a participant or funder representative of that organization, current
or ended less than CONFLICT_LOOKBACK_MONTHS ago) and the affiliations the expert declared in their profile (current
or ended within the same period). Declared conflicts (recusals) are the expert's own and are kept separately.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innopark.accounts.models import Role, RoleAssignment

CONFLICT_LOOKBACK_MONTHS = 24


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    # The last valid day of the target month.
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month, candidate)
        except ValueError:
            continue
    return dt.date(year, month, min(day.day, 28))


def known_conflicts(*, expert, organization, on: dt.date) -> list[str]:
    """Reasons (in the active language) why this expert may not review this organization's application."""
    from innopark.projects.models import ExpertAffiliation

    since = _months_before(on, CONFLICT_LOOKBACK_MONTHS)
    reasons: list[str] = []
    roles = RoleAssignment.objects.filter(
        user=expert, organization=organization, role__in=[Role.PARTICIPANT_REP, Role.FUNDER_REP], valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=since))
    for assignment in roles:
        if assignment.valid_to is None or assignment.valid_to > on:
            reasons.append(
                str(
                    _("The expert represents %(org)s (%(role)s).")
                    % {"org": organization.name, "role": assignment.get_role_display()}
                )
            )
        else:
            reasons.append(
                str(
                    _("The expert represented %(org)s until %(date)s.")
                    % {"org": organization.name, "date": assignment.valid_to.isoformat()}
                )
            )
    affiliations = ExpertAffiliation.objects.filter(expert=expert, organization=organization).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=since)
    )
    for affiliation in affiliations:
        reasons.append(
            str(
                _("The expert declared an affiliation with %(org)s: %(relation)s.")
                % {"org": organization.name, "relation": affiliation.relation}
            )
        )
    return reasons

"""Menu entries and the home page's "waiting for you" panel of the projects app, per role."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from innopark.projects import selectors
from innopark.projects.models import FundingProposal, GrantAmendment, ReviewAssignment
from innopark.projects.permissions import (
    funder_org_ids,
    internal_zone_ids,
    is_expert,
    is_signed_in,
    represented_org_ids,
)
from innopark.projects.workflow import AmendmentStatus, ApplicationStatus, AssignmentStatus

A = ApplicationStatus


def _has_internal(user) -> bool:
    ids = internal_zone_ids(user)
    return ids is None or bool(ids)


def sees_applications(user) -> bool:
    return is_signed_in(user) and (_has_internal(user) or bool(represented_org_ids(user)))


def sees_grants(user) -> bool:
    return sees_applications(user) or bool(funder_org_ids(user))


def register() -> None:
    from innopark.core.navigation import HomePanel, NavItem, register_home_panel, register_nav

    register_nav(NavItem(label=_("Calls for projects"), url_name="projects:index", order=40))
    register_nav(NavItem(label=_("Financed projects"), url_name="projects:financed", order=41))
    register_nav(
        NavItem(label=_("Project applications"), url_name="projects:applications", order=42, visible=sees_applications)
    )
    register_nav(NavItem(label=_("My reviews"), url_name="projects:reviews", order=43, visible=is_expert))
    register_nav(NavItem(label=_("My expert profile"), url_name="projects:expert_profile", order=43, visible=is_expert))
    register_nav(NavItem(label=_("Grants"), url_name="projects:grants", order=44, visible=sees_grants))
    register_home_panel(HomePanel(order=40, render=waiting_panel))


def waiting_panel(request) -> str:
    user = request.user
    if not is_signed_in(user):
        return ""
    items: list[tuple[str, str]] = []  # (text, url)
    visible = selectors.applications_visible_to(user)
    own_orgs = represented_org_ids(user)
    if own_orgs:
        for application in visible.filter(organization_id__in=own_orgs, status__in=[A.DRAFT, A.RETURNED])[:10]:
            text = (
                _("Application %(number)s was returned for correction")
                if application.status == A.RETURNED
                else _("Draft application %(number)s is not submitted yet")
            ) % {"number": application.number}
            items.append((text, f"/projects/applications/{application.pk}/"))
        rejected = selectors.grants_visible_to(user).filter(
            organization_id__in=own_orgs, status="active", milestones__status="rejected"
        )
        for grant in rejected.distinct()[:10]:
            items.append(
                (
                    _("Grant %(number)s: a milestone report was rejected") % {"number": grant.agreement_number},
                    f"/projects/grants/{grant.pk}/",
                )
            )
    if is_expert(user):
        for assignment in ReviewAssignment.objects.filter(
            expert=user, status__in=[AssignmentStatus.AWAITING_DECLARATION, AssignmentStatus.ACTIVE]
        ).select_related("application"):
            text = (
                _("Declare your interests for application %(number)s")
                if assignment.status == AssignmentStatus.AWAITING_DECLARATION
                else _("Review application %(number)s")
            ) % {"number": assignment.application.number}
            items.append((text, f"/projects/reviews/{assignment.pk}/"))
    if _has_internal(user):
        zone_ids = internal_zone_ids(user)
        staff_visible = visible if zone_ids is None else visible.filter(zone_id__in=zone_ids)
        counts = [
            (staff_visible.filter(status=A.SUBMITTED).count(), _("applications to check: %(n)s")),
            (staff_visible.filter(needs_extra_expert=True).count(), _("applications needing an extra expert: %(n)s")),
            (
                staff_visible.filter(status__in=[A.REVIEWED, A.WAITLISTED])
                .annotate(p=Exists(FundingProposal.objects.filter(application=OuterRef("pk"))))
                .filter(p=False)
                .count(),
                _("reviewed applications awaiting a recommendation: %(n)s"),
            ),
            (
                staff_visible.filter(status__in=[A.REVIEWED, A.WAITLISTED])
                .annotate(p=Exists(FundingProposal.objects.filter(application=OuterRef("pk"))))
                .filter(p=True)
                .count(),
                _("recommendations awaiting a decision: %(n)s"),
            ),
            (selectors.milestones_awaiting_verdict(user).count(), _("milestone reports to check: %(n)s")),
            (
                GrantAmendment.objects.filter(
                    status=AmendmentStatus.PROPOSED,
                    **({} if zone_ids is None else {"grant__zone_id__in": zone_ids}),
                ).count(),
                _("grant amendments awaiting a decision: %(n)s"),
            ),
        ]
        for count, text in counts:
            if count:
                items.append((str(text) % {"n": count}, "/projects/applications/"))
    if funder_org_ids(user):
        reached = len(selectors.funder_grant_references(user))
        if reached:
            items.append((str(_("grants your money reached: %(n)s")) % {"n": reached}, "/projects/grants/"))
    if not items:
        return ""
    return render_to_string("projects/partials/home_panel.html", {"items": items}, request=request)

"""The funding app's menu entries and home-page panel."""

from django.utils.translation import gettext_lazy as _

from innopark.core.navigation import HomePanel, NavItem, register_home_panel, register_nav


def _is_staff(user) -> bool:
    from innopark.funding.permissions import is_staff_anywhere

    return is_staff_anywhere(user)


def _has_funders(user) -> bool:
    from innopark.funding.permissions import funder_ids_of, is_staff_anywhere

    return is_staff_anywhere(user) or bool(funder_ids_of(user))


def register() -> None:
    register_nav(NavItem(label=_("Funds"), url_name="funding:funds", order=40, visible=_is_staff))
    register_nav(NavItem(label=_("Funders"), url_name="funding:funders", order=41, visible=_has_funders))
    register_home_panel(HomePanel(order=30, render=funder_home_panel))


def funder_home_panel(request) -> str:
    """For a funder representative: this year's and last year's obligations that are not yet fulfilled."""
    user = request.user
    if not user.is_authenticated:
        return ""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from innopark.funding.fulfilment import funder_years
    from innopark.funding.permissions import funder_ids_of
    from innopark.registry.models import Organization

    ids = funder_ids_of(user)
    if not ids:
        return ""
    recent = timezone.localdate().year - 1
    rows = []
    for funder in Organization.objects.filter(pk__in=ids, subsoil_contracts__isnull=False).distinct():
        for year in funder_years(funder):
            if year.year >= recent - 1 and year.status == "partly":
                rows.append({"funder": funder, "year": year})
    return render_to_string("funding/home_panel.html", {"rows": rows, "funder_count": len(ids)}, request=request)

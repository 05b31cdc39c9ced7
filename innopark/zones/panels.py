"""The home page's "waiting for you" panel: the zones an authority officer or operator staff member acts on today."""

from django.template.loader import render_to_string
from django.utils import timezone

from innopark.accounts.permissions import authority_ids_of, operated_zone_ids
from innopark.zones.models import Zone
from innopark.zones.selectors import zone_ids_under_authorities


def zones_panel(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    # Platform administrators act on every zone; the list page serves them better than a panel.
    ids = set(operated_zone_ids(user))
    authority_ids = authority_ids_of(user)
    if authority_ids:
        ids |= zone_ids_under_authorities(authority_ids, on=timezone.localdate())
    if not ids:
        return ""
    zones = Zone.objects.filter(pk__in=ids).order_by("code")
    return render_to_string("zones/partials/home_panel.html", {"zones": zones}, request=request)

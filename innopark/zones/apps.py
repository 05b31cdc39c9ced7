from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ZonesConfig(AppConfig):
    name = "innopark.zones"
    label = "zones"
    verbose_name = _("Zones")

    def ready(self):
        from innopark.audit.registry import register_event_types, register_subject
        from innopark.core.navigation import HomePanel, NavItem, register_home_panel, register_nav
        from innopark.zones import selectors
        from innopark.zones.events import ZoneEvent
        from innopark.zones.panels import zones_panel

        register_event_types(ZoneEvent)
        register_subject("zones.zone", selectors.can_view_zone_history)
        register_subject("zones.authority", selectors.can_view_authority_history)
        register_subject("zones.operator", selectors.can_view_operator_history)
        register_nav(NavItem(label=_("Zones"), url_name="zones:list", order=10))
        register_home_panel(HomePanel(order=10, render=zones_panel))

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "innopark.reports"
    label = "reports"
    verbose_name = _("Figures and open data")

    def ready(self):
        from innopark.audit.registry import register_event_types
        from innopark.core.navigation import NavItem, register_nav
        from innopark.reports.events import ReportsEvent

        register_event_types(ReportsEvent)
        register_nav(NavItem(label=_("Figures"), url_name="reports:dashboard", order=60))
        register_nav(NavItem(label=_("Open data"), url_name="reports:open_data", order=62))
        register_nav(
            NavItem(label=_("Internal figures"), url_name="reports:internal", order=61, visible=_has_internal_access)
        )


def _has_internal_access(user) -> bool:
    from innopark.zones.selectors import zones_internal_to

    return bool(getattr(user, "is_authenticated", False)) and zones_internal_to(user).exists()

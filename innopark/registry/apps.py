from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "innopark.registry"
    label = "registry"
    verbose_name = _("Participant registry")

    def ready(self):
        from innopark.audit.registry import register_event_types, register_subject
        from innopark.core.navigation import HomePanel, NavItem, register_home_panel, register_nav
        from innopark.registry import selectors
        from innopark.registry.events import RegistryEvent
        from innopark.registry.views.home import waiting_panel
        from innopark.registry.views.permissions import can_see_queues, represents_any

        register_event_types(RegistryEvent)
        register_subject("registry.participant", selectors.can_view_participant_history)
        register_subject("registry.admissionapplication", selectors.can_view_application_history)
        register_subject("registry.organization", selectors.can_view_organization_history)
        register_nav(NavItem(label=_("Register of participants"), url_name="registry:public_register", order=20))
        register_nav(NavItem(label=_("Admission queues"), url_name="registry:queues", order=21, visible=can_see_queues))
        register_nav(NavItem(label=_("My organization"), url_name="registry:my", order=22, visible=represents_any))
        register_home_panel(HomePanel(order=20, render=waiting_panel))

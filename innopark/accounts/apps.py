from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innopark.accounts"
    label = "accounts"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from innopark.accounts.events import AccountEvent
        from innopark.accounts.selectors import can_view_user_history
        from innopark.accounts.views import roles_home_panel
        from innopark.audit.registry import register_event_types, register_subject
        from innopark.core.navigation import HomePanel, NavItem, register_home_panel, register_nav

        register_event_types(AccountEvent)
        register_subject("accounts.user", can_view_user_history)
        register_nav(
            NavItem(label=_("My account"), url_name="accounts:me", order=90, visible=lambda u: u.is_authenticated)
        )
        register_home_panel(HomePanel(order=90, render=roles_home_panel))

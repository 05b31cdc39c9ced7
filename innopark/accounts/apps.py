from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "innopark.accounts"
    label = "accounts"

    def ready(self):
        from innopark.accounts.events import AccountEvent
        from innopark.audit.registry import register_event_types

        register_event_types(AccountEvent)

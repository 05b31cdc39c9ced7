from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "innopark.registry"
    label = "registry"

    def ready(self):
        from innopark.audit.registry import register_event_types
        from innopark.registry.events import RegistryEvent

        register_event_types(RegistryEvent)

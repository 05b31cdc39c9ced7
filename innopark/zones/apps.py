from django.apps import AppConfig


class ZonesConfig(AppConfig):
    name = "innopark.zones"
    label = "zones"

    def ready(self):
        from innopark.audit.registry import register_event_types
        from innopark.zones.events import ZoneEvent

        register_event_types(ZoneEvent)

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "innopark.core"
    label = "core"

    def ready(self):
        from innopark.core import checks  # noqa: F401  (registers system checks)

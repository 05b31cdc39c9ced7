from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "innopark.audit"
    label = "audit"

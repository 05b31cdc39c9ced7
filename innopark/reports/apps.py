from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "innopark.reports"
    label = "reports"

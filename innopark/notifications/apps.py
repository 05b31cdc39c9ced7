from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "innopark.notifications"
    label = "notifications"

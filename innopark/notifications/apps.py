from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "innopark.notifications"
    label = "notifications"

    def ready(self):
        from innopark.core.navigation import HomePanel, register_home_panel
        from innopark.notifications.panels import unread_home_panel

        register_home_panel(HomePanel(order=5, render=unread_home_panel))

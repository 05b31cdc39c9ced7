from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "innopark.projects"
    label = "projects"
    verbose_name = _("Innovation projects")

    def ready(self):
        from innopark.audit.registry import register_event_types, register_subject
        from innopark.projects import selectors
        from innopark.projects.events import ProjectsEvent

        register_event_types(ProjectsEvent)
        register_subject("projects.call", selectors.can_view_call_history)
        register_subject("projects.application", selectors.can_view_application_history)
        register_subject("projects.grant", selectors.can_view_grant_history)
        register_subject("projects.expertprofile", selectors.can_view_profile_history)
        register_subject("projects.category", lambda user, subject_id: True)
        from innopark.projects.views import navigation

        navigation.register()

from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "innopark.projects"
    label = "projects"

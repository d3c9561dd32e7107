from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "kyoso.projects"
    label = "projects"

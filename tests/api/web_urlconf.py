"""The project's URLs plus the API settings pages, for tests until/independently of the project include."""

from django.urls import include, path

from kyoso.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    *[p for p in project_urlpatterns if getattr(p, "namespace", None) != "api_settings"],
    path("settings/api/", include("kyoso.api.web_urls")),
]

"""Mounted at /api/v1/ by the project's urls.py."""

from kyoso.api.core import api

urlpatterns = [*api.urls[0]]
app_name = "api"

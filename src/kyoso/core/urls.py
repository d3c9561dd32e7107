from django.urls import path

from kyoso.core import views

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("search/", views.search, name="search"),
    path("help/", views.help_page, name="help"),
    path("privacy/", views.privacy_page, name="privacy"),
]

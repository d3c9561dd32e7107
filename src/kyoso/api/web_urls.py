"""Browser pages for API tokens and webhooks; the project mounts them at settings/api/."""

from django.urls import path

from kyoso.api import views

app_name = "api_settings"

urlpatterns = [
    path("", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("webhooks/", views.webhook_list, name="webhooks"),
    path("webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("webhooks/<int:pk>/<str:action>/", views.webhook_action, name="webhook_action"),
]

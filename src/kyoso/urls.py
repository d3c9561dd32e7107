from django.urls import include, path

from kyoso.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("kyoso.accounts.urls")),
    path("", include("kyoso.core.urls")),
]

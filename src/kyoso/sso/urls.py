from django.urls import path

from kyoso.sso import views

app_name = "sso"

urlpatterns = [
    path("", views.start, name="start"),
    path("enter/", views.enter, name="enter"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/oidc/", views.save_oidc, name="save_oidc"),
    path("settings/saml/", views.save_saml, name="save_saml"),
    path("settings/domains/", views.domain_add, name="domain_add"),
    path("settings/domains/<int:pk>/check/", views.domain_verify, name="domain_verify"),
    path("settings/domains/<int:pk>/remove/", views.domain_remove, name="domain_remove"),
    path("settings/members/<int:pk>/sign-out/", views.end_sessions, name="end_sessions"),
]

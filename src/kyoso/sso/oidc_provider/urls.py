"""allauth's OpenID Connect URLs with Kyoso's strict callback: the stock lax one is never mounted."""

from allauth.socialaccount import app_settings
from allauth.socialaccount.providers.openid_connect import views as stock
from django.urls import include, path, re_path

from kyoso.sso import oidc

urlpatterns = [
    re_path(
        r"^(?P<provider_id>[^/]+)/",
        include(
            [
                path("login/", stock.login, name="openid_connect_login"),
                path("login/callback/", oidc.callback, name="openid_connect_callback"),
            ]
        ),
    )
]

if app_settings.OPENID_CONNECT_URL_PREFIX:
    urlpatterns = [path(f"{app_settings.OPENID_CONNECT_URL_PREFIX}/", include(urlpatterns))]

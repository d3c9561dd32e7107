from django.urls import include, path

from kyoso.accounts.views.auth import log_out, sign_up
from kyoso.core.views import healthz

# Each app mounts under its own prefix.
APP_PREFIXES = [
    ("partners", "partners/"),
    ("projects", "projects/"),
    ("alignment", "alignment/"),
    ("risk", "risk/"),
    ("events", "events/"),
    ("knowledge", "lessons/"),
    ("reports", "reports/"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("accounts/", include("kyoso.accounts.urls")),
    # allauth: sign-in, sign-up (Kyoso's view first: it knows invitations), password, e-mail, MFA, sessions
    path("accounts/signup/", sign_up, name="account_signup"),
    path("accounts/logout/", log_out, name="account_logout"),
    path("accounts/", include("allauth.urls")),
]
urlpatterns += [path(prefix, include(f"kyoso.{app}.urls")) for app, prefix in APP_PREFIXES]
urlpatterns += [
    path("api/v1/", include("kyoso.api.urls")),
    path("settings/api/", include("kyoso.api.web_urls")),
    path("settings/transfer/", include("kyoso.transfer.urls")),
    path("sso/", include("kyoso.sso.urls")),
]
urlpatterns.append(path("", include("kyoso.core.urls")))

handler400 = "kyoso.core.error_views.bad_request"
handler403 = "kyoso.core.error_views.permission_denied"
handler404 = "kyoso.core.error_views.page_not_found"
handler500 = "kyoso.core.error_views.server_error"
# allauth's rate limits answer with this page
handler429 = "kyoso.core.error_views.too_many_requests"

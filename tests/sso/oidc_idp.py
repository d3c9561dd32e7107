"""A real OpenID Connect provider for the SSO tests: django-oauth-toolkit in its own process.

Run as ``python tests/sso/oidc_idp.py PORT DATA_DIR CONFIG_JSON``: its own settings (below), its
own SQLite database in DATA_DIR, one user per entry of the config's "users". Each test registers
its own confidential client (authorization code, PKCE required, RS256 ID tokens, consent skipped)
by POSTing JSON to ``/register-client/`` (this test provider's only addition). It prints "ready"
when it listens on 127.0.0.1:PORT.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def configure(port: int, data_dir: Path, private_key_pem: str) -> None:
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="test-idp-only-" + os.urandom(8).hex(),
        ALLOWED_HOSTS=["127.0.0.1"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=[
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "oauth2_provider",
        ],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(HERE / "idp_templates")],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                    ]
                },
            }
        ],
        DATABASES={
            "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(data_dir / "idp.sqlite3")}
        },
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        LOGIN_URL="/login/",
        USE_TZ=True,
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": private_key_pem,
            "PKCE_REQUIRED": True,
            "SCOPES": {"openid": "OpenID Connect", "profile": "Profile", "email": "E-mail"},
            "OAUTH2_VALIDATOR_CLASS": f"{__name__}.Validator",
        },
    )


def _validator_class() -> type:
    from oauth2_provider.oauth2_validators import OAuth2Validator

    class Validator(OAuth2Validator):
        oidc_claim_scope = None  # every claim below, whatever the scope

        def get_additional_claims(self, request):  # type: ignore[no-untyped-def]
            return {
                "email": request.user.email,
                "email_verified": True,
                "name": request.user.first_name,
            }

    return Validator


def __getattr__(name: str):  # type: ignore[no-untyped-def]
    # DOT imports the validator class lazily, after settings are configured.
    if name == "Validator":
        return _validator_class()
    if name == "urlpatterns":
        from django.contrib.auth import views as auth_views
        from django.urls import include, path

        return [
            path("register-client/", _register_client),
            path("login/", auth_views.LoginView.as_view(), name="login"),
            path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
        ]
    raise AttributeError(name)


def _register_client(request):  # type: ignore[no-untyped-def]
    from django.http import HttpResponse, HttpResponseNotAllowed
    from oauth2_provider.models import get_application_model

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = json.loads(request.body)
    Application = get_application_model()
    Application.objects.filter(client_id=data["client_id"]).delete()
    Application.objects.create(
        name="Kyoso",
        client_id=data["client_id"],
        client_secret=data["client_secret"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=data["redirect_uri"],
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    return HttpResponse(status=201)


_register_client.csrf_exempt = True  # type: ignore[attr-defined]  # test-only endpoint, loopback only


def main() -> None:
    port = int(sys.argv[1])
    data_dir = Path(sys.argv[2])
    config = json.loads(Path(sys.argv[3]).read_text())
    configure(port, data_dir, config["private_key_pem"])
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    User = get_user_model()
    for user in config["users"]:
        u = User.objects.create_user(
            username=user["username"], email=user["email"], password=user["password"]
        )
        u.first_name = user.get("name", "")
        u.save()

    from wsgiref.simple_server import WSGIRequestHandler, make_server

    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, format, *args):  # type: ignore[no-untyped-def]
            pass

    server = make_server("127.0.0.1", port, get_wsgi_application(), handler_class=QuietHandler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

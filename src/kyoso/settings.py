"""Kyoso settings: every value comes from the environment.

With nothing set, Kyoso runs as the demo: SQLite under the data directory, a
generated secret key kept next to it, console e-mail. Production sets
DATABASE_URL, SECRET_KEY, ALLOWED_HOSTS, EMAIL_URL and KYOSO_HTTPS=1.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp import constants as csp_constants

from kyoso.settings_errors import SettingsError


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "")
    if value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise SettingsError(f"{name}: expected true/false (1/0), got {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name}: expected an integer, got {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    if value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("KYOSO_DATA_DIR") or Path.home() / ".kyoso").expanduser()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY", "")
    if key:
        return key
    # Demo and single-machine installs: generate once and keep it, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'kyoso.sqlite3'}"
    scheme = url.split(":", 1)[0]
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise SettingsError(
            f"DATABASE_URL: expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME, got {url!r}"
        )
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # dj-database-url raises several types for malformed URLs
        raise SettingsError(f"DATABASE_URL: cannot parse {url!r}: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise SettingsError(f"DATABASE_URL: no database name in {url!r}")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL and a busy timeout let the in-process worker and the web server share the file.
        config["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["CONN_MAX_AGE"] = 0
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "kyoso.core",
    "kyoso.accounts",
    # before allauth: its socialaccount/ templates replace allauth's
    "kyoso.sso",
    # after kyoso.accounts, whose templates (account/, mfa/, usersessions/, allauth/) replace allauth's
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "kyoso.partners",
    "kyoso.projects",
    "kyoso.alignment",
    "kyoso.risk",
    "kyoso.events",
    "kyoso.knowledge",
    "kyoso.reports",
    "kyoso.api",
    "kyoso.outbox",
    "kyoso.transfer",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
]

MIDDLEWARE = [
    "kyoso.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kyoso.core.middleware.RejectNulBytesMiddleware",
    "kyoso.accounts.audit.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kyoso.core.middleware.PrivatePagesNotStoredMiddleware",
    "kyoso.accounts.middleware.UserLanguageMiddleware",
    "kyoso.accounts.middleware.CurrentWorkspaceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "kyoso.accounts.middleware.WorkspaceMfaMiddleware",
    "kyoso.sso.middleware.RequireSSOMiddleware",
]

ROOT_URLCONF = "kyoso.urls"
WSGI_APPLICATION = "kyoso.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kyoso.accounts.context_processors.workspace",
                "kyoso.core.context_processors.layout",
            ],
        },
    }
]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A refused form post (expired page, cookies blocked) gets the branded page, not Django's bare one.
CSRF_FAILURE_VIEW = "kyoso.core.error_views.csrf_failure"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "account_login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24

# Sign-in, sign-up, password reset, e-mail addresses, MFA and sessions: django-allauth, with Kyoso's
# templates (kyoso/accounts/templates/account, mfa, usersessions) and adapter (kyoso/accounts/adapter.py).
# Users are known by their e-mail address; there is no user name.
ACCOUNT_ADAPTER = "kyoso.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "kyoso.accounts.forms.SignUpForm",
    "login": "kyoso.accounts.forms.LoginForm",
    "reset_password": "kyoso.accounts.forms.ResetPasswordForm",
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
# no password at self sign-up: it is chosen after the mailed link (accounts.forms.SignUpForm)
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 2
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Kyoso] "
# Changing the address password resets go to, or the password, asks for the password again, and the
# old address is told: a borrowed session must not be able to take the account over quietly.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
# One address per account, changed by confirming the new one (no pile of unconfirmed extras).
ACCOUNT_CHANGE_EMAIL = True
# A sign-in of any kind counts as re-authentication for the timeout (AccountAdapter.login): the
# confirmation link ("email") and the company's identity provider ("socialaccount") included.
ACCOUNT_REAUTHENTICATION_METHODS = ("password", "code", "mfa", "email", "socialaccount")
ACCOUNT_REAUTHENTICATION_TIMEOUT = envint("KYOSO_REAUTHENTICATION_SECONDS", 300)
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if envbool("KYOSO_HTTPS", False) else "http"
# Failed sign-ins, counted in the cache (KYOSO_CACHE=database when several processes serve):
# within 15 minutes, 5 for one e-mail from one address, 20 for one e-mail from any addresses and
# 30 from one address over any e-mails. A sliding window: failures refused during a lock are not
# counted, so guessing on cannot extend it; a completed password reset forgives the e-mail's count.
KYOSO_LOGIN_FAILURE_LIMIT = envint("KYOSO_LOGIN_FAILURE_LIMIT", 5)
KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT = envint("KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT = envint("KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT", 30)
ACCOUNT_RATE_LIMITS = {
    "login_failed": (
        f"{KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT}/15m/ip,{KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT}/15m/key"
    ),
    # Kyoso's own action (adapter): the key is the e-mail and the address together
    "login_failed_pair": f"{KYOSO_LOGIN_FAILURE_LIMIT}/15m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_FORMS = {"add_webauthn": "kyoso.accounts.forms.AddWebAuthnForm"}
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Kyoso"
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Sessions are recorded when someone signs in; following every request would cost queries on every page.
USERSESSIONS_TRACK_ACTIVITY = False

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "kyoso_language"
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Tokyo")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS: list[Path] = []

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("KYOSO_STATIC_ROOT") or DATA_DIR / "static")
# WhiteNoise warns about a missing root; an empty one is harmless until collectstatic fills it.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("KYOSO_MEDIA_DIR") or DATA_DIR / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app folders so the demo needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG


def _email(url: str) -> dict[str, object]:
    if not url or url.startswith("console:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if url.startswith("locmem:"):
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    parsed = urlparse(url)
    if parsed.scheme not in {"smtp", "smtps", "submission"}:
        raise SettingsError(
            f"EMAIL_URL: expected smtp://USER:PASSWORD@HOST:PORT, got scheme {parsed.scheme!r}"
        )
    options = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if parsed.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": parsed.scheme == "smtps",
        "EMAIL_USE_TLS": parsed.scheme != "smtps" and options.get("tls", ["1"])[0] != "0",
    }


globals().update(_email(os.environ.get("EMAIL_URL", "")))
# No SMTP call may hang a worker: a server that does not answer within this many seconds
# counts as a failed attempt, retried after KYOSO_MAIL_RETRY_SECONDS × 4^(attempt−1).
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 20)
KYOSO_MAIL_ATTEMPTS = envint("KYOSO_MAIL_ATTEMPTS", 5)
KYOSO_MAIL_RETRY_SECONDS = envint("KYOSO_MAIL_RETRY_SECONDS", 60)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kyoso <noreply@kyoso.example>")

# HTTPS deployments set KYOSO_HTTPS=1: secure cookies, redirect and HSTS follow.
HTTPS = envbool("KYOSO_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and envbool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
KYOSO_BEHIND_PROXY = envbool("KYOSO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if KYOSO_BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy on every response (django-csp): scripts only from this site (static
# files; a template that must keep an inline <script> gives it nonce="{{ request.csp_nonce }}"),
# no plug-ins, no framing, no <base> tricks, forms post here only. Style attributes stay allowed
# (style-src-attr) because bars and charts size themselves with computed widths; <style> elements
# and style sheets only from this site. The API's Swagger page widens its own policy (api/docs.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", csp_constants.NONCE],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    }
}
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = envlist("KYOSO_SILENCED_CHECKS", [])

# One process: memory. Several web processes or machines: KYOSO_CACHE=database (then
# `kyoso createcachetable`), so API rate limits and cached search indexes are shared.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kyoso_cache"}
        if os.environ.get("KYOSO_CACHE", "") == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "kyoso"}
    )
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("KYOSO_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Webhooks may only call public addresses unless an admin allows private ones.
KYOSO_WEBHOOKS_ALLOW_PRIVATE = envbool("KYOSO_WEBHOOKS_ALLOW_PRIVATE", False)
KYOSO_INVITATION_DAYS = envint("KYOSO_INVITATION_DAYS", 7)
# Mail to addresses someone typed in (docs/deployment.md, "Limits on outgoing mail"); 0 = no limit.
# The public registration form of an event: per visitor address and per event, counted in the cache.
KYOSO_REGISTRATIONS_PER_IP_PER_HOUR = envint("KYOSO_REGISTRATIONS_PER_IP_PER_HOUR", 10)
KYOSO_REGISTRATIONS_PER_EVENT_PER_HOUR = envint("KYOSO_REGISTRATIONS_PER_EVENT_PER_HOUR", 200)
# Invitations per workspace, counted from the invitations themselves: workspace members and
# shared-space partners, and participant-portal links.
KYOSO_INVITATIONS_PER_HOUR = envint("KYOSO_INVITATIONS_PER_HOUR", 50)
KYOSO_PARTICIPANT_INVITATIONS_PER_HOUR = envint("KYOSO_PARTICIPANT_INVITATIONS_PER_HOUR", 300)
# Anonymous single-sign-on discovery (POST /sso/, docs/sso.md), per visitor address.
KYOSO_SSO_DISCOVERY_PER_IP_PER_HOUR = envint("KYOSO_SSO_DISCOVERY_PER_IP_PER_HOUR", 30)
# Workspace archives (kyoso.transfer): the largest upload, its unpacked size and its number of members.
KYOSO_ARCHIVE_MAX_MB = envint("KYOSO_ARCHIVE_MAX_MB", 500)
KYOSO_ARCHIVE_MAX_UNPACKED_MB = envint("KYOSO_ARCHIVE_MAX_UNPACKED_MB", 2000)
KYOSO_ARCHIVE_MAX_MEMBERS = envint("KYOSO_ARCHIVE_MAX_MEMBERS", 50000)

# Personal data (APPI, docs/privacy.md): audit entries keep e-mail and IP addresses this many days,
# then hold a keyed-hash pseudonym instead (`kyoso prune-audit`, and the worker once a day).
KYOSO_AUDIT_PII_DAYS = envint("KYOSO_AUDIT_PII_DAYS", 365)
if KYOSO_AUDIT_PII_DAYS < 1:
    raise SettingsError(f"KYOSO_AUDIT_PII_DAYS: expected at least 1 day, got {KYOSO_AUDIT_PII_DAYS}")


def _privacy_policy_url(value: str) -> str:
    """The operator's privacy policy linked from every public form; empty = the built-in /privacy/ page."""
    value = value.strip()
    if not value:
        return ""
    from kyoso.core.safe_urls import check_web_url

    try:
        return check_web_url(value)
    # UnsafeWebURL, or the translation of its message failing this early: either way, refused
    except Exception:
        raise SettingsError(
            f"KYOSO_PRIVACY_POLICY_URL: expected an http:// or https:// address, got {value!r}"
        ) from None


KYOSO_PRIVACY_POLICY_URL = _privacy_policy_url(os.environ.get("KYOSO_PRIVACY_POLICY_URL", ""))
# The operator named in the built-in privacy notice (company or person running this Kyoso).
KYOSO_OPERATOR_NAME = os.environ.get("KYOSO_OPERATOR_NAME", "").strip()
KYOSO_PRIVACY_CONTACT = os.environ.get("KYOSO_PRIVACY_CONTACT", "").strip()

# The worker writes a heartbeat every KYOSO_HEARTBEAT_SECONDS; /healthz answers 503 when no
# worker has written one for KYOSO_WORKER_SILENT_SECONDS, or a task has waited longer than
# KYOSO_QUEUE_STUCK_SECONDS.
KYOSO_HEARTBEAT_SECONDS = envint("KYOSO_HEARTBEAT_SECONDS", 15)
KYOSO_WORKER_SILENT_SECONDS = envint("KYOSO_WORKER_SILENT_SECONDS", 120)
KYOSO_QUEUE_STUCK_SECONDS = envint("KYOSO_QUEUE_STUCK_SECONDS", 900)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kyoso.core.request_id.RequestIdFilter"}},
    "formatters": {
        "kyoso": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "kyoso"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

from kyoso import __version__  # noqa: E402
from kyoso.core.error_reporting import init_from_env  # noqa: E402

SENTRY_ENABLED = init_from_env(os.environ, release=__version__)

# Single sign-on per workspace (kyoso.sso, docs/sso.md): allauth's socialaccount reads each
# workspace's identity provider through Kyoso's adapter; no SocialApp rows are stored.
SOCIALACCOUNT_ADAPTER = "kyoso.sso.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {"provider_class": "kyoso.sso.oidc.KyosoOIDCProvider", "OAUTH_PKCE_ENABLED": True},
}
SOCIALACCOUNT_AUTO_SIGNUP = True
# Only addresses at a workspace's DNS-verified domains sign in through its IdP: no mail check on top.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Let identity providers live on private or loopback addresses (development, tests).
KYOSO_SSO_ALLOW_PRIVATE = envbool("KYOSO_SSO_ALLOW_PRIVATE", False)
# How long a sign-in through a workspace's identity provider opens a workspace that requires SSO.
KYOSO_SSO_MAX_AGE_HOURS = envint("KYOSO_SSO_MAX_AGE_HOURS", 24)
# Dotted path of a function name -> list of TXT strings, instead of DNS (tests).
KYOSO_SSO_TXT_RESOLVER = os.environ.get("KYOSO_SSO_TXT_RESOLVER", "")

"""How django-allauth behaves in Kyoso: the visitor's address, login throttling, sign-up and audit.

Failed sign-ins are counted three ways (settings.ACCOUNT_RATE_LIMITS): one address over any e-mails
and one e-mail from any addresses (allauth's own `login_failed` action), plus one e-mail from one
address (Kyoso's `login_failed_pair`, a key made of both). A successful sign-in takes back only its
own attempt, never the address's other failures, so logging into one's own account between guesses
does not reset anything.
"""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.core.internal import ratelimit
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction
from kyoso.core.redirects import safe_target

SESSION_INVITED_EMAIL = "kyoso_invited_email"


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address. Behind the reverse proxy (KYOSO_BEHIND_PROXY) it is the last
    X-Forwarded-For entry, the one the proxy itself appended: earlier entries are whatever the
    client sent. Without this every visitor would share the proxy's address and one attacker could
    lock everybody out."""
    if settings.KYOSO_BEHIND_PROXY:
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _("The e-mail address or the password is wrong. Both are case-sensitive."),
        "too_many_login_attempts": _(
            "Too many failed log-ins. Log-in is paused for 15 minutes after repeated wrong passwords for "
            "this account or from your network. Wait, or reset your password by e-mail: a new password "
            "lifts the pause for your account at once."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's mails (confirmation, password reset, security notices) go through the outbox like
        every other e-mail, in the account holder's language."""
        from kyoso.accounts.models import User
        from kyoso.outbox import services as outbox

        user = context.get("user") or User.objects.filter(email__iexact=email).first()
        language = getattr(user, "language", "") or (translation.get_language() or "ja")[:2]
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        outbox.send_one(
            workspace=None,
            kind=template_prefix.rsplit("/", 1)[-1][:80],
            key=f"account:{uuid.uuid4().hex}",
            to_email=email,
            language=language,
            subject=str(message.subject),
            body=str(message.body),
        )

    def get_client_ip(self, request: HttpRequest) -> str:
        return client_address(request) or "0.0.0.0"  # noqa: S104 - a key for the rate limit, not a bind

    def is_safe_url(self, url: str | None) -> bool:
        """The site's one rule for `next` (kyoso.core.redirects): a path on this site only."""
        from allauth.core import context

        request = context.request
        return bool(url) and safe_target(request, url, "") == (url or "").strip()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        key = f"{self._get_login_attempts_cache_key(request, **credentials)}|{self.get_client_ip(request)}"
        self._pair_usage = ratelimit.consume(
            request, app="allauth.account", action="login_failed_pair", key=key
        )
        if not self._pair_usage:
            # the other counts must not grow from an attempt that was never made
            super()._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_pair_usage", None)
        if usage:
            usage.rollback()

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        """A completed password reset: the mailbox holder's own pause ends too, from where they are."""
        super()._delete_login_attempts_cached_email(request, **credentials)
        key = f"{self._get_login_attempts_cache_key(request, **credentials)}|{self.get_client_ip(request)}"
        ratelimit.clear(request, app="allauth.account", action="login_failed_pair", key=key)

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        # Signing in just now is as good a proof as re-authenticating: allauth's own checks (MFA
        # settings) and Kyoso's sensitive actions accept it for the re-authentication timeout.
        records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
        if isinstance(records, list):
            request.session[AUTHENTICATION_METHODS_SESSION_KEY] = [
                {**record, "reauthenticated": True} for record in records
            ]
        audit.record(actor=user, action=AuditAction.LOGIN, model="accounts.User")

    def add_message(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        """Messages in the language of the person signed in (the sign-in page was in the visitor's)."""
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        if language in dict(settings.LANGUAGES):
            with translation.override(language):
                super().add_message(request, *args, **kwargs)
        else:
            super().add_message(request, *args, **kwargs)

    def is_email_verified(self, request: HttpRequest, email: str) -> bool:
        """An address that an invitation link was sent to is proven by holding the link."""
        invited = request.session.get(SESSION_INVITED_EMAIL)
        if invited and invited.strip().casefold() == email.strip().casefold():
            return True
        return super().is_email_verified(request, email)

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.email = user.email.strip().lower()
        user.name = form.cleaned_data.get("name", "").strip()
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        if language in dict(settings.LANGUAGES):
            user.language = language
        if commit:
            user.save()
        return user

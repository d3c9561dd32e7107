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
from allauth.account.internal.flows.login import AUTHENTICATION_METHODS_SESSION_KEY, record_authentication
from allauth.core.internal import ratelimit
from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction
from kyoso.core.redirects import safe_target

# The invitation whose link the visitor followed before signing up: {"kind": "app.model", "id": pk}.
# Only the reference is kept; the address is read from the invitation each time, so a withdrawn, used,
# declined or expired invitation stops counting at once.
SESSION_INVITATION = "kyoso_invitation"


def remember_invitation(request: HttpRequest, invitation: Any) -> None:
    request.session[SESSION_INVITATION] = {"kind": invitation._meta.label_lower, "id": invitation.pk}


def forget_invitation(request: HttpRequest) -> None:
    request.session.pop(SESSION_INVITATION, None)


def invited_email(request: HttpRequest) -> str | None:
    """The address of the invitation remembered in the session, while that invitation is still pending;
    otherwise None (and the stale reference is dropped)."""
    from kyoso.accounts.models import InvitationBase

    remembered = request.session.get(SESSION_INVITATION)
    if remembered is None:
        return None
    invitation = None
    if isinstance(remembered, dict):
        try:
            model = apps.get_model(str(remembered.get("kind")))
        except (LookupError, ValueError):
            model = None
        if model is not None and issubclass(model, InvitationBase) and isinstance(remembered.get("id"), int):
            invitation = model._default_manager.filter(pk=remembered["id"]).first()
    if invitation is None or not invitation.is_pending:
        forget_invitation(request)
        return None
    return invitation.email.strip().lower()


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
        # The sign-in by a confirmation link leaves no record of its own: it is recorded as "email".
        records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY)
        if not isinstance(records, list) or not records:
            record_authentication(request, user, method="email")
            records = request.session.get(AUTHENTICATION_METHODS_SESSION_KEY, [])
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
        """An address that a still pending invitation was sent to is proven by holding its link."""
        invited = invited_email(request)
        if invited and invited.casefold() == email.strip().casefold():
            return True
        return super().is_email_verified(request, email)

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        """Self sign-up chooses no password (whoever types an address must not know the password of the
        account its holder confirms): the first sign-in, by the confirmation link, goes to choosing it
        before anything else, then on to where the sign-up was headed."""
        response = super().post_login(request, user, **kwargs)
        if not user.has_usable_password() and not _has_company_sign_in(user):
            target = response.get("Location") if isinstance(response, HttpResponseRedirect) else None
            url = reverse("account_set_password")
            if target:
                url = f"{url}?{urlencode({'next': target})}"
            return HttpResponseRedirect(url)
        return response

    def get_email_verification_redirect_url(self, email_address: Any) -> str:
        """Confirmed in another browser than the sign-up's, the account is not signed in and has no
        password yet: the way on is a password-setting link mailed to the now confirmed address."""
        request = self.request
        user = email_address.user
        if (
            not request.user.is_authenticated
            and not user.has_usable_password()
            and not _has_company_sign_in(user)
        ):
            self.add_message(
                request,
                messages.INFO,
                message=str(
                    _(
                        "Your e-mail address is confirmed. Open the link in the browser you signed up with, "
                        "or have a link for choosing your password mailed to you here."
                    )
                ),
            )
            return reverse("account_reset_password")
        return super().get_email_verification_redirect_url(email_address)

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


def _has_company_sign_in(user: Any) -> bool:
    """An account that signs in through the company's identity provider (SSO) has no password by design."""
    return bool(user.pk) and user.socialaccount_set.exists()

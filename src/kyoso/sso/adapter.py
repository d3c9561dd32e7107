"""allauth's view of Kyoso's per-workspace identity providers (``SOCIALACCOUNT_ADAPTER``).

The apps come from `WorkspaceSSO` rows (`selectors.social_app`), not from SocialApp rows. A
workspace's identity provider may only sign in addresses at the workspace's verified domains; an
existing Kyoso account with that address is connected to it, a new person gets an account only
when the owner switched just-in-time membership on.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from kyoso.sso import selectors
from kyoso.sso.fetch import GuardedSession

logger = logging.getLogger(__name__)


def refuse(request: HttpRequest, message: str, status: int = 403) -> ImmediateHttpResponse:
    return ImmediateHttpResponse(render(request, "sso/refused.html", {"message": message}, status=status))


def login_email(sociallogin: Any) -> str:
    """The address the identity provider asserted (not the one stored on a linked account)."""
    for address in sociallogin.email_addresses or []:
        if address.email:
            return str(address.email).strip()
    if not sociallogin.is_existing:
        return (getattr(sociallogin.user, "email", "") or "").strip()
    return ""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_requests_session(self) -> GuardedSession:
        return GuardedSession()

    def list_apps(
        self, request: HttpRequest | None, provider: str | None = None, client_id: str | None = None
    ) -> list[Any]:
        return selectors.social_apps(provider, client_id)

    def _sso(self, sociallogin: Any) -> Any:
        return selectors.sso_for_provider(sociallogin.account.provider)

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        sso = self._sso(sociallogin)
        if sso is None:
            raise refuse(request, _("Single sign-on is not switched on for this workspace."), status=404)
        email = login_email(sociallogin)
        if not selectors.email_in_verified_domain(sso, email):
            logger.warning(
                "SSO of workspace %s refused %r: not in a verified domain", sso.workspace_id, email
            )
            raise refuse(
                request,
                _(
                    "The identity provider signed you in as %(email)s, but this workspace accepts single "
                    "sign-on only for addresses at its verified domains."
                )
                % {"email": email or _("(no e-mail address)")},
            )
        if not sociallogin.is_existing:
            existing = get_user_model().objects.filter(email__iexact=email).first()
            if existing is not None:
                if not existing.is_active:
                    raise refuse(request, _("This account is switched off."))
                sociallogin.connect(request, existing)
        if not sociallogin.user.is_active:
            raise refuse(request, _("This account is switched off."))
        if not sociallogin.is_existing and not sso.jit_enabled:
            raise refuse(
                request,
                _(
                    "You have no Kyoso account yet and this workspace does not add people on first "
                    "sign-in. Ask a workspace owner to invite you."
                ),
            )

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Any,
        error: Any = None,
        exception: Any = None,
        extra_context: Any = None,
    ) -> None:
        logger.warning(
            "SSO sign-in through %s failed: %s %s",
            getattr(provider, "sub_id", provider),
            error,
            exception if exception is not None else (extra_context or {}).get("saml_last_error_reason", ""),
        )
        super().on_authentication_error(
            request, provider, error=error, exception=exception, extra_context=extra_context
        )

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        sso = self._sso(sociallogin)
        return bool(sso and sso.jit_enabled)

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: Any) -> bool:
        return True

    def is_email_verified(self, provider: Any, email: str) -> bool:
        sso = selectors.sso_for_provider(getattr(provider, "sub_id", "") or "")
        return bool(sso and selectors.email_in_verified_domain(sso, email))

    def populate_user(self, request: HttpRequest, sociallogin: Any, data: dict[str, Any]) -> Any:
        user = super().populate_user(request, sociallogin, data)
        name = data.get("name") or " ".join(p for p in (data.get("last_name"), data.get("first_name")) if p)
        if name and hasattr(user, "name") and not getattr(user, "name", ""):
            user.name = name[:150]
        return user

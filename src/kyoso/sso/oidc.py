"""OpenID Connect through allauth's `openid_connect` provider, made strict.

allauth's stock adapter skips the ID token's signature when the token came straight from the token
endpoint and has no nonce. Kyoso's provider (installed through
``SOCIALACCOUNT_PROVIDERS["openid_connect"]["provider_class"]``) always sends PKCE and a nonce, and
its callback (`callback`, mounted in place of the stock one by `kyoso.sso.oidc_provider.urls`) always checks the signature against the issuer's
published keys, the issuer, the audience, the expiry and the nonce. Every call to the identity
provider goes through `kyoso.sso.fetch.GuardedSession`.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

import jwt
import requests
from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import Http404, HttpRequest, HttpResponse

# Asymmetric algorithms only: "none" and the HMAC family (keyed by the client secret) are refused.
ALLOWED_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384"})
CLOCK_SKEW_SECONDS = 60


def verify_id_token(
    id_token: str, *, jwks: dict[str, Any], issuer: str, client_id: str, nonce: str | None
) -> dict[str, Any]:
    """The ID token's claims after every check; raises OAuth2Error naming the one that failed."""
    try:
        header = jwt.get_unverified_header(id_token)
    except jwt.PyJWTError as exc:
        raise OAuth2Error(f"ID token unreadable: {exc}") from exc
    alg = header.get("alg")
    if alg not in ALLOWED_ALGORITHMS:
        raise OAuth2Error(f"ID token signed with a refused algorithm: {alg!r}")
    candidates = [
        key
        for key in jwks.get("keys", [])
        if isinstance(key, dict)
        and (header.get("kid") is None or key.get("kid") == header.get("kid"))
        and key.get("use", "sig") == "sig"
        and key.get("alg", alg) == alg
    ]
    if not candidates:
        raise OAuth2Error("no published key matches the ID token")
    algorithm = jwt.algorithms.get_default_algorithms()[alg]
    last_error: Exception | None = None
    for jwk in candidates:
        try:
            key = algorithm.from_jwk(json.dumps(jwk))
            claims = jwt.decode(
                id_token,
                key=key,
                algorithms=[alg],
                audience=client_id,
                issuer=issuer,
                leeway=CLOCK_SKEW_SECONDS,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
            break
        except (jwt.PyJWTError, ValueError) as exc:
            last_error = exc
    else:
        raise OAuth2Error(f"ID token refused: {last_error}")
    azp = claims.get("azp")
    if isinstance(claims.get("aud"), list) and len(claims["aud"]) > 1 and azp != client_id:
        raise OAuth2Error("ID token issued to another party (azp)")
    if not nonce or not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise OAuth2Error("ID token nonce does not match this sign-in")
    return claims


class KyosoOIDCAdapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    def fetch_jwks(self) -> dict[str, Any]:
        from kyoso.sso.fetch import GuardedSession

        with GuardedSession() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            data = response.json()
        if not isinstance(data, dict):
            raise OAuth2Error("the issuer's key set is not a JSON object")
        return data

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("the identity provider sent no ID token")
        config = self.openid_config
        configured = str(app.settings.get("issuer", "")).rstrip("/")
        if configured and str(config.get("issuer", "")).rstrip("/") != configured:
            raise OAuth2Error("the discovery document names another issuer")
        if "jwks_uri" not in config or "issuer" not in config:
            raise OAuth2Error("the discovery document has no jwks_uri or issuer")
        claims = verify_id_token(
            id_token,
            jwks=self.fetch_jwks(),
            issuer=config["issuer"],
            client_id=app.client_id,
            nonce=self.expected_nonce,
        )
        return self.get_provider().sociallogin_from_response(request, {"id_token": claims})


class KyosoOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = KyosoOIDCAdapter
    # allauth mounts ``<package>.urls``: the stock login view and Kyoso's strict callback.
    package = "kyoso.sso.oidc_provider"

    def get_oauth2_adapter(self, request: HttpRequest) -> KyosoOIDCAdapter:
        return KyosoOIDCAdapter(request, self.app.provider_id)

    def get_pkce_params(self) -> dict[str, Any]:
        from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge

        return generate_code_challenge()

    def redirect(
        self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None, **kwargs: Any
    ) -> HttpResponse:
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None)
        if auth_params is None:
            auth_params = self.get_auth_params()
        auth_params = dict(auth_params)
        auth_params["nonce"] = nonce
        kwargs.pop("nonce", None)
        try:
            return super().redirect(
                request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
            )
        except (requests.RequestException, OAuth2Error, KeyError, ValueError) as exc:
            # Discovery failed: the identity provider is down or misconfigured.
            return render_authentication_error(request, self, exception=exc)


provider_classes = [KyosoOIDCProvider]


class _CallbackView(OAuth2CallbackView):
    adapter: KyosoOIDCAdapter

    def _get_state(self, request: HttpRequest, provider: Any) -> Any:
        state, response = super()._get_state(request, provider)
        if state:
            self.adapter.expected_nonce = state.get("nonce")
        return state, response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = _CallbackView.adapter_view(KyosoOIDCAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None

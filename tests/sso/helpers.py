"""Driving a sign-in through the test identity provider the way a browser would."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import requests
from django.test import Client
from django.utils import timezone

from kyoso.accounts.models import User, Workspace
from kyoso.sso import services
from kyoso.sso.models import VerifiedDomain

CLIENT_SECRET = "kyoso-test-client-secret-0123456789"


def verified_domain(workspace: Workspace, domain: str) -> VerifiedDomain:
    return VerifiedDomain.objects.create(workspace=workspace, domain=domain, verified_at=timezone.now())


def configure_oidc(
    workspace: Workspace,
    owner: User,
    idp,
    *,
    jit: bool = True,
    role: str = "member",
    client_id: str | None = None,
    site: str = "http://testserver",
):  # type: ignore[no-untyped-def]
    client_id = client_id or f"kyoso-ws-{workspace.pk}-{workspace.created_at.timestamp()}"
    redirect_uri = f"{site}/accounts/oidc/ws-{workspace.pk}/login/callback/"
    response = requests.post(
        f"{idp.base}/register-client/",
        json={"client_id": client_id, "client_secret": CLIENT_SECRET, "redirect_uri": redirect_uri},
        timeout=10,
    )
    response.raise_for_status()
    return services.save_oidc(
        workspace=workspace,
        by=owner,
        issuer=idp.issuer,
        client_id=client_id,
        client_secret=CLIENT_SECRET,
        enabled=True,
        require_sso=False,
        jit_enabled=jit,
        jit_role=role,
    )


def start_sign_in(client: Client, email: str) -> str:
    """POST the address to Kyoso's SSO start page; returns the IdP authorize URL Kyoso sent us to."""
    return leaving_url(client.post("/sso/", {"email": email}))


def leaving_url(response) -> str:  # type: ignore[no-untyped-def]
    """The IdP address of Kyoso's "continuing to your company's sign-in page" page."""
    assert response.status_code == 200, response.content[:500]
    url = response.context["url"]
    assert f'content="0;url={url.replace("&", "&amp;")}"' in response.content.decode()
    return url


def idp_authorize(authorize_url: str, username: str, password: str) -> str:
    """Sign in at the test IdP; returns the URL the IdP redirects the browser back to (our callback)."""
    browser = requests.Session()
    r = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert r.status_code == 302, r.text[:300]
    login_url = requests.compat.urljoin(authorize_url, r.headers["Location"])
    r = browser.get(login_url, timeout=10)
    r.raise_for_status()
    r = browser.post(
        login_url,
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": login_url},
        allow_redirects=False,
        timeout=10,
    )
    assert r.status_code == 302, r.text[:500]
    r = browser.get(
        requests.compat.urljoin(login_url, r.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert r.status_code == 302, r.text[:500]
    return r.headers["Location"]


def finish(client: Client, callback_url: str):  # type: ignore[no-untyped-def]
    parts = urlsplit(callback_url)
    assert parts.netloc == "testserver", callback_url
    return client.get(f"{parts.path}?{parts.query}")


def with_param(url: str, **params: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def param(url: str, name: str) -> str:
    return parse_qs(urlsplit(url).query)[name][0]

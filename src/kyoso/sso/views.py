"""Sign-in by e-mail domain, the "this workspace needs SSO" page, and the owner's SSO settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts.access import owner_view
from kyoso.accounts.reauth import sensitive
from kyoso.core import limits
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.redirects import safe_next
from kyoso.sso import forms as f
from kyoso.sso import selectors, services
from kyoso.sso.models import Protocol


def _redirect_to_idp(request: HttpRequest, sso: Any, next_url: str) -> HttpResponse:
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.providers.base import AuthProcess

    provider = get_adapter(request).get_provider(request, provider=sso.provider_id)
    response = provider.redirect(request, AuthProcess.LOGIN, next_url=next_url)
    if response.status_code in (301, 302, 303, 307, 308):
        # Kyoso's Content-Security-Policy (form-action 'self') stops a form whose answer redirects
        # to another site; the browser leaves for the IdP from a page of its own instead.
        return render(request, "sso/redirect.html", {"url": response["Location"], "sso": sso})
    return response


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Enter the work address; a verified domain with SSO sends the browser to its identity provider."""
    form = f.EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if request.method == "POST" and form.is_valid():
        # The answer tells whether a domain signs in through SSO (it must: that is where the user
        # goes next), so guessing domains one after the other is slowed down per visitor address.
        usage, _spent = limits.throttle(
            request, action="sso_discovery", per_ip="KYOSO_SSO_DISCOVERY_PER_IP_PER_HOUR"
        )
        if usage is None:
            form.add_error(
                None,
                _(
                    "Too many look-ups from your network in the last hour. Wait a while and try again, "
                    "or sign in with your password."
                ),
            )
            return render(
                request, "sso/start.html", {"form": form, "next": safe_next(request, "")}, status=429
            )
        sso = selectors.sso_for_email(form.cleaned_data["email"])
        if sso is not None:
            return _redirect_to_idp(request, sso, safe_next(request, reverse("core:dashboard")))
        form.add_error(
            "email",
            _(
                "No workspace signs in this address's domain through single sign-on. Sign in with your password."
            ),
        )
    return render(
        request,
        "sso/start.html",
        {"form": form, "next": safe_next(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def enter(request: HttpRequest) -> HttpResponse:
    """The current workspace requires SSO and this session did not sign in through its IdP."""
    workspace = getattr(request, "workspace", None)
    if workspace is None:
        return redirect("core:dashboard")
    sso = selectors.active_sso(workspace.pk)
    if sso is None or not sso.require_sso or selectors.entered_through_sso(request.session, workspace.pk):
        return redirect(safe_next(request, reverse("core:dashboard")))
    if request.method == "POST":
        return _redirect_to_idp(request, sso, safe_next(request, reverse("core:dashboard")))
    from kyoso.accounts.services import workspaces_of

    others = [w for w in workspaces_of(request.user) if w.pk != workspace.pk]
    return render(request, "sso/enter.html", {"sso": sso, "workspace": workspace, "others": others})


def _context(request: HttpRequest, **bound: Any) -> dict[str, Any]:
    workspace = request.workspace  # type: ignore[attr-defined]
    sso = selectors.settings_for_owner(workspace)
    rules = {
        "enabled": sso.enabled if sso else False,
        "require_sso": sso.require_sso if sso else False,
        "jit_enabled": sso.jit_enabled if sso else False,
        "jit_role": sso.jit_role if sso else "member",
    }
    oidc_initial = {
        **rules,
        "oidc_issuer": sso.oidc_issuer if sso else "",
        "oidc_client_id": sso.oidc_client_id if sso else "",
    }
    saml_initial = {**rules, "saml_metadata_url": sso.saml_metadata_url if sso else ""}
    acs = metadata = ""
    if sso is not None:
        acs = request.build_absolute_uri(reverse("saml_acs", args=[sso.provider_id]))
        metadata = request.build_absolute_uri(reverse("saml_metadata", args=[sso.provider_id]))
    provider_id = sso.provider_id if sso else f"{selectors.PROVIDER_PREFIX}{workspace.pk}"
    return {
        "sso": sso,
        "oidc_form": bound.get("oidc_form") or f.OIDCForm(initial=oidc_initial),
        "saml_form": bound.get("saml_form") or f.SAMLForm(initial=saml_initial),
        "domain_form": bound.get("domain_form") or f.DomainForm(),
        "domains": selectors.domains_of(workspace),
        "sign_out_members": selectors.members_to_sign_out(workspace),
        "redirect_uri": request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": provider_id})
        ),
        "saml_acs": acs or request.build_absolute_uri(reverse("saml_acs", args=[provider_id])),
        "saml_entity_id": metadata
        or request.build_absolute_uri(reverse("saml_metadata", args=[provider_id])),
        "proven": selectors.entered_through_sso(request.session, workspace.pk),
        "tab": bound.get("tab") or (sso.protocol if sso else Protocol.OIDC),
    }


def _render(request: HttpRequest, status: int = 200, **bound: Any) -> HttpResponse:
    return render(request, "sso/settings.html", _context(request, **bound), status=status)


@owner_view
@require_http_methods(["GET"])
def settings_page(request: HttpRequest) -> HttpResponse:
    return _render(request)


def _rules(request: HttpRequest, form: Any) -> dict[str, Any]:
    """The settings both protocols share: switched on, SSO required, just-in-time membership."""
    return {
        "enabled": form.cleaned_data["enabled"],
        "require_sso": form.cleaned_data["require_sso"],
        "jit_enabled": form.cleaned_data["jit_enabled"],
        "jit_role": form.cleaned_data["jit_role"],
        "proven_by_sso": selectors.entered_through_sso(request.session, request.workspace.pk),  # type: ignore[attr-defined]
    }


@owner_view
@require_POST
@sensitive
def save_oidc(request: HttpRequest) -> HttpResponse:
    form = f.OIDCForm(request.POST)
    if form.is_valid():
        try:
            services.save_oidc(
                workspace=request.workspace,  # type: ignore[attr-defined]
                by=request.user,  # type: ignore[arg-type]
                issuer=form.cleaned_data["oidc_issuer"],
                client_id=form.cleaned_data["oidc_client_id"],
                client_secret=form.cleaned_data["oidc_client_secret"],
                **_rules(request, form),
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("OpenID Connect settings saved."))
            return redirect("sso:settings")
    return _render(request, status=400, oidc_form=form, tab=Protocol.OIDC)


@owner_view
@require_POST
@sensitive
def save_saml(request: HttpRequest) -> HttpResponse:
    form = f.SAMLForm(request.POST)
    if form.is_valid():
        try:
            services.save_saml(
                workspace=request.workspace,  # type: ignore[attr-defined]
                by=request.user,  # type: ignore[arg-type]
                metadata_url=form.cleaned_data["saml_metadata_url"] or "",
                metadata_xml=form.cleaned_data["saml_metadata_xml"],
                **_rules(request, form),
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("SAML settings saved."))
            return redirect("sso:settings")
    return _render(request, status=400, saml_form=form, tab=Protocol.SAML)


@owner_view
@require_POST
@sensitive
def domain_add(request: HttpRequest) -> HttpResponse:
    form = f.DomainForm(request.POST)
    if form.is_valid():
        try:
            record = services.add_domain(
                workspace=request.workspace,  # type: ignore[attr-defined]
                by=request.user,  # type: ignore[arg-type]
                domain=form.cleaned_data["domain"],
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(
                request,
                _("Domain added. Publish the TXT record %(record)s at %(domain)s, then press Check.")
                % {"record": record.txt_record, "domain": record.domain},
            )
            return redirect("sso:settings")
    return _render(request, status=400, domain_form=form)


def _domain(request: HttpRequest, pk: int) -> Any:
    record = selectors.domain_in(request.workspace, pk)  # type: ignore[attr-defined]
    if record is None:
        raise Http404
    return record


@owner_view
@require_POST
def domain_verify(request: HttpRequest, pk: int) -> HttpResponse:
    record = _domain(request, pk)
    try:
        services.verify_domain(record=record, by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(domain)s is verified.") % {"domain": record.domain})
    return redirect("sso:settings")


@owner_view
@require_POST
@sensitive
def domain_remove(request: HttpRequest, pk: int) -> HttpResponse:
    record = _domain(request, pk)
    services.remove_domain(record=record, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(domain)s removed.") % {"domain": record.domain})
    return redirect("sso:settings")


@owner_view
@require_POST
@sensitive
def end_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.members_to_sign_out(request.workspace).filter(pk=pk).first()  # type: ignore[attr-defined]
    if membership is None:
        raise Http404
    count = services.end_sessions(workspace=request.workspace, user=membership.user, by=request.user)  # type: ignore[attr-defined,arg-type]
    messages.success(
        request,
        _("%(name)s is signed out of %(count)d sessions.") % {"name": membership.user.email, "count": count},
    )
    return redirect("sso:settings")

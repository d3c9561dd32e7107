"""Settings pages: API tokens (everyone, service tokens for owners) and webhooks (owners)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts.access import member_view, owner_view, scoped
from kyoso.accounts.reauth import require_recent_authentication, sensitive
from kyoso.api import selectors, services, webhooks
from kyoso.api.forms import TokenForm, WebhookForm
from kyoso.api.models import SCOPE_APPS, TokenKind, WebhookDelivery, WebhookEndpoint
from kyoso.core.errors import DomainError, add_form_error
from kyoso.sso import entry

PAGE_SIZE = 50


def _token_page(
    request: HttpRequest, form: TokenForm, *, created: tuple | None = None, status: int = 200
) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    tokens = selectors.tokens_visible_to(request.user, workspace).order_by("-created_at")[:200]  # type: ignore[arg-type]
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "created": created, "scope_apps": SCOPE_APPS},
        status=status,
    )


def _can_create_service(request: HttpRequest) -> bool:
    membership = getattr(request, "membership", None)
    return bool(membership and membership.is_owner)


@member_view()
@sensitive
def tokens(request: HttpRequest) -> HttpResponse:
    """List tokens; POST creates one and shows its secret once (never stored, never shown again)."""
    can_service = _can_create_service(request)
    if request.method != "POST":
        return _token_page(request, TokenForm(can_create_service=can_service))
    form = TokenForm(request.POST, can_create_service=can_service)
    if form.is_valid():
        data = form.cleaned_data
        kind = data["kind"]
        bind = kind == TokenKind.SERVICE or data["bind_workspace"]
        days = data.get("expires")
        workspace = request.workspace if bind else None  # type: ignore[attr-defined]
        refusal = entry.new_token_refusal(request.session, request.user, workspace)
        if refusal is not None:
            form.add_error(
                "bind_workspace",
                _(
                    "%(workspace)s requires two-factor authentication or single sign-on, which this "
                    "session has not met; a token bound to no workspace would reach it. Bind the token "
                    "to this workspace, or sign in as %(workspace)s requires first."
                )
                % {"workspace": refusal[1].name},
            )
            return _token_page(request, form, status=400)
        try:
            token, raw = services.create_token(
                by=request.user,  # type: ignore[arg-type]
                name=data["name"],
                scopes=form.scopes(),
                kind=kind,
                workspace=workspace,
                expires_at=timezone.now() + timedelta(days=int(days)) if days else None,
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            response = _token_page(request, TokenForm(can_create_service=can_service), created=(token, raw))
            response["Cache-Control"] = "no-store"
            return response
    return _token_page(request, form, status=400)


@member_view()
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    visible = selectors.tokens_visible_to(request.user, request.workspace)  # type: ignore[arg-type, attr-defined]
    token = get_object_or_404(visible, pk=pk)
    services.revoke_token(token=token, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("Token revoked. Scripts using it now get 401."))
    return redirect("api_settings:tokens")


@owner_view
def webhook_list(request: HttpRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = webhooks.create_endpoint(
                    workspace=request.workspace,  # type: ignore[attr-defined]
                    url=form.cleaned_data["url"],
                    events=form.cleaned_data["events"],
                    description=form.cleaned_data["description"],
                    by=request.user,  # type: ignore[arg-type]
                )
                form = WebhookForm()
            except DomainError as exc:
                add_form_error(form, exc)
                status = 400
        else:
            status = 400
    endpoints = scoped(request, WebhookEndpoint).order_by("-created_at")[:100]
    response = render(
        request,
        "api/webhooks.html",
        {"form": form, "endpoints": endpoints, "created": created},
        status=status,
    )
    if created:
        response["Cache-Control"] = "no-store"
    return response


@owner_view
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(scoped(request, WebhookEndpoint), pk=pk)
    deliveries = scoped(request, WebhookDelivery).filter(endpoint=endpoint).order_by("-created_at", "-id")
    page = Paginator(deliveries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "api/webhook_detail.html", {"endpoint": endpoint, "page": page, "query": ""})


@owner_view
@require_POST
def webhook_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    endpoint = get_object_or_404(scoped(request, WebhookEndpoint), pk=pk)
    if action == "test":
        webhooks.send_test(endpoint, by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Test delivery queued. Its result appears in the log below."))
    elif action in {"enable", "disable"}:
        webhooks.update_endpoint(endpoint=endpoint, by=request.user, is_enabled=action == "enable")  # type: ignore[arg-type]
        messages.success(request, _("Webhook enabled.") if action == "enable" else _("Webhook disabled."))
    elif action == "delete":
        require_recent_authentication(request)
        webhooks.delete_endpoint(endpoint=endpoint, by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Webhook deleted."))
        return redirect("api_settings:webhooks")
    else:
        return HttpResponse(status=404)
    return redirect("api_settings:webhook_detail", pk=endpoint.pk)

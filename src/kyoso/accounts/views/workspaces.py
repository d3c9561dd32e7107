"""Create, rename, switch and leave workspaces."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts import selectors, services
from kyoso.accounts.access import member_view, owner_view
from kyoso.accounts.forms import MfaPolicyForm, WorkspaceForm
from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.reauth import sensitive
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.redirects import safe_next


@login_required
@require_http_methods(["GET", "POST"])
def workspace_create(request: HttpRequest) -> HttpResponse:
    form = WorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workspace = services.create_workspace(name=form.cleaned_data["name"], by=request.user)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            request.session[SESSION_WORKSPACE_KEY] = workspace.pk
            messages.success(request, _("Workspace created."))
            return redirect("core:dashboard")
    return render(request, "accounts/workspace_create.html", {"form": form})


@login_required
@require_POST
def workspace_switch(request: HttpRequest) -> HttpResponse:
    try:
        workspace_id = int(request.POST.get("workspace", ""))
    except ValueError:
        raise Http404 from None
    workspace = selectors.member_workspace(request.user, workspace_id)
    if workspace is None:
        raise Http404
    request.session[SESSION_WORKSPACE_KEY] = workspace.pk
    return redirect(safe_next(request, reverse("core:dashboard")))


def _settings_page(
    request: HttpRequest, form: WorkspaceForm, mfa_form: MfaPolicyForm, status: int = 200
) -> HttpResponse:
    return render(
        request, "accounts/workspace_settings.html", {"form": form, "mfa_form": mfa_form}, status=status
    )


@owner_view
@require_http_methods(["GET", "POST"])
def workspace_settings(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    form = WorkspaceForm(request.POST or None, initial={"name": workspace.name})
    mfa_form = MfaPolicyForm(initial={"mfa_required": workspace.mfa_required})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_workspace(workspace=workspace, name=form.cleaned_data["name"], by=request.user)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Workspace renamed."))
            return redirect("accounts:workspace_settings")
    return _settings_page(request, form, mfa_form, status=400 if request.method == "POST" else 200)


@owner_view
@require_POST
@sensitive
def workspace_mfa(request: HttpRequest) -> HttpResponse:
    """The owner's switch "members must use two-factor authentication" (after re-authentication)."""
    workspace = request.workspace  # type: ignore[attr-defined]
    mfa_form = MfaPolicyForm(request.POST)
    if mfa_form.is_valid():
        try:
            services.set_mfa_required(
                workspace=workspace, required=mfa_form.cleaned_data["mfa_required"], by=request.user
            )
        except DomainError as exc:
            add_form_error(mfa_form, exc)
        else:
            if workspace.mfa_required:
                messages.success(
                    request, _("Members now need two-factor authentication to open this workspace.")
                )
            else:
                messages.success(
                    request, _("Two-factor authentication is no longer required in this workspace.")
                )
            return redirect("accounts:workspace_settings")
    form = WorkspaceForm(initial={"name": workspace.name})
    return _settings_page(request, form, mfa_form, status=400)


@member_view()
@require_POST
def workspace_leave(request: HttpRequest) -> HttpResponse:
    try:
        services.remove_member(membership=request.membership, by=request.user)  # type: ignore[attr-defined]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accounts:members")
    request.session.pop(SESSION_WORKSPACE_KEY, None)
    messages.success(request, _("You left the workspace."))
    return redirect("core:dashboard")

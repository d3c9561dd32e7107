"""A person's own data (download, erase) and the owner's erasure and disclosure pages (APPI)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kyoso.accounts import services
from kyoso.accounts.access import owner_view
from kyoso.accounts.forms import EraseAccountForm, EraseWorkspaceForm, PersonExportForm
from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.reauth import sensitive
from kyoso.accounts.views.auth import forget_this_device
from kyoso.core.downloads import as_attachment
from kyoso.core.errors import DomainError, add_form_error


def download(filename: str, content_type: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    as_attachment(response, filename)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own data as JSON (a ZIP when they uploaded files)."""
    return download(*services.export_user_file(by=request.user, user=request.user))  # type: ignore[arg-type]


@login_required
@require_http_methods(["GET", "POST"])
def erase_me(request: HttpRequest) -> HttpResponse:
    form = EraseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            label = services.erase_user(by=request.user, user=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            logout(request)
            messages.success(
                request,
                _("Your account has been erased. Records you wrote now show %(label)s.") % {"label": label},
            )
            return forget_this_device(redirect("account_login"))
    return render(request, "accounts/erase_account.html", {"form": form})


@owner_view
@require_http_methods(["GET", "POST"])
@sensitive  # nothing else deletes as much: the owner confirms who they are first, as for a role change
def workspace_erase(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    form = EraseWorkspaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = workspace.name
        try:
            services.erase_workspace(
                by=request.user, workspace=workspace, confirm_name=form.cleaned_data["confirm_name"]
            )  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            request.session.pop(SESSION_WORKSPACE_KEY, None)
            messages.success(
                request, _("The workspace %(name)s and everything in it have been deleted.") % {"name": name}
            )
            return redirect("accounts:profile")
    return render(
        request, "accounts/workspace_erase.html", {"form": form}, status=400 if form.errors else 200
    )


@owner_view
@require_http_methods(["GET", "POST"])
def person_export(request: HttpRequest) -> HttpResponse:
    """The owner answers a disclosure request: what this workspace stores about one e-mail address."""
    workspace = request.workspace  # type: ignore[attr-defined]
    form = PersonExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            data = services.export_person(by=request.user, email=email, workspace=workspace)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            return download(*services.export_file(data, [], stem=f"kyoso-personal-data-{workspace.slug}"))
    return render(request, "accounts/person_export.html", {"form": form}, status=400 if form.errors else 200)

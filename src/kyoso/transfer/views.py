"""Workspace settings → Export and import: the owner moves a whole workspace between instances."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts.access import owner_view
from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.reauth import sensitive
from kyoso.core.errors import DomainError, add_form_error
from kyoso.transfer import selectors, services
from kyoso.transfer.forms import ImportForm
from kyoso.transfer.models import ExportStatus


def _page(request: HttpRequest, form: ImportForm, status: int = 200) -> HttpResponse:
    exports = selectors.exports_of(request.user, request.workspace)[:5]  # type: ignore[attr-defined]
    return render(request, "transfer/home.html", {"form": form, "exports": exports}, status=status)


@owner_view
def home(request: HttpRequest) -> HttpResponse:
    return _page(request, ImportForm())


@owner_view
@require_POST
@sensitive
def export_start(request: HttpRequest) -> HttpResponse:
    try:
        job = services.start_export(workspace=request.workspace, by=request.user)  # type: ignore[attr-defined,arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("transfer:home")
    return redirect("transfer:export_job", pk=job.pk)


@owner_view
def export_job(request: HttpRequest, pk: int) -> HttpResponse:
    """The waiting page of an export: progress while it is written, then the download."""
    job = get_object_or_404(selectors.exports_of(request.user, request.workspace), pk=pk)  # type: ignore[attr-defined]
    if request.headers.get("HX-Request"):
        response = render(request, "transfer/partials/export_progress.html", {"job": job})
        if job.is_finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "transfer/export_job.html", {"job": job})


@owner_view
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        selectors.exports_of(request.user, request.workspace),  # type: ignore[attr-defined]
        pk=pk,
        status=ExportStatus.DONE,
    )
    if not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@owner_view
@require_http_methods(["POST"])
def import_archive(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        result = services.import_upload(
            upload=form.cleaned_data["archive"],
            slug=form.cleaned_data["slug"] or "",
            by=request.user,  # type: ignore[arg-type]
        )
    except DomainError as exc:
        add_form_error(form, exc)
        return _page(request, form, status=400)
    request.session[SESSION_WORKSPACE_KEY] = result.workspace.pk
    messages.success(
        request,
        _(
            "Workspace “%(name)s” imported: %(records)s records and %(files)s files. "
            "%(created)s people got a new account; they sign in after setting a password by "
            "“Forgot your password?”."
        )
        % {
            "name": result.workspace.name,
            "records": f"{sum(result.counts.values()):,}",
            "files": result.files,
            "created": len(result.users_created),
        },
    )
    return redirect("core:dashboard")

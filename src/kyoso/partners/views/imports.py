"""Import page: upload → check (error table, or a preview and counts) → confirm → result/progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError
from kyoso.partners import services
from kyoso.partners.forms import ImportForm
from kyoso.partners.importing import COLUMNS, MAX_BYTES
from kyoso.partners.models import ImportJob


@member_view(write=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)s MB; split it into smaller files.")
                % {"mb": MAX_BYTES // 1024 // 1024},
            )
        else:
            job = services.check_upload(
                workspace=request.workspace,
                data=upload.read(),
                filename=upload.name,
                by=request.user,  # type: ignore[attr-defined]
            )
            return redirect("partners:import_job", pk=job.pk)
    recent = scoped(request, ImportJob).defer("data").order_by("-created_at")[:5]
    return render(
        request,
        "partners/import.html",
        {"form": form, "columns": COLUMNS, "recent": recent},
        status=400 if form.errors else 200,
    )


@member_view(write=True)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(scoped(request, ImportJob).defer("data"), pk=pk)
    if request.method == "POST":
        try:
            job = services.confirm_import(job=job, by=request.user, request=request)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("partners:import_job", pk=job.pk)
    template = (
        "partners/partials/import_progress.html"
        if request.headers.get("HX-Request")
        else "partners/import_job.html"
    )
    return render(request, template, {"job": job, "columns": COLUMNS})

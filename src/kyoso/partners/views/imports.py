"""Import page: upload → check (error table, or a preview and counts) → confirm → result/progress."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from kyoso.accounts.access import member_view, scoped
from kyoso.core import uploads
from kyoso.core.errors import DomainError, add_form_error
from kyoso.partners import services
from kyoso.partners.forms import ImportForm
from kyoso.partners.importing import COLUMNS
from kyoso.partners.models import ImportJob


@member_view(write=True, form=True)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # the size is checked before the file is read into memory
            uploads.check(uploads.IMPORTS, name=upload.name, size=upload.size)
            job = services.prepare_import(
                workspace=request.workspace,
                data=upload.read(),
                filename=upload.name,
                by=request.user,  # type: ignore[attr-defined]
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            return redirect("partners:import_job", pk=job.pk)
    recent = scoped(request, ImportJob).defer("data").order_by("-created_at")[:5]
    return render(
        request,
        "partners/import.html",
        {"form": form, "columns": COLUMNS, "recent": recent},
        status=400 if form.errors else 200,
    )


@member_view(write=True, form=True)
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(scoped(request, ImportJob).defer("data"), pk=pk)
    if request.method == "POST":
        try:
            job = services.confirm_import(job=job, by=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("partners:import_job", pk=job.pk)
    template = (
        "partners/partials/import_progress.html"
        if request.headers.get("HX-Request")
        else "partners/import_job.html"
    )
    return render(request, template, {"job": job, "columns": COLUMNS})

"""The partner's shared space: only the partner audience, never the corporate's internal records.

Workspace members may open the same page as a preview of what the partner sees
(`shared_preview`: their records are filtered to `visibility=shared` the same way).
Reads go through `projects.selectors`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts import audit
from kyoso.accounts.invitation_flow import accept_with_account, invitation_unusable
from kyoso.accounts.models import AuditAction, User
from kyoso.core.errors import DomainError, add_form_error
from kyoso.projects import forms as f
from kyoso.projects import selectors, services
from kyoso.projects.models import (
    Contract,
    Document,
    PartnerInvitation,
    Project,
)
from kyoso.projects.views.project import serve_document


def _shared_project(request: HttpRequest, pk: int) -> tuple[Project, bool]:
    found = selectors.shared_space(request.user, getattr(request, "workspace", None), pk)
    if found is None:
        raise Http404
    return found


def _space_records(request: HttpRequest, model: type[Any], project: Project, as_partner: bool) -> Any:
    return selectors.space_records(
        model,
        user=request.user,
        workspace=getattr(request, "workspace", None),
        project=project,
        as_partner=as_partner,
    )


@login_required
def partner_home(request: HttpRequest) -> HttpResponse:
    projects = list(selectors.partner_projects(request.user).order_by("-updated_at")[:100])
    return render(request, "projects/shared/home.html", {"projects": projects})


@login_required
def partner_project(request: HttpRequest, pk: int) -> HttpResponse:
    project, as_partner = _shared_project(request, pk)
    user = request.user
    records = selectors.shared_space_records(
        user=user, workspace=getattr(request, "workspace", None), project=project, as_partner=as_partner
    )
    if as_partner:
        audit.record(actor=user, action=AuditAction.VIEW, obj=project, changes={"shared_space": True})
    return render(
        request,
        "projects/shared/project.html",
        {
            "project": project,
            "as_partner": as_partner,
            "preview": not as_partner,
            **records,
            "log_form": f.PartnerLogEntryForm(),
            "note_form": f.PartnerNoteForm(),
            "document_form": f.PartnerDocumentForm(),
        },
    )


def _partner_only(request: HttpRequest, pk: int) -> Project:
    project = selectors.partner_project(request.user, pk)
    if project is None:
        raise Http404
    return project


def _partner_action(request: HttpRequest, pk: int, form: Any, run: Any, success: str) -> HttpResponse:
    project = _partner_only(request, pk)
    if form.is_valid():
        try:
            run(project, form)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("projects:partner_project", pk=project.pk)
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("projects:partner_project", pk=project.pk)


@login_required
@require_POST
def partner_log_add(request: HttpRequest, pk: int) -> HttpResponse:
    def run(p: Project, form: Any) -> None:
        services.add_log_entry(
            project=p,
            by=request.user,
            date=form.cleaned_data["date"],
            kind=form.cleaned_data["kind"],
            parties="both",
            attendees=form.cleaned_data["attendees"],
            note=form.cleaned_data["note"],
            files=request.FILES.getlist("attachments"),
            by_partner=True,
        )

    return _partner_action(
        request, pk, f.PartnerLogEntryForm(request.POST, request.FILES), run, _("Log entry added.")
    )


@login_required
@require_POST
def partner_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_action(
        request,
        pk,
        f.PartnerNoteForm(request.POST),
        lambda p, form: services.add_note(
            project=p, by=request.user, body=form.cleaned_data["body"], by_partner=True
        ),
        _("Comment added."),
    )


@login_required
@require_POST
def partner_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _partner_action(
        request,
        pk,
        f.PartnerDocumentForm(request.POST, request.FILES),
        lambda p, form: services.upload_document(
            project=p, by=request.user, file=form.cleaned_data["file"], by_partner=True
        ),
        _("File uploaded."),
    )


@login_required
def partner_document(request: HttpRequest, pk: int, did: int) -> HttpResponse:
    project, as_partner = _shared_project(request, pk)
    qs = _space_records(request, Document, project, as_partner)
    doc = get_object_or_404(qs.select_related("project__workspace"), pk=did)
    return serve_document(request, doc)


@login_required
def partner_contract(request: HttpRequest, pk: int, cid: int) -> HttpResponse:
    project, as_partner = _shared_project(request, pk)
    contract = get_object_or_404(_space_records(request, Contract, project, as_partner), pk=cid)
    audit.record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=contract,
        workspace=project.workspace,
        changes={"shared_space": True},
    )
    review = selectors.contract_review(contract, lang=getattr(request, "LANGUAGE_CODE", "ja")[:2])
    return render(
        request, "projects/shared/contract.html", {"project": project, "contract": contract, "review": review}
    )


@require_http_methods(["GET", "POST"])
def partner_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.find_partner_invitation(token)
    except DomainError as exc:
        return invitation_unusable(request, exc, model=PartnerInvitation, token=token)

    def accept(user: User) -> HttpResponse:
        access = services.accept_partner_invitation(token=token, by=user)
        messages.success(
            request, _("You joined the shared space of %(project)s.") % {"project": access.project.title}
        )
        return redirect("projects:partner_project", pk=access.project_id)

    return accept_with_account(
        request, invitation=invitation, template="projects/shared/accept.html", accept=accept
    )

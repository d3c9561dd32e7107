"""Library pages, retrospective forms, similar past cases, and the partner's own view.

Members reach records only through `scoped()`; partner users only through
`for_partner` querysets (they never see an internal retrospective).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts import audit
from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.models import AuditAction
from kyoso.accounts.reauth import sensitive
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.language import current_language
from kyoso.knowledge import selectors, services
from kyoso.knowledge.causes import CAUSE_LABELS, CAUSES
from kyoso.knowledge.forms import AttachmentForm, PartnerViewForm, RetrospectiveForm
from kyoso.knowledge.models import (
    Outcome,
    PartnerKind,
    Retrospective,
    RetrospectiveAttachment,
    StageReached,
)
from kyoso.projects.models import Project

PAGE_SIZE = 20


def _retro(request: HttpRequest, pk: int) -> Retrospective:
    return get_object_or_404(scoped(request, Retrospective).select_related("project", "written_by"), pk=pk)


def _project(request: HttpRequest, pk: int) -> Project:
    return get_object_or_404(scoped(request, Project).select_related("workspace"), pk=pk)


# The causes are one service input shown as one widget per cause: their errors go on the first.
CAUSE_FIELDS = {"causes": f"cause_{CAUSES[0]}"}


def _cause_options() -> list[dict[str, str]]:
    return [{"id": c, "label": str(CAUSE_LABELS[c])} for c in CAUSES]


# --------------------------------------------------------------------------- library


@member_view()
def library(request: HttpRequest) -> HttpResponse:
    filters = selectors.LibraryFilters.from_params(request.GET)
    qs = scoped(request, Retrospective)
    try:
        page_no = max(1, int(request.GET.get("page") or 1))
    except ValueError:
        page_no = 1
    rows, total, reasons = selectors.library(
        qs,
        filters,
        workspace_id=request.workspace.pk,
        lang=current_language(),  # type: ignore[attr-defined]
        offset=(page_no - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )
    page = Paginator(range(total), PAGE_SIZE).get_page(page_no)
    for row in rows:
        row.reasons = reasons.get(row.pk, [])  # type: ignore[attr-defined]
    projects = scoped(request, Project)
    context = {
        "rows": rows,
        "total": total,
        "page": page,
        "query": filters.as_query(),
        "filters": filters,
        "facets": selectors.facets(qs),
        "causes": _cause_options(),
        "kinds": PartnerKind.choices,
        "stages": StageReached.choices,
        "outcomes": Outcome.choices,
        "waiting": selectors.awaiting_retrospective(projects, limit=5),
        "live_projects": list(
            projects.exclude(stage__in=selectors.CLOSED_STAGES)
            .order_by("title", "pk")
            .only("id", "title")[:200]
        ),
    }
    template = "knowledge/_results.html" if request.headers.get("HX-Request") else "knowledge/library.html"
    return render(request, template, context)


@member_view()
def awaiting(request: HttpRequest) -> HttpResponse:
    projects = selectors.awaiting_retrospective(scoped(request, Project), limit=200)
    return render(request, "knowledge/awaiting.html", {"projects": projects})


@member_view()
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    retro = _retro(request, pk)
    causes = list(retro.causes.all())
    sides = selectors.partner_sides(request.user, request.workspace, retro.project)  # type: ignore[attr-defined]
    partner_view = sides["partner_view"]
    return render(
        request,
        "knowledge/detail.html",
        {
            "retro": retro,
            "causes": causes,
            "attachments": list(scoped(request, RetrospectiveAttachment).filter(retrospective=retro)),
            "partner_view": partner_view,
            "partner_causes": [
                {"label": CAUSE_LABELS.get(c, c), "weight": w}
                for c, w in (partner_view.causes if partner_view else {}).items()
                if c in CAUSE_LABELS
            ],
            "has_partner": sides["has_partner"],
            "partner_agreed": sides["partner_agreed"],
            "attachment_form": AttachmentForm(),
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
        },
    )


@member_view(write=True, form=True)
def create(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = _project(request, project_pk)
    context_defaults = services.project_context(project)
    outcome = {"commercialisation": Outcome.COMMERCIALISED, "stopped": Outcome.STOPPED}.get(
        project.stage, Outcome.PAUSED
    )
    initial = {
        "outcome": outcome,
        "written_on": timezone.localdate(),
        "industry": context_defaults["industry"],
        "partner_kind": context_defaults["partner_kind"],
        "stage_reached": context_defaults["stage_reached"],
        "what_failed": project.stopped_reason if project.stage == "stopped" else "",
    }
    form = RetrospectiveForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("cause_")}
        try:
            retro = services.create_retrospective(
                project=project, by=request.user, causes=form.causes(), **data
            )  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc, fields=CAUSE_FIELDS)
        else:
            messages.success(request, _("The retrospective is in the lessons library."))
            return redirect("knowledge:detail", pk=retro.pk)
    return render(request, "knowledge/form.html", {"form": form, "project": project, "retro": None})


@member_view(write=True, form=True)
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    retro = _retro(request, pk)
    initial = {name: getattr(retro, name) for name in RetrospectiveForm.base_fields}
    form = RetrospectiveForm(request.POST or None, initial=initial, causes=retro.weights())
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("cause_")}
        try:
            services.update_retrospective(retrospective=retro, by=request.user, causes=form.causes(), **data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc, fields=CAUSE_FIELDS)
        else:
            messages.success(request, _("Saved."))
            return redirect("knowledge:detail", pk=retro.pk)
    return render(request, "knowledge/form.html", {"form": form, "project": retro.project, "retro": retro})


@member_view(write=True)
@require_POST
@sensitive
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    retro = _retro(request, pk)
    services.delete_retrospective(retrospective=retro, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The retrospective was deleted."))
    return redirect("knowledge:library")


@member_view(write=True)
@require_POST
def share(request: HttpRequest, pk: int) -> HttpResponse:
    retro = _retro(request, pk)
    agreed = request.POST.get("agreed") == "1"
    exchanged = services.set_corporate_agreement(retrospective=retro, by=request.user, agreed=agreed)  # type: ignore[arg-type]
    if exchanged:
        messages.success(request, _("Both sides agreed: the views are exchanged."))
    elif agreed:
        messages.success(
            request, _("Your agreement is recorded. The views are exchanged once the partner agrees too.")
        )
    else:
        messages.success(request, _("Agreement withdrawn: the partner no longer sees this retrospective."))
    return redirect("knowledge:detail", pk=retro.pk)


@member_view(write=True)
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    retro = _retro(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_attachment(retrospective=retro, by=request.user, file=form.cleaned_data["file"])  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("File attached."))
    else:
        messages.error(request, _("Choose a file."))
    return redirect("knowledge:detail", pk=retro.pk)


@member_view()
def attachment_download(request: HttpRequest, pk: int, aid: int) -> HttpResponse:
    retro = _retro(request, pk)
    attachment = get_object_or_404(
        scoped(request, RetrospectiveAttachment).filter(retrospective=retro), pk=aid
    )
    audit.record(
        actor=request.user,
        action=AuditAction.VIEW,
        obj=attachment,
        changes={"downloaded": attachment.name},
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --------------------------------------------------------------------------- similar past cases


@member_view()
def similar(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = _project(request, project_pk)
    matches = selectors.similar_cases(
        project, scoped(request, Retrospective), selectors.diagnoses_for(request), top=5
    )
    language = current_language()
    rows = [
        {"retro": retro, "score": round(m.score * 100), "reasons": [r.text(language) for r in m.reasons]}
        for retro, m in matches
    ]
    template = "knowledge/_similar.html" if request.headers.get("HX-Request") else "knowledge/similar.html"
    return render(request, template, {"project": project, "rows": rows})


@member_view()
def similar_pick(request: HttpRequest) -> HttpResponse:
    pk = request.GET.get("project") or ""
    if not pk.isdigit():
        return redirect("knowledge:library")
    return redirect("knowledge:similar", project_pk=int(pk))


# --------------------------------------------------------------------------- the partner's side


def _partner_project(request: HttpRequest, pk: int) -> Project:
    project = selectors.partner_project(request.user, pk)
    if project is None:
        raise Http404
    return project


@login_required
def partner_home(request: HttpRequest) -> HttpResponse:
    rows = selectors.partner_views_home(request.user)
    if not rows:  # no shared space: not their page, nor in their menu
        return redirect("core:dashboard")
    return render(request, "knowledge/partner_home.html", {"rows": rows})


@login_required
def partner_view(request: HttpRequest, project_pk: int) -> HttpResponse:
    project = _partner_project(request, project_pk)
    view = selectors.partner_view_of(request.user, project)
    initial: dict[str, Any] = {}
    if view is not None:
        initial = {
            "what_worked": view.what_worked,
            "what_failed": view.what_failed,
            "lessons": view.lessons,
            "share_agreed": view.share_agreed,
        }
    form = PartnerViewForm(request.POST or None, initial=initial, causes=view.causes if view else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_partner_view(
                project=project,
                by=request.user,
                what_worked=data["what_worked"],
                what_failed=data["what_failed"],  # type: ignore[arg-type]
                lessons=data["lessons"],
                causes=form.causes(),
                share_agreed=data["share_agreed"],
            )
        except DomainError as exc:
            add_form_error(form, exc, fields=CAUSE_FIELDS)
        else:
            messages.success(request, _("Your view is saved."))
            return redirect("knowledge:partner_view", project_pk=project.pk)
    corporate = selectors.shared_retrospectives(request.user, project)
    return render(
        request,
        "knowledge/partner_view.html",
        {"project": project, "form": form, "view": view, "corporate": corporate},
    )

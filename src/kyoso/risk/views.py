"""Risk pages: portfolio heat map, a project's diagnosis, the warnings list. Members only."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.apps import apps
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError
from kyoso.core.language import current_language
from kyoso.core.redirects import safe_next
from kyoso.risk import selectors, services
from kyoso.risk.models import WARNING_KIND_LABELS, Diagnosis, RiskWarning, WarningStatus

HEAT_MAP_PAGE_SIZE = 50


def project_model() -> Any:
    return apps.get_model("projects", "Project")


@member_view()
@require_safe
def heat_map(request: HttpRequest) -> HttpResponse:
    sort = request.GET.get("sort", "overall")
    if sort not in selectors.SORT_FIELDS:
        sort = "overall"
    descending = request.GET.get("dir", "desc" if sort != "title" else "asc") != "asc"
    include_stopped = request.GET.get("stopped") == "1"
    table = selectors.HeatMapRows(
        scoped(request, Diagnosis),
        scoped(request, project_model()),
        sort=sort,
        descending=descending,
        include_stopped=include_stopped,
    )
    page = Paginator(table, HEAT_MAP_PAGE_SIZE).get_page(request.GET.get("page"))
    # the pagination links keep the sort order and the filter
    query = urlencode(
        {
            "sort": sort,
            "dir": "desc" if descending else "asc",
            **({"stopped": "1"} if include_stopped else {}),
        }
    )
    return render(
        request,
        "risk/heat_map.html",
        {
            "rows": list(page.object_list),
            "page": page,
            "query": query,
            "causes": selectors.causes(),
            "sort": sort,
            "descending": descending,
            "include_stopped": include_stopped,
        },
    )


@member_view()
@require_safe
def project_risk(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(scoped(request, project_model()), pk=project_id)
    diagnosis = scoped(request, Diagnosis).filter(project=project, is_current=True).first()
    if diagnosis is None:
        # First visit before any background run: fill the cache once (one project, milliseconds).
        try:
            diagnosis = services.recompute(project).diagnosis
        except DomainError as exc:
            messages.error(request, exc.message)
    history = list(
        scoped(request, Diagnosis)
        .filter(project=project)
        .defer(*selectors.HEAVY_FIELDS)
        .order_by("-computed_at")[:12]
    )
    warnings = list(selectors.open_warnings(scoped(request, RiskWarning).filter(project=project)))
    return render(
        request,
        "risk/project.html",
        {
            "project": project,
            "diagnosis": diagnosis,
            "result": selectors.diagnosis_for_page(diagnosis, current_language()) if diagnosis else None,
            "history": history,
            "warnings": warnings,
            "lang": current_language(),
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
        },
    )


@member_view(write=True)
@require_POST
def project_recompute(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(scoped(request, project_model()), pk=project_id)
    try:
        result = services.recompute(project, force=True)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Diagnosis updated: overall %(score)s.") % {"score": result.diagnosis.overall_score},
        )
    return redirect("risk:project", project_id=project.pk)


@member_view()
@require_safe
def warning_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "unresolved")
    kind = request.GET.get("kind", "")
    project = request.GET.get("project", "")
    qs = selectors.filter_warnings(scoped(request, RiskWarning), status=status, kind=kind, project=project)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    projects = scoped(request, project_model()).order_by("title").values("pk", "title")[:500]
    query = urlencode({k: v for k, v in {"status": status, "kind": kind, "project": project}.items() if v})
    return render(
        request,
        "risk/warnings.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "kind": kind,
            "project": project,
            "projects": projects,
            "kinds": sorted(((k, str(v)) for k, v in WARNING_KIND_LABELS.items()), key=lambda kv: kv[1]),
            "statuses": [
                ("unresolved", _("Open or acknowledged")),
                *WarningStatus.choices,
                ("all", _("All")),
            ],
            "lang": current_language(),
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
        },
    )


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, reverse("risk:warnings")))


@member_view(write=True)
@require_POST
def warning_acknowledge(request: HttpRequest, warning_id: int) -> HttpResponse:
    warning = get_object_or_404(scoped(request, RiskWarning), pk=warning_id)
    try:
        services.acknowledge_warning(warning=warning, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Warning acknowledged."))
    return _back(request)


@member_view(write=True)
@require_POST
def warning_resolve(request: HttpRequest, warning_id: int) -> HttpResponse:
    warning = get_object_or_404(scoped(request, RiskWarning), pk=warning_id)
    services.resolve_warning(warning=warning, by=request.user)
    messages.success(request, _("Warning marked as resolved."))
    return _back(request)

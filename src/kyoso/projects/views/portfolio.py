"""Portfolio list and project creation."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError
from kyoso.projects import selectors, services
from kyoso.projects.forms import PortfolioFilterForm, ProjectCreateForm
from kyoso.projects.models import Project

PAGE_SIZE = 25


@member_view()
def project_list(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    base = scoped(request, Project)
    units = sorted({u for u in base.exclude(business_unit="").values_list("business_unit", flat=True).distinct()[:200]})
    form = PortfolioFilterForm(request.GET or None, workspace=workspace, units=units)
    filters = {k: (request.GET.get(k) or "").strip() for k in ("stage", "owner", "business_unit", "status", "partner", "q", "sort")}
    qs = selectors.portfolio(base, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    projects = list(page.object_list)
    partners = selectors.partner_names(projects)
    for p in projects:
        p.partner_names = partners.get(p.pk, "")  # type: ignore[attr-defined]
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "projects/list.html", {"form": form, "page": page, "projects": projects, "query": query})


@member_view(write=True)
def project_create(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    if not request.membership.can_write:  # type: ignore[attr-defined]
        from kyoso.accounts.access import forbidden

        return forbidden(request, _("Your role can read but not change records in this workspace."))
    form = ProjectCreateForm(request.POST or None, workspace=workspace, initial={"owner": request.user.pk})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            project = services.create_project(
                workspace=workspace, by=request.user, request=request,
                title=data.pop("title"), type=data.pop("type"), stage=data.pop("stage"),
                stage_entered=data.pop("stage_entered"), partner_name=data.pop("partner_name"),
                partner_kind=data.pop("partner_kind"), **data,
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "title": _("New project")},
                  status=400 if form.errors else 200)

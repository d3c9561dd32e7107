"""Portfolio list and project creation."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError, add_form_error
from kyoso.projects import selectors, services
from kyoso.projects.forms import (
    ID_SUFFIX,
    SUGGESTIONS,
    PortfolioFilterForm,
    ProjectCreateForm,
    organisation_label,
)
from kyoso.projects.models import Project

PAGE_SIZE = 25


@member_view()
def project_list(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    base = scoped(request, Project)
    # ordered by the unit itself, so DISTINCT is over units (the model's ordering would add
    # updated_at and id to it) and reads the (workspace, business_unit) index
    units = list(
        base.exclude(business_unit="")
        .order_by("business_unit")
        .values_list("business_unit", flat=True)
        .distinct()[:200]
    )
    form = PortfolioFilterForm(request.GET or None, workspace=workspace, units=units)
    filters = {
        k: (request.GET.get(k) or "").strip()
        for k in ("stage", "owner", "business_unit", "status", "partner", "q", "sort")
    }
    sort = filters.pop("sort")
    filtered = selectors.filter_portfolio(base, **filters)
    qs = selectors.annotate_portfolio(filtered, sort=sort)
    filters["sort"] = sort
    # COUNT(*) over the filtered projects only, without the annotations' subqueries
    page = Paginator(selectors.CountedPage(qs, filtered), PAGE_SIZE).get_page(request.GET.get("page"))
    projects = list(page.object_list)
    partners = selectors.partner_names(projects)
    for p in projects:
        p.partner_names = partners.get(p.pk, "")  # type: ignore[attr-defined]
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request, "projects/list.html", {"form": form, "page": page, "projects": projects, "query": query}
    )


@member_view()
@require_safe
def organisation_suggest(request: HttpRequest) -> HttpResponse:
    """At most 20 organisations of the workspace whose name contains the typed text (A–Z), as <option>s.

    The party forms' organisation box asks this while the user types (htmx into a <datalist>), so the
    page never lists the whole directory. `?field=<input name>` says which parameter holds the text
    (htmx sends the box under its own name); `?q=` works too.
    """
    from kyoso.partners.models import Organisation

    field = request.GET.get("field", "q")
    text = (request.GET.get(field) or request.GET.get("q") or "").strip()
    text = ID_SUFFIX.sub("", text).strip()  # a chosen "name #id" searches by its name
    qs = scoped(request, Organisation).order_by("name", "id")
    if text:
        qs = qs.filter(name__icontains=text[:100])
    organisations = [
        {"label": organisation_label(o), "kind": o.get_kind_display()}
        for o in qs.only("pk", "name", "kind")[:SUGGESTIONS]
    ]
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"organisations": organisations})
    return render(request, "projects/organisation_suggestions.html", {"organisations": organisations})


# A need's goal type as the charter's purpose category (the rest stay for the user to choose).
NEED_PURPOSE = {"improve_existing": "improve_existing", "new_market": "new_business"}


def _initial_from_partner(request: HttpRequest) -> dict[str, Any]:
    """Pre-fill the create form from `?organisation=<id>` and `?need=<id>` (both scoped: others' ids are 404)."""
    from kyoso.partners.models import Need, Organisation

    initial: dict[str, Any] = {}
    org_id, need_id = request.GET.get("organisation", ""), request.GET.get("need", "")
    if org_id:
        if not org_id.isdigit():
            raise Http404
        org = get_object_or_404(scoped(request, Organisation), pk=int(org_id))
        initial.update(organisation=org.pk, partner_name=org.name, partner_kind=org.kind)
    if need_id:
        if not need_id.isdigit():
            raise Http404
        need = get_object_or_404(scoped(request, Need), pk=int(need_id))
        initial.update(
            need=need.pk,
            title=need.title,
            goal=need.description,
            why_partner=need.why,
            purpose_category=NEED_PURPOSE.get(need.goal_type, ""),
        )
        if need.budget_max_jpy or need.budget_min_jpy:
            initial["budget_jpy"] = need.budget_max_jpy or need.budget_min_jpy
        if org_id:
            initial["title"] = f"{need.title} × {initial['partner_name']}"
    return initial


@member_view(write=True, form=True)
def project_create(request: HttpRequest) -> HttpResponse:
    """New project; `?organisation=<id>[&need=<id>]` starts it from a partner or a shortlisted candidate."""
    workspace = request.workspace  # type: ignore[attr-defined]
    initial = {"owner": request.user.pk, **_initial_from_partner(request)}
    form = ProjectCreateForm(request.POST or None, workspace=workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            project = services.create_project(
                workspace=workspace,
                by=request.user,
                title=data.pop("title"),
                type=data.pop("type"),
                stage=data.pop("stage"),
                stage_entered=data.pop("stage_entered"),
                partner_name=data.pop("partner_name"),
                partner_kind=data.pop("partner_kind"),
                organisation=data.pop("organisation"),
                need=data.pop("need"),
                **data,
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            return redirect("projects:detail", pk=project.pk)
    title = _("Start a project") if "organisation" in initial else _("New project")
    return render(
        request,
        "projects/form.html",
        {"form": form, "title": title, "help_topic": "charter"},
        status=400 if form.errors else 200,
    )

"""Dashboard and health check."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kyoso.accounts.access import member_view
from kyoso.core import health
from kyoso.core.dashboard import panels
from kyoso.core.global_search import caller_from_request, clean_query, search_everything
from kyoso.core.help_topics import TOPICS
from kyoso.core.navigation import first_run_steps


@member_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    workspace = request.workspace  # type: ignore[attr-defined]
    steps = first_run_steps(workspace)
    return render(
        request,
        "core/dashboard.html",
        {
            "steps": steps,
            "steps_done": sum(1 for s in steps if s["done"]),
            # the set-up steps are all writes: a viewer could only open forms it cannot save
            "show_first_run": request.membership.can_write and any(not s["done"] for s in steps),  # type: ignore[attr-defined]
            "panels": panels(request),
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers and monitoring: 200 when the database, the worker and the queue are
    healthy, 503 with the failing part named otherwise (kyoso.core.health)."""
    report = health.check()
    response = JsonResponse(report.as_json(), status=200 if report.ok else 503)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Every kind the caller may see, grouped: a member searches the workspace, a partner user
    their shared spaces, an event participant their events; anyone else finds nothing."""
    query = clean_query(request.GET.get("q", ""))
    groups = search_everything(caller_from_request(request), query) if query else []
    return render(
        request,
        "core/search.html",
        {"query": query, "groups": groups, "total": sum(g.total for g in groups)},
    )


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html", {"topics": TOPICS})


def privacy_page(request: HttpRequest) -> HttpResponse:
    """The operator's built-in privacy notice (KYOSO_PRIVACY_POLICY_URL replaces it in the forms' links)."""
    return render(
        request,
        "core/privacy.html",
        {
            "operator": settings.KYOSO_OPERATOR_NAME,
            "contact": settings.KYOSO_PRIVACY_CONTACT,
            "audit_days": settings.KYOSO_AUDIT_PII_DAYS,
        },
    )

"""Dashboard and health check."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kyoso.accounts.access import member_view
from kyoso.core import health
from kyoso.core.dashboard import panels
from kyoso.core.global_search import search_everything
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
            "show_first_run": any(not s["done"] for s in steps),
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


@member_view()
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    groups = search_everything(request, query) if query else []
    return render(
        request,
        "core/search.html",
        {"query": query, "groups": groups, "total": sum(len(results) for _, results in groups)},
    )


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html", {"topics": TOPICS})

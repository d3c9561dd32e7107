"""Dashboard and health check."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from kyoso.accounts.access import member_view
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
            "show_first_run": any(not s["done"] for s in steps),
            "panels": panels(request),
        },
    )


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: 200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok"})


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

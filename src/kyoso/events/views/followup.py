"""Outcomes of meetings after the event, conversion into projects, and the conversion report."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError
from kyoso.events import selectors, services
from kyoso.events.forms import FeedbackForm, OutcomeForm
from kyoso.events.models import LEAD_Q, Meeting, Outcome, Side
from kyoso.events.views.common import event_context, get_event, paginate, query_without_page

# Each row is an editor (outcome, both sides' rating and next step): 20 of them keep the page well
# under 200 ms at demo size, where 50 took most of a second on a busy machine.
OUTCOME_ROWS = 20


@member_view()
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    context = event_context(request, event, "followup", outcomes=Outcome.choices)
    run = event.current_run
    if run is not None:
        meetings = (
            scoped(request, Meeting)
            .filter(run=run)
            .select_related("slot", "request__corporate", "request__startup")
        )
        q = request.GET.get("q", "").strip()
        outcome = request.GET.get("outcome")
        if q:
            meetings = meetings.filter(
                Q(request__corporate__name__icontains=q) | Q(request__startup__name__icontains=q)
            )
        if outcome is not None and outcome in Outcome.values:
            meetings = meetings.filter(outcome=outcome)
        leads_only = bool(request.GET.get("leads"))
        if leads_only:
            meetings = meetings.filter(LEAD_Q)
        leads = (
            scoped(request, Meeting)
            .filter(run=run)
            .filter(LEAD_Q)
            .select_related("slot", "request__corporate", "request__startup")
            .order_by("project", "slot__start", "table")
        )
        context.update(
            leads=leads[:50],
            leads_only=leads_only,
            page=paginate(request, meetings.order_by("slot__start", "table"), per_page=OUTCOME_ROWS),
            q=q,
            outcome=outcome,
            query=query_without_page(request),
            report=selectors.conversion_report(run),
            per_side_rows=selectors.PER_SIDE_ROWS,
        )
    return render(request, "events/followup.html", context)


def _meeting_row(request: HttpRequest, event, meeting: Meeting, error: str) -> HttpResponse:  # type: ignore[no-untyped-def]
    """The follow-up row after a change: swapped in by htmx, or back to the page with a message."""
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("events:followup", pk=event.pk)
    return render(
        request,
        "events/partials/outcome_row.html",
        event_context(
            request,
            event,
            "followup",
            m=meeting,
            error=error,
            outcomes=Outcome.choices,
        ),
        status=400 if error else 200,
    )


@member_view(write=True)
@require_POST
def outcome(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    event = get_event(request, pk)
    meeting = get_object_or_404(
        scoped(request, Meeting)
        .filter(run__event=event)
        .select_related("slot", "request__corporate", "request__startup"),
        pk=mid,
    )
    form = OutcomeForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.record_outcome(
                meeting=meeting,
                outcome=form.cleaned_data["outcome"] or "",
                note=form.cleaned_data["note"],
                by=request.user,
            )  # type: ignore[arg-type]
        except DomainError as exc:
            error = exc.message
    else:
        error = _("Choose one of the outcomes.")
    return _meeting_row(request, event, meeting, error)


@member_view(write=True)
@require_POST
def convert(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    event = get_event(request, pk)
    meeting = get_object_or_404(scoped(request, Meeting).filter(run__event=event), pk=mid)
    try:
        result = services.convert_to_project(meeting=meeting, by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Project created: %(title)s") % {"title": str(result.project)})
    return redirect("events:followup", pk=event.pk)


@member_view(write=True)
@require_POST
def feedback(request: HttpRequest, pk: int, mid: int) -> HttpResponse:
    """The organiser enters one side's rating and next-step wish for a meeting."""
    event = get_event(request, pk)
    meeting = get_object_or_404(
        scoped(request, Meeting)
        .filter(run__event=event)
        .select_related("slot", "request__corporate", "request__startup"),
        pk=mid,
    )
    form = FeedbackForm(request.POST)
    side = request.POST.get("side", "")
    error = ""
    if form.is_valid() and side in Side.values:
        try:
            meeting = services.record_feedback(
                meeting=meeting, side=side, by=request.user, **form.cleaned_data
            )  # type: ignore[arg-type]
        except DomainError as exc:
            error = exc.message
    else:
        error = _("The rating is 1 (poor) to 5 (excellent); the next step is yes, no or not said.")
    return _meeting_row(request, event, meeting, error)

"""Schedule runs: start, progress (htmx), result with bound and grid, publish, changes after publication."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError
from kyoso.events import selectors, services
from kyoso.events.forms import RequestForm, RunForm
from kyoso.events.models import Meeting, Participant, RunStatus, ScheduleRun, Slot
from kyoso.events.views.common import event_context, get_event, query_without_page

TABLES_PER_PAGE = 25


@member_view()
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    runs = scoped(request, ScheduleRun).filter(event=event).order_by("-created_at", "-pk")[:20]
    return render(
        request,
        "events/schedule.html",
        event_context(
            request,
            event,
            "schedule",
            runs=runs,
            form=RunForm(),
            counts=selectors.event_counts(event),
            add_form=RequestForm(event=event),
        ),
    )


@member_view(write=True)
@require_POST
def run_start(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a time limit between 0.5 and 120 seconds."))
        return redirect("events:schedule", pk=event.pk)
    try:
        run = services.start_schedule(
            event=event, by=request.user, time_limit=form.cleaned_data["time_limit"]
        )  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:schedule", pk=event.pk)
    return redirect("events:run", pk=event.pk, run_pk=run.pk)


def _get_run(request: HttpRequest, event, run_pk: int) -> ScheduleRun:  # type: ignore[no-untyped-def]
    return get_object_or_404(
        scoped(request, ScheduleRun).filter(event=event).select_related("previous"), pk=run_pk
    )


def _fairness(block: dict[str, Any] | None) -> dict[str, Any] | None:
    """The engine's fairness block with the price as a percentage (runs stored before have none)."""
    if not block:
        return None
    return {**block, "price_percent": 100 * float(block.get("price_share") or 0)}


@member_view()
def run_detail(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    event = get_event(request, pk)
    run = _get_run(request, event, run_pk)
    context = event_context(request, event, "schedule", run=run)
    if run.status == RunStatus.DONE:
        max_table = max((s.tables for s in event.slots.all()), default=0)
        try:
            page = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            page = 1
        pages = max(1, -(-max_table // TABLES_PER_PAGE))
        page = min(page, pages)
        first = (page - 1) * TABLES_PER_PAGE + 1
        q = request.GET.get("q", "").strip()
        stats = selectors.run_stats(run)
        context.update(
            grid=selectors.schedule_grid(
                run, tables=range(first, min(max_table, first + TABLES_PER_PAGE - 1) + 1), q=q
            ),
            grid_page=page,
            grid_pages=pages,
            q=q,
            query=query_without_page(request),
            utilisation=selectors.slot_utilisation(run, stats["per_slot"]),
            histogram=stats["histogram"],
            n_meetings=stats["meetings"],
            cancellable=context["can_write"] and run.pk == event.current_run_id,
            below_min=selectors.below_min_rows(run),
            fairness=_fairness(stats.get("fairness")),
            mail=selectors.agenda_mail(run),
        )
        if context["can_write"] and run.pk != event.current_run_id:
            context["publish_recipients"] = selectors.agenda_recipients(event, run).count()
        changes = run.changes or {}
        if changes.get("affected"):
            context["affected"] = selectors.affected_participants(event, changes["affected"])
            context["diff"] = selectors.run_diff(run, changes)
    return render(request, "events/run.html", context)


@member_view()
def run_progress(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    event = get_event(request, pk)
    run = _get_run(request, event, run_pk)
    response = render(request, "events/partials/run_progress.html", {"event": event, "run": run})
    if run.is_finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@member_view(write=True)
@require_POST
def run_publish(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    event = get_event(request, pk)
    run = _get_run(request, event, run_pk)
    try:
        sent = services.publish_run(run=run, by=request.user, notify=True)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("Schedule published. Agenda e-mails to %(n)s participants are being sent; progress below.")
            % {"n": sent},
        )
    return redirect("events:run", pk=event.pk, run_pk=run.pk)


@member_view()
def run_mail(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    event = get_event(request, pk)
    run = _get_run(request, event, run_pk)
    context = event_context(request, event, "schedule", run=run, mail=selectors.agenda_mail(run))
    return render(request, "events/partials/run_mail.html", context)


@member_view(write=True)
@require_POST
def run_mail_resend(request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
    event = get_event(request, pk)
    run = _get_run(request, event, run_pk)
    count = services.resend_agendas(run=run, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(n)s e-mails will be tried again.") % {"n": count})
    return redirect("events:run", pk=event.pk, run_pk=run.pk)


@member_view(write=True)
@require_POST
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """One change to the published schedule, then a re-solve that keeps unaffected meetings."""
    event = get_event(request, pk)
    kind = request.POST.get("change", "")
    try:
        if kind == "withdraw":
            target = get_object_or_404(
                scoped(request, Participant).filter(event=event), pk=request.POST.get("participant") or 0
            )
        elif kind == "close_slot":
            target = get_object_or_404(
                scoped(request, Slot).filter(event=event), pk=request.POST.get("slot") or 0
            )
        elif kind == "cancel_meeting":
            target = get_object_or_404(
                scoped(request, Meeting).filter(run__event=event).select_related("request"),
                pk=request.POST.get("meeting") or 0,
            )
        elif kind == "add_meeting":
            form = RequestForm(request.POST, event=event)
            if not form.is_valid():
                messages.error(request, _("Choose a corporate and a startup of this event."))
                return redirect("events:schedule", pk=event.pk)
            target = services.save_request(event=event, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        else:
            raise DomainError(_("Unknown change."), field="change")
        run = services.change_and_reschedule(event=event, change=kind, target=target, by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:schedule", pk=event.pk)
    messages.success(
        request, _("Change saved; the schedule is being re-solved. Check who is affected, then publish.")
    )
    return redirect("events:run", pk=event.pk, run_pk=run.pk)

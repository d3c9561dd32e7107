"""Per-participant agendas: for the organiser, and through each participant's private link."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from kyoso.accounts.access import member_view, scoped
from kyoso.events import selectors
from kyoso.events.ical import agenda_calendar
from kyoso.events.models import Participant
from kyoso.events.views.common import event_context, get_event, paginate, query_without_page


@member_view()
def agenda_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    people = scoped(request, Participant).filter(event=event, withdrawn=False)
    q = request.GET.get("q", "").strip()
    if q:
        people = people.filter(Q(name__icontains=q) | Q(code=q))
    return render(
        request,
        "events/agendas.html",
        event_context(
            request,
            event,
            "agendas",
            page=paginate(request, people.order_by("side", "code")),
            q=q,
            query=query_without_page(request),
        ),
    )


def _agenda(request: HttpRequest, pk: int, pid: int) -> tuple:  # type: ignore[type-arg]
    event = get_event(request, pk)
    participant = get_object_or_404(scoped(request, Participant).filter(event=event), pk=pid)
    meetings = selectors.agenda(event.current_run, participant) if event.current_run else []
    return event, participant, meetings


@member_view()
def agenda(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    event, participant, meetings = _agenda(request, pk, pid)
    return render(
        request,
        "events/agenda.html",
        event_context(
            request,
            event,
            "agendas",
            participant=participant,
            meetings=meetings,
            public=False,
        ),
    )


def _ics(event, participant, meetings) -> HttpResponse:  # type: ignore[no-untyped-def]
    response = HttpResponse(
        agenda_calendar(event, participant, meetings), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="agenda-{event.pk}-{participant.code}.ics"'
    return response


@member_view()
def agenda_ics(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    return _ics(*_agenda(request, pk, pid))


def _by_token(token: str) -> tuple:  # type: ignore[type-arg]
    # The link itself is the credential (like a calendar subscription URL); unpublished events show nothing.
    participant = (
        Participant.objects.select_related("event__current_run").filter(token=token, withdrawn=False).first()
    )
    if participant is None or not participant.event.is_published:
        raise Http404
    event = participant.event
    return event, participant, selectors.agenda(event.current_run, participant)


def public_agenda(request: HttpRequest, token: str) -> HttpResponse:
    event, participant, meetings = _by_token(token)
    return render(
        request,
        "events/agenda.html",
        {"event": event, "participant": participant, "meetings": meetings, "public": True},
    )


def public_agenda_ics(request: HttpRequest, token: str) -> HttpResponse:
    return _ics(*_by_token(token))

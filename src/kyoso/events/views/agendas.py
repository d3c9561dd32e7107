"""Per-participant agendas: for the organiser, and through each participant's private link."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts import audit
from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.models import AuditAction
from kyoso.core.downloads import as_attachment
from kyoso.core.errors import DomainError
from kyoso.events import checkin, clock, pdf, selectors, services
from kyoso.events.forms import FeedbackForm
from kyoso.events.ical import agenda_calendar
from kyoso.events.models import Participant, PrintKind, PrintStatus, Side, Slot
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
            slots=scoped(request, Slot).filter(event=event, closed=False).order_by("start"),
            print_rows=_print_rows(event),
        ),
    )


def _print_rows(event) -> list[tuple[str, str, object]]:  # type: ignore[no-untyped-def]
    """Each kind of print file with its newest job (or None)."""
    newest = {}
    for job in selectors.print_jobs_of(event)[:10]:
        newest.setdefault(job.kind, job)
    return [(kind, label, newest.get(kind)) for kind, label in PrintKind.choices]


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
            checkin_qr=checkin.svg_markup(participant) if not participant.withdrawn else "",
        ),
    )


def _pdf_response(
    request: HttpRequest, event, content: bytes, filename: str, what: str, **changes
) -> HttpResponse:  # type: ignore[no-untyped-def]
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=event,
        changes={"export": what, "format": "pdf", **changes},
    )
    response = HttpResponse(content, content_type="application/pdf")
    as_attachment(response, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_view()
def agenda_pdf(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    event, participant, meetings = _agenda(request, pk, pid)
    content = pdf.agendas_pdf(event, [(participant, meetings)])
    return _pdf_response(
        request,
        event,
        content,
        f"agenda-{event.pk}-{participant.code}.pdf",
        "agenda",
        participant=participant.code,
    )


@member_view()
def table_cards_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The table cards of one slot of the published schedule (?slot=<id>), built at once; every
    slot's cards are a print file built in the background (`print_start`)."""
    event = get_event(request, pk)
    if event.current_run is None:
        raise Http404
    slot_id = request.GET.get("slot", "")
    slot = get_object_or_404(
        scoped(request, Slot).filter(event=event), pk=int(slot_id) if slot_id.isdigit() else 0
    )
    meetings = selectors.table_card_meetings(event.current_run, slot)
    content = pdf.table_cards_pdf(event, meetings)
    return _pdf_response(
        request, event, content, f"table-cards-{event.pk}-{slot.code}.pdf", "table_cards", slot=slot_id
    )


@member_view(write=True)
@require_POST
def print_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a print file of the day (all agendas, or every slot's table cards)."""
    event = get_event(request, pk)
    try:
        job = services.start_print(event=event, kind=request.POST.get("kind", ""), by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("events:agendas", pk=event.pk)
    return redirect("events:print_job", pk=event.pk, job=job.pk)


@member_view()
def print_job(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    """The waiting page of a print file: progress while it is built, then the download."""
    event = get_event(request, pk)
    item = get_object_or_404(selectors.print_jobs_of(event), pk=job)
    context = event_context(request, event, "agendas", job=item)
    if request.headers.get("HX-Request"):
        response = render(request, "events/partials/print_progress.html", context)
        if item.is_finished:
            response["HX-Refresh"] = "true"
        return response
    return render(request, "events/print_job.html", context)


@member_view()
def print_download(request: HttpRequest, pk: int, job: int) -> HttpResponse:
    event = get_event(request, pk)
    item = get_object_or_404(selectors.print_jobs_of(event), pk=job, status=PrintStatus.DONE)
    if not item.file:
        raise Http404
    with item.file.open("rb") as handle:
        content = handle.read()
    return _pdf_response(request, event, content, item.filename, item.kind, job=item.pk)


@member_view()
def badges_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """Name badges for every participant still taking part; ?side=corporate|startup prints one side."""
    event = get_event(request, pk)
    people = (
        scoped(request, Participant).filter(event=event, withdrawn=False).order_by("side", "name", "code")
    )
    side = request.GET.get("side", "")
    if side in Side.values:
        people = people.filter(side=side)
    else:
        side = ""
    content = pdf.badges_pdf(event, people)
    return _pdf_response(request, event, content, f"badges-{event.pk}.pdf", "badges", side=side)


def _ics(event, participant, meetings) -> HttpResponse:  # type: ignore[no-untyped-def]
    response = HttpResponse(
        agenda_calendar(event, participant, meetings), content_type="text/calendar; charset=utf-8"
    )
    as_attachment(response, f"agenda-{event.pk}-{participant.code}.ics")
    return response


@member_view()
def agenda_ics(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    return _ics(*_agenda(request, pk, pid))


def _by_token(token: str) -> tuple:  # type: ignore[type-arg]
    # The link itself is the credential (like a calendar subscription URL); unpublished events show nothing.
    participant = selectors.participant_by_token(token)
    if participant is None or not participant.event.is_published:
        raise Http404
    event = participant.event
    return event, participant, selectors.agenda(event.current_run, participant)


def public_agenda(request: HttpRequest, token: str) -> HttpResponse:
    event, participant, meetings = _by_token(token)
    return render(
        request,
        "events/agenda.html",
        {
            "event": event,
            "participant": participant,
            "meetings": meetings,
            "public": True,
            "rating_choices": range(1, 6),
            "feedback_open": clock.feedback_open(event),
            "feedback_opens": clock.stamp(clock.event_start(event), event),
            "checkin_qr": checkin.svg_markup(participant),
            "offline_worker": reverse("events:public_agenda_worker", args=[participant.token]),
            "offline_scope": reverse("events:public_agenda", args=[participant.token]),
        },
    )


@require_POST
def public_feedback(request: HttpRequest, token: str, mid: int) -> HttpResponse:
    """A participant rates one of their own meetings through their private agenda link."""
    event, participant, meetings = _by_token(token)
    meeting = next((m for m in meetings if m.pk == mid), None)
    if meeting is None:
        raise Http404
    side = participant.side
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The rating is 1 (poor) to 5 (excellent); the next step is yes, no or not said.")
        )
    else:
        try:
            services.record_feedback(
                meeting=meeting, side=side, by=None, participant=participant, **form.cleaned_data
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Thank you: your feedback is saved."))
    return redirect("events:public_agenda", token=participant.token)


def public_agenda_ics(request: HttpRequest, token: str) -> HttpResponse:
    return _ics(*_by_token(token))

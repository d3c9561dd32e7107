"""Matchmaking events over the API: events, slots, participants, requests, schedule runs, meetings, agendas.

The routes call the same services as the web pages (`kyoso.events.services`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.pagination import paginate

from kyoso.api.auth import ApiError, caller, require_scope
from kyoso.api.conventions import Converted, KyosoPagination, errors
from kyoso.api.events_schemas import (
    AgendaMailOut,
    EventIn,
    EventOut,
    MeetingOut,
    ParticipantIn,
    ParticipantOut,
    PortalInvitationOut,
    PublishOut,
    RequestIn,
    RequestOut,
    ResendOut,
    RunIn,
    RunOut,
    SlotIn,
    SlotOut,
)
from kyoso.core.downloads import as_attachment
from kyoso.core.errors import DomainError
from kyoso.events import clock, portal, selectors, services
from kyoso.events.ical import agenda_calendar
from kyoso.events.models import Event, Meeting, MeetingRequest, Participant, ScheduleRun, Slot

router = Router()

View = TypeVar("View", bound=Callable[..., Any])

# Paths before 0.2.0 repeated the prefix (`/api/v1/events/events/{event_id}/...`). Scripts written
# against them keep working: every route answers at its old path too, marked deprecated. The list
# route comes first, so `/api/v1/events/events` reaches its alias before `/{event_id}` could match it.
OLD_PREFIX = "/events"


def _route(method: str, path: str, **options: Any) -> Callable[[View], View]:
    """Register `path` under /api/v1/events, and its deprecated twin under /api/v1/events/events."""

    def register(view: View) -> View:
        add = getattr(router, method)
        add(path, **options)(view)
        add(
            OLD_PREFIX + path,
            deprecated=True,
            operation_id=f"kyoso_api_events_{view.__name__}_old_path",
            url_name=f"events_{view.__name__}_old_path",
            **options,
        )(view)
        return view

    return register


def _event(request: HttpRequest, event_id: int) -> Event:
    return caller(request).get(Event, pk=event_id)


def _participant(event: Event, code: str, field: str) -> Participant:
    p = selectors.participant_by_code(event, code)
    if p is None:
        raise DomainError(f"unknown participant {code!r}", field=field)
    return p


def _meeting_out(m: Meeting, event: Event) -> dict[str, Any]:
    # times at the event's wall clock (with its offset), as its agendas and calendar files show them
    return {
        "id": m.pk,
        "corporate": m.request.corporate.code,
        "corporate_name": m.request.corporate.name,
        "startup": m.request.startup.code,
        "startup_name": m.request.startup.name,
        "slot": m.slot.code,
        "start": clock.local(m.slot.start, event),
        "end": clock.local(m.slot.end, event),
        "table": m.table,
        "outcome": m.outcome,
        "project_id": m.project_id,
        "corporate_rating": m.corporate_rating,
        "startup_rating": m.startup_rating,
        "corporate_next_step": m.corporate_next_step,
        "startup_next_step": m.startup_next_step,
        "lead": m.is_lead,
    }


def _request_out(r: MeetingRequest) -> dict[str, Any]:
    return {
        "id": r.pk,
        "corporate": r.corporate.code,
        "startup": r.startup.code,
        "corporate_interest": r.corporate_interest,
        "startup_interest": r.startup_interest,
        "weight": r.effective_weight,
        "note": r.note,
        "cancelled": r.cancelled,
    }


@_route("get", "", response=list[EventOut], summary="List events")
@paginate(KyosoPagination)
def list_events(request: HttpRequest) -> Any:
    return caller(request).scoped(Event).order_by("-date", "name", "pk")


@_route("post", "", response={201: EventOut, **errors(422)}, summary="Create an event")
@require_scope("events:write")
def create_event(request: HttpRequest, data: EventIn) -> Any:
    c = caller(request)
    return Status(201, services.create_event(workspace=c.workspace, by=c.user, **data.dict()))


@_route("get", "/{event_id}", response={200: EventOut, **errors(404)}, summary="Get an event")
def get_event(request: HttpRequest, event_id: int) -> Any:
    return _event(request, event_id)


@_route(
    "get",
    "/{event_id}/document",
    response={200: dict, **errors(404)},
    summary="The event as a kyoso_event JSON document (docs/formats.md#event-files)",
)
def event_document(request: HttpRequest, event_id: int) -> Any:
    return services.export_event_json(event=_event(request, event_id), by=caller(request).user)


@_route("get", "/{event_id}/slots", response=list[SlotOut], summary="List the slots of an event")
@paginate(KyosoPagination)
def list_slots(request: HttpRequest, event_id: int) -> Any:
    event = _event(request, event_id)
    return caller(request).scoped(Slot).filter(event=event).order_by("start", "code", "pk")


@_route("post", "/{event_id}/slots", response={201: SlotOut, **errors(404, 422)}, summary="Add a slot")
@require_scope("events:write")
def add_slot(request: HttpRequest, event_id: int, data: SlotIn) -> Any:
    event = _event(request, event_id)
    return Status(201, services.add_slot(event=event, by=caller(request).user, **data.dict()))


@_route("get", "/{event_id}/participants", response=list[ParticipantOut], summary="List participants")
@paginate(KyosoPagination)
def list_participants(request: HttpRequest, event_id: int, side: str | None = None) -> Any:
    event = _event(request, event_id)
    qs = caller(request).scoped(Participant).filter(event=event)
    if side:
        qs = qs.filter(side=side)
    return qs.order_by("side", "code", "pk")


@_route(
    "post",
    "/{event_id}/participants",
    response={201: ParticipantOut, **errors(404, 422)},
    summary="Add a participant",
)
@require_scope("events:write")
def add_participant(request: HttpRequest, event_id: int, data: ParticipantIn) -> Any:
    event = _event(request, event_id)
    values = data.dict()
    codes = values.pop("unavailable")
    slots = selectors.slots_by_code(event, codes)
    unknown = [c for c in codes if c not in slots]
    if unknown:
        raise DomainError(f"unknown slot {unknown[0]!r}", field="unavailable")
    return Status(
        201,
        services.add_participant(event=event, by=caller(request).user, unavailable=slots.values(), **values),
    )


@_route(
    "post",
    "/{event_id}/participants/{code}/invite",
    response={201: PortalInvitationOut, **errors(404, 422)},
    summary="E-mail a participant the link to the participant page",
    description="The contact creates or links an account, then marks interest and sees the agenda. "
    "A new invitation replaces any earlier pending one.",
)
@require_scope("events:write")
def invite_participant(request: HttpRequest, event_id: int, code: str) -> Any:
    event = _event(request, event_id)
    participant = caller(request).get(Participant, event=event, code=code)
    invitation = portal.invite_participant(participant=participant, by=caller(request).user)
    return Status(
        201, {"participant": participant.code, "email": invitation.email, "expires_at": invitation.expires_at}
    )


@_route(
    "post",
    "/{event_id}/participants/{code}/erase",
    response={200: dict[str, str], **errors(404)},
    summary="Erase a participant's personal data",
    description="Removes the contact person, e-mail address, profile texts, website, directory and "
    "portal-account links and the e-mail sent to the participant. Requests, meetings and outcomes "
    "stay under a pseudonym, returned as `label`. Cannot be undone.",
)
@require_scope("events:write", roles={"owner"})
def erase_participant(request: HttpRequest, event_id: int, code: str) -> Any:
    event = _event(request, event_id)
    participant = caller(request).get(Participant, event=event, code=code)
    label = services.erase_participant(by=caller(request).user, participant=participant)
    return {"participant": participant.code, "label": label}


@_route(
    "get",
    "/{event_id}/participants/{code}/personal-data",
    response={200: dict[str, Any], **errors(404)},
    summary="Export a participant's personal data (owners)",
    description="What the workspace stores about this participant, for a disclosure request.",
)
@require_scope("events:read", roles={"owner"})
def export_participant(request: HttpRequest, event_id: int, code: str) -> Any:
    event = _event(request, event_id)
    participant = caller(request).get(Participant, event=event, code=code)
    return services.export_participant(by=caller(request).user, participant=participant)


@_route("get", "/{event_id}/requests", response=list[RequestOut], summary="List meeting requests")
@paginate(KyosoPagination)
def list_requests(request: HttpRequest, event_id: int) -> Any:
    event = _event(request, event_id)
    qs = caller(request).scoped(MeetingRequest).filter(event=event).select_related("corporate", "startup")
    return Converted(qs.order_by("corporate__code", "startup__code", "pk"), _request_out)


@_route(
    "post",
    "/{event_id}/requests",
    response={201: RequestOut, **errors(404, 422)},
    summary="Create or update the meeting request of a pair",
)
@require_scope("events:write")
def save_request(request: HttpRequest, event_id: int, data: RequestIn) -> Any:
    event = _event(request, event_id)
    values = data.dict()
    corporate = _participant(event, values.pop("corporate"), "corporate")
    startup = _participant(event, values.pop("startup"), "startup")
    r = services.save_request(
        event=event, corporate=corporate, startup=startup, by=caller(request).user, **values
    )
    return Status(201, _request_out(r))


def _run_out(run: ScheduleRun) -> dict[str, Any]:
    fields = [
        "id",
        "kind",
        "status",
        "progress",
        "phase",
        "objective",
        "upper_bound",
        "bound_method",
        "below_min",
        "solve_seconds",
        "changes",
        "error",
        "created_at",
        "started_at",
        "finished_at",
        "published_at",
    ]
    out = {f: getattr(run, f) for f in fields}
    out["gap_percent"] = run.gap_percent
    # minimums reached vs the proven maximum and the price of fairness (runs stored before: None)
    out["fairness"] = (run.stats or {}).get("fairness") or None
    return out


@_route(
    "post",
    "/{event_id}/schedule",
    response={202: RunOut, **errors(404, 422)},
    summary="Start computing the schedule (background job); poll the run for progress",
)
@require_scope("events:write")
def run_schedule(request: HttpRequest, event_id: int, data: RunIn) -> Any:
    event = _event(request, event_id)
    run = services.start_schedule(event=event, by=caller(request).user, time_limit=data.time_limit)
    run.refresh_from_db()
    return Status(202, _run_out(run))


@_route(
    "get",
    "/{event_id}/runs/{run_id}",
    response={200: RunOut, **errors(404)},
    summary="Status and result of a schedule run",
)
def get_run(request: HttpRequest, event_id: int, run_id: int) -> Any:
    event = _event(request, event_id)
    return _run_out(caller(request).get(selectors.runs_of(event), pk=run_id))


@_route(
    "post",
    "/{event_id}/runs/{run_id}/publish",
    response={200: PublishOut, **errors(404, 422)},
    summary="Publish a finished run (after a change: e-mails only affected participants)",
)
@require_scope("events:write")
def publish_run(request: HttpRequest, event_id: int, run_id: int, notify: bool = True) -> Any:
    event = _event(request, event_id)
    c = caller(request)
    run = c.get(selectors.runs_of(event), pk=run_id)
    sent = services.publish_run(run=run, by=c.user, notify=notify)
    run.refresh_from_db()
    return {"run": _run_out(run), "notified": sent}


@_route(
    "get",
    "/{event_id}/runs/{run_id}/mail",
    response={200: AgendaMailOut, **errors(404)},
    summary="How far a published run's agenda e-mails have gone, and which failed",
)
def run_mail(request: HttpRequest, event_id: int, run_id: int) -> Any:
    event = _event(request, event_id)
    run = caller(request).get(selectors.runs_of(event), pk=run_id)
    mail = selectors.agenda_mail(run)
    if mail is None:
        return {"total": 0, "queued": 0, "sending": 0, "sent": 0, "failed": 0, "done": True, "failures": []}
    p = mail.progress
    return {
        "total": p.total,
        "queued": p.queued,
        "sending": p.sending,
        "sent": p.sent,
        "failed": p.failed,
        "done": p.done,
        "failures": [
            {
                "to_email": m.to_email,
                "to_name": m.to_name,
                "error": m.last_error,
                "attempts": m.attempts,
                "updated_at": m.updated_at,
            }
            for m in mail.failures
        ],
    }


@_route(
    "post",
    "/{event_id}/runs/{run_id}/mail/resend",
    response={200: ResendOut, **errors(404)},
    summary="Send the run's failed agenda e-mails again (e.g. after an address was corrected)",
)
@require_scope("events:write")
def run_mail_resend(request: HttpRequest, event_id: int, run_id: int) -> Any:
    event = _event(request, event_id)
    c = caller(request)
    run = c.get(selectors.runs_of(event), pk=run_id)
    return {"retried": services.resend_agendas(run=run, by=c.user)}


def _run_for(request: HttpRequest, event: Event, run_id: int | None) -> ScheduleRun:
    c = caller(request)
    if run_id is not None:
        return c.get(selectors.runs_of(event), pk=run_id)
    if event.current_run_id is None:
        raise ApiError(404, "This event has no published schedule yet.")
    return c.get(selectors.runs_of(event), pk=event.current_run_id)


@_route(
    "get",
    "/{event_id}/meetings",
    response=list[MeetingOut],
    summary="Meetings of the published schedule (or of ?run=)",
)
@paginate(KyosoPagination)
def list_meetings(
    request: HttpRequest, event_id: int, run: int | None = None, slot: str | None = None
) -> Any:
    event = _event(request, event_id)
    qs = selectors.meetings_of(_run_for(request, event, run))
    if slot:
        qs = qs.filter(slot__code=slot)
    return Converted(qs.order_by("slot__start", "table", "pk"), lambda m: _meeting_out(m, event))


def _agenda(
    request: HttpRequest, event_id: int, participant_id: int
) -> tuple[Event, Participant, list[Meeting]]:
    event = _event(request, event_id)
    participant = caller(request).get(selectors.participants_of(event), pk=participant_id)
    return event, participant, selectors.agenda(_run_for(request, event, None), participant)


@_route(
    "get",
    "/{event_id}/participants/{participant_id}/agenda",
    response={200: list[MeetingOut], **errors(404)},
    summary="A participant's agenda in the published schedule",
)
def agenda(request: HttpRequest, event_id: int, participant_id: int) -> Any:
    event, _, meetings = _agenda(request, event_id, participant_id)
    return [_meeting_out(m, event) for m in meetings]


@_route(
    "get",
    "/{event_id}/participants/{participant_id}/agenda.ics",
    response={200: None, **errors(404)},
    summary="A participant's agenda as an iCalendar file",
)
def agenda_ics(request: HttpRequest, event_id: int, participant_id: int) -> HttpResponse:
    event, participant, meetings = _agenda(request, event_id, participant_id)
    response = HttpResponse(
        agenda_calendar(event, participant, meetings), content_type="text/calendar; charset=utf-8"
    )
    as_attachment(response, f"agenda-{event.pk}-{participant.code}.ics")
    return response

"""The one place where events meet the scheduling engine.

Models -> `kyoso_event` document (docs/scheduler.md) -> `kyoso.engine.scheduling`.
Ids in the document are the participants' and slots' `code`s, so an exported
event reads like the organiser's own list and an imported one keeps its ids.
Withdrawn participants, closed slots and cancelled requests are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from kyoso.core.errors import DomainError
from kyoso.engine import scheduling as engine
from kyoso.events import clock
from kyoso.events.models import Event, MeetingRequest, Participant, Slot

ProgressFn = Callable[[str, float, float, float], None]


def event_document(event: Event) -> dict[str, Any]:
    """The event as a `kyoso_event` v1 document, in a bounded number of queries."""
    slots = list(Slot.objects.filter(event=event).order_by("start", "code"))
    open_slots = {s.pk: s.code for s in slots if not s.closed}
    participants = list(
        Participant.objects.filter(event=event, withdrawn=False)
        .prefetch_related("unavailable_slots")
        .order_by("side", "code")
    )
    active = {p.pk for p in participants}
    requests = (
        MeetingRequest.objects.filter(
            event=event, cancelled=False, corporate_id__in=active, startup_id__in=active
        )
        .select_related("corporate", "startup")
        .order_by("corporate__code", "startup__code")
    )
    doc_participants = []
    for p in participants:
        item: dict[str, Any] = {"id": p.code, "side": p.side, "name": p.name}
        unavailable = sorted(open_slots[s.pk] for s in p.unavailable_slots.all() if s.pk in open_slots)
        if unavailable:
            item["unavailable"] = unavailable
        p.event = event
        max_meetings = p.effective_max_meetings
        if max_meetings is not None:
            item["max_meetings"] = max_meetings
        min_meetings = p.effective_min_meetings
        if min_meetings:
            item["min_meetings"] = min_meetings
        doc_participants.append(item)
    return {
        "kyoso_event": 1,
        "slots": [
            {
                "id": s.code,
                "start": clock.iso_minutes(s.start, event),
                "end": clock.iso_minutes(s.end, event),
                "tables": s.tables,
            }
            for s in slots
            if not s.closed
        ],
        "participants": doc_participants,
        "requests": [
            {
                "corporate": r.corporate.code,
                "startup": r.startup.code,
                "corporate_interest": r.corporate_interest,
                "startup_interest": r.startup_interest,
                "weight": r.effective_weight,
            }
            for r in requests
        ],
    }


def parse_document(data: object) -> engine.Event:
    """Validate a document with the engine's parser; errors name the JSON path."""
    try:
        return engine.parse_event(data)
    except engine.EventError as exc:
        raise DomainError(
            _("%(path)s: %(message)s") % {"path": exc.path, "message": exc.message}, field=exc.path
        ) from exc


def engine_event(event: Event) -> engine.Event:
    document = event_document(event)
    if not document["slots"]:
        raise DomainError(_("Add at least one open slot before scheduling."), field="slots")
    return parse_document(document)


def solve(
    event: Event, *, time_limit: float, seed: int = 0, on_progress: ProgressFn | None = None
) -> dict[str, Any]:
    """A full solve; returns the engine's schedule JSON."""
    problem = engine_event(event)
    schedule = engine.schedule_meetings(problem, time_limit=time_limit, seed=seed, on_progress=on_progress)
    return dict(schedule.to_json())


def resolve(
    event: Event,
    previous: Iterable[Mapping[str, Any]],
    *,
    time_limit: float,
    seed: int = 0,
    on_progress: ProgressFn | None = None,
) -> dict[str, Any]:
    """Re-solve after changes, keeping every meeting the changes do not touch.

    `previous` holds the published meetings as {"corporate","startup","slot","table"} codes.
    """
    problem = engine_event(event)
    previous_doc = {"meetings": [dict(m) for m in previous]}
    schedule = engine.reschedule(
        problem, previous_doc, time_limit=time_limit, seed=seed, on_progress=on_progress
    )
    return dict(schedule.to_json())


def validate(event: Event, schedule_json: Mapping[str, Any]) -> list[str]:
    """Hard-rule violations of a stored schedule against the event as it is now (empty = valid)."""
    return list(engine.validate_schedule(engine_event(event), schedule_json))

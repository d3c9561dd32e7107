"""Reads of the events app for the organiser's pages, the participant portal and the API.

Each function takes the caller (a member's scoped queryset, or a portal account) or a record
already read in scope (an event, a run, a participant). Bounded queries throughout.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyoso.core.global_search import SearchCaller, page_of, text_matches
from kyoso.events.models import (
    BENCHMARK_CONVERSION,
    LEAD_Q,
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    PrintJob,
    ScheduleRun,
    Side,
    Slot,
)
from kyoso.outbox import selectors as outbox_selectors
from kyoso.outbox.models import OutboxMessage
from kyoso.outbox.selectors import BatchProgress

# --------------------------------------------------------------------------- participant portal


def portal_participant_ids(user: Any) -> QuerySet[Any]:
    """The participant audience (registered with the scoping core): the account's own
    participations in events past their draft, and the other side's catalogue of those events."""
    own = Participant.objects.filter(account=user, withdrawn=False).exclude(event__status=EventStatus.DRAFT)
    catalogue = Q(withdrawn=False) & (
        Q(side=Side.STARTUP, event_id__in=own.filter(side=Side.CORPORATE).values("event_id"))
        | Q(side=Side.CORPORATE, event_id__in=own.filter(side=Side.STARTUP).values("event_id"))
    )
    return Participant.objects.filter(Q(pk__in=own.values("pk")) | catalogue).values("pk")


def participations_of(user: Any) -> QuerySet[Participant]:
    """The portal account's own participations (what every portal page starts from)."""
    return (
        Participant.objects.for_participant(user)
        .filter(account=user)
        .select_related("event", "event__workspace", "event__current_run")
    )


def own_participation(user: Any, pk: int) -> Participant:
    participant = participations_of(user).filter(pk=pk).first()
    if participant is None:
        raise Http404
    return participant


def has_portal_account(user: Any) -> bool:
    return participations_of(user).exists()


def other_side(participant: Participant) -> str:
    return Side.STARTUP if participant.side == Side.CORPORATE else Side.CORPORATE


def _mine(participant: Participant) -> str:
    return "corporate" if participant.side == Side.CORPORATE else "startup"


def counterparts(participant: Participant) -> QuerySet[Participant]:
    """The other side's catalogue of the participant's event (what the organiser shows every participant)."""
    return Participant.objects.within(event=participant.event).filter(
        side=other_side(participant), withdrawn=False
    )


def requests_with(participant: Participant, others: list[int]) -> QuerySet[MeetingRequest]:
    """The participant's requests with the given participants of the other side."""
    return MeetingRequest.objects.within(**{_mine(participant): participant}).filter(
        **{f"{other_side(participant)}__in": others}
    )


def asked_by_other_side(participant: Participant) -> QuerySet[Any]:
    """Ids of the other side who marked interest in `participant` (values of one column)."""
    other = other_side(participant)
    return (
        MeetingRequest.objects.within(**{_mine(participant): participant})
        .filter(**{f"{other}_interest__gt": 0}, cancelled=False)
        .values(other)
    )


def marked_by(participant: Participant) -> QuerySet[Any]:
    """Ids of the other side the participant marked interest in (values of one column)."""
    return (
        MeetingRequest.objects.within(**{_mine(participant): participant})
        .filter(**{f"{_mine(participant)}_interest__gt": 0}, cancelled=False)
        .values(other_side(participant))
    )


# --------------------------------------------------------------------------- links and public pages


def public_event(public_key: str) -> Event | None:
    """The event a public registration link names, whatever its status (the page is open by design:
    it shows only what the organiser publishes, and says when registration is not open)."""
    return Event.objects.filter(public_key=public_key).exclude(status=EventStatus.DRAFT).first()


def participant_by_token(token: str) -> Participant | None:
    """The participant whose calendar link this is: the link itself is the credential."""
    return (
        Participant.objects.select_related("event__current_run").filter(token=token, withdrawn=False).first()
    )


# --------------------------------------------------------------------------- an event read in scope


def runs_of(event: Event) -> QuerySet[ScheduleRun]:
    return ScheduleRun.objects.within(event=event)


def agenda_recipients(event: Event, run: ScheduleRun) -> QuerySet[Participant]:
    """Who publishing `run` e-mails: after a change only the affected, else everyone still in."""
    if event.current_run_id is not None and run.previous_id:
        recipients = Participant.objects.filter(pk__in=(run.changes or {}).get("affected", []))
    else:
        recipients = Participant.objects.filter(event=event, withdrawn=False)
    return recipients.exclude(email="")


def participants_of(event: Event) -> QuerySet[Participant]:
    return Participant.objects.within(event=event)


def slots_of(event: Event) -> QuerySet[Slot]:
    return Slot.objects.within(event=event)


def participant_by_code(event: Event, code: str) -> Participant | None:
    return participants_of(event).filter(code=code).first()


def slots_by_code(event: Event, codes: list[str]) -> dict[str, Slot]:
    return {s.code: s for s in Slot.objects.within(event=event).filter(code__in=codes)}


def request_between(corporate: Participant, startup: Participant) -> MeetingRequest | None:
    return MeetingRequest.objects.within(corporate=corporate, startup=startup).first()


def organisations_taken(event: Event, organisation_ids: list[int]) -> set[int]:
    """Which of the organisations already take part in the event."""
    return set(
        participants_of(event)
        .filter(organisation__in=organisation_ids)
        .values_list("organisation_id", flat=True)
    )


def affected_participants(event: Event, ids: list[int]) -> list[Participant]:
    return list(participants_of(event).filter(pk__in=ids).order_by("side", "code"))


def run_diff(run: ScheduleRun, changes: dict[str, list[int]]) -> list[dict[str, Any]]:
    """What a rerun added, removed and moved against the run before it, one row per request."""
    kinds = {
        **{r: "added" for r in changes.get("added", [])},
        **{r: "removed" for r in changes.get("removed", [])},
        **{r: "moved" for r in changes.get("moved", [])},
    }
    touched = changes.get("added", []) + changes.get("removed", []) + changes.get("moved", [])
    new = meetings_for_requests(run.pk, touched)
    old = meetings_for_requests(run.previous_id, touched)
    requests = {m.request_id: m.request for m in old.values()}
    missing = [r for r in touched if r not in requests]
    if missing:
        requests.update(requests_by_id(run.event_id, missing))
    return [
        {"kind": kinds[rid], "request": requests.get(rid), "before": old.get(rid), "after": new.get(rid)}
        for rid in touched
    ]


def meetings_for_requests(run_id: int | None, request_ids: list[int]) -> dict[int, Meeting]:
    """The meetings of the given requests in a run of an event read in scope, by request id."""
    return {
        m.request_id: m
        for m in Meeting.objects.filter(run_id=run_id, request_id__in=request_ids).select_related(
            "slot", "request__corporate", "request__startup"
        )
    }


def requests_by_id(event_id: int, ids: list[int]) -> dict[int, MeetingRequest]:
    return {
        r.pk: r
        for r in MeetingRequest.objects.filter(event_id=event_id, pk__in=ids).select_related(
            "corporate", "startup"
        )
    }


def event_counts(event: Event) -> dict[str, int]:
    return {
        "slots": event.slots.count(),
        "corporates": event.participants.filter(side="corporate", withdrawn=False).count(),
        "startups": event.participants.filter(side="startup", withdrawn=False).count(),
        "requests": event.requests.filter(cancelled=False).count(),
        "mutual": event.requests.filter(
            cancelled=False, corporate_interest__gt=0, startup_interest__gt=0
        ).count(),
    }


def meetings_of(run: ScheduleRun) -> QuerySet[Meeting]:
    return Meeting.objects.filter(run=run).select_related("slot", "request__corporate", "request__startup")


@dataclass
class Grid:
    slots: list[Slot]
    rows: list[dict[str, Any]]  # {"table": n, "cells": [meeting | None per slot]}
    tables: range


def schedule_grid(run: ScheduleRun, *, tables: range, q: str = "", slot_ids: list[int] | None = None) -> Grid:
    """Slot × table grid for a range of tables: three queries whatever the size."""
    slots = list(Slot.objects.filter(event_id=run.event_id).order_by("start", "code"))
    if slot_ids:
        slots = [s for s in slots if s.pk in slot_ids]
    # only what a cell shows: building 500 meetings with their slot, request and both participants
    # in full was half of the grid page's time
    meetings = (
        meetings_of(run)
        .select_related(None)
        .select_related("request__corporate", "request__startup")
        .only("slot", "table", "request__corporate__name", "request__startup__name")
        .filter(table__gte=tables.start, table__lt=tables.stop, slot__in=[s.pk for s in slots])
    )
    if q:
        meetings = meetings.filter(
            Q(request__corporate__name__icontains=q)
            | Q(request__startup__name__icontains=q)
            | Q(request__corporate__code=q)
            | Q(request__startup__code=q)
        )
    cell = {(m.slot_id, m.table): m for m in meetings}
    rows = []
    for table in tables:
        cells = [cell.get((s.pk, table)) for s in slots]
        if q and not any(cells):
            continue
        rows.append({"table": table, "cells": cells})
    return Grid(slots=slots, rows=rows, tables=tables)


def run_stats(run: ScheduleRun) -> dict[str, Any]:
    """The result page's summaries of a run: stored with the run, computed here for runs stored before."""
    if run.stats:
        return {**run.stats, "per_slot": {int(k): v for k, v in run.stats["per_slot"].items()}}
    return compute_run_stats(run)


# Why a participant ended below its minimum (the engine's `below_min[].reason` codes).
BELOW_MIN_REASONS = {
    "no_request": _("no request that both sides want"),
    "no_shared_slot": _("no slot in common with any partner it asked for"),
    "few_requests": _("fewer possible meetings than its minimum"),
    "own_availability": _("available for fewer meetings than its minimum"),
    "partners_at_capacity": _("every partner it could meet is fully booked"),
    "no_free_slot": _("no slot where it, a partner with room and a table are all free"),
}


def below_min_rows(run: ScheduleRun, limit: int = 100) -> list[dict[str, Any]]:
    """The run's participants below their minimum, with names and the reason in words."""
    entries = list(run.below_min or [])[:limit]
    pks = [b.get("participant_pk") for b in entries if b.get("participant_pk")]
    codes = [b.get("participant") for b in entries if not b.get("participant_pk") and b.get("participant")]
    # runs name participants by primary key; an entry without one (an imported or older run) by its code
    rows = Participant.objects.filter(event_id=run.event_id).filter(Q(pk__in=pks) | Q(code__in=codes))
    by_pk, by_code = {}, {}
    for pk, code, name in rows.values_list("pk", "code", "name"):
        by_pk[pk], by_code[code] = name, name
    return [
        {
            "name": by_pk.get(b.get("participant_pk")) or by_code.get(b.get("participant"), ""),
            "meetings": b.get("meetings"),
            "min_meetings": b.get("min_meetings"),
            "reason": BELOW_MIN_REASONS.get(b.get("reason", ""), ""),
        }
        for b in entries
    ]


def compute_run_stats(run: ScheduleRun) -> dict[str, Any]:
    per_slot = dict(
        Meeting.objects.filter(run=run)
        .values_list("slot_id")
        .annotate(n=Count("pk"))
        .values_list("slot_id", "n")
    )
    return {
        "histogram": meetings_histogram(run),
        "per_slot": per_slot,
        "meetings": sum(per_slot.values()),
    }


def slot_utilisation(run: ScheduleRun, counts: dict[int, int] | None = None) -> list[dict[str, Any]]:
    if counts is None:
        counts = run_stats(run)["per_slot"]
    out = []
    for slot in Slot.objects.filter(event_id=run.event_id).order_by("start", "code"):
        n = counts.get(slot.pk, 0)
        out.append(
            {"slot": slot, "meetings": n, "percent": round(n / slot.tables * 100) if slot.tables else 0}
        )
    return out


def meetings_histogram(run: ScheduleRun) -> list[list[int]]:
    """(number of meetings, how many participants have that many)."""
    event_id = run.event_id
    per = Counter()
    for corporate, startup in Meeting.objects.filter(run=run).values_list(
        "request__corporate_id", "request__startup_id"
    ):
        per[corporate] += 1
        per[startup] += 1
    active = Participant.objects.filter(event_id=event_id, withdrawn=False).count()
    hist = Counter(per.values())
    hist[0] = active - len(per)
    return sorted([k, v] for k, v in hist.items() if v > 0)


def agendas_of(event: Event) -> list[tuple[Participant, list[Meeting]]]:
    """Every participant still taking part with their meetings of the published schedule (two queries)."""
    people = list(Participant.objects.filter(event=event, withdrawn=False).order_by("side", "code"))
    by_person: dict[int, list[Meeting]] = {p.pk: [] for p in people}
    if event.current_run_id:
        for m in meetings_of(event.current_run).order_by("slot__start", "table"):
            for pid in (m.request.corporate_id, m.request.startup_id):
                if pid in by_person:
                    by_person[pid].append(m)
    return [(p, by_person[p.pk]) for p in people]


def table_card_meetings(run: ScheduleRun, slot: Slot | None = None) -> QuerySet[Meeting]:
    """The meetings to print a table card for: the whole published schedule, or one slot of it."""
    meetings = meetings_of(run).order_by("slot__start", "table")
    return meetings.filter(slot=slot) if slot is not None else meetings


def print_jobs_of(event: Event) -> QuerySet[PrintJob]:
    """The event's print files, newest first, for the agendas page and the job page."""
    return PrintJob.objects.within(event=event).select_related("run").order_by("-created_at")


def agenda(run: ScheduleRun, participant: Participant) -> list[Meeting]:
    return list(
        meetings_of(run)
        .filter(Q(request__corporate=participant) | Q(request__startup=participant))
        .order_by("slot__start")
    )


@dataclass
class ConversionReport:
    meetings: int
    recorded: int
    follow_up: int
    poc: int
    projects: int
    rate: float | None
    benchmark: float
    per_corporate: list[dict[str, Any]]
    per_startup: list[dict[str, Any]]
    leads: int = 0
    leads_converted: int = 0

    @property
    def rate_percent(self) -> float | None:
        return None if self.rate is None else round(self.rate * 100, 1)

    @property
    def benchmark_percent(self) -> int:
        return round(self.benchmark * 100)

    @property
    def beats_benchmark(self) -> bool:
        return self.rate is not None and self.rate >= self.benchmark


# Meeting-to-project conversion, the one definition every page, report and API route uses.
# A meeting counts once it was held: it belongs to the event's published schedule, the event
# day is over, and neither side was a no-show. Planned meetings of an upcoming event are not
# failures, so they stay out of the figure until the day has passed.
CONVERTED_Q = Q(outcome=Outcome.PROJECT) | Q(project__isnull=False)


def held_q(today: date | None = None, prefix: str = "") -> Q:
    """Meetings that took place (on a Meeting queryset, or through `prefix`, e.g. "meetings__")."""
    today = today or timezone.localdate()
    return Q(
        **{
            f"{prefix}run__event__current_run": F(f"{prefix}run"),
            f"{prefix}run__event__date__lt": today,
            f"{prefix}request__corporate__no_show": False,
            f"{prefix}request__startup__no_show": False,
        }
    )


def conversion_rate(projects: int, held: int) -> float | None:
    """Share of held meetings that led to a project (None before any meeting was held)."""
    return projects / held if held else None


def meeting_conversion(meetings: QuerySet[Meeting], today: date | None = None) -> dict[str, Any]:
    """Held meetings, the projects they led to and the rate, in one aggregate."""
    held = held_q(today)
    totals = meetings.aggregate(
        held=Count("pk", filter=held), projects=Count("pk", filter=held & CONVERTED_Q)
    )
    return {**totals, "rate": conversion_rate(totals["projects"], totals["held"])}


# The per-participant tables list the leaders only: at demo size (300 participants) rendering every
# row made the follow-up page take most of a second.
PER_SIDE_ROWS = 20


def conversion_report(run: ScheduleRun, today: date | None = None) -> ConversionReport:
    """Held meetings → follow-up → PoC → project, overall and for the leading participants of each side."""
    qs = Meeting.objects.filter(run=run).filter(held_q(today))
    project_q = CONVERTED_Q
    totals = qs.aggregate(
        meetings=Count("pk"),
        recorded=Count("pk", filter=~Q(outcome="")),
        follow_up=Count("pk", filter=Q(outcome__in=[Outcome.FOLLOW_UP, Outcome.POC, Outcome.PROJECT])),
        poc=Count("pk", filter=Q(outcome__in=[Outcome.POC, Outcome.PROJECT])),
        projects=Count("pk", filter=project_q),
        leads=Count("pk", filter=LEAD_Q),
        leads_converted=Count("pk", filter=LEAD_Q & project_q),
    )

    def per(field: str) -> list[dict[str, Any]]:
        rows = (
            qs.values(f"request__{field}_id", f"request__{field}__name")
            .annotate(meetings=Count("pk"), projects=Count("pk", filter=project_q))
            .order_by("-projects", "-meetings", f"request__{field}__name")[:PER_SIDE_ROWS]
        )
        return [
            {
                "pk": r[f"request__{field}_id"],
                "name": r[f"request__{field}__name"],
                "meetings": r["meetings"],
                "projects": r["projects"],
                "rate": round(r["projects"] / r["meetings"] * 100, 1) if r["meetings"] else None,
            }
            for r in rows
        ]

    return ConversionReport(
        meetings=totals["meetings"],
        recorded=totals["recorded"],
        follow_up=totals["follow_up"],
        poc=totals["poc"],
        projects=totals["projects"],
        rate=conversion_rate(totals["projects"], totals["meetings"]),
        benchmark=BENCHMARK_CONVERSION,
        per_corporate=per("corporate"),
        per_startup=per("startup"),
        leads=totals["leads"],
        leads_converted=totals["leads_converted"],
    )


def agenda_batch(run: ScheduleRun) -> str:
    """The outbox batch of a run's agenda mails (kyoso.outbox): progress and resends go by it."""
    return f"agenda:run:{run.pk}"


@dataclass(frozen=True)
class AgendaMail:
    progress: BatchProgress
    failures: list[OutboxMessage]


def agenda_mail(run: ScheduleRun) -> AgendaMail | None:
    """How far the run's agenda mails have gone (None when it never mailed anyone)."""
    batch = agenda_batch(run)
    progress = outbox_selectors.progress(workspace=run.event.workspace, batch=batch)
    if progress is None:
        return None
    failures = []
    if progress.failed:
        failures = list(outbox_selectors.failures(workspace=run.event.workspace, batch=batch))
    return AgendaMail(progress=progress, failures=failures)


# --------------------------------------------------------------------------- the global search box


def search_events(caller: SearchCaller, query: str, limit: int) -> tuple[list[Any], int, bool]:
    """Events matching the query, and whether the rows are the caller's own participations.

    A member searches the workspace's events by name, venue and description; a portal account
    only the names of the events it takes part in (rows are then its participations)."""
    if caller.is_member:
        qs = Event.objects.for_member(caller.user, caller.workspace).only("pk", "name", "date", "venue")
        return (*page_of(text_matches(qs, query, name="name", fields=("venue", "description")), limit), False)
    qs = participations_of(caller.user).filter(
        event__in=text_matches(Event.objects.for_participant(caller.user), query, name="name")
        .order_by()
        .values("pk")
    )
    return (*page_of(qs.order_by("-event__date", "pk"), limit), True)


# --------------------------------------------------------------------------- check-in by QR code


@dataclass
class CheckinTarget:
    participant: Participant
    membership: Any  # the organiser's Membership in the event's workspace


def checkin_target(user: Any, event_id: int, participant_id: int) -> CheckinTarget | None:
    """The participant behind a check-in code, read as a member of the event's workspace.

    None when `user` is no member of that workspace (a participant, a partner, an outsider): the
    code then reaches nothing.
    """
    from kyoso.accounts.models import Membership

    if not getattr(user, "is_authenticated", False):
        return None
    membership = (
        Membership.objects.select_related("workspace").filter(user=user, workspace__events=event_id).first()
    )
    if membership is None:
        return None
    participant = (
        Participant.objects.for_member(user, membership.workspace)
        .select_related("event__current_run", "event__workspace")
        .filter(event_id=event_id, pk=participant_id)
        .first()
    )
    if participant is None:
        return None
    return CheckinTarget(participant=participant, membership=membership)


def participant_by_badge_id(event: Event, code: str) -> Participant | None:
    """A participant of an event read in scope, by the id printed on the badge (any case)."""
    code = (code or "").strip()
    if not code:
        return None
    return participants_of(event).filter(code__iexact=code).first()


def checkin_counts(event: Event) -> dict[str, int]:
    people = participants_of(event).filter(withdrawn=False)
    return {
        "total": people.count(),
        "checked_in": people.filter(checked_in_at__isnull=False).count(),
        "no_show": people.filter(no_show=True).count(),
    }

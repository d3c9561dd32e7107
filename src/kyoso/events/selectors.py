"""Reads of the events app that need more than a simple queryset. Bounded queries throughout."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from kyoso.events.models import (
    BENCHMARK_CONVERSION,
    LEAD_Q,
    Event,
    Meeting,
    Outcome,
    Participant,
    ScheduleRun,
    Slot,
)


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
    names = dict(Participant.objects.filter(event_id=run.event_id, pk__in=pks).values_list("pk", "name"))
    return [
        {
            "name": names.get(b.get("participant_pk")) or b.get("participant", ""),
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


def _rate(projects: int, meetings: int) -> float | None:
    return projects / meetings if meetings else None


def conversion_report(run: ScheduleRun) -> ConversionReport:
    """Meetings → follow-up → PoC → project, overall and per participant, in SQL aggregates."""
    qs = Meeting.objects.filter(run=run)
    project_q = Q(outcome=Outcome.PROJECT) | Q(project__isnull=False)
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
            .order_by("-projects", f"request__{field}__name")
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
        rate=_rate(totals["projects"], totals["meetings"]),
        benchmark=BENCHMARK_CONVERSION,
        per_corporate=per("corporate"),
        per_startup=per("startup"),
        leads=totals["leads"],
        leads_converted=totals["leads_converted"],
    )

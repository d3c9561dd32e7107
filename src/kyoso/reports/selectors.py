"""Report data, aggregated in SQL with a fixed number of queries whatever the data size.

Every function takes querysets that already went through the scoping mechanism
(`scoped(request, Model)` in views, `caller.scoped` in the API) plus the
filters, and returns plain dicts, so pages, exports and the API share them.

Filters: `owner` and `business_unit` narrow the projects; the period means
"projects that started in it" for the funnel, "stage spells that began in it"
for time in stage, "events held in it" and "retrospectives written in it".
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.dateparse import parse_date

from kyoso.knowledge.causes import CAUSE_LABELS, CAUSES

STAGES = ("exploration", "poc", "pilot", "commercialisation")
OPEN_STAGES = ("exploration", "poc", "pilot")
LEVELS = (("low", 0, 25), ("medium", 25, 50), ("high", 50, 75), ("critical", 75, 101))
STUCK_LIMIT = 100
SPONSOR_LIMIT = 200


@dataclass
class ReportFilters:
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    owner: int | None = None
    business_unit: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ReportFilters:
        owner = (params.get("owner") or "").strip()
        return cls(
            period_from=_date(params.get("from")),
            period_to=_date(params.get("to")),
            owner=int(owner) if owner.isdigit() else None,
            business_unit=(params.get("business_unit") or "").strip(),
        )

    def as_query(self) -> str:
        values = {
            "from": self.period_from.isoformat() if self.period_from else "",
            "to": self.period_to.isoformat() if self.period_to else "",
            "owner": str(self.owner or ""),
            "business_unit": self.business_unit,
        }
        return urlencode({k: v for k, v in values.items() if v})

    def describe(self) -> dict[str, Any]:
        return {
            "from": self.period_from.isoformat() if self.period_from else None,
            "to": self.period_to.isoformat() if self.period_to else None,
            "owner": self.owner,
            "business_unit": self.business_unit or None,
        }

    def in_period(self, field: str) -> Q:
        q = Q()
        if self.period_from:
            q &= Q(**{f"{field}__gte": self.period_from})
        if self.period_to:
            q &= Q(**{f"{field}__lte": self.period_to})
        return q


def _date(value: Any) -> dt.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def narrow(projects: QuerySet[Any], f: ReportFilters) -> QuerySet[Any]:
    if f.owner:
        projects = projects.filter(owner_id=f.owner)
    if f.business_unit:
        projects = projects.filter(business_unit=f.business_unit)
    return projects


def _stage_index(field: str) -> Case:
    return Case(
        *[When(**{field: s}, then=Value(i)) for i, s in enumerate(STAGES)],
        default=Value(-1),
        output_field=IntegerField(),
    )


def _models() -> tuple[Any, Any, Any]:
    from kyoso.projects.models import Gate, GateDecision, StageHistory

    return StageHistory, Gate, GateDecision


# --------------------------------------------------------------------------- funnel


def funnel(projects: QuerySet[Any], f: ReportFilters) -> dict[str, Any]:
    """How many projects reached each stage, how many are there now, and the conversion to the next stage.

    A project "reached" a stage when its history (or its current stage) is at that stage or a later one.
    One query: projects grouped by the furthest stage reached and by whether they stopped.
    """
    StageHistory, _, _ = _models()
    projects = narrow(projects, f)
    first = (
        StageHistory.objects.filter(project=OuterRef("pk"))
        .order_by("entered_on", "id")
        .values("entered_on")[:1]
    )
    projects = projects.annotate(started=Subquery(first))
    if f.period_from or f.period_to:
        projects = projects.filter(f.in_period("started"))
    furthest = (
        StageHistory.objects.filter(project=OuterRef("pk"))
        .annotate(idx=_stage_index("stage"))
        .order_by("-idx")
        .values("idx")[:1]
    )
    grouped = (
        projects.annotate(reached=Greatest(Coalesce(Subquery(furthest), Value(-1)), _stage_index("stage")))
        .values("reached", "stage")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_reached = [0] * len(STAGES)
    current = dict.fromkeys(STAGES, 0)
    stopped_after = [0] * len(STAGES)
    total = 0
    for row in grouped:
        idx, n = int(row["reached"] if row["reached"] is not None else -1), int(row["n"])
        total += n
        if row["stage"] in current:
            current[row["stage"]] += n
        if idx >= 0:
            by_reached[idx] += n
            if row["stage"] == "stopped":
                stopped_after[idx] += n
    reached = [sum(by_reached[i:]) for i in range(len(STAGES))]
    rows = []
    for i, stage in enumerate(STAGES):
        nxt = reached[i + 1] if i + 1 < len(STAGES) else None
        rate = (nxt / reached[i]) if (nxt is not None and reached[i]) else None
        rows.append(
            {
                "stage": stage,
                "reached": reached[i],
                "current": current[stage],
                "stopped_here": stopped_after[i],
                "conversion": round(rate, 4) if rate is not None else None,
            }
        )
    overall = (reached[-1] / reached[0]) if reached[0] else None
    return {
        "total": total,
        "stopped": sum(stopped_after),
        "rows": rows,
        "overall_conversion": round(overall, 4) if overall is not None else None,
    }


# --------------------------------------------------------------------------- time in stage


def _percentile_positions(n: int) -> tuple[int, int, int]:
    """(median low, median high, p90) positions in a sorted list of n values (nearest rank for p90)."""
    lo, hi = (n - 1) // 2, n // 2
    p90 = max(0, math.ceil(0.9 * n) - 1)
    return lo, hi, p90


def time_in_stage(
    projects: QuerySet[Any], f: ReportFilters, *, today: dt.date | None = None
) -> dict[str, Any]:
    """Median and p90 days of finished stage spells per stage, and the projects stuck past their gate or PoC end.

    Percentiles are read from the database with ORDER BY … OFFSET (two queries per stage).
    """
    StageHistory, Gate, GateDecision = _models()
    today = today or timezone.localdate()
    projects = narrow(projects, f)
    spells = StageHistory.objects.filter(
        project__in=projects.values("pk"), stage__in=STAGES, left_on__isnull=False
    )
    if f.period_from or f.period_to:
        spells = spells.filter(f.in_period("entered_on"))
    spells = spells.annotate(
        span=ExpressionWrapper(F("left_on") - F("entered_on"), output_field=DurationField())
    )
    counts = dict(spells.values("stage").annotate(n=Count("pk")).order_by().values_list("stage", "n"))
    avg = dict(spells.values("stage").annotate(a=Avg("span")).order_by().values_list("stage", "a"))
    rows = []
    for stage in STAGES:
        n = int(counts.get(stage, 0))
        median = p90 = None
        if n:
            lo, hi, p = _percentile_positions(n)
            ordered = spells.filter(stage=stage).order_by("span", "pk").values_list("span", flat=True)
            mids = [_days(v) for v in ordered[lo : hi + 1]]
            median = sum(mids) / len(mids)
            p90 = _days(ordered[p])
        mean = avg.get(stage)
        rows.append(
            {
                "stage": stage,
                "spells": n,
                "median_days": median,
                "p90_days": p90,
                "mean_days": round(_days(mean), 1) if mean is not None else None,
            }
        )
    return {"rows": rows, "stuck": stuck(projects, today=today)}


def _days(value: Any) -> float:
    if value is None:
        return 0.0
    if isinstance(value, dt.timedelta):
        return value.total_seconds() / 86400
    return float(value) / 86_400_000_000  # microseconds (some backends)


def stuck(projects: QuerySet[Any], *, today: dt.date) -> list[dict[str, Any]]:
    """Live projects past an undecided gate of their current stage, or in PoC past its planned end."""
    _, Gate, GateDecision = _models()
    final = GateDecision.objects.filter(gate=OuterRef("pk"), decision__in=("go", "no_go"))
    open_gate = Gate.objects.filter(
        project=OuterRef("pk"), stage=OuterRef("stage"), due__isnull=False
    ).exclude(Exists(final))
    qs = (
        projects.filter(stage__in=OPEN_STAGES)
        .annotate(gate_due=Subquery(open_gate.order_by("due").values("due")[:1]))
        .filter(Q(gate_due__lt=today) | Q(stage="poc", poc_planned_end__lt=today))
        .select_related("owner")
        .order_by("stage_entered", "pk")[:STUCK_LIMIT]
    )
    rows = []
    for p in qs:
        gate_late = (today - p.gate_due).days if p.gate_due and p.gate_due < today else 0
        poc_late = (
            (today - p.poc_planned_end).days
            if p.stage == "poc" and p.poc_planned_end and p.poc_planned_end < today
            else 0
        )
        rows.append(
            {
                "project_id": p.pk,
                "title": p.title,
                "stage": p.stage,
                "owner": str(p.owner) if p.owner_id else "",
                "business_unit": p.business_unit,
                "days_in_stage": (today - p.stage_entered).days,
                "gate_due": p.gate_due.isoformat() if p.gate_due else None,
                "gate_overdue_days": gate_late,
                "poc_planned_end": p.poc_planned_end.isoformat() if p.poc_planned_end else None,
                "poc_overdue_days": poc_late,
            }
        )
    return rows


# --------------------------------------------------------------------------- risk


def level_of(score: int) -> str:
    for name, lo, hi in LEVELS:
        if lo <= score < hi:
            return name
    return "critical"


def risk(projects: QuerySet[Any], diagnoses: QuerySet[Any] | None, f: ReportFilters) -> dict[str, Any]:
    """Portfolio risk from the risk app's stored current diagnoses of live projects (two queries)."""
    if diagnoses is None:
        return {"diagnosed": 0, "causes": [], "top": []}
    projects = narrow(projects, f).exclude(stage="stopped")
    current = diagnoses.filter(is_current=True, project__in=projects.values("pk"))
    aggregates: dict[str, Any] = {"n": Count("pk")}
    for cause in CAUSES:
        aggregates[f"{cause}__avg"] = Avg(cause)
        for name, lo, hi in LEVELS:
            aggregates[f"{cause}__{name}"] = Count(
                "pk", filter=Q(**{f"{cause}__gte": lo, f"{cause}__lt": hi})
            )
    agg = current.aggregate(**aggregates)
    causes = [
        {
            "cause": cause,
            "average": round(float(agg[f"{cause}__avg"]), 1) if agg[f"{cause}__avg"] is not None else None,
            **{name: int(agg[f"{cause}__{name}"]) for name, _, _ in LEVELS},
        }
        for cause in CAUSES
    ]
    top = [
        {
            "project_id": d["project_id"],
            "title": d["project__title"],
            "stage": d["project__stage"],
            "overall": d["overall_score"],
            "level": d["overall_level"],
            "top_cause": d["top_cause"],
        }
        for d in current.order_by("-overall_score", "project__title", "project_id").values(
            "project_id", "project__title", "project__stage", "overall_score", "overall_level", "top_cause"
        )[:10]
    ]
    return {"diagnosed": int(agg["n"] or 0), "causes": causes, "top": top}


# --------------------------------------------------------------------------- sponsors


def sponsors(projects: QuerySet[Any], f: ReportFilters) -> list[dict[str, Any]]:
    """Members who sponsor projects: how many, budget, how many live (one query)."""
    rows = (
        narrow(projects, f)
        .filter(sponsor_user__isnull=False)
        .values("sponsor_user", "sponsor_user__name", "sponsor_user__email")
        .annotate(
            projects=Count("pk"),
            live=Count("pk", filter=Q(stage__in=OPEN_STAGES)),
            budget=Sum("budget_jpy"),
        )
        .order_by("-live", "sponsor_user__name", "sponsor_user")[:SPONSOR_LIMIT]
    )
    return [
        {
            "user_id": r["sponsor_user"],
            "name": r["sponsor_user__name"] or r["sponsor_user__email"].split("@")[0],
            "projects": r["projects"],
            "live": r["live"],
            "budget_jpy": int(r["budget"] or 0),
        }
        for r in rows
    ]


def sponsor_view(
    projects: QuerySet[Any],
    diagnoses: QuerySet[Any] | None,
    user_id: int,
    f: ReportFilters,
    *,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """One page for an executive: what they sponsor, budget, risk, decisions waiting on them (three queries)."""
    _, Gate, GateDecision = _models()
    today = today or timezone.localdate()
    mine = narrow(projects, f).filter(sponsor_user_id=user_id)
    final = GateDecision.objects.filter(gate=OuterRef("pk"), decision__in=("go", "no_go"))
    open_gate = Gate.objects.filter(project=OuterRef("pk"), stage=OuterRef("stage")).exclude(Exists(final))
    annotated = mine.annotate(
        gate_due=Subquery(open_gate.order_by(F("due").asc(nulls_last=True)).values("due")[:1]),
        gate_id=Subquery(open_gate.order_by(F("due").asc(nulls_last=True)).values("pk")[:1]),
    )
    if diagnoses is not None:
        current = diagnoses.filter(project=OuterRef("pk"), is_current=True)
        annotated = annotated.annotate(
            risk_score=Subquery(current.values("overall_score")[:1]),
            risk_level=Subquery(current.values("overall_level")[:1]),
            risk_cause=Subquery(current.values("top_cause")[:1]),
        )
    rows = []
    for p in annotated.order_by(
        Case(When(stage__in=OPEN_STAGES, then=Value(0)), default=Value(1)), "title", "pk"
    )[:SPONSOR_LIMIT]:
        rows.append(
            {
                "project_id": p.pk,
                "title": p.title,
                "stage": p.stage,
                "status": p.status_colour,
                "business_unit": p.business_unit,
                "budget_jpy": p.budget_jpy,
                "budget_until": p.sponsor_budget_until.isoformat() if p.sponsor_budget_until else None,
                "last_engaged": p.sponsor_last_engaged.isoformat() if p.sponsor_last_engaged else None,
                "risk_score": getattr(p, "risk_score", None),
                "risk_level": getattr(p, "risk_level", None),
                "risk_cause": getattr(p, "risk_cause", None) or "",
                "gate_id": p.gate_id if p.stage in OPEN_STAGES else None,
                "gate_due": p.gate_due.isoformat() if p.gate_due and p.stage in OPEN_STAGES else None,
                "gate_overdue": bool(p.gate_due and p.gate_due < today and p.stage in OPEN_STAGES),
            }
        )
    live = [r for r in rows if r["stage"] in OPEN_STAGES]
    waiting = sorted((r for r in live if r["gate_id"]), key=lambda r: (r["gate_due"] or "9999", r["title"]))
    return {
        "projects": rows,
        "live": len(live),
        "budget_jpy": sum(r["budget_jpy"] or 0 for r in live),
        "at_risk": sum(1 for r in live if r["risk_level"] in ("high", "critical") or r["status"] == "red"),
        "decisions_waiting": waiting,
    }


# --------------------------------------------------------------------------- events


def event_conversion(meetings: QuerySet[Any], f: ReportFilters) -> dict[str, Any]:
    """Meeting-to-project conversion per event and overall, against ILS's 30% (one query).

    Held meetings and converted ones are counted by the events app's one definition
    (`kyoso.events.selectors.held_q` / `CONVERTED_Q`), the same the event's follow-up page shows.
    """
    from kyoso.events.models import BENCHMARK_CONVERSION
    from kyoso.events.selectors import CONVERTED_Q, conversion_rate, held_q

    qs = meetings.filter(run=F("run__event__current_run"))
    if f.period_from or f.period_to:
        qs = qs.filter(f.in_period("run__event__date"))
    held = held_q()
    rows = (
        qs.values("run__event_id", "run__event__name", "run__event__date")
        .annotate(
            meetings=Count("pk", filter=held),
            recorded=Count("pk", filter=held & ~Q(outcome="")),
            projects=Count("pk", filter=held & CONVERTED_Q),
        )
        .order_by("-run__event__date", "run__event_id")[:200]
    )
    events = [
        {
            "event_id": r["run__event_id"],
            "name": r["run__event__name"],
            "date": r["run__event__date"].isoformat() if r["run__event__date"] else None,
            "meetings": r["meetings"],
            "recorded": r["recorded"],
            "projects": r["projects"],
            "rate": _round(conversion_rate(r["projects"], r["meetings"])),
        }
        for r in rows
    ]
    meetings_total = sum(e["meetings"] for e in events)
    projects_total = sum(e["projects"] for e in events)
    return {
        "events": events,
        "meetings": meetings_total,
        "projects": projects_total,
        "rate": _round(conversion_rate(projects_total, meetings_total)),
        "benchmark": BENCHMARK_CONVERSION,
    }


def _round(rate: float | None) -> float | None:
    return None if rate is None else round(rate, 4)


# --------------------------------------------------------------------------- lessons


def lessons_by_cause(cause_tags: QuerySet[Any], f: ReportFilters) -> dict[str, Any]:
    """Retrospective cause tags per year and cause: how many retrospectives, total weight (one query)."""
    qs = cause_tags
    if f.owner:
        qs = qs.filter(retrospective__project__owner_id=f.owner)
    if f.business_unit:
        qs = qs.filter(retrospective__project__business_unit=f.business_unit)
    if f.period_from or f.period_to:
        qs = qs.filter(f.in_period("retrospective__written_on"))
    grouped = (
        qs.annotate(year=ExtractYear("retrospective__written_on"))
        .values("year", "cause")
        .annotate(n=Count("retrospective", distinct=True), weight=Sum("weight"))
        .order_by("year", "cause")
    )
    years: dict[int, dict[str, dict[str, int]]] = {}
    for r in grouped:
        years.setdefault(int(r["year"]), {})[r["cause"]] = {
            "count": int(r["n"]),
            "weight": int(r["weight"] or 0),
        }
    rows = [
        {
            "year": year,
            **{c: by.get(c, {}).get("count", 0) for c in CAUSES},
            "weight": {c: by.get(c, {}).get("weight", 0) for c in CAUSES},
        }
        for year, by in sorted(years.items())
    ]
    totals = {c: sum(r[c] for r in rows) for c in CAUSES}
    return {"rows": rows, "totals": totals}


def cause_label(cause: str) -> str:
    return str(CAUSE_LABELS.get(cause, cause))

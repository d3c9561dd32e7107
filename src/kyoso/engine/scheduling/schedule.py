"""The result of a solve, its JSON form and an independent validator of the hard rules."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .problem import Event, EventError


@dataclass(frozen=True, slots=True)
class Meeting:
    corporate: str
    startup: str
    slot: str
    table: int


@dataclass(frozen=True, slots=True)
class BelowMin:
    participant: str
    meetings: int
    min_meetings: int
    reason: str = ""  # see minimums.REASONS; empty when not computed (e.g. a stored schedule)


@dataclass(frozen=True, slots=True)
class Schedule:
    meetings: tuple[Meeting, ...]
    objective: float
    upper_bound: float
    below_min: tuple[BelowMin, ...]
    solve_seconds: float
    bound_method: str = "b-matching flow"
    stats: Mapping[str, Any] = field(default_factory=dict)
    fairness: Mapping[str, Any] = field(default_factory=dict)

    @property
    def gap(self) -> float:
        """Relative distance to the proven bound, (upper_bound - objective) / upper_bound."""
        if self.upper_bound <= 0:
            return 0.0
        return max(0.0, (self.upper_bound - self.objective) / self.upper_bound)

    def to_json(self) -> dict[str, Any]:
        return {
            "meetings": [
                {"corporate": m.corporate, "startup": m.startup, "slot": m.slot, "table": m.table}
                for m in self.meetings
            ],
            "objective": _num(self.objective),
            "upper_bound": _num(self.upper_bound),
            "below_min": [
                {
                    "participant": b.participant,
                    "meetings": b.meetings,
                    "min_meetings": b.min_meetings,
                    "reason": b.reason,
                }
                for b in self.below_min
            ],
            "objective_without_minimums": _num(
                self.fairness.get("objective_without_minimums", self.objective)
            ),
            "fairness": dict(self.fairness),
            "solve_seconds": round(self.solve_seconds, 3),
            "gap": round(self.gap, 6),
            "bound_method": self.bound_method,
            "stats": dict(self.stats),
        }


def _num(x: float) -> float:
    return float(round(x, 9))


def weight_sum(event: Event, meetings: Sequence[Meeting]) -> float:
    total = []
    for m in meetings:
        r = event.request_for(m.corporate, m.startup)
        if r is not None:
            total.append(r.weight)
    return math.fsum(total)


def below_min_of(event: Event, meetings: Sequence[Meeting]) -> tuple[BelowMin, ...]:
    deg: Counter[str] = Counter()
    for m in meetings:
        deg[m.corporate] += 1
        deg[m.startup] += 1
    return tuple(
        BelowMin(p.id, deg[p.id], p.min_meetings) for p in event.participants if deg[p.id] < p.min_meetings
    )


def meetings_from_json(data: object, *, path: str = "") -> list[Meeting]:
    """Read the ``meetings`` of a schedule document (ids are not checked against an event)."""
    prefix = f"{path}." if path else ""
    if not isinstance(data, dict):
        raise EventError(path or "$", "expected an object with a meetings list")
    raw = data.get("meetings")
    if not isinstance(raw, list):
        raise EventError(f"{prefix}meetings", "expected a list")
    out: list[Meeting] = []
    for i, item in enumerate(raw):
        p = f"{prefix}meetings[{i}]"
        if not isinstance(item, dict):
            raise EventError(p, "expected an object")
        for key in ("corporate", "startup", "slot"):
            if not isinstance(item.get(key), str) or not item[key]:
                raise EventError(f"{p}.{key}", "expected a non-empty string id")
        table = item.get("table")
        if isinstance(table, bool) or not isinstance(table, int) or table < 1:
            raise EventError(f"{p}.table", f"expected an integer >= 1, got {table!r}")
        out.append(Meeting(item["corporate"], item["startup"], item["slot"], table))
    return out


def validate_schedule(event: Event, schedule: Schedule | Mapping[str, Any]) -> list[str]:
    """Every violated hard rule, as readable messages (empty list = valid).

    Checks: each meeting is a consented request (both interests > 0), at most once; known slot;
    both participants available and in at most one meeting per slot; max_meetings; tables
    numbered 1..tables and distinct within a slot; objective equals the sum of weights;
    upper_bound >= objective; below_min lists exactly the participants under their floor.
    """
    if isinstance(schedule, Schedule):
        meetings = list(schedule.meetings)
        objective: Any = schedule.objective
        upper: Any = schedule.upper_bound
        below: list[Any] = [
            {"participant": b.participant, "meetings": b.meetings, "min_meetings": b.min_meetings}
            for b in schedule.below_min
        ]
    else:
        try:
            meetings = meetings_from_json(dict(schedule))
        except EventError as exc:
            return [str(exc)]
        objective = schedule.get("objective")
        upper = schedule.get("upper_bound")
        below = list(schedule.get("below_min") or [])
    errors: list[str] = []
    seen_pairs: dict[tuple[str, str], int] = {}
    busy: dict[tuple[str, str], int] = {}
    tables_used: dict[tuple[str, int], int] = {}
    deg: Counter[str] = Counter()
    per_slot: defaultdict[str, int] = defaultdict(int)
    for i, m in enumerate(meetings):
        p = f"meetings[{i}]"
        r = event.request_for(m.corporate, m.startup)
        if r is None:
            errors.append(f"{p}: no request for ({m.corporate}, {m.startup})")
            continue
        if not r.consented:
            errors.append(f"{p}: ({m.corporate}, {m.startup}) has a zero interest and must not meet")
        pair = (m.corporate, m.startup)
        if pair in seen_pairs:
            errors.append(
                f"{p}: request ({m.corporate}, {m.startup}) scheduled twice (also meetings[{seen_pairs[pair]}])"
            )
        seen_pairs[pair] = i
        pos = event.slot_position(m.slot)
        if pos is None:
            errors.append(f'{p}.slot: unknown slot "{m.slot}"')
            continue
        slot = event.slots[pos]
        for pid in pair:
            part = event.participant(pid)
            assert part is not None
            if m.slot in part.unavailable:
                errors.append(f'{p}: {pid} is unavailable in slot "{m.slot}"')
            key = (pid, m.slot)
            if key in busy:
                errors.append(f'{p}: {pid} has two meetings in slot "{m.slot}" (also meetings[{busy[key]}])')
            busy[key] = i
            deg[pid] += 1
        if not 1 <= m.table <= slot.tables:
            errors.append(f'{p}.table: {m.table} outside 1..{slot.tables} of slot "{m.slot}"')
        tkey = (m.slot, m.table)
        if tkey in tables_used:
            errors.append(
                f'{p}.table: table {m.table} of slot "{m.slot}" used twice (also meetings[{tables_used[tkey]}])'
            )
        tables_used[tkey] = i
        per_slot[m.slot] += 1
    for sid, n in per_slot.items():
        pos = event.slot_position(sid)
        if pos is not None and n > event.slots[pos].tables:
            errors.append(f'slot "{sid}": {n} meetings for {event.slots[pos].tables} tables')
    for part in event.participants:
        if part.max_meetings is not None and deg[part.id] > part.max_meetings:
            errors.append(f"{part.id}: {deg[part.id]} meetings, max_meetings is {part.max_meetings}")
    total = weight_sum(event, meetings)
    if not isinstance(objective, int | float) or not math.isclose(
        objective, total, rel_tol=1e-9, abs_tol=1e-6
    ):
        errors.append(f"objective: {objective!r} but the meetings' weights sum to {total}")
    if (
        not isinstance(upper, int | float)
        or not isinstance(objective, int | float)
        or upper < objective - 1e-6
    ):
        errors.append(f"upper_bound: {upper!r} is below the objective {objective!r}")
    expected = {b.participant: (b.meetings, b.min_meetings) for b in below_min_of(event, meetings)}
    reported: dict[str, tuple[Any, Any]] = {}
    for b in below:
        if isinstance(b, dict):
            reported[str(b.get("participant"))] = (b.get("meetings"), b.get("min_meetings"))
    if reported != expected:
        missing = sorted(set(expected) - set(reported))
        extra = sorted(set(reported) - set(expected))
        wrong = sorted(k for k in set(expected) & set(reported) if expected[k] != reported[k])
        errors.append(f"below_min: missing {missing}, not below {extra}, wrong counts {wrong}")
    return errors

"""Shared helpers for the scheduling tests: tiny random events and an exhaustive optimum."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from kyoso.engine.scheduling import Event, parse_event


def event_doc(
    slots: list[int],
    corps: list[dict[str, Any]],
    starts: list[dict[str, Any]],
    requests: list[tuple[str, str, int, int]],
) -> dict[str, Any]:
    return {
        "kyoso_event": 1,
        "slots": [{"id": f"s{i}", "tables": n} for i, n in enumerate(slots)],
        "participants": [{"side": "corporate", **c} for c in corps]
        + [{"side": "startup", **s} for s in starts],
        "requests": [
            {"corporate": c, "startup": s, "corporate_interest": ci, "startup_interest": si}
            for c, s, ci, si in requests
        ],
    }


@st.composite
def tiny_events(draw: st.DrawFn, max_requests: int = 7) -> dict[str, Any]:
    n_slots = draw(st.integers(1, 3))
    tables = [draw(st.integers(1, 2)) for _ in range(n_slots)]
    slot_ids = [f"s{i}" for i in range(n_slots)]

    def person(pid: str) -> dict[str, Any]:
        return {
            "id": pid,
            "unavailable": draw(st.lists(st.sampled_from(slot_ids), unique=True, max_size=n_slots - 1)),
            "max_meetings": draw(st.one_of(st.none(), st.integers(0, 3))),
            "min_meetings": draw(st.integers(0, 2)),
        }

    corps = [person(f"c{i}") for i in range(draw(st.integers(1, 3)))]
    starts = [person(f"u{i}") for i in range(draw(st.integers(1, 4)))]
    pairs = [(c["id"], s["id"]) for c in corps for s in starts]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=max_requests))
    reqs = [(c, s, draw(st.integers(0, 3)), draw(st.integers(0, 3))) for c, s in chosen]
    doc = event_doc(tables, corps, starts, reqs)
    if draw(st.booleans()):
        for r in doc["requests"]:
            r["weight"] = draw(st.sampled_from([0.5, 1.25, 2.0, 7.0, 3.3]))
    return doc


def feasible_degrees(event: Event) -> list[tuple[dict[str, int], float]]:
    """Every schedule that obeys the hard rules, as (meetings per participant, total weight)."""
    slot_ids = [s.id for s in event.slots]
    tables = {s.id: s.tables for s in event.slots}
    parts = {p.id: p for p in event.participants}
    reqs = [r for r in event.requests if r.consented]
    out: list[tuple[dict[str, int], float]] = []
    for choice in itertools.product([None, *slot_ids], repeat=len(reqs)):
        busy: set[tuple[str, str]] = set()
        deg: dict[str, int] = {}
        per_slot: dict[str, int] = {}
        total = 0.0
        ok = True
        for r, sid in zip(reqs, choice, strict=True):
            if sid is None:
                continue
            for pid in (r.corporate, r.startup):
                if sid in parts[pid].unavailable or (pid, sid) in busy:
                    ok = False
                    break
                busy.add((pid, sid))
                deg[pid] = deg.get(pid, 0) + 1
                mx = parts[pid].max_meetings
                if mx is not None and deg[pid] > mx:
                    ok = False
                    break
            if not ok:
                break
            per_slot[sid] = per_slot.get(sid, 0) + 1
            if per_slot[sid] > tables[sid]:
                ok = False
                break
            total += r.weight
        if ok:
            out.append((deg, total))
    return out


def brute_force_optimum(event: Event) -> float:
    """Exhaustive maximum total weight over all assignments of requests to (no slot | a slot)."""
    return max(total for _, total in feasible_degrees(event))


def brute_force_lexicographic(event: Event) -> tuple[int, float]:
    """Exhaustive lexicographic optimum: (most participants at min_meetings, then most weight)."""
    minimums = {p.id: p.min_meetings for p in event.participants if p.min_meetings > 0}
    return max(
        (sum(1 for pid, n in minimums.items() if deg.get(pid, 0) >= n), total)
        for deg, total in feasible_degrees(event)
    )


def parse(doc: dict[str, Any]) -> Event:
    return parse_event(doc)

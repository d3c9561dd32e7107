"""Solver properties: hard rules, exact optimum on tiny events, bound validity, determinism, time."""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pytest
from helpers_scheduling import brute_force_optimum, event_doc, tiny_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyoso.engine.scheduling import (
    Meeting,
    Schedule,
    generate_event,
    parse_event,
    schedule_meetings,
    validate_schedule,
)
from kyoso.engine.scheduling.baseline import greedy_state
from kyoso.engine.scheduling.bound import _lp_arrays, dual_bound, slot_lp_bound
from kyoso.engine.scheduling.selection import flow_bound
from kyoso.engine.scheduling.state import build_instance

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(tiny_events())
def test_tiny_events_reach_the_exhaustive_optimum_and_the_bound_holds(doc: dict[str, Any]) -> None:
    ev = parse_event(doc)
    optimum = brute_force_optimum(ev)
    pure = schedule_meetings(ev, time_limit=5, fairness_budget=0.0, minimums=False)
    assert validate_schedule(ev, pure) == []
    assert pure.objective == pytest.approx(optimum)
    assert pure.upper_bound >= optimum - 1e-9
    fair = schedule_meetings(ev, time_limit=5)
    assert validate_schedule(ev, fair) == []
    assert fair.upper_bound >= optimum - 1e-9
    assert fair.objective <= optimum + 1e-9
    inst = build_instance(ev)
    assert flow_bound(inst) >= optimum - 1e-9
    lp = slot_lp_bound(inst, 5)
    assert lp is None or lp >= optimum - 1e-9


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_events(max_requests=12))
def test_random_events_obey_every_hard_rule(doc: dict[str, Any]) -> None:
    ev = parse_event(doc)
    s = schedule_meetings(ev, time_limit=3, seed=3)
    assert validate_schedule(ev, s) == []
    greedy = greedy_state(build_instance(ev))
    greedy_at_min = sum(
        1 for p in ev.participants if p.min_meetings and greedy.deg[_index(ev, p.id)] >= p.min_meetings
    )
    # lexicographic: never fewer participants at their minimum than greedy, and on a tie never less weight
    assert (s.fairness["at_minimum"], s.objective + 1e-9) >= (greedy_at_min, greedy.objective)
    assert validate_schedule(ev, s.to_json()) == []
    assert s.upper_bound >= s.objective
    for m in s.meetings:
        r = ev.request_for(m.corporate, m.startup)
        assert r is not None and r.corporate_interest > 0 and r.startup_interest > 0


def _index(ev: Any, pid: str) -> int:
    return next(i for i, p in enumerate(ev.participants) if p.id == pid)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_medium_random_events(seed: int) -> None:
    ev = parse_event(generate_event(40, 120, 8, 900, seed=seed, tables_ratio=0.8))
    s = schedule_meetings(ev, time_limit=10, seed=seed)
    assert validate_schedule(ev, s) == []
    # the minimums come first: measured against the bound for schedules that reach them
    assert s.fairness["at_minimum"] == s.fairness["at_minimum_bound"]
    assert s.objective >= 0.99 * (s.fairness["bound_with_minimums"] or s.upper_bound)
    assert s.fairness["objective_without_minimums"] >= 0.99 * s.upper_bound
    assert s.objective >= greedy_state(build_instance(ev)).objective
    data = s.to_json()
    assert set(data) >= {"meetings", "objective", "upper_bound", "below_min", "solve_seconds", "gap"}


def test_zero_interest_never_scheduled_and_unavailability_honoured() -> None:
    doc = event_doc(
        [3, 3],
        [{"id": "c0", "unavailable": ["s1"]}, {"id": "c1"}],
        [{"id": "u0"}, {"id": "u1"}],
        [("c0", "u0", 0, 3), ("c0", "u1", 3, 3), ("c1", "u0", 3, 0), ("c1", "u1", 1, 1)],
    )
    ev = parse_event(doc)
    s = schedule_meetings(ev, time_limit=2)
    pairs = {(m.corporate, m.startup) for m in s.meetings}
    assert pairs == {("c0", "u1"), ("c1", "u1")}
    assert all(m.slot == "s0" for m in s.meetings if m.corporate == "c0")
    assert s.objective == 8.0


def test_tables_distinct_and_within_range() -> None:
    ev = parse_event(generate_event(20, 60, 4, 400, seed=5, tables_ratio=0.3))
    s = schedule_meetings(ev, time_limit=5)
    cells = [(m.slot, m.table) for m in s.meetings]
    assert len(cells) == len(set(cells))
    for m in s.meetings:
        pos = ev.slot_position(m.slot)
        assert pos is not None and 1 <= m.table <= ev.slots[pos].tables


def test_min_meetings_reported_when_impossible() -> None:
    doc = event_doc(
        [1],
        [{"id": "c0", "min_meetings": 3}],
        [{"id": "u0", "min_meetings": 1}, {"id": "u1", "min_meetings": 1}],
        [("c0", "u0", 3, 3), ("c0", "u1", 1, 1)],
    )
    ev = parse_event(doc)
    s = schedule_meetings(ev, time_limit=2)
    below = {b.participant: (b.meetings, b.min_meetings) for b in s.below_min}
    assert below == {"c0": (1, 3), "u1": (0, 1)}
    assert validate_schedule(ev, s) == []


def test_minimum_beats_weight_and_its_price_is_reported() -> None:
    # u0 asks both corporates for 3+3 (one per slot); u1 only c1 for 1+1 but is promised a meeting.
    doc = event_doc(
        [1, 1],
        [{"id": "c0"}, {"id": "c1"}],
        [{"id": "u0"}, {"id": "u1", "min_meetings": 1}],
        [("c0", "u0", 3, 3), ("c1", "u0", 3, 3), ("c1", "u1", 1, 1)],
    )
    ev = parse_event(doc)
    fair = schedule_meetings(ev, time_limit=2)
    assert fair.below_min == ()
    assert fair.objective == 8.0
    data = fair.to_json()
    assert data["objective_without_minimums"] == 12.0
    assert data["fairness"]["price"] == 4.0
    assert data["fairness"]["at_minimum"] == data["fairness"]["at_minimum_bound"] == 1
    pure = schedule_meetings(ev, time_limit=2, fairness_budget=0.0, minimums=False)
    assert pure.objective == 12.0
    assert [(b.participant, b.reason) for b in pure.below_min] == [("u1", "no_free_slot")]


def test_deterministic_for_same_seed() -> None:
    ev = parse_event(generate_event(60, 200, 10, 1500, seed=11))
    a = schedule_meetings(ev, time_limit=10, seed=4)
    b = schedule_meetings(ev, time_limit=10, seed=4)
    assert a.meetings == b.meetings
    assert a.objective == b.objective and a.upper_bound == b.upper_bound


def test_time_limit_honoured() -> None:
    ev = parse_event(generate_event(300, 1500, 12, 10000, seed=2))
    t0 = time.monotonic()
    s = schedule_meetings(ev, time_limit=1.5)
    assert time.monotonic() - t0 < 1.5 + 0.5
    assert validate_schedule(ev, s) == []


def test_progress_callback_is_called() -> None:
    ev = parse_event(generate_event(10, 30, 4, 80, seed=1))
    seen: list[str] = []
    schedule_meetings(ev, time_limit=2, on_progress=lambda phase, *_: seen.append(phase))
    assert seen[0] == "bound" and "assign" in seen


def test_validator_catches_violations() -> None:
    doc = event_doc(
        [1, 1],
        [{"id": "c0", "unavailable": ["s1"], "max_meetings": 1}],
        [{"id": "u0"}, {"id": "u1"}],
        [("c0", "u0", 3, 3), ("c0", "u1", 0, 3)],
    )
    ev = parse_event(doc)
    bad = Schedule(
        meetings=(Meeting("c0", "u0", "s1", 2), Meeting("c0", "u1", "s0", 1), Meeting("c0", "u0", "s0", 1)),
        objective=1.0,
        upper_bound=0.5,
        below_min=(),
        solve_seconds=0.0,
    )
    text = "\n".join(validate_schedule(ev, bad))
    for words in (
        "zero interest",
        "scheduled twice",
        "unavailable",
        "outside 1..1",
        "used twice",
        "max_meetings",
        "objective",
        "upper_bound",
        "two meetings",
    ):
        assert words in text, words


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_events(), st.integers(0, 2**31))
def test_any_dual_vector_certifies_a_bound(doc: dict[str, Any], seed: int) -> None:
    ev = parse_event(doc)
    inst = build_instance(ev)
    if inst.K == 0:
        return
    optimum = brute_force_optimum(ev)
    rows, rhs, cost, _, _ = _lp_arrays(inst)
    rng = np.random.default_rng(seed)
    for y in (np.zeros(rhs.shape[0]), rng.random(rhs.shape[0]) * 3, rng.normal(size=rhs.shape[0])):
        assert dual_bound(rows, rhs, cost, y) >= optimum - 1e-9


def test_lp_bound_keeps_stdout_clean(capfd: pytest.CaptureFixture[str]) -> None:
    ev = parse_event(generate_event(30, 80, 4, 600, seed=8, tables_ratio=1.0))
    inst = build_instance(ev)
    lp = slot_lp_bound(inst, 10)
    out, _ = capfd.readouterr()
    assert out == ""
    assert lp is not None and lp <= flow_bound(inst) + 1e-9
    s = schedule_meetings(ev, time_limit=5, fairness_budget=0)
    assert lp >= s.objective

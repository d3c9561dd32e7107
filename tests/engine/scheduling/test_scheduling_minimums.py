"""Lexicographic minimums: the most participants at min_meetings (proven), then total interest;
the bound on that number, the price of fairness and the reasons of every shortfall."""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import pytest
from helpers_scheduling import brute_force_lexicographic, event_doc, tiny_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyoso.engine.scheduling import Event, generate_event, parse_event, schedule_meetings, validate_schedule
from kyoso.engine.scheduling.minimums import REASONS, analyse, concentrate_shortfalls
from kyoso.engine.scheduling.state import build_instance

FAST = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _cap(event: Event, pid: str) -> int:
    p = event.participant(pid)
    assert p is not None
    free = len(event.slots) - len(p.unavailable)
    return free if p.max_meetings is None else min(free, p.max_meetings)


def _free_slots(event: Event, pid: str) -> set[str]:
    p = event.participant(pid)
    assert p is not None
    return {s.id for s in event.slots} - p.unavailable


def check_reason(event: Event, data: dict[str, Any], entry: dict[str, Any]) -> None:
    """Re-derive, independently of the engine, that the stated reason holds for this shortfall."""
    pid, reason, need = entry["participant"], entry["reason"], entry["min_meetings"]
    assert reason in REASONS
    meetings = data["meetings"]
    deg: Counter[str] = Counter()
    busy: set[tuple[str, str]] = set()
    per_slot: Counter[str] = Counter()
    scheduled: set[tuple[str, str]] = set()
    for m in meetings:
        deg[m["corporate"]] += 1
        deg[m["startup"]] += 1
        busy |= {(m["corporate"], m["slot"]), (m["startup"], m["slot"])}
        per_slot[m["slot"]] += 1
        scheduled.add((m["corporate"], m["startup"]))
    assert deg[pid] == entry["meetings"] < need
    mine = [r for r in event.requests if r.consented and pid in (r.corporate, r.startup)]

    def partner(r: Any) -> str:
        return str(r.startup if r.corporate == pid else r.corporate)

    feasible = [
        r
        for r in mine
        if _free_slots(event, pid) & _free_slots(event, partner(r)) and _cap(event, partner(r)) > 0
    ]
    if reason == "no_request":
        assert not mine
    elif reason == "no_shared_slot":
        assert mine and not feasible
    elif reason == "own_availability":
        assert _cap(event, pid) < need
    elif reason == "few_requests":
        # no set of `need` feasible requests fits into distinct shared slots
        for group in itertools.combinations(feasible, need):
            options = [sorted(_free_slots(event, pid) & _free_slots(event, partner(r))) for r in group]
            assert not any(len(set(c)) == need for c in itertools.product(*options))
    else:
        open_ = [r for r in feasible if (r.corporate, r.startup) not in scheduled]
        with_room = [r for r in open_ if deg[partner(r)] < _cap(event, partner(r))]
        if reason == "partners_at_capacity":
            assert not with_room
        else:
            assert reason == "no_free_slot" and with_room
            tables = {s.id: s.tables for s in event.slots}
            for r in with_room:
                for sid in _free_slots(event, pid) & _free_slots(event, partner(r)):
                    assert (pid, sid) in busy or (partner(r), sid) in busy or per_slot[sid] >= tables[sid]


@FAST
@given(tiny_events(max_requests=6))
def test_tiny_events_reach_the_lexicographic_optimum(doc: dict[str, Any]) -> None:
    ev = parse_event(doc)
    best_count, best_weight = brute_force_lexicographic(ev)
    s = schedule_meetings(ev, time_limit=5, fairness_budget=0.0)
    assert validate_schedule(ev, s) == []
    data = s.to_json()
    fairness = data["fairness"]
    assert fairness["at_minimum"] == best_count
    assert s.objective == pytest.approx(best_weight)
    # both bounds are valid, and on small events the count is proven
    assert analyse(build_instance(ev)).bound >= best_count
    assert fairness["at_minimum_bound"] >= best_count
    assert fairness["objective_without_minimums"] >= s.objective - 1e-9
    assert fairness["price"] >= 0
    for entry in data["below_min"]:
        check_reason(ev, data, entry)
    # the default (with the priced one-meeting floor) reaches the same number at minimum
    default = schedule_meetings(ev, time_limit=5)
    assert validate_schedule(ev, default) == []
    assert default.fairness["at_minimum"] == best_count


@st.composite
def full_availability_events(draw: st.DrawFn) -> dict[str, Any]:
    """Everyone available in every slot, the same tables in each slot, minimums 0 or 1."""
    n_slots = draw(st.integers(1, 3))
    tables = draw(st.integers(1, 2))

    def person(pid: str) -> dict[str, Any]:
        return {
            "id": pid,
            "max_meetings": draw(st.one_of(st.none(), st.integers(1, 3))),
            "min_meetings": draw(st.integers(0, 1)),
        }

    corps = [person(f"c{i}") for i in range(draw(st.integers(1, 3)))]
    starts = [person(f"u{i}") for i in range(draw(st.integers(1, 5)))]
    pairs = [(c["id"], s["id"]) for c in corps for s in starts]
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True, max_size=8))
    reqs = [(c, s, draw(st.integers(0, 3)), draw(st.integers(1, 3))) for c, s in chosen]
    return event_doc([tables] * n_slots, corps, starts, reqs)


@FAST
@given(full_availability_events())
def test_number_at_minimum_equals_the_flow_bound_when_slots_do_not_bind(doc: dict[str, Any]) -> None:
    # With full availability and equal tables every b-matching of max degree <= slots can be
    # coloured into the slots (bipartite equitable edge colouring), so the flow bound is exact.
    ev = parse_event(doc)
    s = schedule_meetings(ev, time_limit=5)
    assert validate_schedule(ev, s) == []
    bound = analyse(build_instance(ev)).bound
    assert s.fairness["at_minimum"] == bound
    assert brute_force_lexicographic(ev)[0] == bound if len(ev.requests) <= 6 else True
    data = s.to_json()
    for entry in data["below_min"]:
        check_reason(ev, data, entry)


@pytest.mark.parametrize(
    ("doc", "who", "reason"),
    [
        (  # every request of u1 is vetoed
            event_doc(
                [2],
                [{"id": "c0"}],
                [{"id": "u0"}, {"id": "u1", "min_meetings": 1}],
                [("c0", "u0", 3, 3), ("c0", "u1", 0, 3)],
            ),
            "u1",
            "no_request",
        ),
        (  # u1 only comes to s1, c0 only to s0
            event_doc(
                [1, 1],
                [{"id": "c0", "unavailable": ["s1"]}],
                [{"id": "u1", "min_meetings": 1, "unavailable": ["s0"]}],
                [("c0", "u1", 2, 2)],
            ),
            "u1",
            "no_shared_slot",
        ),
        (  # a minimum of 3 with max_meetings 1
            event_doc(
                [1, 1, 1],
                [{"id": "c0"}, {"id": "c1"}, {"id": "c2"}],
                [{"id": "u1", "min_meetings": 3, "max_meetings": 1}],
                [("c0", "u1", 2, 2), ("c1", "u1", 2, 2), ("c2", "u1", 2, 2)],
            ),
            "u1",
            "own_availability",
        ),
        (  # a minimum of 2 and a single request
            event_doc([1, 1], [{"id": "c0"}], [{"id": "u1", "min_meetings": 2}], [("c0", "u1", 2, 2)]),
            "u1",
            "few_requests",
        ),
        (  # c0 meets once; u0 and u1 both need it, u0's meeting weighs more
            event_doc(
                [1, 1],
                [{"id": "c0", "max_meetings": 1}],
                [{"id": "u0", "min_meetings": 1}, {"id": "u1", "min_meetings": 1}],
                [("c0", "u0", 3, 3), ("c0", "u1", 1, 1)],
            ),
            "u1",
            "partners_at_capacity",
        ),
        (  # one table in one slot, two pairs who both need it
            event_doc(
                [1],
                [{"id": "c0"}, {"id": "c1"}],
                [{"id": "u0", "min_meetings": 1}, {"id": "u1", "min_meetings": 1}],
                [("c0", "u0", 3, 3), ("c1", "u1", 1, 1)],
            ),
            "u1",
            "no_free_slot",
        ),
    ],
)
def test_each_reason(doc: dict[str, Any], who: str, reason: str) -> None:
    ev = parse_event(doc)
    s = schedule_meetings(ev, time_limit=2)
    assert validate_schedule(ev, s) == []
    data = s.to_json()
    assert [(b["participant"], b["reason"]) for b in data["below_min"]] == [(who, reason)]
    check_reason(ev, data, data["below_min"][0])
    assert data["fairness"]["at_minimum"] == data["fairness"]["at_minimum_bound"]
    assert data["fairness"]["below_min_by_reason"] == {reason: 1}


@pytest.mark.parametrize("seed", [5, 6])
def test_medium_promised_day_every_possible_minimum_met(seed: int) -> None:
    # large enough that the exact CP-SAT stage is skipped: the flow bound alone proves the count
    ev = parse_event(generate_event(120, 500, 10, 3500, seed=seed, promise_startups=True))
    s = schedule_meetings(ev, time_limit=20, seed=seed)
    assert validate_schedule(ev, s) == []
    data = s.to_json()
    fairness = data["fairness"]
    assert "exact_lexicographic" not in s.stats
    assert fairness["at_minimum"] == fairness["at_minimum_bound"]
    assert fairness["at_minimum_is_proven_maximum"] is True
    assert data["objective_without_minimums"] == fairness["objective_without_minimums"] >= s.objective
    for entry in data["below_min"]:
        check_reason(ev, data, entry)
    # within 1 % of what any schedule with every possible minimum met can have (when proven)
    assert s.objective >= 0.99 * (fairness["bound_with_minimums"] or s.upper_bound)


def test_minimums_off_is_the_interest_schedule() -> None:
    ev = parse_event(generate_event(20, 60, 6, 300, seed=9))
    s = schedule_meetings(ev, time_limit=5, fairness_budget=0.0, minimums=False)
    assert s.fairness["price"] == 0.0
    assert s.to_json()["objective_without_minimums"] == s.objective


def test_shortfall_concentrated_on_fewer_participants() -> None:
    # Two corporates meet once each; two startups need two meetings. The heavier pairs (c0-u0,
    # c1-u1) spread the two meetings over both startups: nobody reaches the minimum. Giving both
    # to one startup puts one participant at its minimum, which comes first.
    doc = event_doc(
        [2, 2],
        [{"id": "c0", "max_meetings": 1}, {"id": "c1", "max_meetings": 1}],
        [{"id": "u0", "min_meetings": 2}, {"id": "u1", "min_meetings": 2}],
        [("c0", "u0", 3, 3), ("c1", "u1", 3, 3), ("c0", "u1", 1, 1), ("c1", "u0", 1, 1)],
    )
    ev = parse_event(doc)
    inst = build_instance(ev)
    analysis = analyse(inst)
    assert analysis.bound == 1
    hard = concentrate_shortfalls(inst, analysis)
    assert sorted(hard) == [0, 0, 0, 2]
    s = schedule_meetings(ev, time_limit=2)
    assert s.fairness["at_minimum"] == 1 and validate_schedule(ev, s) == []

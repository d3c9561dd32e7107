"""Changes after publication keep every unaffected meeting where it was."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from helpers_scheduling import tiny_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyoso.engine.scheduling import (
    Schedule,
    generate_event,
    parse_event,
    reschedule,
    schedule_meetings,
    validate_schedule,
)


@pytest.fixture(scope="module")
def published() -> tuple[dict[str, Any], Schedule]:
    doc = generate_event(40, 150, 8, 900, seed=21, tables_ratio=0.7)
    return doc, schedule_meetings(parse_event(doc), time_limit=5)


def cells(s: Schedule) -> dict[tuple[str, str], tuple[str, int]]:
    return {(m.corporate, m.startup): (m.slot, m.table) for m in s.meetings}


def check_unaffected_kept(before: Schedule, after: Schedule, affected: Any) -> None:
    old, new = cells(before), cells(after)
    for pair, cell in old.items():
        if not affected(pair, cell):
            assert new.get(pair) == cell, (pair, cell, new.get(pair))


def test_unchanged_event_keeps_everything(published: tuple[dict[str, Any], Schedule]) -> None:
    doc, before = published
    ev = parse_event(doc)
    after = reschedule(ev, before, time_limit=5)
    assert validate_schedule(ev, after) == []
    assert cells(after).items() >= cells(before).items()
    assert after.stats["moved"] == 0 and after.stats["dropped"] == 0


def test_withdrawn_participant(published: tuple[dict[str, Any], Schedule]) -> None:
    doc, before = published
    gone = before.meetings[0].startup
    changed = copy.deepcopy(doc)
    changed["participants"] = [p for p in changed["participants"] if p["id"] != gone]
    changed["requests"] = [r for r in changed["requests"] if r["startup"] != gone]
    ev = parse_event(changed)
    after = reschedule(ev, before.to_json(), time_limit=5)
    assert validate_schedule(ev, after) == []
    check_unaffected_kept(before, after, lambda pair, cell: pair[1] == gone)
    assert after.stats["moved"] == 0
    assert after.stats["dropped"] == sum(1 for m in before.meetings if m.startup == gone)


def test_new_unavailability_moves_only_that_participants_meetings(
    published: tuple[dict[str, Any], Schedule],
) -> None:
    doc, before = published
    late = before.meetings[0].corporate
    slot = before.meetings[0].slot
    changed = copy.deepcopy(doc)
    for p in changed["participants"]:
        if p["id"] == late:
            p["unavailable"] = sorted(set(p.get("unavailable") or []) | {slot})
    ev = parse_event(changed)
    after = reschedule(ev, before, time_limit=5)
    assert validate_schedule(ev, after) == []
    check_unaffected_kept(before, after, lambda pair, cell: pair[0] == late and cell[0] == slot)
    assert all(not (m.corporate == late and m.slot == slot) for m in after.meetings)


def test_fewer_tables(published: tuple[dict[str, Any], Schedule]) -> None:
    doc, before = published
    changed = copy.deepcopy(doc)
    changed["slots"][0]["tables"] = max(1, changed["slots"][0]["tables"] // 2)
    limit = changed["slots"][0]["tables"]
    sid = changed["slots"][0]["id"]
    ev = parse_event(changed)
    after = reschedule(ev, before, time_limit=5)
    assert validate_schedule(ev, after) == []
    check_unaffected_kept(before, after, lambda pair, cell: cell[0] == sid and cell[1] > limit)
    lost = 0.0
    for m in before.meetings:
        r = ev.request_for(m.corporate, m.startup)
        if m.slot == sid and m.table > limit and r is not None:
            lost += r.weight
    assert after.objective >= before.objective - lost


def test_request_added_and_previous_with_unknown_ids(published: tuple[dict[str, Any], Schedule]) -> None:
    doc, before = published
    changed = copy.deepcopy(doc)
    changed["participants"].append({"id": "u-late", "side": "startup", "min_meetings": 1})
    changed["requests"].append(
        {"corporate": "c0001", "startup": "u-late", "corporate_interest": 3, "startup_interest": 3}
    )
    ev = parse_event(changed)
    prev = before.to_json()
    prev["meetings"].append({"corporate": "ghost", "startup": "u-x", "slot": "s99", "table": 1})
    after = reschedule(ev, prev, time_limit=5)
    assert validate_schedule(ev, after) == []
    check_unaffected_kept(before, after, lambda pair, cell: False)
    assert after.stats["dropped"] == 1  # the ghost


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tiny_events(max_requests=10), st.integers(0, 10**6), st.booleans())
def test_random_change_keeps_unaffected_meetings(doc: dict[str, Any], pick: int, withdraw: bool) -> None:
    before = schedule_meetings(parse_event(doc), time_limit=2)
    if not before.meetings:
        return
    hit = before.meetings[pick % len(before.meetings)]
    who = hit.startup if pick % 2 else hit.corporate
    changed = copy.deepcopy(doc)
    if withdraw:
        changed["participants"] = [p for p in changed["participants"] if p["id"] != who]
        changed["requests"] = [r for r in changed["requests"] if who not in (r["corporate"], r["startup"])]
    else:
        for p in changed["participants"]:
            if p["id"] == who:
                p["unavailable"] = sorted(set(p["unavailable"]) | {hit.slot})
    ev = parse_event(changed)
    after = reschedule(ev, before, time_limit=2)
    assert validate_schedule(ev, after) == []
    if withdraw:
        check_unaffected_kept(before, after, lambda pair, cell: who in pair)
    else:
        check_unaffected_kept(before, after, lambda pair, cell: who in pair and cell[0] == hit.slot)

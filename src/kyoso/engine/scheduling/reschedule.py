"""Changes after publication: keep every unaffected meeting in place, move or drop only what must.

A previous meeting is *kept* (same slot, same table, frozen for the rest of the solve) when its
request still exists with both interests > 0, both participants still exist and are available in
its slot, and the slot still has its table. Meetings are kept heaviest first, so when a
participant's ``max_meetings`` or a slot's table count shrinks, the lightest ones give way. A
meeting whose table number no longer exists keeps its slot at another free table if there is
one. Everything else that is still possible is re-inserted elsewhere first (*moved*), then the
freed cells are refilled by the normal pipeline working only on the residual.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .assignment import insert
from .bound import best_bound
from .minimums import analyse
from .problem import Event
from .schedule import Meeting, Schedule, meetings_from_json
from .solver import optimise, polish, to_schedule
from .state import ProgressFn, State, build_instance, solve_deadline


def reschedule(
    event: Event,
    previous: Schedule | Sequence[Meeting] | Mapping[str, Any],
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    on_progress: ProgressFn | None = None,
    fairness_budget: float = 0.0025,
    minimums: bool = True,
) -> Schedule:
    """Re-solve ``event`` (the changed input) starting from ``previous`` (the published schedule).

    ``stats`` of the result gives kept / retabled / moved / dropped / added counts."""
    deadline = solve_deadline(time_limit, len(event.requests))
    if isinstance(previous, Schedule):
        old = list(previous.meetings)
    elif isinstance(previous, Mapping):
        old = meetings_from_json(dict(previous))
    else:
        old = list(previous)
    inst = build_instance(event)
    state = State(inst)
    upper_bound, bound_method = best_bound(inst, deadline)

    # previous meetings that are still possible, as (candidate, slot, table)
    viable: list[tuple[int, int, int]] = []
    for m in old:
        pos = event.request_position(m.corporate, m.startup)
        t = event.slot_position(m.slot)
        k = None if pos is None else inst.cand_of_request.get(pos)
        if k is None or t is None:
            continue
        viable.append((k, t, m.table))
    viable.sort(key=lambda x: (-inst.w[x[0]], x[0]))
    keep_tables: dict[int, int] = {}
    used_tables: set[tuple[int, int]] = set()
    later: list[tuple[int, int, int]] = []
    # pass 1: in place, same table
    for k, t, table in viable:
        a, b = inst.ra[k], inst.rb[k]
        ok = (
            state.slot_of[k] < 0
            and inst.common[k] >> t & 1
            and state.busy[a][t] < 0
            and state.busy[b][t] < 0
            and state.deg[a] < inst.cap[a]
            and state.deg[b] < inst.cap[b]
            and state.count[t] < inst.tables[t]
        )
        if ok and table <= inst.tables[t] and (t, table) not in used_tables:
            state.place(k, t)
            state.frozen[k] = 1
            keep_tables[k] = table
            used_tables.add((t, table))
        else:
            later.append((k, t, table))
    kept = len(keep_tables)
    # pass 2: same slot, another table
    retabled = 0
    rest: list[int] = []
    for k, t, _ in later:
        a, b = inst.ra[k], inst.rb[k]
        if (
            state.slot_of[k] < 0
            and inst.common[k] >> t & 1
            and state.busy[a][t] < 0
            and state.busy[b][t] < 0
            and state.deg[a] < inst.cap[a]
            and state.deg[b] < inst.cap[b]
            and state.count[t] < inst.tables[t]
        ):
            state.place(k, t)
            state.frozen[k] = 1
            retabled += 1
        elif state.slot_of[k] < 0:
            rest.append(k)
    # pass 3: affected meetings that are still possible go elsewhere (never moving kept ones)
    moved = 0
    for k in rest:
        if state.has_capacity(k) and insert(state, k):
            moved += 1
    stats: dict[str, Any] = {
        "seed": seed,
        "time_limit": time_limit,
        "fairness_budget": fairness_budget,
        "previous_meetings": len(old),
    }
    if on_progress is not None:
        on_progress("keep", deadline.elapsed(), state.objective, upper_bound)
    analysis = analyse(inst)
    hard = analysis.hard if minimums else None
    floors = optimise(state, deadline, upper_bound, seed, on_progress, stats, fairness_budget, hard=hard)
    upper_bound, bound_method = polish(
        state, floors, deadline, upper_bound, bound_method, seed, on_progress, stats
    )
    # kept meetings come first here, so the price of the minimums is not measured separately
    result = to_schedule(state, upper_bound, bound_method, deadline, stats, keep_tables, analysis)
    # final accounting against the previous schedule
    old_cells = {(m.corporate, m.startup): (m.slot, m.table) for m in old}
    new_pairs = set()
    n_kept = n_moved = 0
    for m in result.meetings:
        new_pairs.add((m.corporate, m.startup))
        cell = old_cells.get((m.corporate, m.startup))
        if cell is None:
            continue
        if cell == (m.slot, m.table):
            n_kept += 1
        else:
            n_moved += 1
    stats["kept"] = n_kept
    stats["moved"] = n_moved
    stats["dropped"] = sum(1 for pair in old_cells if pair not in new_pairs)
    stats["added"] = sum(1 for pair in new_pairs if pair not in old_cells)
    stats["kept_in_first_pass"] = kept
    stats["retabled_in_slot"] = retabled
    stats["reinserted_elsewhere"] = moved
    return result

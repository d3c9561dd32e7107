"""First-fit greedy: the baseline the solver must never fall below (and the benchmark's)."""

from __future__ import annotations

from .state import Instance, State


def greedy_state(inst: Instance) -> State:
    """Requests by weight (heaviest first), each in the first slot where both are free and a table is."""
    state = State(inst)
    busy, count, tables = state.busy, state.count, inst.tables
    for k in sorted(range(inst.K), key=lambda k: (-inst.w[k], k)):
        if not state.has_capacity(k):
            continue
        ba, bb = busy[inst.ra[k]], busy[inst.rb[k]]
        for t in inst.common_slots[k]:
            if ba[t] < 0 and bb[t] < 0 and count[t] < tables[t]:
                state.place(k, t)
                break
    return state

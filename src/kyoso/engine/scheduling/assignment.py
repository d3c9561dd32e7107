"""When: put chosen meetings into slots, an edge colouring of the bipartite meeting graph.

Colours are slots; each participant has a list of allowed colours (its available slots) and
each colour a size limit (its tables). Meetings are placed greedily, hardest first; a meeting
that finds no common free slot is inserted by a Kempe-chain swap: if the corporate is free in
slot x and the startup in slot y, the alternating x/y path starting at the startup is recoloured
(x <-> y), which frees x at the startup (in a bipartite graph the path never reaches the
corporate). Swaps are only applied when every recoloured meeting is available in its new slot,
no kept (frozen) meeting moves and the table limits still hold.
"""

from __future__ import annotations

from collections.abc import Iterable

from .state import Deadline, State

MAX_CHAIN = 200


def _chain(state: State, start: int, first: int, second: int) -> list[int] | None:
    """Meetings of the alternating first/second path from participant ``start`` (None if too long)."""
    inst = state.inst
    busy = state.busy
    out: list[int] = []
    node, colour, other = start, first, second
    while True:
        k = busy[node][colour]
        if k < 0:
            return out
        out.append(k)
        if len(out) > MAX_CHAIN:
            return None
        node = inst.rb[k] if inst.ra[k] == node else inst.ra[k]
        colour, other = other, colour


def _try_swap_and_place(state: State, k: int, start: int, x: int, y: int) -> bool:
    """Recolour the x/y chain from ``start`` (free at y, busy at x) and place k in x."""
    inst = state.inst
    chain = _chain(state, start, x, y)
    if chain is None:
        return False
    n_x = n_y = 0
    slot_of, common, frozen = state.slot_of, inst.common, state.frozen
    bx, by = 1 << x, 1 << y
    for e in chain:
        if frozen[e]:
            return False
        if slot_of[e] == x:
            if not common[e] & by:
                return False
            n_x += 1
        else:
            if not common[e] & bx:
                return False
            n_y += 1
    if state.count[x] - n_x + n_y + 1 > inst.tables[x] or state.count[y] - n_y + n_x > inst.tables[y]:
        return False
    busy, ra, rb, members = state.busy, inst.ra, inst.rb, state.members
    for e in chain:
        t = slot_of[e]
        busy[ra[e]][t] = -1
        busy[rb[e]][t] = -1
        members[t].discard(e)
    for e in chain:
        t = y if slot_of[e] == x else x
        slot_of[e] = t
        busy[ra[e]][t] = e
        busy[rb[e]][t] = e
        members[t].add(e)
    state.count[x] += n_y - n_x
    state.count[y] += n_x - n_y
    state.ver[x] += 1
    state.ver[y] += 1
    state.place(k, x)
    return True


def _relocate_out_of(state: State, t: int) -> bool:
    """Move one (unfrozen) meeting out of full slot t into a slot where it fits directly."""
    inst = state.inst
    if all(state.count[u] >= inst.tables[u] for u in range(inst.T)):
        return False
    for m in state.members[t]:
        if state.frozen[m]:
            continue
        ba, bb = state.busy[inst.ra[m]], state.busy[inst.rb[m]]
        for t2 in inst.common_slots[m]:
            if t2 != t and ba[t2] < 0 and bb[t2] < 0 and state.count[t2] < inst.tables[t2]:
                state.move(m, t2)
                return True
    return False


def insert(state: State, k: int, *, kempe: bool = True) -> bool:
    """Place candidate k if possible (direct, via a table relocation or via a Kempe swap)."""
    inst = state.inst
    t = state.free_slot_for(k)
    if t >= 0:
        state.place(k, t)
        return True
    a, b = inst.ra[k], inst.rb[k]
    ba, bb = state.busy[a], state.busy[b]
    slots = inst.common_slots[k]
    # both free but the slot is full of tables: push one meeting elsewhere
    for t in slots:
        if ba[t] < 0 and bb[t] < 0 and _relocate_out_of(state, t):
            state.place(k, t)
            return True
    if not kempe or state.n_placed >= state.total_tables:
        return False
    free_a = [t for t in slots if ba[t] < 0]
    free_b = [t for t in slots if bb[t] < 0]
    if not free_a or not free_b:
        return False
    tables, count = inst.tables, state.count
    for x in free_a:  # corporate free at x, startup busy at x
        for y in free_b:  # startup free at y, corporate busy at y
            # a swap only moves meetings between x and y: together they need a free table
            if x == y or count[x] + count[y] >= tables[x] + tables[y]:
                continue
            if _try_swap_and_place(state, k, b, x, y):
                return True
            if _try_swap_and_place(state, k, a, y, x):
                return True
    return False


def assign(state: State, chosen: Iterable[int], deadline: Deadline) -> list[int]:
    """Place chosen candidates; return those that could not be placed."""
    inst = state.inst
    # hardest first: fewest common slots, then busiest endpoints, then heaviest
    load = [0] * inst.P
    chosen = list(chosen)
    for k in chosen:
        load[inst.ra[k]] += 1
        load[inst.rb[k]] += 1
    order = sorted(
        chosen,
        key=lambda k: (
            len(inst.common_slots[k]) - max(load[inst.ra[k]], load[inst.rb[k]]),
            -inst.w[k],
            k,
        ),
    )
    unplaced: list[int] = []
    for k in order:
        if not state.has_capacity(k):
            unplaced.append(k)
            continue
        t = state.free_slot_for(k)
        if t >= 0:
            state.place(k, t)
        else:
            unplaced.append(k)
    still: list[int] = []
    for k in unplaced:
        if deadline.expired() or not state.has_capacity(k) or not insert(state, k):
            still.append(k)
    return still

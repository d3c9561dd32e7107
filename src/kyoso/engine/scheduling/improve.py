"""Improvement on the residual: fairness lift, ejection local search and CP-SAT polishing.

All moves keep the schedule feasible. A move that ejects meetings must not push anyone below
their fairness floor; kept (frozen) meetings never move.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from .assignment import insert
from .selection import integer_weights
from .state import Deadline, State

_EPS = 1e-9


class _Txn:
    """Undo log over State primitives."""

    def __init__(self, state: State) -> None:
        self.s = state
        self.log: list[tuple[int, int, int]] = []  # (op, k, slot) op: 0 placed, 1 removed, 2 moved-from
        # slot -> members lightest first; valid between commits (rollbacks restore membership)
        self.by_weight: dict[int, list[int]] = {}

    def lightest(self, t: int) -> list[int]:
        cached = self.by_weight.get(t)
        if cached is None:
            w = self.s.inst.w
            cached = sorted(self.s.members[t], key=lambda x: (w[x], x))
            self.by_weight[t] = cached
        return cached

    def commit(self) -> None:
        if self.log:
            self.by_weight.clear()
        self.log.clear()

    def place(self, k: int, t: int) -> None:
        self.s.place(k, t)
        self.log.append((0, k, t))

    def remove(self, k: int) -> None:
        t = self.s.remove(k)
        self.log.append((1, k, t))

    def move(self, k: int, t: int) -> None:
        old = self.s.slot_of[k]
        self.s.move(k, t)
        self.log.append((2, k, old))

    def rollback(self) -> None:
        for op, k, t in reversed(self.log):
            if op == 0:
                self.s.remove(k)
            elif op == 1:
                self.s.place(k, t)
            else:
                self.s.move(k, t)
        self.log.clear()


def _relocate(txn: _Txn, m: int, avoid: int) -> bool:
    s = txn.s
    inst = s.inst
    ba, bb = s.busy[inst.ra[m]], s.busy[inst.rb[m]]
    for t2 in inst.common_slots[m]:
        if t2 != avoid and ba[t2] < 0 and bb[t2] < 0 and s.count[t2] < inst.tables[t2]:
            txn.move(m, t2)
            return True
    return False


def _try_at(txn: _Txn, k: int, t: int, can_eject: Callable[[int], bool], budget: float) -> float | None:
    """Place k in slot t, relocating or ejecting blockers. Returns the weight lost, or None."""
    s = txn.s
    inst = s.inst
    w = inst.w
    loss = 0.0
    a, b = inst.ra[k], inst.rb[k]
    for p in (a, b):
        m = s.busy[p][t]
        if m >= 0:
            if s.frozen[m]:
                return None
            if not _relocate(txn, m, t):
                if not can_eject(m):
                    return None
                txn.remove(m)
                loss += w[m]
    if s.count[t] >= inst.tables[t]:
        moved = False
        if any(s.count[u] < inst.tables[u] for u in range(inst.T)):
            for m in sorted(s.members[t]):
                if not s.frozen[m] and _relocate(txn, m, t):
                    moved = True
                    break
        if not moved:
            victim = -1
            slot_of = s.slot_of
            for m in txn.lightest(t):
                if w[m] + loss >= budget:
                    break
                if slot_of[m] == t and can_eject(m):
                    victim = m
                    break
            if victim < 0:
                return None
            m = victim
            txn.remove(m)
            loss += w[m]
    for p in (a, b):
        if s.deg[p] >= inst.cap[p]:
            victims = [s.busy[p][u] for u in range(inst.T) if s.busy[p][u] >= 0 and can_eject(s.busy[p][u])]
            if not victims:
                return None
            m = min(victims, key=lambda x: (w[x], x))
            txn.remove(m)
            loss += w[m]
    if loss >= budget:
        return None
    txn.place(k, t)
    return loss


def insert_with_ejection(
    state: State, k: int, can_eject: Callable[[int], bool], budget: float, cache: _Txn | None = None
) -> bool:
    """Insert k at the slot where it costs least (strictly less than ``budget``)."""
    best_t, best_loss = -1, budget
    txn = _Txn(state) if cache is None else cache
    txn.log.clear()
    for t in state.inst.common_slots[k]:
        loss = _try_at(txn, k, t, can_eject, best_loss)
        txn.rollback()
        if loss is not None and loss < best_loss:
            best_t, best_loss = t, loss
            if loss == 0.0:
                break
    if best_t < 0:
        return False
    done = _try_at(txn, k, best_t, can_eject, math.inf)
    if done is None:  # pragma: no cover - deterministic replay of the evaluated move
        txn.rollback()
        return False
    txn.commit()
    return True


def _floor_guard(state: State, floors: Sequence[int]) -> Callable[[int], bool]:
    inst = state.inst
    deg, frozen = state.deg, state.frozen

    def can_eject(m: int) -> bool:
        return not frozen[m] and deg[inst.ra[m]] > floors[inst.ra[m]] and deg[inst.rb[m]] > floors[inst.rb[m]]

    return can_eject


def lift_floors(
    state: State,
    floors: Sequence[int],
    deadline: Deadline,
    budget: float = math.inf,
    guard: Sequence[int] | None = None,
) -> int:
    """Try to bring everyone below their floor up to it, losing at most ``budget`` weight in total.

    Ejected meetings never take anyone below ``guard`` (default: ``floors``)."""
    inst = state.inst
    can_eject = _floor_guard(state, floors if guard is None else guard)
    txn = _Txn(state)
    lifted = 0
    for p in range(inst.P):
        if state.deg[p] >= floors[p]:
            continue
        if deadline.expired():
            break
        for k in sorted(inst.inc[p], key=lambda x: (-inst.w[x], x)):
            if state.deg[p] >= floors[p]:
                break
            if state.slot_of[k] >= 0:
                continue
            q = inst.rb[k] if inst.ra[k] == p else inst.ra[k]
            if state.deg[q] < inst.cap[q] and insert(state, k):
                txn.by_weight.clear()
                lifted += 1
                continue
            before = state.objective
            if budget > 0 and insert_with_ejection(state, k, can_eject, budget + inst.w[k], txn):
                lifted += 1
                budget -= max(0.0, before - state.objective)
    return lifted


def ejection_search(state: State, floors: Sequence[int], deadline: Deadline, max_passes: int = 4) -> int:
    """Insert unplaced meetings that are worth more than what they displace. Returns improvements."""
    inst = state.inst
    can_eject = _floor_guard(state, floors)
    txn = _Txn(state)
    improved = 0
    for _ in range(max_passes):
        gained = 0
        placed_w = [inst.w[k] for k in range(inst.K) if state.slot_of[k] >= 0]
        if not placed_w:
            break
        floor_w = min(placed_w)
        order = sorted(
            (k for k in range(inst.K) if state.slot_of[k] < 0 and inst.w[k] > floor_w + _EPS),
            key=lambda k: (-inst.w[k], k),
        )
        for i, k in enumerate(order):
            if i % 64 == 0 and deadline.expired():
                return improved
            if state.slot_of[k] >= 0:
                continue
            if insert_with_ejection(state, k, can_eject, inst.w[k] - _EPS, txn):
                gained += 1
        improved += gained
        if gained == 0:
            break
    return improved


# --------------------------------------------------------------------------- CP-SAT


def solve_subproblem(
    state: State,
    free: Sequence[int],
    floors: Sequence[int] | None,
    time_limit: float,
    seed: int,
    workers: int = 1,
) -> tuple[bool, float | None]:
    """Re-optimise the candidates in ``free`` exactly (CP-SAT), everything else fixed.

    Meetings of ``free`` that are placed are removed first and used as the solution hint.
    Participants never end with fewer meetings than min(current, floor). Returns (changed,
    proven bound on the weight of the freed part or None); changes only if the objective rises."""
    inst = state.inst
    free = sorted(set(free))
    hint = {k: state.slot_of[k] for k in free if state.slot_of[k] >= 0}
    before = state.objective
    for k in hint:
        state.remove(k)
    weights, scale = integer_weights(inst.w, round_up=False)
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_pt: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_p: dict[int, list[cp_model.IntVar]] = {}
    by_t: dict[int, list[cp_model.IntVar]] = {}
    for k in free:
        a, b = inst.ra[k], inst.rb[k]
        if state.deg[a] >= inst.cap[a] or state.deg[b] >= inst.cap[b]:
            continue
        row = []
        for t in inst.common_slots[k]:
            if state.busy[a][t] >= 0 or state.busy[b][t] >= 0 or state.count[t] >= inst.tables[t]:
                continue
            v = model.new_bool_var(f"x{k}_{t}")
            x[k, t] = v
            row.append(v)
            by_pt.setdefault((a, t), []).append(v)
            by_pt.setdefault((b, t), []).append(v)
            by_t.setdefault(t, []).append(v)
        if row:
            model.add_at_most_one(row)
            by_p.setdefault(a, []).extend(row)
            by_p.setdefault(b, []).extend(row)
    for vs in by_pt.values():
        if len(vs) > 1:
            model.add_at_most_one(vs)
    hint_deg: dict[int, int] = {}
    for k in hint:
        hint_deg[inst.ra[k]] = hint_deg.get(inst.ra[k], 0) + 1
        hint_deg[inst.rb[k]] = hint_deg.get(inst.rb[k], 0) + 1
    for p, vs in by_p.items():
        room = inst.cap[p] - state.deg[p]
        if len(vs) > room:
            model.add(sum(vs) <= room)
        if floors is not None:
            had = state.deg[p] + hint_deg.get(p, 0)
            need = min(had, floors[p]) - state.deg[p]
            if need > 0:
                model.add(sum(vs) >= need)
    for t, vs in by_t.items():
        room = inst.tables[t] - state.count[t]
        if len(vs) > room:
            model.add(sum(vs) <= room)
    model.maximize(sum(weights[k] * v for (k, _), v in x.items()))
    for (k, t), v in x.items():
        model.add_hint(v, 1 if hint.get(k) == t else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    chosen: list[tuple[int, int]] = []
    part_bound: float | None = None
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        chosen = [(k, t) for (k, t), v in x.items() if solver.boolean_value(v)]
        if scale == 1:
            part_bound = float(math.floor(solver.best_objective_bound + 1e-6))
    elif status == cp_model.MODEL_INVALID:  # pragma: no cover
        raise RuntimeError("CP-SAT rejected the model")
    if not x:
        part_bound = 0.0
    gain = sum(inst.w[k] for k, _ in chosen) - sum(inst.w[k] for k in hint)
    if chosen and gain > _EPS:
        for k, t in chosen:
            state.place(k, t)
        return True, part_bound
    for k, t in hint.items():
        state.place(k, t)
    assert abs(state.objective - before) < 1e-6 * max(1.0, abs(before))
    return False, part_bound


FULL_CPSAT_VARIABLES = 20_000


def cpsat_polish(
    state: State, floors: Sequence[int], deadline: Deadline, *, seed: int = 0
) -> tuple[float, float | None]:
    """CP-SAT on the residual. Small instances: one exact solve of everything not frozen
    (returns a proven bound when no floor or frozen meeting constrains it). Larger ones:
    large-neighbourhood search -- free all meetings of a few participants, re-solve exactly --
    until the clock runs out or 40 rounds in a row bring nothing. Returns (gain, bound or None)."""
    inst = state.inst
    start = state.objective
    free = [k for k in range(inst.K) if not state.frozen[k]]
    n_vars = sum(len(inst.common_slots[k]) for k in free)
    if n_vars <= FULL_CPSAT_VARIABLES:
        _, part = solve_subproblem(state, free, floors, deadline.remaining() - 0.1, seed)
        exact = part is not None and not any(floors) and len(free) == inst.K
        return state.objective - start, part if exact else None
    rng = random.Random(seed)
    hot = sorted({p for k in range(inst.K) if state.slot_of[k] < 0 for p in (inst.ra[k], inst.rb[k])})
    if not hot:
        return 0.0, None
    rounds = stall = 0
    while deadline.remaining() > 0.3 and stall < 40:
        rounds += 1
        seeds = rng.sample(hot, min(len(hot), 6))
        region: set[int] = set()
        for p in seeds:
            for k in inst.inc[p]:
                if not state.frozen[k]:
                    region.add(k)
                    # also free the meetings that block this candidate in its slots
                    for t in inst.common_slots[k]:
                        for q in (inst.ra[k], inst.rb[k]):
                            m = state.busy[q][t]
                            if m >= 0 and not state.frozen[m]:
                                region.add(m)
            if len(region) > 400:
                break
        changed, _ = solve_subproblem(
            state, sorted(region), floors, min(1.0, deadline.remaining() - 0.2), seed + rounds
        )
        stall = 0 if changed else stall + 1
    return state.objective - start, None


def exact_lexicographic(
    state: State, need: Sequence[int], deadline: Deadline, *, seed: int = 0
) -> tuple[bool, int | None]:
    """Small events: the whole model in CP-SAT with the lexicographic objective -- first the number
    of participants at their minimum ``need``, then total weight (one objective: a participant at
    its minimum is worth more than all weights together). Nothing may be frozen.

    Replaces the schedule only when the solution is lexicographically better. Returns (changed,
    proven bound on the number at minimum, or None when the solve did not finish)."""
    inst = state.inst
    if any(state.frozen):
        return False, None
    weights, _ = integer_weights(inst.w, round_up=False)
    big = sum(weights) + 1
    model = cp_model.CpModel()
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    by_pt: dict[tuple[int, int], list[cp_model.IntVar]] = {}
    by_p: dict[int, list[cp_model.IntVar]] = {}
    by_t: dict[int, list[cp_model.IntVar]] = {}
    for k in range(inst.K):
        row = []
        for t in inst.common_slots[k]:
            v = model.new_bool_var(f"x{k}_{t}")
            x[k, t] = v
            row.append(v)
            by_pt.setdefault((inst.ra[k], t), []).append(v)
            by_pt.setdefault((inst.rb[k], t), []).append(v)
            by_t.setdefault(t, []).append(v)
        model.add_at_most_one(row)
        by_p.setdefault(inst.ra[k], []).extend(row)
        by_p.setdefault(inst.rb[k], []).extend(row)
    for vs in by_pt.values():
        model.add_at_most_one(vs)
    reached = []
    for p, vs in by_p.items():
        model.add(sum(vs) <= inst.cap[p])
        if need[p] > 0:
            y = model.new_bool_var(f"y{p}")
            model.add(sum(vs) >= need[p] * y)
            reached.append(y)
    for t, vs in by_t.items():
        model.add(sum(vs) <= inst.tables[t])
    model.maximize(big * sum(reached) + sum(weights[k] * v for (k, _), v in x.items()))
    for (k, t), v in x.items():
        model.add_hint(v, 1 if state.slot_of[k] == t else 0)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, deadline.remaining() - 0.1)
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, None
    # weight < big, so the proven objective bound divided by big bounds the count (finished or not)
    count_bound = int(math.floor(solver.best_objective_bound + 1e-6)) // big
    chosen = [(k, t) for (k, t), v in x.items() if solver.boolean_value(v)]
    deg = [0] * inst.P
    for k, _ in chosen:
        deg[inst.ra[k]] += 1
        deg[inst.rb[k]] += 1

    def rank(d: Sequence[int], weight: float) -> tuple[int, float]:
        return sum(1 for p, n in enumerate(need) if n > 0 and d[p] >= n), weight

    new_weight = sum(inst.w[k] for k, _ in chosen)
    if rank(deg, new_weight) <= rank(state.deg, state.objective + _EPS):
        return False, count_bound
    for k in state.placed():
        state.remove(k)
    for k, t in chosen:
        state.place(k, t)
    return True, count_bound

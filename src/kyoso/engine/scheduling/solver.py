"""The pipeline: bound -> selection (flow) -> assignment (colouring + Kempe repair) -> fill ->
fairness lift -> local search / CP-SAT polish -> tables. See docs/scheduler.md."""

from __future__ import annotations

import math
import time
from typing import Any

from .assignment import assign, insert
from .baseline import greedy_state
from .bound import best_bound, slot_lp_bound
from .improve import cpsat_polish, ejection_search, lift_floors
from .problem import Event
from .schedule import BelowMin, Meeting, Schedule
from .selection import _flow, integer_weights
from .state import Deadline, Instance, ProgressFn, State, build_instance, solve_deadline

FAIRNESS_FLOOR_OF_BOUND = 0.9925  # fairness never costs the last 0.75 % to the flow bound
POLISH_GAP = 0.003  # tighter bound / CP-SAT polishing only when the gap is above 0.3 %


def effective_floors(inst: Instance) -> list[int]:
    """min_meetings (capped by what is possible), and at least 1 for anyone with a feasible request."""
    return [max(inst.floor[p], 1 if inst.inc[p] else 0) if inst.cap[p] > 0 else 0 for p in range(inst.P)]


def select_residual(
    state: State,
    floors: list[int],
    fairness_budget: float,
    min_objective: float = 0.0,
    deadline: Deadline | None = None,
) -> tuple[list[int], float]:
    """Max-weight b-matching over the unplaced candidates with the residual caps and tables.

    Fairness floors earn a bonus per floor unit; the bonus is the largest (binary search) whose
    selection loses at most ``fairness_budget`` (a share of the unconstrained selection's weight)
    and keeps the selection's weight at least ``min_objective``. Returns (chosen candidates,
    weight the floors may still cost in later phases)."""
    inst = state.inst
    cap = [inst.cap[p] - state.deg[p] for p in range(inst.P)]
    resid_floor = [max(0, min(floors[p], inst.cap[p]) - state.deg[p]) for p in range(inst.P)]
    cands = [k for k in range(inst.K) if state.slot_of[k] < 0 and cap[inst.ra[k]] > 0 and cap[inst.rb[k]] > 0]
    weights, scale = integer_weights(inst.w, round_up=False)
    total = sum(inst.tables) - state.n_placed
    t0 = time.monotonic()
    chosen, v0 = _flow(inst, weights, None, 0, cands, cap, total)
    per_flow = time.monotonic() - t0 + 1e-3
    allowed = min(
        fairness_budget * (v0 + state.objective * scale),
        v0 + state.objective * scale - min_objective * scale,
    )
    if not any(resid_floor) or allowed <= 0:
        return chosen, 0.0
    strict = sum(weights) + 1
    best, best_v = chosen, v0
    c_strict, v_strict = _flow(inst, weights, resid_floor, strict, cands, cap, total)
    if v0 - v_strict <= allowed:
        return c_strict, (allowed - (v0 - v_strict)) / scale
    lo, hi = 0, min(strict, 4 * max(weights, default=1) + 1)
    for _ in range(14):
        # each probe is one flow; keep the search within a third of the remaining time
        if hi - lo <= 1 or (deadline is not None and deadline.remaining() * 0.33 < per_flow):
            break
        mid = (lo + hi) // 2
        c_mid, v_mid = _flow(inst, weights, resid_floor, mid, cands, cap, total)
        if v0 - v_mid <= allowed:
            lo, best, best_v = mid, c_mid, v_mid
        else:
            hi = mid
    return best, max(0.0, allowed - (v0 - best_v)) / scale


def fill(state: State, deadline: Deadline, *, kempe: bool = True) -> int:
    """Add unplaced candidates, heaviest first, wherever they fit. Returns how many were added."""
    inst = state.inst
    added = 0
    if all(state.count[t] >= inst.tables[t] for t in range(inst.T)):
        return 0
    order = sorted((k for k in range(inst.K) if state.slot_of[k] < 0), key=lambda k: (-inst.w[k], k))
    for i, k in enumerate(order):
        if (i % 256 == 0 and deadline.expired()) or state.n_placed >= state.total_tables:
            break
        if state.has_capacity(k) and insert(state, k, kempe=kempe):
            added += 1
    return added


def number_tables(state: State, keep: dict[int, int] | None = None) -> dict[int, int]:
    """Table per placed candidate: kept tables first, then each corporate's home table, then lowest free."""
    inst = state.inst
    keep = keep or {}
    by_corp: dict[int, int] = {}
    for k, t in enumerate(state.slot_of):
        if t >= 0:
            by_corp[inst.ra[k]] = by_corp.get(inst.ra[k], 0) + 1
    ranked = sorted(by_corp, key=lambda c: (-by_corp[c], c))
    max_tables = max(inst.tables) if inst.tables else 0
    home = {c: (i % max_tables) + 1 for i, c in enumerate(ranked)} if max_tables else {}
    table_of: dict[int, int] = {}
    for t in range(inst.T):
        members = sorted(state.members[t], key=lambda k: (inst.ra[k], k))
        used: set[int] = set()
        rest: list[int] = []
        for k in members:
            kt = keep.get(k)
            if kt is not None and 1 <= kt <= inst.tables[t] and kt not in used:
                table_of[k] = kt
                used.add(kt)
        for k in members:
            if k in table_of:
                continue
            h = home.get(inst.ra[k], 0)
            if 1 <= h <= inst.tables[t] and h not in used:
                table_of[k] = h
                used.add(h)
            else:
                rest.append(k)
        nxt = 1
        for k in rest:
            while nxt in used:
                nxt += 1
            table_of[k] = nxt
            used.add(nxt)
    return table_of


def optimise(
    state: State,
    deadline: Deadline,
    upper_bound: float,
    seed: int,
    progress: ProgressFn | None,
    stats: dict[str, Any],
    fairness_budget: float = 0.0025,
    min_objective: float = 0.0,
) -> list[int]:
    """Everything after the frozen/initial part is in place: select, assign, fill, lift, improve."""
    inst = state.inst
    floors = effective_floors(inst) if fairness_budget > 0 else [0] * inst.P

    def report(phase: str) -> None:
        stats.setdefault("phases", []).append(
            {"phase": phase, "seconds": round(deadline.elapsed(), 3), "objective": round(state.objective, 6)}
        )
        if progress is not None:
            progress(phase, deadline.elapsed(), state.objective, upper_bound)

    chosen, fairness_left = select_residual(state, floors, fairness_budget, min_objective, deadline)
    stats["selected"] = len(chosen)
    report("select")
    unplaced = assign(state, chosen, deadline)
    stats["unplaced_after_repair"] = len(unplaced)
    report("assign")
    fill(state, deadline)
    report("fill")
    lift_floors(state, floors, deadline, min(fairness_left, max(0.0, state.objective - min_objective)))
    report("fairness")
    ejection_search(state, floors, deadline)
    report("local search")
    return floors


def polish(
    state: State,
    floors: list[int],
    deadline: Deadline,
    upper_bound: float,
    bound_method: str,
    seed: int,
    progress: ProgressFn | None,
    stats: dict[str, Any],
) -> tuple[float, str]:
    """When the gap is above POLISH_GAP: try a tighter bound (slot LP), then CP-SAT on the residual."""

    def gap() -> float:
        return (upper_bound - state.objective) / upper_bound if upper_bound > 0 else 0.0

    inst = state.inst
    if gap() > POLISH_GAP and deadline.remaining() > 1.5:
        lp = slot_lp_bound(inst, (deadline.remaining() - 1.0) * 0.7)
        stats["lp_bound"] = lp
        if lp is not None and lp < upper_bound:
            upper_bound, bound_method = max(lp, state.objective), "slot LP (HiGHS PDLP, dual certificate)"
        stats.setdefault("phases", []).append(
            {"phase": "lp bound", "seconds": round(deadline.elapsed(), 3), "objective": state.objective}
        )
        if progress is not None:
            progress("lp bound", deadline.elapsed(), state.objective, upper_bound)
    if gap() > POLISH_GAP and deadline.remaining() > 0.5:
        gained, exact = cpsat_polish(state, floors, deadline, seed=seed)
        stats["cpsat_gain"] = round(gained, 6)
        if exact is not None and exact < upper_bound:
            upper_bound, bound_method = max(exact, state.objective), "CP-SAT (exact model)"
        stats.setdefault("phases", []).append(
            {"phase": "cp-sat polish", "seconds": round(deadline.elapsed(), 3), "objective": state.objective}
        )
        if progress is not None:
            progress("cp-sat polish", deadline.elapsed(), state.objective, upper_bound)
    return upper_bound, bound_method


def to_schedule(
    state: State,
    upper_bound: float,
    bound_method: str,
    deadline: Deadline,
    stats: dict[str, Any],
    keep_tables: dict[int, int] | None = None,
) -> Schedule:
    inst = state.inst
    event = inst.event
    table_of = number_tables(state, keep_tables)
    meetings: list[tuple[int, int, Meeting]] = []
    weights: list[float] = []
    for k, t in enumerate(state.slot_of):
        if t < 0:
            continue
        r = event.requests[inst.req_pos[k]]
        meetings.append((t, table_of[k], Meeting(r.corporate, r.startup, event.slots[t].id, table_of[k])))
        weights.append(r.weight)
    meetings.sort(key=lambda x: (x[0], x[1]))
    objective = math.fsum(weights)
    below = tuple(
        BelowMin(p.id, state.deg[i], p.min_meetings)
        for i, p in enumerate(event.participants)
        if state.deg[i] < p.min_meetings
    )
    stats["meetings"] = len(meetings)
    stats["candidates"] = inst.K
    stats["requests"] = len(event.requests)
    return Schedule(
        meetings=tuple(m for _, _, m in meetings),
        objective=objective,
        upper_bound=max(upper_bound, objective),
        below_min=below,
        solve_seconds=deadline.elapsed(),
        bound_method=bound_method,
        stats=stats,
    )


def schedule_meetings(
    event: Event,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    on_progress: ProgressFn | None = None,
    fairness_budget: float = 0.0025,
) -> Schedule:
    """Choose and place the meetings of ``event`` within ``time_limit`` seconds (wall clock).

    ``on_progress(phase, elapsed_seconds, objective, upper_bound)`` is called after each phase.
    Deterministic for the same event and seed (phases that stop on the clock aside).

    Fairness: ``min_meetings`` floors -- and one meeting for everyone who has a feasible
    request -- come first, as long as they cost at most ``fairness_budget`` (a share, default
    0.25 %) of the total weight and the result stays at or above first-fit greedy; 1.0 makes
    them strictly lexicographic (and lifts the greedy guard). Shortfalls are reported in
    ``below_min``.
    """
    deadline = solve_deadline(time_limit, len(event.requests))
    inst = build_instance(event)
    stats: dict[str, Any] = {"seed": seed, "time_limit": time_limit, "fairness_budget": fairness_budget}
    upper_bound, bound_method = best_bound(inst, deadline)
    if on_progress is not None:
        on_progress("bound", deadline.elapsed(), 0.0, upper_bound)
    baseline = greedy_state(inst)
    stats["greedy_objective"] = round(baseline.objective, 6)
    # floors strictly first (budget 1) may cost more than the greedy margin; otherwise never below greedy
    guard = baseline.objective if fairness_budget < 1.0 else 0.0
    # fairness may also never take the result below FAIRNESS_FLOOR_OF_BOUND x the flow bound
    fair_floor = max(guard, FAIRNESS_FLOOR_OF_BOUND * upper_bound) if fairness_budget < 1.0 else 0.0
    state = State(inst)
    floors = optimise(state, deadline, upper_bound, seed, on_progress, stats, fairness_budget, fair_floor)
    upper_bound, bound_method = polish(
        state, floors, deadline, upper_bound, bound_method, seed, on_progress, stats
    )
    if state.objective < guard - 1e-9:
        # never below first-fit greedy: fall back to it (documented; has not happened in the benchmarks)
        stats["fell_back_to_greedy"] = True
        state = baseline
    return to_schedule(state, upper_bound, bound_method, deadline, stats)

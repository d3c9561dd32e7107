"""The pipeline: bound -> selection (flow) -> assignment (colouring + Kempe repair) -> fill ->
fairness lift -> local search / CP-SAT polish -> tables. See docs/scheduler.md."""

from __future__ import annotations

import math
import time
from typing import Any

from .assignment import assign, insert
from .baseline import greedy_state
from .bound import best_bound, slot_lp_bound
from .improve import FULL_CPSAT_VARIABLES, cpsat_polish, ejection_search, exact_lexicographic, lift_floors
from .minimums import MinimumAnalysis, analyse, at_minimum, concentrate_shortfalls, shortfall_reason
from .problem import Event
from .schedule import BelowMin, Meeting, Schedule
from .selection import _flow, integer_weights
from .state import Deadline, Instance, ProgressFn, State, build_instance, solve_deadline

FAIRNESS_FLOOR_OF_BOUND = 0.995  # the one-meeting floor never takes the result below 99.5 % of the bound
REFERENCE_SHARE = 0.3  # share of the time for the schedule without minimums (price of fairness)
POLISH_GAP = 0.003  # tighter bound / CP-SAT polishing only when the gap is above 0.3 %


def effective_floors(inst: Instance) -> list[int]:
    """min_meetings (capped by what is possible), and at least 1 for anyone with a feasible request."""
    return [max(inst.floor[p], 1 if inst.inc[p] else 0) if inst.cap[p] > 0 else 0 for p in range(inst.P)]


def select_residual(
    state: State,
    hard: list[int],
    floors: list[int],
    fairness_budget: float,
    min_objective: float = 0.0,
    deadline: Deadline | None = None,
) -> tuple[list[int], float]:
    """Max-weight b-matching over the unplaced candidates with the residual caps and tables.

    Two tiers of floor units: ``hard`` (the lexicographic minimums) earn a bonus above the total
    weight of the residual, so the selection first has the most minimum units any b-matching
    can have; the units of ``floors`` beyond them (the one-meeting floor) earn a bonus that is the
    largest (binary search) whose selection loses at most ``fairness_budget`` (a share of the
    selection's weight with the minimums only) and keeps the weight at least ``min_objective``.
    Returns (chosen candidates, weight the soft floors may still cost in later phases)."""
    inst = state.inst
    cap = [inst.cap[p] - state.deg[p] for p in range(inst.P)]
    resid_hard = [max(0, min(hard[p], inst.cap[p]) - state.deg[p]) for p in range(inst.P)]
    resid_floor = [max(resid_hard[p], min(floors[p], inst.cap[p]) - state.deg[p]) for p in range(inst.P)]
    cands = [k for k in range(inst.K) if state.slot_of[k] < 0 and cap[inst.ra[k]] > 0 and cap[inst.rb[k]] > 0]
    weights, scale = integer_weights(inst.w, round_up=False)
    total = sum(inst.tables) - state.n_placed
    strict = sum(weights) + 1
    soft_units = sum(resid_floor) - sum(resid_hard)
    # a hard unit must outweigh every weight and every soft bonus together
    big = strict * (soft_units + 1) if any(resid_hard) else 0
    hard_arg = resid_hard if big else None

    def flow(soft_bonus: int) -> tuple[list[int], int]:
        return _flow(inst, weights, hard_arg, big, cands, cap, total, resid_floor, soft_bonus)

    t0 = time.monotonic()
    chosen, v0 = flow(0)
    per_flow = time.monotonic() - t0 + 1e-3
    allowed = min(
        fairness_budget * (v0 + state.objective * scale),
        v0 + state.objective * scale - min_objective * scale,
    )
    if soft_units <= 0 or allowed <= 0:
        return chosen, 0.0
    best, best_v = chosen, v0
    c_strict, v_strict = flow(strict)
    if v0 - v_strict <= allowed:
        return c_strict, (allowed - (v0 - v_strict)) / scale
    lo, hi = 0, min(strict, 4 * max(weights, default=1) + 1)
    for _ in range(14):
        # each probe is one flow; keep the search within a third of the remaining time
        if hi - lo <= 1 or (deadline is not None and deadline.remaining() * 0.33 < per_flow):
            break
        mid = (lo + hi) // 2
        c_mid, v_mid = flow(mid)
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
    hard: list[int] | None = None,
    target: float = math.inf,
) -> list[int]:
    """Everything after the frozen/initial part is in place: select, assign, fill, lift, improve.

    ``hard`` are the lexicographic minimums (pursued at any price); the one-meeting floor of
    everyone with a feasible request is pursued within ``fairness_budget``. The local search is
    skipped when, before the soft floor, every hard floor is met and the objective reaches
    ``target`` (a proven bound for such schedules: nothing to gain).
    Returns the combined floors that later phases must not break."""
    inst = state.inst
    hard = [0] * inst.P if hard is None else hard
    soft = effective_floors(inst) if fairness_budget > 0 else [0] * inst.P
    floors = [max(h, f) for h, f in zip(hard, soft, strict=True)]

    def report(phase: str) -> None:
        stats.setdefault("phases", []).append(
            {"phase": phase, "seconds": round(deadline.elapsed(), 3), "objective": round(state.objective, 6)}
        )
        if progress is not None:
            progress(phase, deadline.elapsed(), state.objective, upper_bound)

    chosen, fairness_left = select_residual(state, hard, floors, fairness_budget, min_objective, deadline)
    stats["selected"] = len(chosen)
    report("select")
    unplaced = assign(state, chosen, deadline)
    stats["unplaced_after_repair"] = len(unplaced)
    report("assign")
    fill(state, deadline)
    report("fill")
    if any(hard):
        # minimums first: eject only meetings whose sides keep every floor, then (lexicographic)
        # also those of participants whose only protection is the priced one-meeting floor
        lift_floors(state, hard, deadline, guard=floors)
        lift_floors(state, hard, deadline, guard=hard)
        report("minimums")
    # the lexicographic part is proven optimal when every hard floor is met at the target weight;
    # the soft floor then only spends its budget, which the local search cannot win back
    optimal = state.objective >= target - 1e-9 and all(state.deg[p] >= h for p, h in enumerate(hard))
    lift_floors(state, floors, deadline, min(fairness_left, max(0.0, state.objective - min_objective)))
    report("fairness")
    if not optimal:
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
    price: float = 0.0,
) -> tuple[float, str]:
    """When the gap is above POLISH_GAP: try a tighter bound (slot LP), then CP-SAT on the residual.

    ``price`` (what the minimums cost, measured against a schedule without them) is not counted
    as gap: no bound or polish can win it back without breaking a minimum."""

    def gap() -> float:
        return (upper_bound - state.objective - price) / upper_bound if upper_bound > 0 else 0.0

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


def fairness_report(
    state: State,
    analysis: MinimumAnalysis,
    objective_without: float,
    upper_bound: float,
    count_bound: int | None = None,
) -> dict[str, Any]:
    """The `fairness` block of the result: minimums reached vs the proven maximum, and their price."""
    reached = at_minimum(state, analysis.need)
    bound = analysis.bound if count_bound is None else min(analysis.bound, count_bound)
    without = max(objective_without, state.objective)
    price = without - state.objective
    return {
        "participants_with_minimum": analysis.with_minimum,
        "at_minimum": reached,
        "at_minimum_bound": bound,
        "at_minimum_is_proven_maximum": reached >= bound,
        "impossible_alone": len(analysis.impossible),
        "objective_without_minimums": round(without, 9),
        "price": round(price, 9),
        "price_share": round(price / without, 6) if without > 0 else 0.0,
        "interest_bound": round(upper_bound, 9),
        "bound_with_minimums": None
        if analysis.weight_bound is None or reached < analysis.bound
        else round(max(min(analysis.weight_bound, upper_bound), state.objective), 9),
    }


def to_schedule(
    state: State,
    upper_bound: float,
    bound_method: str,
    deadline: Deadline,
    stats: dict[str, Any],
    keep_tables: dict[int, int] | None = None,
    analysis: MinimumAnalysis | None = None,
    objective_without: float | None = None,
    count_bound: int | None = None,
) -> Schedule:
    inst = state.inst
    event = inst.event
    analysis = analyse(inst) if analysis is None else analysis
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
        BelowMin(p.id, state.deg[i], p.min_meetings, shortfall_reason(state, analysis, i))
        for i, p in enumerate(event.participants)
        if state.deg[i] < p.min_meetings
    )
    stats["meetings"] = len(meetings)
    stats["candidates"] = inst.K
    stats["requests"] = len(event.requests)
    upper_bound = max(upper_bound, objective)
    fairness = fairness_report(
        state,
        analysis,
        objective if objective_without is None else objective_without,
        upper_bound,
        count_bound,
    )
    by_reason: dict[str, int] = {}
    for b in below:
        by_reason[b.reason] = by_reason.get(b.reason, 0) + 1
    fairness["below_min_by_reason"] = dict(sorted(by_reason.items()))
    return Schedule(
        meetings=tuple(m for _, _, m in meetings),
        objective=objective,
        upper_bound=upper_bound,
        below_min=below,
        solve_seconds=deadline.elapsed(),
        bound_method=bound_method,
        stats=stats,
        fairness=fairness,
    )


def schedule_meetings(
    event: Event,
    *,
    time_limit: float = 30.0,
    seed: int = 0,
    on_progress: ProgressFn | None = None,
    fairness_budget: float = 0.0025,
    minimums: bool = True,
) -> Schedule:
    """Choose and place the meetings of ``event`` within ``time_limit`` seconds (wall clock).

    ``on_progress(phase, elapsed_seconds, objective, upper_bound)`` is called after each phase.
    Deterministic for the same event and seed (phases that stop on the clock aside).

    Minimums are lexicographic (``minimums=True``): first the most participants at their
    ``min_meetings`` (with a proven bound on that number in ``fairness``), then total interest.
    A schedule without minimums is computed as well, for the price of fairness
    (``objective_without_minimums``). Beyond that, everyone with a feasible request gets one
    meeting as long as it costs at most ``fairness_budget`` (a share, default 0.25 %) of the
    total weight and the result stays at or above first-fit greedy. Shortfalls are reported in
    ``below_min`` with a reason.
    """
    deadline = solve_deadline(time_limit, len(event.requests))
    inst = build_instance(event)
    stats: dict[str, Any] = {
        "seed": seed,
        "time_limit": time_limit,
        "fairness_budget": fairness_budget,
        "minimums": minimums,
    }
    upper_bound, bound_method = best_bound(inst, deadline)
    if on_progress is not None:
        on_progress("bound", deadline.elapsed(), 0.0, upper_bound)
    analysis = analyse(inst)
    stats["minimum_bound_seconds"] = round(deadline.elapsed(), 3)
    baseline = greedy_state(inst)
    stats["greedy_objective"] = round(baseline.objective, 6)
    # the one-meeting floor may never take the result below greedy nor FAIRNESS_FLOOR_OF_BOUND x bound
    guard = baseline.objective if fairness_budget < 1.0 else 0.0
    fair_floor = max(guard, FAIRNESS_FLOOR_OF_BOUND * upper_bound) if fairness_budget < 1.0 else 0.0
    lexicographic = minimums and any(analysis.hard)
    small = sum(len(c) for c in inst.common_slots) <= FULL_CPSAT_VARIABLES
    free: State | None = None
    if lexicographic:
        # the pipeline without any floor, on a share of the time: the price of fairness
        free = State(inst)
        sub = Deadline(deadline.remaining() * REFERENCE_SHARE)
        optimise(free, sub, upper_bound, seed, None, {}, 0.0, target=upper_bound)
        if small:
            cpsat_polish(free, [0] * inst.P, sub, seed=seed)
        stats["objective_without_minimums"] = round(free.objective, 6)
    state = State(inst)
    hard = concentrate_shortfalls(inst, analysis) if lexicographic else None
    # with every possible minimum met, `weight_bound` bounds the weight: reaching it is optimal
    target = math.inf if analysis.weight_bound is None else analysis.weight_bound
    floors = optimise(
        state, deadline, upper_bound, seed, on_progress, stats, fairness_budget, fair_floor, hard, target
    )
    price = max(0.0, free.objective - state.objective) if free is not None else 0.0
    upper_bound, bound_method = polish(
        state, floors, deadline, upper_bound, bound_method, seed, on_progress, stats, price
    )
    count_bound = None
    if lexicographic and small and deadline.remaining() > 0.2:
        # small events: the exact lexicographic optimum (and a count bound that knows the slots)
        changed, count_bound = exact_lexicographic(state, analysis.need, deadline, seed=seed)
        stats["exact_lexicographic"] = {"changed": changed, "count_bound": count_bound}
    # lexicographic choice among the pipeline, the schedule without minimums and greedy
    need = analysis.need if minimums else [0] * inst.P

    def rank(s: State) -> tuple[int, float]:
        return at_minimum(s, need), s.objective

    best = state
    for other in (free, baseline):
        if other is not None and rank(other) > rank(best):
            best = other
    if best is baseline and baseline is not state:
        # documented; has not happened in the benchmarks
        stats["fell_back_to_greedy"] = True
    without = max(free.objective if free is not None else 0.0, state.objective, baseline.objective)
    return to_schedule(
        best,
        upper_bound,
        bound_method,
        deadline,
        stats,
        analysis=analysis,
        objective_without=without,
        count_bound=count_bound,
    )

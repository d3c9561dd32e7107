"""Which meetings: a weighted b-matching solved as a min-cost flow (OR-Tools ``SimpleMinCostFlow``).

Network: source -> corporate (capacity cap_c) -> startup (capacity 1, cost -w) -> sink
(capacity cap_s), plus a free bypass source -> sink, with exactly F = min(sum of tables,
sum of corporate caps, sum of startup caps) units of supply. The min-cost flow is therefore a
maximum-weight b-matching with at most F edges. Fairness floors are lexicographic: the first
``floor`` units into a participant earn a bonus larger than the total weight of all requests.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from ortools.graph.python import min_cost_flow

from .state import Instance

_FLOW_OK = 1  # SimpleMinCostFlow.OPTIMAL


def integer_weights(w: Sequence[float], *, round_up: bool) -> tuple[list[int], int]:
    """Weights as integers and the scale used (1 when all weights are whole numbers).

    With ``round_up`` each scaled weight is rounded up, so any bound computed on the integer
    weights divided by the scale is still a bound for the true weights."""
    if all(float(x).is_integer() for x in w):
        return [int(x) for x in w], 1
    scale = 1000
    if round_up:
        return [math.ceil(x * scale - 1e-9) for x in w], scale
    return [round(x * scale) for x in w], scale


def _flow(
    inst: Instance,
    weights: Sequence[int],
    floors: Sequence[int] | None,
    bonus: int,
    candidates: Sequence[int] | None = None,
    cap: Sequence[int] | None = None,
    total: int | None = None,
    soft_floors: Sequence[int] | None = None,
    soft_bonus: int = 0,
) -> tuple[list[int], int]:
    """Solve the b-matching flow. Returns (chosen candidates, total weight in integer units).

    The first ``floors[p]`` units into participant p earn ``bonus`` each, the units after them up
    to ``soft_floors[p]`` earn ``soft_bonus`` (two tiers: lexicographic minimums, then the priced
    one-meeting floor)."""
    cap = inst.cap if cap is None else cap
    cands = range(inst.K) if candidates is None else candidates
    P = inst.P
    src, snk = P, P + 1
    tails: list[int] = []
    heads: list[int] = []
    caps: list[int] = []
    costs: list[int] = []
    for p in range(P):
        c = cap[p]
        if c <= 0:
            continue
        f = 0 if floors is None else min(floors[p], c)
        g = f if soft_floors is None else max(f, min(soft_floors[p], c))
        a, b = (src, p) if inst.is_corp[p] else (p, snk)
        for units, cost in ((f, -bonus), (g - f, -soft_bonus), (c - g, 0)):
            if units > 0:
                tails.append(a)
                heads.append(b)
                caps.append(units)
                costs.append(cost)
    first_edge = len(tails)
    cand_list = list(cands)
    for k in cand_list:
        tails.append(inst.ra[k])
        heads.append(inst.rb[k])
        caps.append(1)
        costs.append(-weights[k])
    sum_c = sum(cap[p] for p in range(P) if inst.is_corp[p])
    sum_s = sum(cap[p] for p in range(P) if not inst.is_corp[p])
    F = min(sum(inst.tables) if total is None else total, sum_c, sum_s, len(cand_list))
    if F <= 0 or not cand_list:
        return [], 0
    tails.append(src)
    heads.append(snk)
    caps.append(F)
    costs.append(0)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(
        np.asarray(tails, dtype=np.int32),
        np.asarray(heads, dtype=np.int32),
        np.asarray(caps, dtype=np.int64),
        np.asarray(costs, dtype=np.int64),
    )
    supplies = np.zeros(P + 2, dtype=np.int64)
    supplies[src] = F
    supplies[snk] = -F
    smcf.set_nodes_supplies(np.arange(P + 2, dtype=np.int32), supplies)
    status = smcf.solve()
    if status != _FLOW_OK:  # pragma: no cover - the network is always feasible (bypass arc)
        raise RuntimeError(f"min-cost flow failed with status {status}")
    flows = smcf.flows(arcs[first_edge : first_edge + len(cand_list)])
    chosen = [cand_list[i] for i in np.nonzero(flows)[0].tolist()]
    value = sum(weights[k] for k in chosen)
    return chosen, value


def select_meetings(inst: Instance, floors: Sequence[int] | None) -> list[int]:
    """The meetings to try to place: max-weight b-matching, fairness floors first."""
    weights, _ = integer_weights(inst.w, round_up=False)
    bonus = sum(weights) + 1 if floors is not None and any(floors) else 0
    chosen, _ = _flow(inst, weights, floors if bonus else None, bonus)
    return chosen


def flow_bound(inst: Instance) -> float:
    """Proven upper bound: the b-matching relaxation (drops the slot structure except totals)."""
    weights, scale = integer_weights(inst.w, round_up=True)
    _, value = _flow(inst, weights, None, 0)
    return value / scale

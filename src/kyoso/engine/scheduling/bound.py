"""Proven upper bounds on the total weight of any schedule that obeys the hard rules.

Flow bound (always computed): drop the slot structure except for three facts every schedule
obeys -- each request is used at most once, participant p has at most
cap(p) = min(max_meetings, number of available slots) meetings (one per available slot), and
there are at most sum(tables) meetings in total. Every feasible schedule is then a b-matching of
at most sum(tables) edges, so the maximum-weight such b-matching (an integral min-cost flow,
solved exactly) is at least the optimum. Non-integer weights are rounded *up* before solving.

Slot LP bound (when the instance is small enough for the remaining time): the LP relaxation of
the time-indexed model, x[k,t] in [0,1] for every candidate k and common slot t, with
sum_t x[k,t] <= 1, sum_{k at p} x[k,t] <= 1 for every participant p and slot t,
sum_{k at p, t} x[k,t] <= cap(p) and sum_k x[k,t] <= tables(t). Every schedule is a 0/1 point of
this polytope, so the LP optimum bounds it; it is at least as tight as the flow bound because
aggregating its constraints gives the flow model. Solved by HiGHS (dual simplex); only an
OPTIMAL status is used, with a small tolerance added, and rounded down when all weights are
integers (then every schedule's objective is an integer).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import csr_matrix

from .selection import flow_bound
from .state import Deadline, Instance

LP_MAX_VARIABLES = 250_000


def slot_lp_bound(inst: Instance, time_limit: float) -> float | None:
    """The time-indexed LP bound, or None when it could not be proven in time."""
    if time_limit <= 0.05:
        return None
    cols_k: list[int] = []
    cols_t: list[int] = []
    for k in range(inst.K):
        for t in inst.common_slots[k]:
            cols_k.append(k)
            cols_t.append(t)
    n = len(cols_k)
    if n == 0:
        return 0.0
    if n > LP_MAX_VARIABLES:
        return None
    T = inst.T
    rows: list[int] = []
    cols: list[int] = []
    row_id: dict[tuple[int, int, int], int] = {}
    rhs: list[float] = []

    def row(key: tuple[int, int, int], bound: float) -> int:
        r = row_id.get(key)
        if r is None:
            r = len(rhs)
            row_id[key] = r
            rhs.append(bound)
        return r

    ra, rb, cap, tables = inst.ra, inst.rb, inst.cap, inst.tables
    for j in range(n):
        k, t = cols_k[j], cols_t[j]
        a, b = ra[k], rb[k]
        for key, bnd in (
            ((0, k, 0), 1.0),
            ((1, a, t), 1.0),
            ((1, b, t), 1.0),
            ((2, a, 0), float(cap[a])),
            ((2, b, 0), float(cap[b])),
            ((3, t, 0), float(tables[t])),
        ):
            rows.append(row(key, bnd))
            cols.append(j)
    del T
    a_ub = csr_matrix((np.ones(len(rows)), (np.asarray(rows), np.asarray(cols))), shape=(len(rhs), n))
    c = -np.asarray([inst.w[k] for k in cols_k], dtype=float)
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=np.asarray(rhs),
        bounds=(0.0, 1.0),
        method="highs-ds",
        options={"time_limit": float(time_limit), "presolve": True},
    )
    if res.status != 0 or res.fun is None:
        return None
    value = -float(res.fun)
    value += 1e-6 * max(1.0, abs(value))
    if all(float(x).is_integer() for x in inst.w):
        value = math.floor(value)
    return value


def best_bound(inst: Instance, deadline: Deadline, *, try_lp: bool = False) -> tuple[float, str]:
    """(bound, name of the method that produced it)."""
    flow = flow_bound(inst)
    if try_lp:
        lp = slot_lp_bound(inst, min(deadline.remaining() * 0.5, 20.0))
        if lp is not None and lp < flow:
            return lp, "slot LP (HiGHS)"
    return flow, "b-matching flow"

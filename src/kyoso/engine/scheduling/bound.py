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
aggregating its constraints gives the flow model. Solved by HiGHS; the number reported is not
HiGHS's objective but a weak-duality certificate computed from its row duals y (clipped to
y >= 0): b.y + sum_j max(0, c_j - (A^T y)_j), which bounds the LP (hence every schedule) for
*any* y -- so a solve stopped by the clock still gives a valid bound. A relative 1e-7 is added
for floating point, and the result is rounded down when all weights are integers (then every
schedule's objective is an integer).
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
from collections.abc import Iterator

import numpy as np

from .selection import flow_bound
from .state import Deadline, Instance

LP_MAX_VARIABLES = 2_000_000


def _lp_arrays(inst: Instance) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]:
    """Column-wise constraint matrix of the time-indexed LP (6 entries per column).

    Rows: request k | participant p in slot t | participant cap | slot tables."""
    K, P, T = inst.K, inst.P, inst.T
    ks: list[int] = []
    ts: list[int] = []
    for k in range(K):
        cs = inst.common_slots[k]
        ks.extend([k] * len(cs))
        ts.extend(cs)
    col_k = np.asarray(ks, dtype=np.int64)
    col_t = np.asarray(ts, dtype=np.int64)
    a = np.asarray(inst.ra, dtype=np.int64)[col_k]
    b = np.asarray(inst.rb, dtype=np.int64)[col_k]
    base_pt, base_cap, base_slot = K, K + P * T, K + P * T + P
    rows = np.stack(
        [
            col_k,
            base_pt + a * T + col_t,
            base_pt + b * T + col_t,
            base_cap + a,
            base_cap + b,
            base_slot + col_t,
        ],
        axis=1,
    ).ravel()
    rhs = np.concatenate(
        [
            np.ones(K + P * T),
            np.asarray(inst.cap, dtype=float),
            np.asarray(inst.tables, dtype=float),
        ]
    )
    cost = np.asarray(inst.w, dtype=float)[col_k]
    return rows, rhs, cost, col_k, len(ks)


def dual_bound(rows: np.ndarray, rhs: np.ndarray, cost: np.ndarray, y: np.ndarray) -> float:
    """Weak duality for max c.x, Ax <= b, 0 <= x <= 1: any y >= 0 gives the bound
    b.y + sum_j max(0, c_j - (A^T y)_j). Valid for every y, optimal or not."""
    y = np.maximum(y, 0.0)
    n = cost.shape[0]
    aty = y[rows].reshape(n, 6).sum(axis=1)
    return float(rhs @ y + np.maximum(0.0, cost - aty).sum())


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """HiGHS prints a banner on stdout when constructed; keep stdout clean for JSON output."""
    sys.stdout.flush()
    try:
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:  # pragma: no cover - no file descriptor 1
        yield
        return
    try:
        os.dup2(devnull, 1)
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def slot_lp_bound(inst: Instance, time_limit: float, solver: str = "pdlp") -> float | None:
    """The time-indexed LP bound via HiGHS, certified by weak duality from HiGHS's row duals (so
    an early stop on the clock still yields a valid, if weaker, bound). None if nothing came out."""
    if time_limit <= 0.05:
        return None
    if inst.K == 0:
        return 0.0
    rows, rhs, cost, _, n = _lp_arrays(inst)
    if n > LP_MAX_VARIABLES:
        return None
    import highspy

    with _quiet_stdout():
        h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("solver", solver)
    h.setOptionValue("random_seed", 0)
    lp = highspy.HighsLp()
    lp.num_col_ = n
    lp.num_row_ = rhs.shape[0]
    lp.col_cost_ = -cost
    lp.col_lower_ = np.zeros(n)
    lp.col_upper_ = np.ones(n)
    lp.row_lower_ = np.full(rhs.shape[0], -highspy.kHighsInf)
    lp.row_upper_ = rhs
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 6 * n + 1, 6, dtype=np.int32)
    lp.a_matrix_.index_ = rows.astype(np.int32)
    lp.a_matrix_.value_ = np.ones(6 * n)
    h.passModel(lp)
    with _quiet_stdout():
        h.run()
    sol = h.getSolution()
    duals = np.asarray(sol.row_dual, dtype=float)
    if duals.shape[0] != rhs.shape[0]:
        return None
    value = min(dual_bound(rows, rhs, cost, -duals), dual_bound(rows, rhs, cost, duals))
    value += 1e-7 * max(1.0, abs(value))  # floating-point safety
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

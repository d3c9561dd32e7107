"""Lexicographic minimums: who can reach ``min_meetings``, a proven bound on how many can at once,
and why each participant left below their minimum is there.

The solver's first objective is the number of participants at their minimum; total interest comes
second. This module provides the parts of that which do not depend on a particular schedule:

* the *individual* maximum of each participant -- how many meetings it could have if everyone else
  stepped aside: a matching of its feasible requests into its available slots, at most ``cap(p)``.
  Below ``min_meetings`` the minimum is impossible whatever the others do, and the reason is
  static (no request, no shared slot, too few requests, too few own slots);
* a bound on how many participants can be at their minimum *together* (see :func:`analyse`);
* the reason of a shortfall in a finished schedule (:func:`shortfall_reason`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .selection import _flow, integer_weights
from .state import Instance, State

# Reason codes of a `below_min` entry (the web app shows them as sentences).
NO_REQUEST = "no_request"  # no request that both sides want (interest > 0 on both)
NO_SHARED_SLOT = "no_shared_slot"  # requests exist, but never a slot both sides are available in
FEW_REQUESTS = "few_requests"  # fewer feasible requests (or distinct shared slots) than the minimum
OWN_AVAILABILITY = "own_availability"  # max_meetings or own available slots below the minimum
PARTNERS_AT_CAPACITY = "partners_at_capacity"  # every partner it could still meet is fully booked
NO_FREE_SLOT = "no_free_slot"  # a partner has room, but no slot where both and a table are free
REASONS = (NO_REQUEST, NO_SHARED_SLOT, FEW_REQUESTS, OWN_AVAILABILITY, PARTNERS_AT_CAPACITY, NO_FREE_SLOT)


def _slot_matching(slot_lists: Sequence[Sequence[int]], limit: int) -> int:
    """Size of a maximum matching of items into slots (each item into one of its slots), up to limit."""
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for t in slot_lists[i]:
            if t in seen:
                continue
            seen.add(t)
            j = owner.get(t)
            if j is None or augment(j, seen):
                owner[t] = i
                return True
        return False

    size = 0
    for i in range(len(slot_lists)):
        if size >= limit:
            break
        if augment(i, set()):
            size += 1
    return size


def individual_max(inst: Instance, p: int, need: int) -> int:
    """Most meetings p could have alone (capped at ``need``; the matching stops there)."""
    cands = inst.inc[p]
    limit = min(need, inst.cap[p])
    if limit <= 0 or not cands:
        return 0
    if limit == 1:
        return 1
    return _slot_matching([inst.common_slots[k] for k in cands], limit)


def consented_participants(inst: Instance) -> set[str]:
    """Ids of participants with at least one request that both sides want."""
    out: set[str] = set()
    for r in inst.event.requests:
        if r.consented:
            out.add(r.corporate)
            out.add(r.startup)
    return out


def static_reason(inst: Instance, p: int, need: int, consented: set[str]) -> str:
    """Why p cannot reach ``need`` meetings whatever the others do (call when individual_max < need)."""
    if inst.event.participants[p].id not in consented:
        return NO_REQUEST
    if not inst.inc[p]:
        return NO_SHARED_SLOT if inst.cap[p] > 0 else OWN_AVAILABILITY
    if inst.cap[p] < need:
        return OWN_AVAILABILITY
    return FEW_REQUESTS


@dataclass(frozen=True, slots=True)
class MinimumAnalysis:
    need: list[int]  # min_meetings per participant (0 = no minimum)
    hard: list[int]  # floor pursued lexicographically: need, or 0 when individually impossible
    impossible: dict[int, str]  # participant -> static reason (individual maximum below need)
    with_minimum: int  # participants with min_meetings >= 1
    bound: int  # proven: no schedule has more participants at their minimum
    floor_units_bound: int  # max sum of min(meetings, need) over the possible ones (flow)
    # proven bound on the total weight of a schedule with `bound` participants at their minimum
    # (None when such schedules need not have the most floor units; see analyse)
    weight_bound: float | None


def analyse(inst: Instance) -> MinimumAnalysis:
    """Static impossibilities and the bound on the number of participants at their minimum.

    Bound: forget the slots except the three facts every schedule obeys (each request once,
    at most cap(p) meetings per participant, at most sum(tables) meetings); the scheduled meetings
    form a b-matching. A min-cost flow with a unit bonus on the first ``need(p)`` units into each
    possible participant finds U, the most "floor units" sum_p min(deg p, need p) any schedule can
    have. If a schedule leaves a set X of possible participants below their minimum, its floor
    units are at least sum(need) - sum_{p in X} need(p), so sum_{p in X} need(p) >= D with
    D = sum(need) - U. Hence |X| is at least the smallest j whose j largest needs reach D, and at
    most (possible participants - j) are at their minimum. When every need is 1 this is exactly
    the maximum number of participants with a meeting in the relaxation.

    When D = 0 (all possible participants can be at their minimum together in the relaxation) or
    every need is 1, a schedule reaching the count bound has U floor units, so a second flow --
    floor units first, then weight -- bounds its total weight: the price of the minimums is then
    provably at least (the weight of any schedule without minimums) minus ``weight_bound``."""
    event = inst.event
    need = [p.min_meetings for p in event.participants]
    hard = [0] * inst.P
    impossible: dict[int, str] = {}
    consented: set[str] | None = None
    for p in range(inst.P):
        if need[p] <= 0:
            continue
        if individual_max(inst, p, need[p]) < need[p]:
            if consented is None:
                consented = consented_participants(inst)
            impossible[p] = static_reason(inst, p, need[p], consented)
        else:
            hard[p] = need[p]
    possible = [need[p] for p in range(inst.P) if hard[p] > 0]
    units = 0
    if possible:
        chosen, _ = _flow(inst, [0] * inst.K, hard, 1)
        deg = [0] * inst.P
        for k in chosen:
            deg[inst.ra[k]] += 1
            deg[inst.rb[k]] += 1
        units = sum(min(d, h) for d, h in zip(deg, hard, strict=True))
    deficit = sum(possible) - units
    weight_bound: float | None = None
    if possible and (deficit == 0 or max(possible) == 1):
        # a schedule with `bound` participants at their minimum has U floor units (when D = 0 all
        # of them; when every need is 1 the count *is* the floor units), so the heaviest b-matching
        # among those with U floor units (floor units first) bounds its weight
        weights, scale = integer_weights(inst.w, round_up=True)
        _, value = _flow(inst, weights, hard, sum(weights) + 1)
        weight_bound = value / scale
    j = 0
    if deficit > 0:
        acc = 0
        for n in sorted(possible, reverse=True):
            acc += n
            j += 1
            if acc >= deficit:
                break
    return MinimumAnalysis(
        need=need,
        hard=hard,
        impossible=impossible,
        with_minimum=sum(1 for n in need if n > 0),
        bound=len(possible) - j,
        floor_units_bound=units,
        weight_bound=weight_bound,
    )


def at_minimum(state: State, need: Sequence[int]) -> int:
    """Participants with a minimum who reached it."""
    return sum(1 for p, n in enumerate(need) if n > 0 and state.deg[p] >= n)


def shortfall_reason(state: State, analysis: MinimumAnalysis, p: int) -> str:
    """Why p ended below its minimum in this schedule."""
    static = analysis.impossible.get(p)
    if static is not None:
        return static
    inst = state.inst
    open_requests = [k for k in inst.inc[p] if state.slot_of[k] < 0]
    with_room = [k for k in open_requests if state.has_capacity(k)]
    if not with_room:
        return PARTNERS_AT_CAPACITY
    return NO_FREE_SLOT


def _flow_degrees(inst: Instance, chosen: Sequence[int]) -> list[int]:
    deg = [0] * inst.P
    for k in chosen:
        deg[inst.ra[k]] += 1
        deg[inst.rb[k]] += 1
    return deg


def concentrate_shortfalls(inst: Instance, analysis: MinimumAnalysis, rounds: int = 6) -> list[int]:
    """Hard floors that favour the *number* at minimum over floor units.

    The most floor units may spread a shortfall over many participants (one meeting short for
    two people with a minimum of 2, instead of two short for one). Each round drops the floor of
    all participants the flow left partly served -- or, if that does not help, of the half whose
    meetings weigh least -- so their meetings' capacity can complete the others, and keeps the
    floors while the flow's number of participants at their minimum rises. Only
    when some minimum is above 1 and not all can be met together (otherwise nothing to gain)."""
    hard = analysis.hard
    possible = [n for n in hard if n > 0]
    if not possible or max(possible) <= 1:
        return list(hard)
    weights, _ = integer_weights(inst.w, round_up=False)
    big = sum(weights) + 1

    def solve(floors: list[int]) -> tuple[int, list[int], list[int]]:
        chosen, _ = _flow(inst, weights, floors, big)
        deg = _flow_degrees(inst, chosen)
        held = [0] * inst.P
        for k in chosen:
            held[inst.ra[k]] += weights[k]
            held[inst.rb[k]] += weights[k]
        return sum(1 for p, n in enumerate(hard) if n > 0 and deg[p] >= n), deg, held

    best = list(hard)
    best_count, deg, held = solve(best)
    for _ in range(rounds):
        partial = [p for p, n in enumerate(best) if n > 0 and 0 < deg[p] < n]
        if not partial or best_count >= analysis.bound:
            break
        # give up on all of them, or on the half whose meetings weigh least
        partial.sort(key=lambda p: (held[p], p))
        improved = False
        for dropped in (partial, partial[: (len(partial) + 1) // 2]):
            trial = list(best)
            for p in dropped:
                trial[p] = 0
            count, trial_deg, trial_held = solve(trial)
            if count > best_count:
                best, best_count, deg, held, improved = trial, count, trial_deg, trial_held, True
                break
        if not improved:
            break
    return best

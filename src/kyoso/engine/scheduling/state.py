"""Compact integer form of an event and the mutable schedule state the solver phases share.

Participants are numbered 0..P-1 (both sides in one range), slots 0..T-1 in input order and
*candidates* 0..K-1: the requests that can possibly happen (both interests > 0, a common
available slot, both participants allowed at least one meeting). Availability is a bit mask
per participant (bit t set = available in slot t).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from .problem import Event


def popcount(x: int) -> int:
    return x.bit_count()


def bits(mask: int) -> list[int]:
    out: list[int] = []
    t = 0
    while mask:
        if mask & 1:
            out.append(t)
        mask >>= 1
        t += 1
    return out


@dataclass(slots=True)
class Instance:
    event: Event
    P: int
    T: int
    tables: list[int]
    avail: list[int]  # bit mask per participant
    cap: list[int]  # min(max_meetings, number of available slots)
    floor: list[int]  # min(min_meetings, cap)
    is_corp: list[bool]
    ra: list[int]  # candidate -> corporate participant index
    rb: list[int]  # candidate -> startup participant index
    w: list[float]  # candidate weight
    common: list[int]  # candidate -> mask of slots both are available in
    common_slots: list[list[int]]
    req_pos: list[int]  # candidate -> index in event.requests
    inc: list[list[int]]  # participant -> incident candidates
    cand_of_request: dict[int, int]

    @property
    def K(self) -> int:
        return len(self.ra)


def build_instance(event: Event) -> Instance:
    T = len(event.slots)
    full = (1 << T) - 1
    slot_pos = {s.id: i for i, s in enumerate(event.slots)}
    pidx = {p.id: i for i, p in enumerate(event.participants)}
    avail: list[int] = []
    cap: list[int] = []
    floor: list[int] = []
    is_corp: list[bool] = []
    for p in event.participants:
        mask = full
        for sid in p.unavailable:
            mask &= ~(1 << slot_pos[sid])
        avail.append(mask)
        c = popcount(mask)
        if p.max_meetings is not None:
            c = min(c, p.max_meetings)
        cap.append(c)
        floor.append(min(p.min_meetings, c))
        is_corp.append(p.side == "corporate")
    ra: list[int] = []
    rb: list[int] = []
    w: list[float] = []
    common: list[int] = []
    req_pos: list[int] = []
    inc: list[list[int]] = [[] for _ in event.participants]
    cand_of_request: dict[int, int] = {}
    for i, r in enumerate(event.requests):
        if not r.consented:
            continue
        a, b = pidx[r.corporate], pidx[r.startup]
        m = avail[a] & avail[b]
        if not m or cap[a] == 0 or cap[b] == 0:
            continue
        k = len(ra)
        cand_of_request[i] = k
        ra.append(a)
        rb.append(b)
        w.append(r.weight)
        common.append(m)
        req_pos.append(i)
        inc[a].append(k)
        inc[b].append(k)
    return Instance(
        event=event,
        P=len(event.participants),
        T=T,
        tables=[s.tables for s in event.slots],
        avail=avail,
        cap=cap,
        floor=floor,
        is_corp=is_corp,
        ra=ra,
        rb=rb,
        w=w,
        common=common,
        common_slots=[bits(m) for m in common],
        req_pos=req_pos,
        inc=inc,
        cand_of_request=cand_of_request,
    )


class Deadline:
    """Monotonic wall-clock budget."""

    def __init__(self, seconds: float) -> None:
        self.start = time.monotonic()
        self.end = self.start + max(0.0, seconds)

    def remaining(self) -> float:
        return self.end - time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def expired(self) -> bool:
        return time.monotonic() >= self.end


def solve_deadline(time_limit: float, n_requests: int) -> Deadline:
    """The solver's own budget: 95 % of the limit, minus the time to write the result out
    (≈10 µs per request for tables, JSON objects and the final tally)."""
    return Deadline(time_limit * 0.95 - 0.05 - 1e-5 * n_requests)


class State:
    """A partial schedule: which candidate sits in which slot (tables are numbered at the end)."""

    __slots__ = (
        "inst",
        "slot_of",
        "busy",
        "deg",
        "count",
        "objective",
        "frozen",
        "n_placed",
        "members",
        "ver",
        "total_tables",
    )

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.slot_of: list[int] = [-1] * inst.K
        self.busy: list[list[int]] = [[-1] * inst.T for _ in range(inst.P)]
        self.deg: list[int] = [0] * inst.P
        self.count: list[int] = [0] * inst.T
        self.objective = 0.0
        self.frozen = bytearray(inst.K)  # 1 = must not move (kept meetings when rescheduling)
        self.n_placed = 0
        self.total_tables = sum(inst.tables)
        self.members: list[set[int]] = [set() for _ in range(inst.T)]
        self.ver: list[int] = [0] * inst.T  # bumped whenever a slot's membership changes

    # -- primitive moves -------------------------------------------------------------------
    def place(self, k: int, t: int) -> None:
        inst = self.inst
        a, b = inst.ra[k], inst.rb[k]
        self.slot_of[k] = t
        self.busy[a][t] = k
        self.busy[b][t] = k
        self.deg[a] += 1
        self.deg[b] += 1
        self.count[t] += 1
        self.members[t].add(k)
        self.ver[t] += 1
        self.objective += inst.w[k]
        self.n_placed += 1

    def remove(self, k: int) -> int:
        inst = self.inst
        t = self.slot_of[k]
        a, b = inst.ra[k], inst.rb[k]
        self.slot_of[k] = -1
        self.busy[a][t] = -1
        self.busy[b][t] = -1
        self.deg[a] -= 1
        self.deg[b] -= 1
        self.count[t] -= 1
        self.members[t].discard(k)
        self.ver[t] += 1
        self.objective -= inst.w[k]
        self.n_placed -= 1
        return t

    def move(self, k: int, t: int) -> None:
        inst = self.inst
        a, b = inst.ra[k], inst.rb[k]
        old = self.slot_of[k]
        self.busy[a][old] = -1
        self.busy[b][old] = -1
        self.count[old] -= 1
        self.members[old].discard(k)
        self.ver[old] += 1
        self.ver[t] += 1
        self.slot_of[k] = t
        self.busy[a][t] = k
        self.busy[b][t] = k
        self.count[t] += 1
        self.members[t].add(k)

    # -- queries ---------------------------------------------------------------------------
    def free_slot_for(self, k: int, need_table: bool = True) -> int:
        """A slot where candidate k fits right now (both free, a table free), else -1.

        Among fitting slots picks the one with most free tables (keeps slots balanced)."""
        inst = self.inst
        ba, bb = self.busy[inst.ra[k]], self.busy[inst.rb[k]]
        best, best_free = -1, 0
        for t in inst.common_slots[k]:
            if ba[t] < 0 and bb[t] < 0:
                free = inst.tables[t] - self.count[t]
                if free > best_free or (not need_table and best < 0):
                    best, best_free = t, free
        return best

    def has_capacity(self, k: int) -> bool:
        inst = self.inst
        a, b = inst.ra[k], inst.rb[k]
        return self.deg[a] < inst.cap[a] and self.deg[b] < inst.cap[b]

    def placed(self) -> list[int]:
        return [k for k, t in enumerate(self.slot_of) if t >= 0]


ProgressFn = Callable[[str, float, float, float], None]
"""on_progress(phase, elapsed_seconds, objective, upper_bound)."""

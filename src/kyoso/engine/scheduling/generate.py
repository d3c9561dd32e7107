"""Reproducible, realistic random events (benchmarks, tests, demo data).

Skew: corporate popularity follows a heavy-tailed (Pareto) law, so a few corporates receive
many requests; startups have milder popularity. Interests are mostly 1–3 with some 0 vetoes.
About a fifth of participants arrive late or leave early (a block of unavailable slots),
lunch slots have fewer tables, and per-participant caps and floors vary.
"""

from __future__ import annotations

import itertools
import random
from typing import Any


def generate_event(
    corporates: int,
    startups: int,
    slots: int,
    requests: int,
    *,
    seed: int = 0,
    tables_ratio: float = 0.8,
    unavailable_share: float = 0.2,
    min_meetings: bool = True,
    promise_startups: bool = False,
) -> dict[str, Any]:
    """A ``kyoso_event`` document (a dict ready for ``json.dumps`` or ``parse_event``).

    ``promise_startups``: every startup is promised one meeting (``min_meetings`` 1) and
    corporates have no minimum -- the paid-ticket style of day -- instead of varied floors 0-2.
    Everything else is the same day (the floors are still drawn, then replaced)."""
    rng = random.Random(seed)
    base_tables = max(1, round(corporates * tables_ratio))
    lunch = {slots // 2} if slots >= 6 else set()
    slot_docs: list[dict[str, Any]] = []
    for t in range(slots):
        hour, minute = divmod(9 * 60 + 30 * t, 60)
        tables = max(1, round(base_tables * 0.6)) if t in lunch else base_tables
        slot_docs.append(
            {
                "id": f"s{t + 1:02d}",
                "start": f"2026-12-01T{hour:02d}:{minute:02d}",
                "end": f"2026-12-01T{hour + (minute + 25) // 60:02d}:{(minute + 25) % 60:02d}",
                "tables": tables,
            }
        )
    slot_ids = [f"s{t + 1:02d}" for t in range(slots)]

    def unavailable() -> list[str]:
        if rng.random() >= unavailable_share or slots < 3:
            return []
        length = rng.randint(1, max(1, slots // 4))
        if rng.random() < 0.5:
            return slot_ids[:length]  # arrives late
        return slot_ids[slots - length :]  # leaves early

    participants: list[dict[str, Any]] = []
    corp_ids = [f"c{i + 1:04d}" for i in range(corporates)]
    start_ids = [f"u{i + 1:05d}" for i in range(startups)]
    for cid in corp_ids:
        participants.append(
            {
                "id": cid,
                "side": "corporate",
                "name": f"Corporate {cid}",
                "unavailable": unavailable(),
                # half the corporates stay at their table all day (no cap)
                "max_meetings": None if rng.random() < 0.5 else rng.randint(max(1, slots // 2), slots),
                "min_meetings": rng.choice([0, 0, 1, 2]) if min_meetings else 0,
            }
        )
    for sid in start_ids:
        participants.append(
            {
                "id": sid,
                "side": "startup",
                "name": f"Startup {sid}",
                "unavailable": unavailable(),
                "max_meetings": rng.randint(2, max(2, min(slots, 8))),
                "min_meetings": rng.choice([0, 1, 1, 2]) if min_meetings else 0,
            }
        )
    if promise_startups:
        for item in participants:
            item["min_meetings"] = 1 if item["side"] == "startup" else 0
    corp_cum = list(itertools.accumulate(rng.paretovariate(1.2) for _ in corp_ids))
    start_cum = list(itertools.accumulate(rng.paretovariate(2.5) for _ in start_ids))
    corp_range, start_range = range(corporates), range(startups)
    target = min(requests, corporates * startups)
    pairs: set[tuple[int, int]] = set()
    reqs: list[dict[str, Any]] = []
    interest_levels = [0, 1, 2, 3]
    corp_w = [0.08, 0.3, 0.37, 0.25]
    start_w = [0.05, 0.25, 0.35, 0.35]
    attempts = 0
    while len(reqs) < target and attempts < target * 20:
        attempts += 1
        c = rng.choices(corp_range, cum_weights=corp_cum)[0] if attempts % 3 else rng.randrange(corporates)
        s = rng.choices(start_range, cum_weights=start_cum)[0] if attempts % 2 else rng.randrange(startups)
        if (c, s) in pairs:
            continue
        pairs.add((c, s))
        ci = rng.choices(interest_levels, weights=corp_w)[0]
        si = rng.choices(interest_levels, weights=start_w)[0]
        reqs.append(
            {
                "corporate": corp_ids[c],
                "startup": start_ids[s],
                "corporate_interest": ci,
                "startup_interest": si,
            }
        )
    return {"kyoso_event": 1, "slots": slot_docs, "participants": participants, "requests": reqs}

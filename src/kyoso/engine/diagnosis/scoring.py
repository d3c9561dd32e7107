"""From rule points to cause scores, the overall score and levels.

A cause's score is a saturating ("noisy-OR") combination of its rules' points,
``100 * (1 - prod(1 - p_i / 100))``: one strong signal alone makes the cause high, many weak ones add
up, and nothing passes 100. Adding a finding, or raising one, never lowers the score.

The overall score blends the worst cause with the mean of all six,
``OVERALL_MAX_WEIGHT * max + (1 - OVERALL_MAX_WEIGHT) * mean``: a collaboration fails through any
single cause (so the worst one dominates), but a project at risk on several fronts is worse off than
one with a single problem. Since mean <= max, the overall level never exceeds the worst cause's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from .texts import CAUSE_IDS

# Own reasoning: the worst cause dominates; 0.3 on the mean separates one problem from many.
OVERALL_MAX_WEIGHT = 0.7
# docs/formats.md#diagnosis-output: low (<25), medium (<50), high (<75), critical.
LEVEL_THRESHOLDS: tuple[tuple[int, str], ...] = ((25, "low"), (50, "medium"), (75, "high"))
CAUSE_ORDER: dict[str, int] = {c: i for i, c in enumerate(CAUSE_IDS)}


def round_half_up(value: float) -> int:
    """Integer rounding that does not depend on banker's rounding (2.5 -> 3)."""
    return int(math.floor(value + 0.5))


def combine(points: Iterable[int]) -> int:
    """Saturating combination of rule points (each 0-100) into a 0-100 score."""
    keep = 1.0
    for p in sorted(points):  # fixed order: identical floats whatever order the rules fired in
        keep *= 1.0 - min(100, max(0, p)) / 100.0
    return max(0, min(100, round_half_up(100.0 * (1.0 - keep))))


def level(score: int) -> str:
    for limit, name in LEVEL_THRESHOLDS:
        if score < limit:
            return name
    return "critical"


def overall(scores: dict[str, int]) -> int:
    values = [scores.get(c, 0) for c in CAUSE_IDS]
    blended = OVERALL_MAX_WEIGHT * max(values) + (1 - OVERALL_MAX_WEIGHT) * sum(values) / len(values)
    return max(0, min(100, round_half_up(blended)))


def rank(scores: dict[str, int]) -> list[str]:
    """Cause ids, highest score first; ties in the fixed cause order of docs/product.md#the-six-failure-causes."""
    return sorted(CAUSE_IDS, key=lambda c: (-scores.get(c, 0), CAUSE_ORDER[c]))

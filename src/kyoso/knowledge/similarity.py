"""Similar past cases: how much a live project resembles a retrospective, and why.

Pure Python on plain dicts (no Django), so it is unit-tested directly and the
knowledge app converts models to these inputs in one place (`selectors`).

* Cause pattern: the live project's risk scores per cause (0–100, from its
  stored diagnosis) against the retrospective's cause weights (1–3); cosine
  similarity of the two six-dimensional vectors.
* Context: same industry, same partner kind, same or adjacent stage.

score = 0.7 · cosine + 0.3 · context, in 0..1. Each match gives a reason in
Japanese and English.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from kyoso.engine.diagnosis.texts import CAUSE_IDS as CAUSES

CAUSE_NAMES = {
    "purpose": ("目的・戦略の不明確さ", "unclear purpose and strategy"),
    "partner_fit": ("連携先とのミスマッチ", "partner mismatch"),
    "internal_structure": ("社内体制の不備・協力不足", "weak internal structure"),
    "communication": ("コミュニケーション不足・認識の齟齬", "communication and perception gaps"),
    "ip_contract": ("知財・契約に関する問題", "IP and contract problems"),
    "short_termism": ("短期的な成果への過度な期待", "expecting results too soon"),
}

KIND_NAMES = {
    "corporate": ("大企業", "corporate"),
    "startup": ("スタートアップ", "startup"),
    "university": ("大学・研究機関", "university"),
    "public": ("公的機関", "public body"),
}

STAGES: tuple[str, ...] = ("exploration", "poc", "pilot", "commercialisation")
STAGE_NAMES = {
    "exploration": ("探索", "exploration"),
    "poc": ("PoC", "PoC"),
    "pilot": ("パイロット", "pilot"),
    "commercialisation": ("事業化", "commercialisation"),
}

PATTERN_WEIGHT = 0.7
CONTEXT_WEIGHT = 0.3
CONTEXT_PARTS = {"industry": 0.4, "partner_kind": 0.3, "stage": 0.3}
# A cause counts as "high" in the live project from this score, and as "main" in a retrospective from this weight.
HIGH_RISK = 50
MAIN_WEIGHT = 2


@dataclass(frozen=True)
class LiveCase:
    """The live project: `scores` {cause: 0–100}, empty when never diagnosed."""

    scores: Mapping[str, float]
    industries: frozenset[str] = frozenset()
    partner_kind: str = ""
    stage: str = ""


@dataclass(frozen=True)
class PastCase:
    """A retrospective: `weights` {cause: 1–3}; `stage` is the stage the project reached."""

    id: int
    weights: Mapping[str, int]
    industry: str = ""
    partner_kind: str = ""
    stage: str = ""


@dataclass(frozen=True)
class Reason:
    ja: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.ja


@dataclass
class Match:
    id: int
    score: float
    pattern: float
    context: float
    reasons: list[Reason] = field(default_factory=list)


def vector(values: Mapping[str, float]) -> list[float]:
    return [float(values.get(c, 0) or 0) for c in CAUSES]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two cause mappings; 0.0 when either is all zeros."""
    va, vb = vector(a), vector(b)
    na = math.sqrt(sum(x * x for x in va))
    nb = math.sqrt(sum(x * x for x in vb))
    if na == 0 or nb == 0:
        return 0.0
    return max(0.0, min(1.0, sum(x * y for x, y in zip(va, vb, strict=True)) / (na * nb)))


def _norm(text: str) -> str:
    return " ".join(text.strip().lower().split())


def stage_closeness(a: str, b: str) -> float:
    if not a or not b or a not in STAGES or b not in STAGES:
        return 0.0
    gap = abs(STAGES.index(a) - STAGES.index(b))
    return 1.0 if gap == 0 else 0.5 if gap == 1 else 0.0


def compare(live: LiveCase, past: PastCase) -> Match:
    pattern = cosine(live.scores, past.weights)
    reasons: list[Reason] = []
    shared = [
        c
        for c in CAUSES
        if float(live.scores.get(c, 0) or 0) >= HIGH_RISK and int(past.weights.get(c, 0) or 0) >= MAIN_WEIGHT
    ]
    shared.sort(key=lambda c: (-int(past.weights.get(c, 0)), -float(live.scores.get(c, 0)), CAUSES.index(c)))
    for c in shared:
        ja, en = CAUSE_NAMES[c]
        score = round(float(live.scores.get(c, 0)))
        weight = int(past.weights.get(c, 0))
        reasons.append(
            Reason(
                f"「{ja}」のリスクが高く(スコア{score})、この事例でも主な原因でした(重み{weight}/3)。",
                f"High risk of {en} (score {score}); it was a main cause in this case too (weight {weight}/3).",
            )
        )
    if not shared and pattern >= 0.8:
        reasons.append(
            Reason(
                f"原因の構成が似ています(類似度{pattern:.0%})。",
                f"The causes are distributed alike (similarity {pattern:.0%}).",
            )
        )
    industry = 0.0
    if past.industry and _norm(past.industry) in {_norm(i) for i in live.industries if i}:
        industry = 1.0
        reasons.append(Reason(f"同じ業界です({past.industry})。", f"Same industry ({past.industry})."))
    kind = 0.0
    if past.partner_kind and past.partner_kind == live.partner_kind:
        kind = 1.0
        ja, en = KIND_NAMES.get(past.partner_kind, (past.partner_kind, past.partner_kind))
        reasons.append(Reason(f"連携先が同じ種類です({ja})。", f"The partner is of the same kind ({en})."))
    stage = stage_closeness(live.stage, past.stage)
    if stage == 1.0:
        ja, en = STAGE_NAMES[past.stage]
        reasons.append(
            Reason(f"この事例は同じ段階({ja})で終わりました。", f"This case ended at the same stage ({en}).")
        )
    elif stage:
        ja, en = STAGE_NAMES[past.stage]
        reasons.append(
            Reason(f"この事例は隣の段階({ja})で終わりました。", f"This case ended one stage away ({en}).")
        )
    context = (
        CONTEXT_PARTS["industry"] * industry
        + CONTEXT_PARTS["partner_kind"] * kind
        + CONTEXT_PARTS["stage"] * stage
    )
    score = PATTERN_WEIGHT * pattern + CONTEXT_WEIGHT * context
    return Match(
        id=past.id,
        score=round(score, 4),
        pattern=round(pattern, 4),
        context=round(context, 4),
        reasons=reasons,
    )


def rank(live: LiveCase, past: Iterable[PastCase], *, top: int = 5, minimum: float = 0.35) -> list[Match]:
    """The `top` most similar past cases scoring at least `minimum`, best first (ties by id)."""
    matches = [compare(live, p) for p in past]
    kept = [m for m in matches if m.score >= minimum and m.reasons]
    kept.sort(key=lambda m: (-m.score, m.id))
    return kept[:top]

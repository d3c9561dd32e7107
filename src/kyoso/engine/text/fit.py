"""Explainable partner fit score (0-100) for a corporate need x a candidate organisation.

Four components, each with a weight, a value in 0..1 and a reason sentence in ja and en:

* ``technology`` (0.40) - relevance of the candidate's technology to the need: the search
  index's normalised BM25F relevance when the caller has it, else a cosine similarity of the
  analysed, bilingually expanded texts.
* ``culture`` (0.25) - culture and speed fit, the gap that broke case A (docs/product.md#case-a): decision lead
  time ratio (1 when equal, 0 at a 30x difference, log scale), quality approach distance
  (verify_first - balanced - ship_and_iterate) and risk appetite distance (low - medium - high).
* ``expectation`` (0.20) - what the need wants vs what the candidate expects (case C): goal type
  (improve_existing vs replace ...), months to a first result, budget.
* ``checklist`` (0.15) - the partner checklist of countermeasure 2 (docs/product.md#the-six-failure-causes): OI experience, company-wide support,
  technology fits the purpose, met in person, IR/public information checked. yes=1, no=0.

Unknown inputs are not errors: an unknown part gets the neutral value 0.5 and the reason says
what is missing, because an unanswered question is itself a risk the user should see.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

from kyoso.engine.text.analysis import analyse_tokens
from kyoso.engine.text.bilingual import TermMap, default_term_map

__all__ = [
    "Answer",
    "Checklist",
    "CultureProfile",
    "Expectation",
    "FitComponent",
    "FitInput",
    "FitResult",
    "fit_score",
    "culture_fit",
    "COMPONENT_WEIGHTS",
]

Answer = Literal["yes", "no", "unknown"]
QualityApproach = Literal["verify_first", "balanced", "ship_and_iterate"]
RiskAppetite = Literal["low", "medium", "high"]
GoalType = Literal["improve_existing", "replace", "new_market", "explore"]

COMPONENT_WEIGHTS: dict[str, float] = {
    "technology": 0.40,
    "culture": 0.25,
    "expectation": 0.20,
    "checklist": 0.15,
}
NEUTRAL = 0.5
MAX_LEAD_RATIO = 30.0

_QUALITY = {"verify_first": 0, "balanced": 1, "ship_and_iterate": 2}
_RISK = {"low": 0, "medium": 1, "high": 2}
_QUALITY_LABEL = {
    "verify_first": ("検証優先", "verify first"),
    "balanced": ("バランス型", "balanced"),
    "ship_and_iterate": ("出して改善", "ship and iterate"),
}
_RISK_LABEL = {"low": ("低", "low"), "medium": ("中", "medium"), "high": ("高", "high")}
_GOAL_LABEL = {
    "improve_existing": ("既存の改善", "improving what exists"),
    "replace": ("置き換え", "replacing it"),
    "new_market": ("新市場", "a new market"),
    "explore": ("探索", "exploration"),
}
# How compatible two goal types are (symmetric); case C (docs/product.md#case-c) is improve_existing x replace.
_GOAL_COMPAT = {
    frozenset({"improve_existing", "replace"}): 0.0,
    frozenset({"improve_existing", "new_market"}): 0.3,
    frozenset({"improve_existing", "explore"}): 0.6,
    frozenset({"replace", "new_market"}): 0.5,
    frozenset({"replace", "explore"}): 0.5,
    frozenset({"new_market", "explore"}): 0.8,
}
CHECKLIST_ITEMS: dict[str, tuple[str, str]] = {
    "oi_experience": ("オープンイノベーションの経験", "open-innovation experience"),
    "company_wide_support": ("全社的な協力体制", "company-wide support"),
    "technology_fits_purpose": ("技術と目的の適合", "technology fits the purpose"),
    "met_in_person": ("対面での面談", "met in person"),
    "ir_checked": ("IR・公開情報の確認", "IR / public information checked"),
}


@dataclass(frozen=True)
class CultureProfile:
    decision_lead_days: float | None = None
    quality_approach: QualityApproach | None = None
    risk_appetite: RiskAppetite | None = None


@dataclass(frozen=True)
class Expectation:
    goal_type: GoalType | None = None
    first_result_months: float | None = None
    budget_jpy: float | None = None


@dataclass(frozen=True)
class Checklist:
    oi_experience: Answer = "unknown"
    company_wide_support: Answer = "unknown"
    technology_fits_purpose: Answer = "unknown"
    met_in_person: Answer = "unknown"
    ir_checked: Answer = "unknown"


@dataclass(frozen=True)
class FitInput:
    """A need (the corporate side) and a candidate (the partner side).

    ``technology_relevance`` (0..1) is normally ``SearchIndex.relevance(need_text, [id])``; when
    it is None the texts are compared directly.
    """

    need_text: str = ""
    candidate_text: str = ""
    technology_relevance: float | None = None
    corporate_culture: CultureProfile = field(default_factory=CultureProfile)
    candidate_culture: CultureProfile = field(default_factory=CultureProfile)
    need_expectation: Expectation = field(default_factory=Expectation)
    candidate_expectation: Expectation = field(default_factory=Expectation)
    checklist: Checklist = field(default_factory=Checklist)


@dataclass(frozen=True)
class FitComponent:
    id: str
    weight: float
    value: float  # 0..1
    known: bool
    reason_ja: str
    reason_en: str

    def reason(self, lang: str = "ja") -> str:
        return self.reason_ja if lang == "ja" else self.reason_en


@dataclass(frozen=True)
class FitResult:
    score: int  # 0..100
    components: list[FitComponent]

    def reasons(self, lang: str = "ja") -> list[str]:
        return [c.reason(lang) for c in self.components]

    def component(self, component_id: str) -> FitComponent:
        for c in self.components:
            if c.id == component_id:
                return c
        raise KeyError(component_id)


# ---------------------------------------------------------------------- technology


def text_similarity(a: str, b: str, term_map: TermMap | None = None) -> float:
    """Cosine similarity (0..1) of log-weighted term vectors; ``a`` is expanded bilingually.

    As in the index, a word and its translations are one concept (one dimension of the need's
    vector): the best-matching of them counts, so a word with many translations does not
    lengthen the need's vector and make every match look weak."""
    if not a.strip() or not b.strip():
        return 0.0
    tm = term_map or default_term_map()
    concepts: dict[str, list[tuple[str, float]]] = {}
    for qt in tm.expand(analyse_tokens(a)):
        concepts.setdefault(qt.source if qt.source is not None else qt.label, []).append((qt.term, qt.weight))
    doc = Counter(t.term for t in analyse_tokens(b))
    doc_vec = {t: 1.0 + math.log(c) for t, c in doc.items()}
    dot = sum(max(w * doc_vec.get(t, 0.0) for t, w in terms) for terms in concepts.values())
    norm_q = math.sqrt(sum(max(w for _, w in terms) ** 2 for terms in concepts.values()))
    norm_d = math.sqrt(sum(w * w for w in doc_vec.values()))
    return 0.0 if norm_q == 0 or norm_d == 0 else min(1.0, dot / (norm_q * norm_d))


def _technology(inp: FitInput) -> FitComponent:
    weight = COMPONENT_WEIGHTS["technology"]
    if inp.technology_relevance is not None:
        value = min(1.0, max(0.0, inp.technology_relevance))
    elif inp.need_text.strip() and inp.candidate_text.strip():
        # Cosine values of relevant pairs sit around 0.1-0.4; stretch so 0.4 counts as a full match.
        value = min(1.0, text_similarity(inp.need_text, inp.candidate_text) / 0.4)
    else:
        return FitComponent(
            "technology",
            weight,
            NEUTRAL,
            False,
            "技術の関連度: ニーズまたは候補の説明がないため判断できません",
            "Technology relevance: unknown, the need or the candidate has no description",
        )
    pct = round(value * 100)
    if value >= 0.66:
        ja, en = "ニーズとよく一致しています", "closely matches the need"
    elif value >= 0.33:
        ja, en = "ニーズと部分的に一致しています", "partly matches the need"
    else:
        ja, en = "ニーズとの一致はわずかです", "barely matches the need"
    return FitComponent(
        "technology", weight, value, True, f"技術の関連度 {pct}%: {ja}", f"Technology relevance {pct}%: {en}"
    )


# ---------------------------------------------------------------------- culture


def lead_time_fit(a_days: float, b_days: float) -> float:
    """1 for equal decision lead times, falling on a log scale to 0 at a 30x ratio."""
    a, b = max(a_days, 0.5), max(b_days, 0.5)
    ratio = max(a, b) / min(a, b)
    return max(0.0, 1.0 - math.log(ratio) / math.log(MAX_LEAD_RATIO))


def _days(days: float, lang: str) -> str:
    if days >= 60 and lang == "ja":
        return f"約{round(days / 30)}か月（{days:g}日）"
    if days >= 60:
        return f"about {round(days / 30)} months ({days:g} days)"
    return f"{days:g}日" if lang == "ja" else f"{days:g} days"


def culture_fit(corporate: CultureProfile, candidate: CultureProfile) -> FitComponent:
    weight = COMPONENT_WEIGHTS["culture"]
    parts: list[float] = []
    ja: list[str] = []
    en: list[str] = []
    missing_ja: list[str] = []
    missing_en: list[str] = []
    if corporate.decision_lead_days is not None and candidate.decision_lead_days is not None:
        c, p = corporate.decision_lead_days, candidate.decision_lead_days
        value = lead_time_fit(c, p)
        parts.append(value)
        gap_ja = "大きな差があります" if value < 0.5 else ("差があります" if value < 0.8 else "近いです")
        gap_en = "a large gap" if value < 0.5 else ("a gap" if value < 0.8 else "close")
        ja.append(f"意思決定に要する期間は自社{_days(c, 'ja')}、候補{_days(p, 'ja')}で{gap_ja}")
        en.append(f"decision lead time is {_days(c, 'en')} here vs {_days(p, 'en')} there ({gap_en})")
    else:
        missing_ja.append("意思決定の期間")
        missing_en.append("decision lead time")
    if corporate.quality_approach is not None and candidate.quality_approach is not None:
        distance = abs(_QUALITY[corporate.quality_approach] - _QUALITY[candidate.quality_approach])
        parts.append(1.0 - distance / 2)
        cj, ce = _QUALITY_LABEL[corporate.quality_approach]
        pj, pe = _QUALITY_LABEL[candidate.quality_approach]
        if distance == 0:
            ja.append(f"品質への姿勢は共に「{cj}」")
            en.append(f"both take a '{ce}' approach to quality")
        else:
            ja.append(f"品質への姿勢が異なります（自社「{cj}」、候補「{pj}」）")
            en.append(f"quality approaches differ ('{ce}' here, '{pe}' there)")
    else:
        missing_ja.append("品質への姿勢")
        missing_en.append("quality approach")
    if corporate.risk_appetite is not None and candidate.risk_appetite is not None:
        distance = abs(_RISK[corporate.risk_appetite] - _RISK[candidate.risk_appetite])
        parts.append(1.0 - distance / 2)
        if distance:
            ja.append(
                f"リスク許容度が異なります（自社{_RISK_LABEL[corporate.risk_appetite][0]}、"
                f"候補{_RISK_LABEL[candidate.risk_appetite][0]}）"
            )
            en.append(
                f"risk appetite differs ({_RISK_LABEL[corporate.risk_appetite][1]} here, "
                f"{_RISK_LABEL[candidate.risk_appetite][1]} there)"
            )
    else:
        missing_ja.append("リスク許容度")
        missing_en.append("risk appetite")
    known = bool(parts)
    # Missing parts count as neutral so that answering a question can move the score either way.
    values = parts + [NEUTRAL] * len(missing_ja)
    value = sum(values) / len(values)
    if missing_ja:
        ja.append(f"不明: {'・'.join(missing_ja)}")
        en.append(f"unknown: {', '.join(missing_en)}")
    pct = round(value * 100)
    return FitComponent(
        "culture",
        weight,
        value,
        known,
        f"文化・スピードの適合 {pct}%: " + "。".join(ja),
        f"Culture and speed fit {pct}%: " + "; ".join(en),
    )


# ---------------------------------------------------------------------- expectation


def _expectation(need: Expectation, cand: Expectation) -> FitComponent:
    weight = COMPONENT_WEIGHTS["expectation"]
    parts: list[float] = []
    ja: list[str] = []
    en: list[str] = []
    missing = 0
    if need.goal_type is not None and cand.goal_type is not None:
        if need.goal_type == cand.goal_type:
            value = 1.0
            ja.append(f"目指す方向は共に「{_GOAL_LABEL[need.goal_type][0]}」")
            en.append(f"both aim at {_GOAL_LABEL[need.goal_type][1]}")
        else:
            value = _GOAL_COMPAT.get(frozenset({need.goal_type, cand.goal_type}), 0.5)
            ja.append(
                f"目指す方向が異なります（ニーズは「{_GOAL_LABEL[need.goal_type][0]}」、"
                f"候補は「{_GOAL_LABEL[cand.goal_type][0]}」）"
            )
            en.append(
                f"goals differ (the need wants {_GOAL_LABEL[need.goal_type][1]}, "
                f"the candidate {_GOAL_LABEL[cand.goal_type][1]})"
            )
        parts.append(value)
    else:
        missing += 1
    if need.first_result_months is not None and cand.first_result_months is not None:
        a, b = max(need.first_result_months, 0.25), max(cand.first_result_months, 0.25)
        value = max(0.0, 1.0 - math.log(max(a, b) / min(a, b)) / math.log(8))
        parts.append(value)
        ja.append(f"最初の成果までの期間はニーズ{a:g}か月、候補{b:g}か月")
        en.append(f"first result expected in {a:g} months by the need, {b:g} by the candidate")
    else:
        missing += 1
    if need.budget_jpy is not None and cand.budget_jpy is not None and need.budget_jpy > 0:
        # The candidate expecting more money than the need has is the problem; less is fine.
        ratio = cand.budget_jpy / need.budget_jpy
        value = 1.0 if ratio <= 1 else max(0.0, 1.0 - math.log(ratio) / math.log(10))
        parts.append(value)
        if ratio > 1:
            ja.append(f"候補の想定予算がニーズの{ratio:.1f}倍です")
            en.append(f"the candidate expects {ratio:.1f}x the need's budget")
        else:
            ja.append("予算はニーズの範囲内です")
            en.append("the budget fits the need")
    else:
        missing += 1
    if missing:
        ja.append(f"不明な項目 {missing}件")
        en.append(f"{missing} item(s) unknown")
    values = parts + [NEUTRAL] * missing
    value = sum(values) / len(values)
    pct = round(value * 100)
    return FitComponent(
        "expectation",
        weight,
        value,
        bool(parts),
        f"期待の一致 {pct}%: " + "。".join(ja),
        f"Expectation fit {pct}%: " + "; ".join(en),
    )


# ---------------------------------------------------------------------- checklist


def _checklist(checklist: Checklist) -> FitComponent:
    weight = COMPONENT_WEIGHTS["checklist"]
    answers = {name: getattr(checklist, name) for name in CHECKLIST_ITEMS}
    values = [1.0 if a == "yes" else 0.0 if a == "no" else NEUTRAL for a in answers.values()]
    value = sum(values) / len(values)
    yes = [n for n, a in answers.items() if a == "yes"]
    no = [n for n, a in answers.items() if a == "no"]
    unknown = [n for n, a in answers.items() if a not in ("yes", "no")]
    ja = [f"確認済み{len(yes)}/{len(answers)}"]
    en = [f"{len(yes)}/{len(answers)} confirmed"]
    if no:
        ja.append("いいえ: " + "・".join(CHECKLIST_ITEMS[n][0] for n in no))
        en.append("no: " + ", ".join(CHECKLIST_ITEMS[n][1] for n in no))
    if unknown:
        ja.append("未確認: " + "・".join(CHECKLIST_ITEMS[n][0] for n in unknown))
        en.append("not yet checked: " + ", ".join(CHECKLIST_ITEMS[n][1] for n in unknown))
    pct = round(value * 100)
    return FitComponent(
        "checklist",
        weight,
        value,
        len(unknown) < len(answers),
        f"連携先チェックリスト {pct}%: " + "。".join(ja),
        f"Partner checklist {pct}%: " + "; ".join(en),
    )


def fit_score(inp: FitInput) -> FitResult:
    """Score a need x candidate pair; components come back in a fixed order."""
    components = [
        _technology(inp),
        culture_fit(inp.corporate_culture, inp.candidate_culture),
        _expectation(inp.need_expectation, inp.candidate_expectation),
        _checklist(inp.checklist),
    ]
    total = sum(c.weight for c in components)
    score = sum(c.weight * c.value for c in components) / total
    return FitResult(score=max(0, min(100, round(score * 100))), components=components)

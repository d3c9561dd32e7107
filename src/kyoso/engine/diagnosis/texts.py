"""User-facing words shared by the engine, in Japanese and English.

Sentences that carry a rule's actual values live next to the rule (``rules/``); this module holds
what several parts share: cause names, the countermeasures 対策1–6 of docs/references.md#oi-failure-article and success points
(ポイント1–3), level names and number formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Lang = Literal["ja", "en"]
LANGS: tuple[Lang, ...] = ("ja", "en")

CAUSE_IDS: tuple[str, ...] = (
    "purpose",
    "partner_fit",
    "internal_structure",
    "communication",
    "ip_contract",
    "short_termism",
)


@dataclass(frozen=True, slots=True)
class Bilingual:
    ja: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.ja if lang == "ja" else self.en

    def to_json(self) -> dict[str, str]:
        return {"ja": self.ja, "en": self.en}


CAUSE_NAMES: dict[str, Bilingual] = {
    "purpose": Bilingual("目的・戦略の不明確さ", "Unclear purpose and strategy"),
    "partner_fit": Bilingual("連携先とのミスマッチ", "Partner mismatch (culture, speed)"),
    "internal_structure": Bilingual("社内体制の不備・協力不足", "Weak internal structure and support"),
    "communication": Bilingual(
        "コミュニケーション不足・認識の齟齬", "Too little communication, perception gaps"
    ),
    "ip_contract": Bilingual("知財・契約に関する問題", "IP and contract problems"),
    "short_termism": Bilingual("短期的な成果への過度な期待", "Expecting results too soon"),
}

# The article's six countermeasures (docs/product.md#the-six-failure-causes), one per cause, and its three success points.
MEASURES: dict[str, Bilingual] = {
    "対策1": Bilingual(
        "対策1（明確な目的と戦略を設定し、社内で共有する）",
        "Countermeasure 1 (set a clear purpose and strategy, share it)",
    ),
    "対策2": Bilingual(
        "対策2（自社に合った連携先を慎重に選定する）", "Countermeasure 2 (choose a partner that fits)"
    ),
    "対策3": Bilingual(
        "対策3（経営層のコミットメントと推進体制を構築する）",
        "Countermeasure 3 (executive commitment and a team that drives it)",
    ),
    "対策4": Bilingual(
        "対策4（円滑なコミュニケーション計画を立てる）", "Countermeasure 4 (a communication plan)"
    ),
    "対策5": Bilingual(
        "対策5（知財戦略と契約内容を事前に詰める）",
        "Countermeasure 5 (settle IP strategy and contract terms beforehand)",
    ),
    "対策6": Bilingual(
        "対策6（KPIを設定し、中長期的な視点で評価する）",
        "Countermeasure 6 (KPIs, judged over the mid to long term)",
    ),
    "ポイント1": Bilingual(
        "ポイント1（小さくはじめて素早く検証・改善する）", "Point 1 (start small, validate fast)"
    ),
    "ポイント2": Bilingual(
        "ポイント2（失敗を許容し、学びとして次に活かす）", "Point 2 (accept failure and learn from it)"
    ),
    "ポイント3": Bilingual(
        "ポイント3（外部の知見やネットワークを活用する）", "Point 3 (use outside knowledge and networks)"
    ),
}

LEVEL_NAMES: dict[str, Bilingual] = {
    "low": Bilingual("低", "low"),
    "medium": Bilingual("中", "medium"),
    "high": Bilingual("高", "high"),
    "critical": Bilingual("危険", "critical"),
}

SEVERITY_NAMES: dict[str, Bilingual] = {
    "low": Bilingual("小", "low"),
    "medium": Bilingual("中", "medium"),
    "high": Bilingual("大", "high"),
    "critical": Bilingual("重大", "critical"),
}

QUESTION_NAMES: dict[str, Bilingual] = {
    "goal_type": Bilingual("目指すもの", "goal type"),
    "first_result_months": Bilingual("最初の成果までの期間", "time to first result"),
    "decision_lead_days": Bilingual("意思決定リードタイム", "decision lead time"),
    "quality_approach": Bilingual("品質への考え方", "quality approach"),
    "result_owner": Bilingual("成果の帰属", "owner of the results"),
    "budget_jpy": Bilingual("予算", "budget"),
    "success_kpi": Bilingual("成功の指標", "success KPI"),
}

VALUE_NAMES: dict[str, Bilingual] = {
    # goal_type
    "improve_existing": Bilingual("既存の改善", "improve existing"),
    "replace": Bilingual("置き換え", "replace"),
    "new_market": Bilingual("新市場", "new market"),
    "explore": Bilingual("探索", "explore"),
    # quality_approach
    "verify_first": Bilingual("検証してから出す", "verify first"),
    "balanced": Bilingual("中間", "balanced"),
    "ship_and_iterate": Bilingual("出して改善する", "ship and iterate"),
    # owners
    "corporate": Bilingual("大企業側", "corporate"),
    "partner": Bilingual("連携先", "partner"),
    "joint": Bilingual("共有", "joint"),
    "undecided": Bilingual("未定", "undecided"),
    # risk appetite
    "low": Bilingual("低い", "low"),
    "medium": Bilingual("中程度", "medium"),
    "high": Bilingual("高い", "high"),
    # contract kinds
    "nda": Bilingual("秘密保持契約", "NDA"),
    "poc": Bilingual("PoC契約", "PoC contract"),
    "joint_development": Bilingual("共同研究開発契約", "joint development contract"),
    "license": Bilingual("ライセンス契約", "licence contract"),
    # stages
    "exploration": Bilingual("探索", "exploration"),
    "pilot": Bilingual("パイロット", "pilot"),
    "commercialisation": Bilingual("事業化", "commercialisation"),
    "stopped": Bilingual("中止", "stopped"),
}


def cap(text: str) -> str:
    """Capitalise the first letter only ("the NDA" -> "The NDA"; str.capitalize lowercases the rest)."""
    return text[:1].upper() + text[1:]


def value_name(value: str) -> Bilingual:
    return VALUE_NAMES.get(value, Bilingual(value, value))


def stage_name(stage: str) -> Bilingual:
    return Bilingual("PoC", "PoC") if stage == "poc" else value_name(stage)


def fmt_num(value: float) -> str:
    """12.0 -> "12", 2.5 -> "2.5"."""
    return str(int(value)) if value == int(value) else f"{value:.1f}".rstrip("0").rstrip(".")


def fmt_ratio(value: float) -> str:
    """A ratio for sentences: 12.857 -> "13", 2.46 -> "2.5"."""
    return str(int(value + 0.5)) if value >= 10 else fmt_num(round(value, 1))


def fmt_yen(value: float) -> Bilingual:
    """Money the way each language reads it: 50,000,000 -> 5,000万円 / ¥50M."""
    if value >= 100_000_000:
        ja = f"{fmt_num(round(value / 100_000_000, 1))}億円"
    elif value >= 10_000:
        ja = f"{int(value // 10_000):,}万円"
    else:
        ja = f"{int(value):,}円"
    en = f"¥{fmt_num(round(value / 1_000_000, 1))}M" if value >= 1_000_000 else f"¥{int(value):,}"
    return Bilingual(ja, en)

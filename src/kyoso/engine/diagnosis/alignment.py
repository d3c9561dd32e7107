"""The two-sided alignment check (認識合わせ, capability C4 in docs/product.md#c4): gaps between the two parties' answers.

Each question answered by both sides is compared; only differing answers become gaps. A question
answered by one side only is not a gap (the communication rules count the missing answers).
Severity thresholds are named below with where they come from.
"""

from __future__ import annotations

from dataclasses import dataclass

from .snapshot import Alignment, Answers
from .texts import QUESTION_NAMES, Bilingual, Lang, cap, fmt_num, fmt_ratio, fmt_yen, value_name

QUESTIONS: tuple[str, ...] = (
    "goal_type",
    "first_result_months",
    "decision_lead_days",
    "quality_approach",
    "result_owner",
    "budget_jpy",
    "success_kpi",
)
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}

# goal_type: improve_existing vs replace is case C (docs/product.md#case-c) (the bank wanted step-by-step
# improvement, the startup a complete replacement) -> critical. The rest is own reasoning:
# improving vs opening a new market pull in different directions (high); replace vs new market
# share the ambition but not the customer (medium); "explore" is compatible with anything but leaves
# one side without a target (medium, low against new_market).
GOAL_TYPE_SEVERITY: dict[frozenset[str], str] = {
    frozenset({"improve_existing", "replace"}): "critical",
    frozenset({"improve_existing", "new_market"}): "high",
    frozenset({"replace", "new_market"}): "medium",
    frozenset({"explore", "improve_existing"}): "medium",
    frozenset({"explore", "replace"}): "medium",
    frozenset({"explore", "new_market"}): "low",
}

# Ratio thresholds (larger answer / smaller answer), own reasoning anchored on the cases of docs/product.md#the-three-cases:
# case A's decision lead time is 3 months vs 1 week (about 13x) and broke the collaboration, so
# >= 10x is critical; case C's one year vs a quick result is >= 4x. A factor of 2 is where plans
# made by one side visibly stop fitting the other's.
FIRST_RESULT_RATIO = {"critical": 4.0, "high": 2.5, "medium": 1.5}
DECISION_LEAD_RATIO = {"critical": 10.0, "high": 4.0, "medium": 2.0}
# Budget: 4x apart means one side plans a different project (case C: 5,000万円 vs 2億円).
BUDGET_RATIO = {"critical": 4.0, "high": 2.0, "medium": 1.3}

# quality_approach: verify_first vs ship_and_iterate is the case A clash (docs/product.md#case-a) -> high (the
# partner_fit rules weigh it further); one side "balanced" -> low.
QUALITY_OPPOSITE = frozenset({"verify_first", "ship_and_iterate"})

# result_owner: both sides claiming the results is case B (docs/product.md#case-b; it ended in court) -> critical;
# joint vs sole ownership -> high; one side undecided -> medium (own reasoning).
RESULT_OWNER_CLAIMS = frozenset({"corporate", "partner"})


@dataclass(frozen=True, slots=True)
class Gap:
    question: str
    corporate: str | float
    partner: str | float
    severity: str
    summary: Bilingual  # both answers, e.g. "予算：大企業側は5,000万円、連携先は2億円（約4倍）"

    @property
    def topic(self) -> Bilingual:
        """What to talk about next, with both answers."""
        return Bilingual(
            f"{self.summary.ja}。次の打ち合わせで前提をすり合わせ、合意内容を記録してください。",
            f"{self.summary.en}. Talk it through at the next meeting and write down what you agree.",
        )

    def to_json(self, lang: Lang) -> dict[str, object]:
        return {
            "question": self.question,
            "corporate": _json_value(self.corporate),
            "partner": _json_value(self.partner),
            "severity": self.severity,
            "message": self.topic.get(lang),
        }


def _json_value(value: str | float) -> str | int | float:
    if isinstance(value, float) and value == int(value):
        return int(value)
    return value


def ratio(a: float, b: float) -> float:
    """Larger over smaller; infinite when one side is 0 and the other is not; 1 when equal."""
    lo, hi = min(a, b), max(a, b)
    if hi == lo:
        return 1.0
    if lo <= 0:
        return float("inf")
    return hi / lo


def _ratio_severity(r: float, thresholds: dict[str, float]) -> str:
    for severity in ("critical", "high", "medium"):
        if r >= thresholds[severity]:
            return severity
    return "low"


def _normalise(text: str) -> str:
    return "".join(text.split()).casefold()


def _topic(question: str, corporate: str | float, partner: str | float, r: float | None) -> Bilingual:
    name = QUESTION_NAMES[question]
    if question == "budget_jpy":
        c, p = fmt_yen(float(corporate)), fmt_yen(float(partner))
        cj, ce, pj, pe = c.ja, c.en, p.ja, p.en
    elif isinstance(corporate, float) and isinstance(partner, float):
        unit = Bilingual("か月", " months") if question == "first_result_months" else Bilingual("日", " days")
        cj, ce = fmt_num(corporate) + unit.ja, fmt_num(corporate) + unit.en
        pj, pe = fmt_num(partner) + unit.ja, fmt_num(partner) + unit.en
    else:
        cj, ce = f"「{value_name(str(corporate)).ja}」", f"'{value_name(str(corporate)).en}'"
        pj, pe = f"「{value_name(str(partner)).ja}」", f"'{value_name(str(partner)).en}'"
        if question == "success_kpi":
            cj, ce, pj, pe = f"「{corporate}」", f'"{corporate}"', f"「{partner}」", f'"{partner}"'
    times_ja = f"（約{fmt_ratio(r)}倍）" if r is not None and r != float("inf") else ""
    times_en = f" (about {fmt_ratio(r)}x)" if r is not None and r != float("inf") else ""
    return Bilingual(
        f"{name.ja}：大企業側は{cj}、連携先は{pj}{times_ja}",
        f"{cap(name.en)}: the corporate answered {ce}, the partner {pe}{times_en}",
    )


def _gap(question: str, corporate: object, partner: object) -> Gap | None:
    if corporate is None or partner is None:
        return None
    if isinstance(corporate, float) and isinstance(partner, float):
        r = ratio(corporate, partner)
        if r == 1.0:
            return None
        thresholds = {
            "first_result_months": FIRST_RESULT_RATIO,
            "decision_lead_days": DECISION_LEAD_RATIO,
            "budget_jpy": BUDGET_RATIO,
        }[question]
        severity = _ratio_severity(r, thresholds)
        return Gap(question, corporate, partner, severity, _topic(question, corporate, partner, r))
    assert isinstance(corporate, str) and isinstance(partner, str)
    if question == "success_kpi":
        if _normalise(corporate) == _normalise(partner):
            return None
        severity = "medium"  # free text: we cannot tell how far apart they are, only that they differ
    elif corporate == partner:
        return None
    elif question == "goal_type":
        severity = GOAL_TYPE_SEVERITY.get(frozenset({corporate, partner}), "medium")
    elif question == "quality_approach":
        severity = "high" if frozenset({corporate, partner}) == QUALITY_OPPOSITE else "low"
    elif question == "result_owner":
        pair = frozenset({corporate, partner})
        if pair == RESULT_OWNER_CLAIMS:
            severity = "critical"
        elif "undecided" in pair:
            severity = "medium"
        else:
            severity = "high"
    else:  # pragma: no cover - every question is handled above
        severity = "medium"
    return Gap(question, corporate, partner, severity, _topic(question, corporate, partner, None))


def alignment_gaps(alignment: Alignment | None) -> tuple[Gap, ...]:
    """Gaps in question order (the report sorts them by severity)."""
    if alignment is None or alignment.corporate is None or alignment.partner is None:
        return ()
    c: Answers = alignment.corporate
    p: Answers = alignment.partner
    gaps = (_gap(q, getattr(c, q), getattr(p, q)) for q in QUESTIONS)
    return tuple(g for g in gaps if g is not None)


def sorted_gaps(gaps: tuple[Gap, ...]) -> list[Gap]:
    """Most severe first; ties in the fixed question order."""
    return sorted(gaps, key=lambda g: (-SEVERITY_RANK[g.severity], QUESTIONS.index(g.question)))

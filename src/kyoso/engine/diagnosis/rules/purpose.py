"""Cause 1, ``purpose`` (目的・戦略の不明確さ): no concrete purpose, or the parties aim at different things."""

from __future__ import annotations

from ..texts import Bilingual, value_name
from .base import Context, Hit, measure, rule

# Points. The scale is "how likely this signal alone derails the collaboration" (0-100); the
# values are own reasoning calibrated on the article's cases A-C (docs/product.md#the-three-cases) (see docs/diagnosis-rules.md).
NO_GOAL_POINTS = 40
NO_BENEFITS_POINTS = 25
BENEFITS_WITHOUT_NUMBERS_POINTS = 20
# Article, 対策1: the purpose must be shared with every stakeholder internally.
UNACKNOWLEDGED_BASE_POINTS = 10
UNACKNOWLEDGED_SCALE_POINTS = 20
NO_WHY_PARTNER_POINTS = 15
# Goal types apart: the article's cause 1 example (new technology vs improving an existing product)
# and case C (improve existing vs replace).
GOAL_GAP_POINTS = {"critical": 65, "high": 45, "medium": 25, "low": 10}
# The corporate's own answers contradict its charter (own reasoning).
CHARTER_GOAL_CONFLICT_POINTS = 20
CHARTER_GOAL_COMPATIBLE: dict[str, frozenset[str]] = {
    "improve_existing": frozenset({"improve_existing", "explore"}),
    "new_technology": frozenset({"replace", "new_market", "explore", "improve_existing"}),
    "new_business": frozenset({"new_market", "replace", "explore"}),
}


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


@rule(
    "purpose.no_goal",
    signal="No charter or no concrete goal once the project is in PoC or later",
    threshold="stage in poc|pilot|commercialisation|stopped and charter.goal empty",
    source="Article, cause 1 and 対策1",
    points=str(NO_GOAL_POINTS),
    measure="対策1",
)
def no_goal(ctx: Context) -> Hit | None:
    charter = ctx.project.charter
    if not ctx.committed or (charter is not None and not _blank(charter.goal)):
        return None
    return Hit(
        NO_GOAL_POINTS,
        Bilingual(
            "PoC以降に進んでいるのに、協業の具体的なゴールが記録されていません。",
            "The project is past exploration but no concrete goal is recorded.",
        ),
        measure(
            "対策1",
            "「何のために組むのか」を1文のゴールにし、数値目標と期限を添えて憲章に書き、関係者と共有してください。",
            "write the goal in one sentence with a number and a date in the charter, and share it with everyone involved.",
        ),
    )


@rule(
    "purpose.benefits_without_numbers",
    signal="Expected benefits missing, or listed without a numeric target",
    threshold="committed stage and no benefits; or any benefit with target null",
    source="Article, 対策1 (explain the benefit with numbers)",
    points=f"{NO_BENEFITS_POINTS} none listed; {BENEFITS_WITHOUT_NUMBERS_POINTS} some without numbers",
    measure="対策1",
)
def benefits_without_numbers(ctx: Context) -> Hit | None:
    charter = ctx.project.charter
    benefits = charter.expected_benefits if charter else None
    cm = measure(
        "対策1",
        "期待効果を「指標・目標値・単位・期限」で書き（例：検査工数を2027年3月までに30%削減）、社内説明に使ってください。",
        "state each expected benefit as metric, target, unit and date (e.g. inspection hours -30% by March 2027) "
        "and use it to explain the project internally.",
    )
    if not benefits:
        if not ctx.committed or charter is None:  # no charter at all: purpose.no_goal already says so
            return None
        return Hit(
            NO_BENEFITS_POINTS,
            Bilingual(
                "期待効果が数値で示されていません（記載なし）。",
                "No expected benefit is recorded, so none has a number.",
            ),
            cm,
        )
    missing = [b.metric or "?" for b in benefits if b.target is None]
    if not missing:
        return None
    names = "、".join(missing[:3])
    return Hit(
        BENEFITS_WITHOUT_NUMBERS_POINTS,
        Bilingual(
            f"期待効果{len(benefits)}件のうち{len(missing)}件に数値目標がありません（{names}）。",
            f"{len(missing)} of {len(benefits)} expected benefits have no numeric target ({', '.join(missing[:3])}).",
        ),
        cm,
    )


@rule(
    "purpose.stakeholders_not_acknowledged",
    signal="Internal stakeholders named in the charter have not acknowledged it",
    threshold="any stakeholder not in acknowledged_by",
    source="Article, 対策1 (share purpose and approach with every stakeholder)",
    points=f"{UNACKNOWLEDGED_BASE_POINTS} + {UNACKNOWLEDGED_SCALE_POINTS} x share not acknowledged",
    measure="対策1",
)
def stakeholders_not_acknowledged(ctx: Context) -> Hit | None:
    charter = ctx.project.charter
    if charter is None or not charter.stakeholders:
        return None
    acknowledged = set(charter.acknowledged_by or ())
    missing = [s for s in charter.stakeholders if s not in acknowledged]
    if not missing:
        return None
    share = len(missing) / len(charter.stakeholders)
    points = UNACKNOWLEDGED_BASE_POINTS + int(UNACKNOWLEDGED_SCALE_POINTS * share + 0.5)
    return Hit(
        points,
        Bilingual(
            f"社内関係者{len(charter.stakeholders)}名のうち{len(missing)}名が目的に合意していません（{'、'.join(missing[:3])}）。",
            f"{len(missing)} of {len(charter.stakeholders)} internal stakeholders have not acknowledged the purpose "
            f"({', '.join(missing[:3])}).",
        ),
        measure(
            "対策1",
            f"{'、'.join(missing[:3])}に目的と期待効果を数字で説明し、合意を記録してください。",
            f"walk {', '.join(missing[:3])} through the purpose and its numbers and record their acknowledgement.",
        ),
    )


@rule(
    "purpose.no_why_partner",
    signal="The charter does not say why a partner is needed",
    threshold="committed stage, charter present, why_partner empty",
    source="Article, 対策1 (「なぜ他社と組む必要があるのか」)",
    points=str(NO_WHY_PARTNER_POINTS),
    measure="対策1",
)
def no_why_partner(ctx: Context) -> Hit | None:
    charter = ctx.project.charter
    if not ctx.committed or charter is None or not _blank(charter.why_partner):
        return None
    return Hit(
        NO_WHY_PARTNER_POINTS,
        Bilingual(
            "「なぜ他社と組むのか」が憲章に書かれていません。",
            "The charter does not say why a partner is needed.",
        ),
        measure(
            "対策1",
            "自社だけでは得られない技術・速度・市場を具体的に書き、社内の反発に答えられるようにしてください。",
            "name the technology, speed or market the company cannot get alone, so internal doubts can be answered.",
        ),
    )


@rule(
    "purpose.goal_type_mismatch",
    signal="Corporate and partner answered different goal types in the alignment check",
    threshold="goal_type gap severity (alignment.py): improve_existing vs replace = critical",
    source="Article, cause 1 example and case C",
    points=", ".join(f"{k} {v}" for k, v in GOAL_GAP_POINTS.items()),
    measure="対策1",
)
def goal_type_mismatch(ctx: Context) -> Hit | None:
    gap = ctx.gaps.get("goal_type")
    if gap is None:
        return None
    c, p = value_name(str(gap.corporate)), value_name(str(gap.partner))
    return Hit(
        GOAL_GAP_POINTS[gap.severity],
        Bilingual(
            f"目指すものが食い違っています：大企業側は「{c.ja}」、連携先は「{p.ja}」。",
            f"The parties aim at different things: the corporate answered '{c.en}', the partner '{p.en}'.",
        ),
        measure(
            "対策1",
            f"「{c.ja}」か「{p.ja}」か、両社で一つのゴールに決め直し、範囲と段階（まず既存への組み込みか、全面置換か）を文書で合意してください。",
            f"agree on one goal ('{c.en}' or '{p.en}') with the partner, including scope and phasing, and put it in writing.",
        ),
    )


@rule(
    "purpose.charter_contradicts_answers",
    signal="The corporate's own goal-type answer contradicts its charter's purpose category",
    threshold="purpose_category improve_existing with goal_type replace/new_market, and similar",
    source="Own reasoning (an internally inconsistent purpose, article cause 1)",
    points=str(CHARTER_GOAL_CONFLICT_POINTS),
    measure="対策1",
)
def charter_contradicts_answers(ctx: Context) -> Hit | None:
    charter = ctx.project.charter
    answers = ctx.answers_corporate
    if charter is None or answers is None or charter.purpose_category is None or answers.goal_type is None:
        return None
    allowed = CHARTER_GOAL_COMPATIBLE.get(charter.purpose_category)
    if allowed is None or answers.goal_type in allowed:
        return None
    g = value_name(answers.goal_type)
    cat = {
        "improve_existing": Bilingual("既存の改善", "improve existing"),
        "new_business": Bilingual("新規事業", "new business"),
    }
    c = cat.get(charter.purpose_category, Bilingual(charter.purpose_category, charter.purpose_category))
    return Hit(
        CHARTER_GOAL_CONFLICT_POINTS,
        Bilingual(
            f"憲章の目的区分は「{c.ja}」なのに、大企業側の回答は「{g.ja}」です。",
            f"The charter's purpose is '{c.en}' but the corporate team answered '{g.en}'.",
        ),
        measure(
            "対策1",
            "社内で目的を一つに揃えてから連携先と話してください。",
            "settle one purpose inside the company before discussing it with the partner.",
        ),
    )

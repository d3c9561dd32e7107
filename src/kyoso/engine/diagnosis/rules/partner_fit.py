"""Cause 2, ``partner_fit`` (連携先とのミスマッチ): culture, decision speed and experience that do not fit."""

from __future__ import annotations

from ..alignment import ratio
from ..snapshot import Answers, Party
from ..texts import Bilingual, fmt_num, fmt_ratio, value_name
from .base import Context, Hit, measure, rule

# Decision lead time ratio (slower side / faster side). Article case A: the startup decides in one week
# what takes the corporate three months of ringi (~13x) and it ended the collaboration, so >= 10x
# is close to fatal; 4x and 2x steps are own reasoning (a monthly vs a weekly rhythm, etc.).
DECISION_RATIO_STEPS: tuple[tuple[float, int], ...] = ((10.0, 65), (4.0, 45), (2.0, 20))
# Article case A: 「品質管理を徹底してから製品化」 vs 「まず市場に出して改善」 collided "fundamentally".
QUALITY_OPPOSITE_POINTS = 50
QUALITY_ADJACENT_POINTS = 5
# Risk appetite low vs high: own reasoning, weaker than speed and quality (it shows through them).
RISK_GAP_POINTS = 25
# Article, 対策2 checklist: has the partner done OI before? is the whole company behind it?
PARTNER_NO_OI_EXPERIENCE_POINTS = 20
PARTNER_NO_COMPANY_SUPPORT_POINTS = 20
# Article, 対策2 / ポイント3: checklist items still unknown once committed, per item (own reasoning).
CHECKLIST_UNKNOWN_POINTS_PER_ITEM = 5


def _lead_days(party: Party, answers: Answers | None) -> float | None:
    if party.culture is not None and party.culture.decision_lead_days is not None:
        return party.culture.decision_lead_days
    return answers.decision_lead_days if answers is not None else None


def _quality(party: Party, answers: Answers | None) -> str | None:
    if party.culture is not None and party.culture.quality_approach is not None:
        return party.culture.quality_approach
    return answers.quality_approach if answers is not None else None


@rule(
    "partner_fit.decision_speed_ratio",
    signal="Decision lead times of the two parties far apart (party culture, else alignment answers)",
    threshold="ratio >= 10 / >= 4 / >= 2",
    source="Article case A (1 week vs 3 months of ringi, ~13x)",
    points=" / ".join(str(p) for _, p in DECISION_RATIO_STEPS),
    measure="対策2",
)
def decision_speed_ratio(ctx: Context) -> Hit | None:
    c = _lead_days(ctx.corporate, ctx.answers_corporate)
    p = _lead_days(ctx.partner, ctx.answers_partner)
    if c is None or p is None:
        return None
    r = ratio(c, p)
    points = next((pts for limit, pts in DECISION_RATIO_STEPS if r >= limit), 0)
    if points == 0:
        return None
    times = "" if r == float("inf") else fmt_ratio(r)
    slower = Bilingual("大企業側", "the corporate") if c > p else Bilingual("連携先", "the partner")
    return Hit(
        points,
        Bilingual(
            f"意思決定リードタイムが{fmt_num(c)}日対{fmt_num(p)}日で"
            + (f"約{times}倍の差があります。" if times else "大きく異なります。"),
            f"Decision lead time differs {fmt_num(c)} vs {fmt_num(p)} days"
            + (f" (about {times}x)." if times else "."),
        ),
        measure(
            "対策2",
            f"{slower.ja}の決裁を速める仕組み（PoC枠の事前承認、担当者への決裁権限の委譲、回答期限の合意）を作り、"
            f"判断の期限を両社のカレンダーに入れてください。",
            f"give {slower.en} a faster approval path (a pre-approved PoC budget, delegated authority, agreed answer "
            "deadlines) and put each decision date in both calendars.",
        ),
    )


@rule(
    "partner_fit.quality_approach_opposite",
    signal="Quality approaches opposite (verify_first vs ship_and_iterate)",
    threshold="opposite ends; one side balanced counts a little",
    source="Article case A (quality control first vs ship and improve)",
    points=f"{QUALITY_OPPOSITE_POINTS} opposite; {QUALITY_ADJACENT_POINTS} adjacent",
    measure="対策2",
)
def quality_approach_opposite(ctx: Context) -> Hit | None:
    c = _quality(ctx.corporate, ctx.answers_corporate)
    p = _quality(ctx.partner, ctx.answers_partner)
    if c is None or p is None or c == p:
        return None
    opposite = {c, p} == {"verify_first", "ship_and_iterate"}
    cj, pj = value_name(c), value_name(p)
    return Hit(
        QUALITY_OPPOSITE_POINTS if opposite else QUALITY_ADJACENT_POINTS,
        Bilingual(
            f"品質への考え方が異なります：大企業側は「{cj.ja}」、連携先は「{pj.ja}」。",
            f"Quality approaches differ: '{cj.en}' at the corporate, '{pj.en}' at the partner.",
        ),
        measure(
            "対策2",
            "どこまでを限定公開のPoCで試し、どの品質基準を満たしたら製品化するかを、段階ごとに両社で決めてください（ポイント1：小さくはじめる）。",
            "agree per stage what may be tried in a limited PoC and which quality bar must be met before launch "
            "(Point 1: start small).",
        ),
    )


@rule(
    "partner_fit.risk_appetite_gap",
    signal="Risk appetite low on one side and high on the other",
    threshold="low vs high",
    source="Own reasoning (article cause 2: culture mismatch)",
    points=str(RISK_GAP_POINTS),
    measure="対策2",
)
def risk_appetite_gap(ctx: Context) -> Hit | None:
    c = ctx.corporate.culture.risk_appetite if ctx.corporate.culture else None
    p = ctx.partner.culture.risk_appetite if ctx.partner.culture else None
    if c is None or p is None or {c, p} != {"low", "high"}:
        return None
    return Hit(
        RISK_GAP_POINTS,
        Bilingual(
            f"リスク許容度が大企業側「{value_name(c).ja}」、連携先「{value_name(p).ja}」と正反対です。",
            f"Risk appetite is opposite: {c} at the corporate, {p} at the partner.",
        ),
        measure(
            "対策2",
            "許容できる失敗の範囲（費用・期間・対外公表）を事前に決め、その範囲内では現場判断で進めてよいことにしてください。",
            "agree up front how much failure is acceptable (cost, time, publicity) and let the team decide freely within it.",
        ),
    )


@rule(
    "partner_fit.partner_no_oi_experience",
    signal="The partner has never done open innovation before",
    threshold="parties.partner.oi_experience_count == 0",
    source="Article, 対策2 checklist item 1",
    points=str(PARTNER_NO_OI_EXPERIENCE_POINTS),
    measure="対策2",
)
def partner_no_oi_experience(ctx: Context) -> Hit | None:
    if ctx.partner.oi_experience_count != 0:
        return None
    return Hit(
        PARTNER_NO_OI_EXPERIENCE_POINTS,
        Bilingual(
            "連携先にオープンイノベーションの経験がありません（0件）。",
            "The partner has no open-innovation experience (0 projects).",
        ),
        measure(
            "対策2",
            "初回は範囲を絞ったPoCにし、大企業との協業で何が起きるか（稟議・契約・品質要求）を最初に説明してください。",
            "start with a narrow PoC and explain at the outset what working with a corporate involves (approvals, "
            "contracts, quality demands).",
        ),
    )


@rule(
    "partner_fit.partner_no_company_support",
    signal="The partner's company as a whole is not behind the collaboration",
    threshold="parties.partner.company_wide_support == false",
    source="Article, 対策2 checklist item 2",
    points=str(PARTNER_NO_COMPANY_SUPPORT_POINTS),
    measure="対策2",
)
def partner_no_company_support(ctx: Context) -> Hit | None:
    if ctx.partner.company_wide_support is not False:
        return None
    return Hit(
        PARTNER_NO_COMPANY_SUPPORT_POINTS,
        Bilingual(
            "連携先の社内全体が協業に積極的ではありません。",
            "The partner's company as a whole is not behind the collaboration.",
        ),
        measure(
            "対策2",
            "連携先の経営陣と直接会い、協業の優先度と割ける人員を確認してください。",
            "meet the partner's leadership and confirm the priority and the people they will commit.",
        ),
    )


@rule(
    "partner_fit.checklist_open",
    signal="The partner checklist of countermeasure 2 still unanswered once the project is committed",
    threshold="per unknown item: partner OI experience, company-wide support, culture profile",
    source="Article, 対策2 checklist and ポイント3",
    points=f"{CHECKLIST_UNKNOWN_POINTS_PER_ITEM} per item",
    measure="対策2",
)
def checklist_open(ctx: Context) -> Hit | None:
    if not ctx.committed:
        return None
    partner = ctx.partner
    open_items: list[Bilingual] = []
    if partner.oi_experience_count is None:
        open_items.append(Bilingual("OI経験", "OI experience"))
    if partner.company_wide_support is None:
        open_items.append(Bilingual("社内全体の積極性", "company-wide support"))
    if partner.culture is None or (
        partner.culture.decision_lead_days is None and partner.culture.quality_approach is None
    ):
        open_items.append(
            Bilingual("社風（意思決定速度・品質観）", "culture (decision speed, quality approach)")
        )
    if not open_items:
        return None
    return Hit(
        CHECKLIST_UNKNOWN_POINTS_PER_ITEM * len(open_items),
        Bilingual(
            f"連携先チェック項目が未確認です：{'、'.join(i.ja for i in open_items)}。",
            f"Partner checklist items still unknown: {', '.join(i.en for i in open_items)}.",
        ),
        measure(
            "対策2",
            "担当者に会って確認し、IR情報や外部の知見（ポイント3）で社風と経営状況を調べて記録してください。",
            "ask the partner's team directly, check IR material and outside networks (Point 3), and record the answers.",
        ),
    )

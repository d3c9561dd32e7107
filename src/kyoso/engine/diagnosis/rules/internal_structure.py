"""Cause 3, ``internal_structure`` (社内体制の不備・協力不足): no executive backing, no budget, no buy-in."""

from __future__ import annotations

from ..texts import Bilingual
from .base import Context, Hit, measure, rule

# Article, 対策3: without executive commitment "少しのリスクや問題でもすぐに共同開発が打ち切り".
NO_SPONSOR_POINTS = 45
SPONSOR_LEVEL_POINTS = {"manager": 25, "director": 10}
# Sponsor silence: own reasoning. One quarter (90 days) is a full budgeting/ringi cycle without the
# sponsor hearing of the project; 60 days is two monthly management meetings.
SPONSOR_SILENT_DAYS = 60
SPONSOR_LONG_SILENT_DAYS = 90
SPONSOR_SILENT_POINTS = 20
SPONSOR_LONG_SILENT_POINTS = 35
SPONSOR_NEVER_ENGAGED_POINTS = 10
# Budget: expired budget is the usual way a collaboration is stopped "for a small problem" (対策3).
BUDGET_EXPIRED_POINTS = 40
BUDGET_UNKNOWN_POINTS = 10
# Article, cause 3: 「社内からの協力が得られにくい」; Nikkei BP 2017 (docs/references.md#nikkei-bp-2017): too few internal
# champions 48.3%, internal structure not ready 41.0%.
NOBODY_ACKNOWLEDGED_POINTS = 30
NO_STAKEHOLDERS_POINTS = 15
CORPORATE_NO_SUPPORT_POINTS = 25
CORPORATE_NO_OI_EXPERIENCE_POINTS = 10


@rule(
    "internal_structure.no_sponsor",
    signal="No executive sponsor recorded once the project is committed",
    threshold="stage in poc|pilot|commercialisation|stopped and no sponsor",
    source="Article, 対策3",
    points=str(NO_SPONSOR_POINTS),
    measure="対策3",
)
def no_sponsor(ctx: Context) -> Hit | None:
    if not ctx.committed or ctx.project.sponsor is not None:
        return None
    return Hit(
        NO_SPONSOR_POINTS,
        Bilingual(
            "PoC以降に進んでいるのに、経営層のスポンサーがいません。",
            "The project is past exploration with no executive sponsor.",
        ),
        measure(
            "対策3",
            "役員クラスのスポンサーを任命し、協業の価値と止める条件を事前に合意してください。",
            "appoint an executive sponsor and agree with them on the value of the collaboration and on the conditions "
            "for stopping it.",
        ),
    )


@rule(
    "internal_structure.sponsor_below_executive",
    signal="The sponsor is below executive level",
    threshold="sponsor.level manager / director",
    source="Article, 対策3 (経営層のコミットメント)",
    points=", ".join(f"{k} {v}" for k, v in SPONSOR_LEVEL_POINTS.items()),
    measure="対策3",
)
def sponsor_below_executive(ctx: Context) -> Hit | None:
    sponsor = ctx.project.sponsor
    if sponsor is None or sponsor.level not in SPONSOR_LEVEL_POINTS:
        return None
    level = {"manager": Bilingual("課長級", "manager"), "director": Bilingual("部長級", "director")}[
        sponsor.level
    ]
    return Hit(
        SPONSOR_LEVEL_POINTS[sponsor.level],
        Bilingual(
            f"スポンサーが{level.ja}で、経営層ではありません。",
            f"The sponsor is a {level.en}, not an executive.",
        ),
        measure(
            "対策3",
            "役員を正式なスポンサーに加え、定例で進捗と判断事項を報告してください。",
            "add an executive as formal sponsor and report progress and pending decisions to them on a fixed rhythm.",
        ),
    )


@rule(
    "internal_structure.sponsor_silent",
    signal="The sponsor has not engaged with the project for a long time",
    threshold=f"> {SPONSOR_SILENT_DAYS} / > {SPONSOR_LONG_SILENT_DAYS} days since sponsor.last_engaged",
    source="Own reasoning (two monthly meetings / one quarter); article 対策3",
    points=f"{SPONSOR_SILENT_POINTS} / {SPONSOR_LONG_SILENT_POINTS}; {SPONSOR_NEVER_ENGAGED_POINTS} if never recorded",
    measure="対策3",
)
def sponsor_silent(ctx: Context) -> Hit | None:
    sponsor = ctx.project.sponsor
    if sponsor is None:
        return None
    cm = measure(
        "対策3",
        "スポンサーとの定例（月1回以上）を設定し、次の判断事項と必要な支援を具体的に依頼してください。",
        "book a monthly sponsor review and ask for the next decision and the support needed, concretely.",
    )
    if sponsor.last_engaged is None:
        if not ctx.committed:
            return None
        return Hit(
            SPONSOR_NEVER_ENGAGED_POINTS,
            Bilingual(
                "スポンサーが関与した記録がありません。", "There is no record of the sponsor ever engaging."
            ),
            cm,
        )
    days = ctx.days_since(sponsor.last_engaged)
    if days is None or days <= SPONSOR_SILENT_DAYS:
        return None
    points = SPONSOR_LONG_SILENT_POINTS if days > SPONSOR_LONG_SILENT_DAYS else SPONSOR_SILENT_POINTS
    return Hit(
        points,
        Bilingual(
            f"スポンサーの最後の関与は{sponsor.last_engaged.isoformat()}で、{days}日間関与がありません。",
            f"The sponsor last engaged on {sponsor.last_engaged.isoformat()}, {days} days ago.",
        ),
        cm,
    )


@rule(
    "internal_structure.budget_not_committed",
    signal="Budget commitment expired or unknown (a budget ending before the work is short_termism)",
    threshold="budget_committed_until < as_of; null when committed",
    source="Article, 対策3 (projects cut at the first problem); own reasoning for the steps",
    points=f"{BUDGET_EXPIRED_POINTS} expired; {BUDGET_UNKNOWN_POINTS} unknown",
    measure="対策3",
)
def budget_not_committed(ctx: Context) -> Hit | None:
    sponsor = ctx.project.sponsor
    if sponsor is None:
        return None
    until = sponsor.budget_committed_until
    cm = measure(
        "対策3",
        "次のゲートまでの予算を経営層に確約してもらい、確約期限を記録してください。",
        "have the sponsor commit the budget through the next gate and record until when.",
    )
    if until is None:
        if not ctx.committed:
            return None
        return Hit(
            BUDGET_UNKNOWN_POINTS,
            Bilingual(
                "予算がいつまで確保されているか記録がありません。",
                "It is not recorded until when the budget is committed.",
            ),
            cm,
        )
    if ctx.as_of is not None and until < ctx.as_of:
        return Hit(
            BUDGET_EXPIRED_POINTS,
            Bilingual(
                f"予算の確約期限（{until.isoformat()}）が過ぎています。",
                f"The budget commitment ended on {until.isoformat()}.",
            ),
            cm,
        )
    return None


@rule(
    "internal_structure.charter_not_acknowledged",
    signal="Nobody internal acknowledged the charter, or no stakeholders are named",
    threshold="committed stage; acknowledged_by empty (stakeholders named) / no stakeholders",
    source="Article, cause 3 and 対策1; Nikkei BP 2017 (too few internal champions 48.3%)",
    points=f"{NOBODY_ACKNOWLEDGED_POINTS} nobody acknowledged; {NO_STAKEHOLDERS_POINTS} no stakeholders named",
    measure="対策3",
)
def charter_not_acknowledged(ctx: Context) -> Hit | None:
    charter = ctx.project.charter
    if not ctx.committed or charter is None:
        return None
    cm = measure(
        "対策3",
        "協業に関わる事業部・品質・法務の責任者を推進体制に入れ、目的への合意を取ってください。",
        "bring the heads of the business unit, quality and legal into the team and get their agreement to the purpose.",
    )
    if not charter.stakeholders:
        return Hit(
            NO_STAKEHOLDERS_POINTS,
            Bilingual(
                "社内の関係者（推進体制）が記録されていません。",
                "No internal stakeholders are named for the project.",
            ),
            cm,
        )
    if charter.acknowledged_by:
        return None
    return Hit(
        NOBODY_ACKNOWLEDGED_POINTS,
        Bilingual(
            f"社内関係者{len(charter.stakeholders)}名の誰も目的に合意していません。",
            f"None of the {len(charter.stakeholders)} internal stakeholders has acknowledged the purpose.",
        ),
        cm,
    )


@rule(
    "internal_structure.no_company_wide_support",
    signal="The corporate's organisation is not behind open innovation",
    threshold="parties.corporate.company_wide_support == false",
    source="Article, cause 3 (社内からの協力が得られにくい)",
    points=str(CORPORATE_NO_SUPPORT_POINTS),
    measure="対策3",
)
def no_company_wide_support(ctx: Context) -> Hit | None:
    if ctx.corporate.company_wide_support is not False:
        return None
    return Hit(
        CORPORATE_NO_SUPPORT_POINTS,
        Bilingual(
            "自社の社内全体がオープンイノベーションに協力的ではありません。",
            "The corporate's own organisation is not behind the collaboration.",
        ),
        measure(
            "対策3",
            "なぜ他社と組むのか、どんな利益があるのかを数字で示し、経営層から社内に発信してもらってください。",
            "show in numbers why the company partners and what it gains, and have the executives say so internally.",
        ),
    )


@rule(
    "internal_structure.corporate_no_oi_experience",
    signal="The corporate has never run an open-innovation project",
    threshold="parties.corporate.oi_experience_count == 0",
    source="Article, cause 3 (companies used to closed innovation); ポイント2",
    points=str(CORPORATE_NO_OI_EXPERIENCE_POINTS),
    measure="ポイント2",
)
def corporate_no_oi_experience(ctx: Context) -> Hit | None:
    if ctx.corporate.oi_experience_count != 0:
        return None
    return Hit(
        CORPORATE_NO_OI_EXPERIENCE_POINTS,
        Bilingual(
            "自社にオープンイノベーションの経験がありません（0件）。",
            "The corporate has no open-innovation experience (0 projects).",
        ),
        measure(
            "ポイント2",
            "初回の協業は学びの場と位置づけ、振り返りの場を予定に入れ、外部の支援者（ポイント3）も活用してください。",
            "treat the first collaboration as a learning project, schedule retrospectives, and use outside help (Point 3).",
        ),
    )

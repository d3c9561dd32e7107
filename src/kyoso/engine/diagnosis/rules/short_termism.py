"""Cause 6, ``short_termism`` (短期的な成果への過度な期待): expecting quick returns, giving up early."""

from __future__ import annotations

from ..texts import Bilingual, fmt_num, stage_name
from .base import Context, Hit, measure, rule

# Time to first result expected by the corporate. Issue 5: "first result expected in under 3-6
# months for new technology"; the seed's own example of a good milestone is a prototype, and its
# case C took a year of development. Own reasoning for the points.
FIRST_RESULT_VERY_SHORT_MONTHS = 3
FIRST_RESULT_SHORT_MONTHS = 6
FIRST_RESULT_VERY_SHORT_POINTS = 45
FIRST_RESULT_SHORT_POINTS = 30
FIRST_RESULT_IMPROVE_POINTS = 15  # improving an existing product may legitimately show results sooner
# KPI horizons shorter than the stage needs (own reasoning: a PoC validates in at most 6 months,
# model PoC; a pilot needs half a year of use; commercial results are judged over a year).
MIN_KPI_HORIZON_MONTHS = {"poc": 3.0, "pilot": 6.0, "commercialisation": 12.0}
KPI_HORIZON_SHORT_POINTS = 25
# Seed, 対策6: set goals and milestones with the partner in advance.
NO_KPIS_NO_MILESTONES_POINTS = 35
NO_KPIS_OR_NO_MILESTONES_POINTS = 15
# Slipping milestones: deadlines tighter than the work (own reasoning).
SLIPPING_MILESTONES = 2
MANY_SLIPPING_MILESTONES = 4
SLIPPING_POINTS = 20
MANY_SLIPPING_POINTS = 30
# A PoC window under two months leaves no room to learn (own reasoning; model PoC: the report alone
# is due 3 weeks after the work).
POC_MIN_DAYS = 60
POC_WINDOW_SHORT_POINTS = 20
# Giving up early (seed cause 6, ポイント2): a no-go before the planned end, or without criteria.
NO_GO_EARLY_POINTS = 40
STOPPED_WITHOUT_DECISION_POINTS = 30
# Product C3: go/no-go criteria set before each stage.
GATE_WITHOUT_CRITERIA_POINTS = 20
NO_GATES_POINTS = 15

_NEW_TECH_CATEGORIES = frozenset({"new_technology", "new_business"})
_NEW_TECH_GOALS = frozenset({"replace", "new_market", "explore"})


def _is_improvement(ctx: Context) -> bool:
    charter = ctx.project.charter
    answers = ctx.answers_corporate
    category = charter.purpose_category if charter else None
    goal = answers.goal_type if answers else None
    if category in _NEW_TECH_CATEGORIES or goal in _NEW_TECH_GOALS:
        return False
    return category == "improve_existing" or goal == "improve_existing"


@rule(
    "short_termism.first_result_too_soon",
    signal="The corporate expects a first result too soon for new technology",
    threshold=f"alignment.corporate.first_result_months < {FIRST_RESULT_VERY_SHORT_MONTHS} / "
    f"< {FIRST_RESULT_SHORT_MONTHS} (improving existing: < {FIRST_RESULT_VERY_SHORT_MONTHS} only)",
    source="Seed cause 6 and 対策6; issue 5 (3-6 months for new technology)",
    points=f"{FIRST_RESULT_VERY_SHORT_POINTS} / {FIRST_RESULT_SHORT_POINTS}; improving {FIRST_RESULT_IMPROVE_POINTS}",
    measure="対策6",
)
def first_result_too_soon(ctx: Context) -> Hit | None:
    answers = ctx.answers_corporate
    months = answers.first_result_months if answers else None
    if months is None or months >= FIRST_RESULT_SHORT_MONTHS:
        return None
    if _is_improvement(ctx):
        if months >= FIRST_RESULT_VERY_SHORT_MONTHS:
            return None
        points = FIRST_RESULT_IMPROVE_POINTS
    else:
        points = (
            FIRST_RESULT_VERY_SHORT_POINTS
            if months < FIRST_RESULT_VERY_SHORT_MONTHS
            else FIRST_RESULT_SHORT_POINTS
        )
    return Hit(
        points,
        Bilingual(
            f"大企業側は最初の成果を{fmt_num(months)}か月で期待しています（新技術では{FIRST_RESULT_SHORT_MONTHS}か月未満は短すぎます）。",
            f"The corporate expects a first result within {fmt_num(months)} months (under {FIRST_RESULT_SHORT_MONTHS} is "
            "too soon for new technology).",
        ),
        measure(
            "対策6",
            "最終ゴールと途中のマイルストーン（例：「〇月までにプロトタイプ完成」）を分けて設定し、評価は中長期で行うことを経営層と合意してください。",
            "separate the final goal from intermediate milestones (e.g. 'prototype by month X') and agree with the "
            "executives to judge the project over the mid to long term.",
        ),
    )


@rule(
    "short_termism.kpi_horizon_short",
    signal="KPI horizons shorter than the current stage needs",
    threshold="horizon_months < " + ", ".join(f"{k} {fmt_num(v)}" for k, v in MIN_KPI_HORIZON_MONTHS.items()),
    source="Seed 対策6 (mid to long term); own reasoning for the minima",
    points=str(KPI_HORIZON_SHORT_POINTS),
    measure="対策6",
)
def kpi_horizon_short(ctx: Context) -> Hit | None:
    minimum = MIN_KPI_HORIZON_MONTHS.get(ctx.stage or "")
    if minimum is None:
        return None
    short = [k for k in ctx.project.kpis or () if k.horizon_months is not None and k.horizon_months < minimum]
    if not short:
        return None
    names = [f"{k.name or '?'}（{fmt_num(k.horizon_months or 0)}か月）" for k in short[:3]]
    names_en = [f"{k.name or '?'} ({fmt_num(k.horizon_months or 0)} months)" for k in short[:3]]
    stage = stage_name(ctx.stage or "")
    return Hit(
        KPI_HORIZON_SHORT_POINTS,
        Bilingual(
            f"{stage.ja}段階なのにKPIの評価期間が{fmt_num(minimum)}か月未満です：{'、'.join(names)}。",
            f"KPI horizons are under {fmt_num(minimum)} months for the {stage.en} stage: {', '.join(names_en)}.",
        ),
        measure(
            "対策6",
            f"{stage.ja}段階のKPIは{fmt_num(minimum)}か月以上の期間で評価し、短期の指標は中間マイルストーンとして扱ってください。",
            f"judge {stage.en} KPIs over at least {fmt_num(minimum)} months and treat short-term numbers as milestones.",
        ),
    )


@rule(
    "short_termism.no_kpis_or_milestones",
    signal="No KPIs and/or no milestones once committed",
    threshold="committed stage; both missing / one missing",
    source="Seed 対策6",
    points=f"{NO_KPIS_NO_MILESTONES_POINTS} both; {NO_KPIS_OR_NO_MILESTONES_POINTS} one",
    measure="対策6",
)
def no_kpis_or_milestones(ctx: Context) -> Hit | None:
    if not ctx.committed:
        return None
    no_kpis, no_milestones = not ctx.project.kpis, not ctx.project.milestones
    if not (no_kpis or no_milestones):
        return None
    missing = Bilingual(
        "、".join(x for x, m in (("KPI", no_kpis), ("マイルストーン", no_milestones)) if m),
        " and ".join(x for x, m in (("KPIs", no_kpis), ("milestones", no_milestones)) if m),
    )
    return Hit(
        NO_KPIS_NO_MILESTONES_POINTS if no_kpis and no_milestones else NO_KPIS_OR_NO_MILESTONES_POINTS,
        Bilingual(f"{missing.ja}が設定されていません。", f"No {missing.en} are set."),
        measure(
            "対策6",
            "連携先と一緒に最終ゴールとそこに至るマイルストーンを日付付きで決め、KPIの評価期間も決めてください。",
            "set the final goal and dated milestones together with the partner, and the period over which KPIs are judged.",
        ),
    )


@rule(
    "short_termism.milestones_slipping",
    signal="Several milestones overdue or finished late: deadlines tighter than the work",
    threshold=f">= {SLIPPING_MILESTONES} / >= {MANY_SLIPPING_MILESTONES} milestones overdue or late",
    source="Own reasoning (seed 対策6: realistic milestones)",
    points=f"{SLIPPING_POINTS} / {MANY_SLIPPING_POINTS}",
    measure="対策6",
)
def milestones_slipping(ctx: Context) -> Hit | None:
    slipped = []
    for m in ctx.project.milestones or ():
        if m.due is None:
            continue
        late = m.done_on is not None and m.done_on > m.due
        overdue = m.done_on is None and ctx.as_of is not None and ctx.as_of > m.due
        if late or overdue:
            slipped.append(m)
    if len(slipped) < SLIPPING_MILESTONES:
        return None
    total = len([m for m in ctx.project.milestones or () if m.due])
    return Hit(
        MANY_SLIPPING_POINTS if len(slipped) >= MANY_SLIPPING_MILESTONES else SLIPPING_POINTS,
        Bilingual(
            f"期日のあるマイルストーン{total}件のうち{len(slipped)}件が遅れています。",
            f"{len(slipped)} of {total} dated milestones are late or overdue.",
        ),
        measure(
            "対策6",
            "作業量を連携先と見積もり直し、マイルストーンを現実的な日付に引き直して経営層と合意してください。",
            "re-estimate the work with the partner, reset the milestones to realistic dates and agree them with the sponsor.",
        ),
    )


@rule(
    "short_termism.poc_window_short",
    signal="A PoC planned for less than two months",
    threshold=f"poc contract end_date - start < {POC_MIN_DAYS} days",
    source="Own reasoning; model PoC (report due 3 weeks after the work)",
    points=str(POC_WINDOW_SHORT_POINTS),
    measure="ポイント1",
)
def poc_window_short(ctx: Context) -> Hit | None:
    for c in ctx.contracts:
        start = c.signed_on or ctx.project.stage_entered
        end = c.terms.end_date if c.terms else None
        if c.kind != "poc" or start is None or end is None:
            continue
        days = (end - start).days
        if 0 <= days < POC_MIN_DAYS:
            return Hit(
                POC_WINDOW_SHORT_POINTS,
                Bilingual(
                    f"PoCの期間が{days}日しかなく、検証と改善を回す余裕がありません。",
                    f"The PoC is planned for only {days} days, too short to validate and improve.",
                ),
                measure(
                    "ポイント1",
                    "検証範囲を小さくしたうえで、検証と改善を1回以上回せる期間（2〜6か月）を取ってください。",
                    "keep the scope small but allow time for at least one validate-and-improve loop (2-6 months).",
                ),
            )
    return None


@rule(
    "short_termism.gave_up_early",
    signal="A no-go before the planned end of the stage, or a stop without any gate decision",
    threshold="gate no_go decided before its due date / the PoC contract end; stage stopped with no decision",
    source="Seed cause 6 (giving up early) and ポイント2",
    points=f"{NO_GO_EARLY_POINTS} early no-go; {STOPPED_WITHOUT_DECISION_POINTS} stopped without decision",
    measure="ポイント2",
)
def gave_up_early(ctx: Context) -> Hit | None:
    cm = measure(
        "ポイント2",
        "止める前に合意済みの判断基準で結果を測り、何が分かったかを振り返りとして残してください。",
        "measure the result against the agreed criteria before stopping, and record what was learned in a retrospective.",
    )
    poc_ends = [c.terms.end_date for c in ctx.contracts if c.kind == "poc" and c.terms and c.terms.end_date]
    for g in ctx.project.gates or ():
        if g.decision != "no_go" or g.decided_on is None:
            continue
        planned = g.due or (min(poc_ends) if g.stage == "poc" and poc_ends else None)
        if planned is not None and g.decided_on < planned:
            return Hit(
                NO_GO_EARLY_POINTS,
                Bilingual(
                    f"予定（{planned.isoformat()}）より前の{g.decided_on.isoformat()}に中止判断がされています。",
                    f"A no-go was decided on {g.decided_on.isoformat()}, before the planned end ({planned.isoformat()}).",
                ),
                cm,
            )
    if ctx.stage == "stopped" and not any(g.decision is not None for g in ctx.project.gates or ()):
        return Hit(
            STOPPED_WITHOUT_DECISION_POINTS,
            Bilingual(
                "協業が中止されていますが、判断基準に基づくゲート判断の記録がありません。",
                "The collaboration was stopped without a recorded gate decision against criteria.",
            ),
            cm,
        )
    return None


@rule(
    "short_termism.gate_without_criteria",
    signal="Go/no-go gates without criteria, or no gate at all, once committed",
    threshold="a gate with empty criteria; committed stage with no gates",
    source="Product C3 (criteria set before each stage); seed 対策6 and ポイント1",
    points=f"{GATE_WITHOUT_CRITERIA_POINTS} no criteria; {NO_GATES_POINTS} no gates",
    measure="対策6",
)
def gate_without_criteria(ctx: Context) -> Hit | None:
    gates = ctx.project.gates
    cm = measure(
        "対策6",
        "次のゲートの判断基準（例：検出率95%以上）と判断日を、段階に入る前に両社で決めてください。",
        "fix the next gate's criteria (e.g. detection rate >= 95%) and decision date with the partner before the stage starts.",
    )
    empty = [g for g in gates or () if not g.criteria]
    if empty:
        names = "、".join(stage_name(g.stage).ja if g.stage else "?" for g in empty[:3])
        names_en = ", ".join(stage_name(g.stage).en if g.stage else "?" for g in empty[:3])
        return Hit(
            GATE_WITHOUT_CRITERIA_POINTS,
            Bilingual(f"判断基準のないゲートがあります（{names}）。", f"Gates without criteria: {names_en}."),
            cm,
        )
    if ctx.committed and ctx.stage != "stopped" and not gates:
        return Hit(
            NO_GATES_POINTS,
            Bilingual("ゲート（Go/No-Go判断）が設定されていません。", "No go/no-go gate is set."),
            cm,
        )
    return None

"""Cause 6, ``short_termism`` (短期的な成果への過度な期待): expecting quick returns, giving up early."""

from __future__ import annotations

import datetime as dt
import re

from ..snapshot import STAGES
from ..texts import Bilingual, fmt_num, stage_name
from .base import Context, Hit, measure, rule

# Time to first result expected by the corporate. The product's requirement for this signal (issue 5):
# "first result expected in under 3-6 months for new technology"; the article's own example of a good milestone is a prototype, and its
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
# Article, 対策6: set goals and milestones with the partner in advance.
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
# Giving up early (article cause 6, ポイント2): a no-go before the planned end, or without criteria.
NO_GO_EARLY_POINTS = 40
STOPPED_WITHOUT_DECISION_POINTS = 30
# Capability C3: go/no-go criteria set before each stage.
GATE_WITHOUT_CRITERIA_POINTS = 20
NO_GATES_POINTS = 15

# 対策6 ("KPIs and milestones judged over the mid to long term"): a financial outcome is what a
# commercialised product earns, so asking it of a PoC or a pilot, or within months, judges a
# validation on a number it cannot produce yet. Own reasoning for the points and horizons: a year is
# the shortest span over which a new product's revenue says something; once commercialised, half.
FINANCIAL_GATE_POINTS = 35
FINANCIAL_GATE_STAGES = frozenset({"exploration", "poc", "pilot"})
FINANCIAL_KPI_POINTS = 30
FINANCIAL_KPI_MIN_MONTHS = {"commercialisation": 6.0}
FINANCIAL_KPI_DEFAULT_MIN_MONTHS = 12.0
# Expected benefits dated within a year of the project's start: the charter promises returns before
# a collaboration can deliver them, even when it improves an existing product (the pilot and the
# roll-out alone take months).
BENEFITS_SOON_POINTS = 25
BENEFITS_MIN_DAYS = 365
# The sponsor's budget ends before milestones it is meant to fund: the money is planned for a
# shorter horizon than the work (cause 6: projects cut when no quick result shows).
BUDGET_BEFORE_MILESTONES_POINTS = 25
# A gate decision planned within weeks of the stage's start leaves no time to learn; the same two
# months as the shortest useful PoC window (POC_MIN_DAYS).
GATE_TOO_SOON_DAYS = POC_MIN_DAYS
GATE_TOO_SOON_POINTS = 30
# A stage stopped within a quarter of its start was judged before its KPIs could be met.
STOPPED_SOON_DAYS = 90
STOPPED_SOON_POINTS = 40

_FINANCIAL_JA = (
    "売上",
    "利益",
    "収益",
    "黒字",
    "営業利益",
    "粗利",
    "収入",
    "受注",
    "投資回収",
    "利回り",
    "採算",
    "損益",
)
_FINANCIAL_EN = re.compile(
    r"\b(revenue|revenues|profit|profits|profitab\w*|sales|roi|return on investment|earnings|ebitda?|gross margin|operating margin|"
    r"break[- ]?even|payback|income|bookings|arr|mrr|turnover)\b",
    re.IGNORECASE,
)
_MONEY_UNITS = frozenset({"jpy", "円", "万円", "億円", "百万円", "千円", "usd", "eur", "$", "¥", "yen"})


def financial_term(text: str | None) -> str | None:
    """The financial-outcome word in ``text`` (売上, revenue, ROI...), or None."""
    if not text:
        return None
    for word in _FINANCIAL_JA:
        if word in text:
            return word
    m = _FINANCIAL_EN.search(text)
    if m:
        return m.group(0)
    if "ROI" in text:  # written next to Japanese or digits, where \b does not apply (ROI1.5倍)
        return "ROI"
    return None


def project_start(ctx: Context) -> dt.date | None:
    """The earliest thing that has happened in the project (planned dates are not evidence)."""
    p = ctx.project
    seen = [d for d in (p.stage_entered,) if d]
    seen += [c.signed_on for c in ctx.contracts if c.signed_on]
    seen += [g.decided_on for g in p.gates or () if g.decided_on]
    seen += [m.done_on for m in p.milestones or () if m.done_on]
    if p.communication:
        seen += [e.date for e in p.communication.log or () if e.date]
    return min(seen) if seen else None


def stage_start(ctx: Context, stage: str | None) -> dt.date | None:
    """When ``stage`` began: stage_entered for the current stage, else the go decision that led to
    it, else (for a PoC) the PoC contract's signature."""
    if stage is None:
        return None
    if stage == ctx.stage:
        return ctx.project.stage_entered
    order = STAGES.index(stage) if stage in STAGES else None
    if order is not None and order > 0:
        previous = STAGES[order - 1]
        gos = [
            g.decided_on
            for g in ctx.project.gates or ()
            if g.stage == previous and g.decision == "go" and g.decided_on
        ]
        if gos:
            return max(gos)
    if stage == "poc":
        signed = [c.signed_on for c in ctx.contracts if c.kind == "poc" and c.signed_on]
        if signed:
            return min(signed)
    return None


_CM_MID_TERM = (
    "PoC・パイロットの判断基準は技術と利用の検証（例：検出率、現場での利用率）にし、売上・利益は事業化段階で1年以上の期間で評価することを経営層と合意してください。",
    "judge the PoC and the pilot on what they validate (e.g. detection rate, use on site) and agree with the executives "
    "that revenue and profit are judged at commercialisation, over a year or more.",
)

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
    source="Article cause 6 and 対策6; product requirement (under 3-6 months for new technology is too soon)",
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
    source="Article 対策6 (mid to long term); own reasoning for the minima",
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
    source="Article 対策6",
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
    source="Own reasoning (article 対策6: realistic milestones)",
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
        if c.kind != "poc" or start is None or end is None or not ctx.process_terms_matter(c):
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
    source="Cause 6 (giving up early) and ポイント2",
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
    source="Capability C3 (criteria set before each stage); article 対策6 and ポイント1",
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


@rule(
    "short_termism.financial_gate_criteria",
    signal="A financial outcome (revenue, profit, ROI...) as a go/no-go criterion of exploration, PoC or pilot",
    threshold="gate stage in exploration|poc|pilot and a criterion names 売上/利益/収益/黒字/revenue/profit/sales/ROI...",
    source="Cause 6 and 対策6 (KPIs judged over the mid to long term)",
    points=str(FINANCIAL_GATE_POINTS),
    measure="対策6",
)
def financial_gate_criteria(ctx: Context) -> Hit | None:
    for g in ctx.project.gates or ():
        if g.stage not in FINANCIAL_GATE_STAGES:
            continue
        for criterion in g.criteria or ():
            word = financial_term(criterion)
            if word is None:
                continue
            stage = stage_name(g.stage)
            return Hit(
                FINANCIAL_GATE_POINTS,
                Bilingual(
                    f"{stage.ja}のゲート判断基準が財務成果（「{word}」）です：「{criterion}」。検証段階では出せない数字で判断することになります。",
                    f"The {stage.en} gate is judged on a financial outcome ('{word}'): '{criterion}', a number a "
                    "validation stage cannot produce yet.",
                ),
                measure("対策6", *_CM_MID_TERM),
            )
    return None


@rule(
    "short_termism.financial_kpi_short",
    signal="A financial KPI (revenue, profit, ROI...) judged over a few months",
    threshold=f"KPI name or unit financial and horizon_months < {fmt_num(FINANCIAL_KPI_DEFAULT_MIN_MONTHS)} "
    f"(commercialisation < {fmt_num(FINANCIAL_KPI_MIN_MONTHS['commercialisation'])})",
    source="Cause 6 and 対策6 (KPIs judged over the mid to long term)",
    points=str(FINANCIAL_KPI_POINTS),
    measure="対策6",
)
def financial_kpi_short(ctx: Context) -> Hit | None:
    minimum = FINANCIAL_KPI_MIN_MONTHS.get(ctx.stage or "", FINANCIAL_KPI_DEFAULT_MIN_MONTHS)
    for k in ctx.project.kpis or ():
        if k.horizon_months is None or k.horizon_months >= minimum:
            continue
        word = financial_term(k.name) or (k.unit if (k.unit or "").strip().lower() in _MONEY_UNITS else None)
        if word is None:
            continue
        return Hit(
            FINANCIAL_KPI_POINTS,
            Bilingual(
                f"KPI「{k.name or '?'}」は財務成果（「{word}」）を{fmt_num(k.horizon_months)}か月で評価します"
                f"（{fmt_num(minimum)}か月未満）。",
                f"The KPI '{k.name or '?'}' judges a financial outcome ('{word}') over {fmt_num(k.horizon_months)} "
                f"months (under {fmt_num(minimum)}).",
            ),
            measure(
                "対策6",
                f"財務KPIは{fmt_num(minimum)}か月以上の期間で評価し、それまでは利用率や検証結果などの先行指標で進捗を測ってください。",
                f"judge financial KPIs over at least {fmt_num(minimum)} months and track progress with leading "
                "indicators (use, validation results) until then.",
            ),
        )
    return None


@rule(
    "short_termism.benefits_due_soon",
    signal="Expected benefits dated within months of the project's start",
    threshold=f"charter benefit 'by' - project start < {BENEFITS_MIN_DAYS} days; not once commercialised",
    source="Cause 6 and 対策6; own reasoning for the span",
    points=str(BENEFITS_SOON_POINTS),
    measure="対策6",
)
def benefits_due_soon(ctx: Context) -> Hit | None:
    if ctx.stage == "commercialisation" or ctx.project.charter is None:
        return None
    start = project_start(ctx)
    if start is None:
        return None
    for b in ctx.project.charter.expected_benefits or ():
        if b.by is None:
            continue
        days = (b.by - start).days
        if days >= BENEFITS_MIN_DAYS:
            continue
        months = max(0, days) * 12 // 365
        return Hit(
            BENEFITS_SOON_POINTS,
            Bilingual(
                f"期待効果「{b.metric or '?'}」の期日（{b.by.isoformat()}）が、案件開始（{start.isoformat()}）から"
                f"約{months}か月後です。",
                f"The expected benefit '{b.metric or '?'}' is due on {b.by.isoformat()}, about {months} months after "
                f"the project started ({start.isoformat()}).",
            ),
            measure(
                "対策6",
                "期待効果の期日は事業化後に置き、それまでの期間はプロトタイプ完成などの中間マイルストーンで評価してください。",
                "date the expected benefits after commercialisation and judge the time before on intermediate "
                "milestones (e.g. a working prototype).",
            ),
        )
    return None


@rule(
    "short_termism.budget_before_milestones",
    signal="The sponsor's budget ends before the milestones (or the current PoC) it funds",
    threshold="as_of <= sponsor.budget_committed_until < due date of an open milestone / end of the current PoC",
    source="Cause 6 (cut when no quick result shows), 対策3 and 対策6",
    points=str(BUDGET_BEFORE_MILESTONES_POINTS),
    measure="対策6",
)
def budget_before_milestones(ctx: Context) -> Hit | None:
    sponsor = ctx.project.sponsor
    until = sponsor.budget_committed_until if sponsor else None
    # An expired budget is internal_structure.budget_not_committed's, not a planning horizon.
    if until is None or (ctx.as_of is not None and until < ctx.as_of):
        return None
    work = [
        (m.due, f"「{m.title or '?'}」", f"'{m.title or '?'}'")
        for m in ctx.project.milestones or ()
        if m.done_on is None and m.due
    ]
    work += [
        (c.terms.end_date, "PoCの終了", "the end of the PoC")
        for c in ctx.contracts
        if c.kind == "poc" and c.terms and c.terms.end_date and ctx.process_terms_matter(c)
    ]
    after = sorted(w for w in work if w[0] > until)
    if not after:
        return None
    due, title, title_en = after[-1]
    return Hit(
        BUDGET_BEFORE_MILESTONES_POINTS,
        Bilingual(
            f"予算の確保は{until.isoformat()}までですが、予定された作業{len(after)}件がその後に残っています"
            f"（最後は{title}、{due.isoformat()}）。",
            f"The budget is committed until {until.isoformat()}, before the planned work ends: {len(after)} "
            f"item(s) fall after it, the last {title_en} on {due.isoformat()}.",
        ),
        measure(
            "対策6",
            "予算はマイルストーン計画の最後まで確保し、途中で打ち切るかは合意済みのゲートで判断することを経営層と決めてください。",
            "commit the budget to the end of the milestone plan and agree with the sponsor that only the agreed gates "
            "decide whether to stop.",
        ),
    )


@rule(
    "short_termism.gate_too_soon",
    signal="A gate decision planned within weeks of the stage's start",
    threshold=f"gate of the current stage: due - stage_entered < {GATE_TOO_SOON_DAYS} days",
    source="Own reasoning (article 対策6; the shortest useful PoC window); ポイント1",
    points=str(GATE_TOO_SOON_POINTS),
    measure="対策6",
)
def gate_too_soon(ctx: Context) -> Hit | None:
    for g in ctx.project.gates or ():
        # A decided gate of an earlier stage is history; stopped_soon judges how it ended.
        if g.due is None or (g.decision is not None and g.stage != ctx.stage):
            continue
        start = stage_start(ctx, g.stage)
        if start is None:
            continue
        days = (g.due - start).days
        if 0 <= days < GATE_TOO_SOON_DAYS:
            stage = stage_name(g.stage or "")
            return Hit(
                GATE_TOO_SOON_POINTS,
                Bilingual(
                    f"{stage.ja}のゲート判断が段階開始（{start.isoformat()}）からわずか{days}日後（{g.due.isoformat()}）に予定されています。",
                    f"The {stage.en} gate decision is planned {days} days after the stage began ({start.isoformat()} "
                    f"to {g.due.isoformat()}).",
                ),
                measure(
                    "対策6",
                    f"ゲート判断は検証と改善を1回以上回せる時期（段階開始から{GATE_TOO_SOON_DAYS // 30}か月以上後）に置いてください。",
                    f"plan the gate when at least one validate-and-improve loop is done ({GATE_TOO_SOON_DAYS // 30} "
                    "months or more after the stage began).",
                ),
            )
    return None


@rule(
    "short_termism.stopped_soon",
    signal="A stage stopped soon after it started, before its KPIs could be met",
    threshold=f"no_go decided < {STOPPED_SOON_DAYS} days after the stage began (the evidence names a KPI "
    "whose extension field actual misses its target)",
    source="Cause 6 (giving up early) and ポイント2",
    points=str(STOPPED_SOON_POINTS),
    measure="ポイント2",
)
def stopped_soon(ctx: Context) -> Hit | None:
    for g in ctx.project.gates or ():
        if g.decision != "no_go" or g.decided_on is None:
            continue
        start = stage_start(ctx, g.stage)
        if start is None:
            continue
        days = (g.decided_on - start).days
        if not 0 <= days < STOPPED_SOON_DAYS:
            continue
        kpis = ctx.project.kpis or ()
        missed = [k for k in kpis if k.met() is False]
        horizons = [k.horizon_months for k in kpis if k.horizon_months]
        unmet = Bilingual("", "")
        if missed:
            k = missed[0]
            unmet = Bilingual(
                f"KPI「{k.name or '?'}」は{fmt_num(k.actual or 0)}で目標{fmt_num(k.target or 0)}に未達のまま判断しています。",
                f" The KPI '{k.name or '?'}' stood at {fmt_num(k.actual or 0)} against a target of "
                f"{fmt_num(k.target or 0)}.",
            )
        if horizons:
            h = fmt_num(max(horizons))
            unmet = Bilingual(
                unmet.ja + f"KPIの評価期間（{h}か月）を待たずに判断しています。",
                unmet.en + f" KPIs were set over {h} months.",
            )
        stage = stage_name(g.stage or "")
        return Hit(
            STOPPED_SOON_POINTS,
            Bilingual(
                f"{stage.ja}は開始（{start.isoformat()}）から{days}日で中止（{g.decided_on.isoformat()}）されました。{unmet.ja}",
                f"The {stage.en} was stopped {days} days after it began ({start.isoformat()} to "
                f"{g.decided_on.isoformat()}).{unmet.en}",
            ),
            measure(
                "ポイント2",
                "中止の前に、段階の開始時に合意したKPIと期間で結果を測り、学んだことを次の検証に活かせる形で残してください。",
                "before stopping, measure the result against the KPIs and the period agreed at the start, and record "
                "what was learned so the next attempt can use it.",
            ),
        )
    return None

"""Cause 4, ``communication`` (コミュニケーション不足・認識の齟齬): too little contact, perception gaps."""

from __future__ import annotations

import datetime as dt

from ..alignment import Gap
from ..texts import QUESTION_NAMES, SEVERITY_NAMES, Bilingual
from .base import Context, Hit, measure, rule

# Without a planned cadence, assume a monthly meeting: own reasoning (the example snapshot plans
# 14 days; a month is the loosest rhythm in which both sides still "always see" progress, 対策4).
DEFAULT_CADENCE_DAYS = 30
# Contact is late when the gap exceeds the cadence by half (a meeting moved by a week is normal).
CADENCE_TOLERANCE = 1.5
CONTACT_GAP_STEPS: tuple[tuple[float, int], ...] = ((3.0, 50), (2.0, 35), (CADENCE_TOLERANCE, 20))
# Nothing logged at all is as bad as the worst gap step (and keeps the rule monotone: dropping the
# last contact from the log can never lower the score).
NO_CONTACT_RECORDED_POINTS = 50
NO_COMMUNICATION_SECTION_POINTS = 35
NO_CADENCE_POINTS = 20
# One-sided: fewer than half of the logged contacts include the partner (own reasoning).
ONE_SIDED_MIN_ENTRIES = 3
ONE_SIDED_SHARE = 0.5
ONE_SIDED_POINTS = 25
ALIGNMENT_NOT_DONE_POINTS = 20
# Perception gaps from the alignment check; severities from alignment.py. Article case C: the gap
# surfaced only after a year of development.
GAP_POINTS = {"critical": 40, "high": 25, "medium": 12, "low": 4}

_PLAN_MEASURE = (
    "進捗・情報共有・成果を両社が常に見られる場（共有スペース）を作り、定例の頻度と担当者を決めて記録してください。",
    "set up a shared space where both sides always see progress, information and results, and fix the meeting "
    "rhythm and owners.",
)


def cadence_of(ctx: Context) -> tuple[int, bool]:
    """Planned cadence in days, and whether it was planned (False = the default is used)."""
    comm = ctx.project.communication
    if comm is not None and comm.cadence_days:
        return comm.cadence_days, True
    return DEFAULT_CADENCE_DAYS, False


def last_contact(ctx: Context) -> dt.date | None:
    comm = ctx.project.communication
    dates = [e.date for e in (comm.log or ()) if e.date] if comm else []
    return max(dates) if dates else None


@rule(
    "communication.no_plan",
    signal="No communication plan (no section, or no cadence) once committed",
    threshold="committed stage; communication missing / cadence_days null",
    source="Article, 対策4",
    points=f"{NO_COMMUNICATION_SECTION_POINTS} nothing recorded; {NO_CADENCE_POINTS} no cadence",
    measure="対策4",
)
def no_plan(ctx: Context) -> Hit | None:
    if not ctx.committed:
        return None
    comm = ctx.project.communication
    if comm is None:
        return Hit(
            NO_COMMUNICATION_SECTION_POINTS,
            Bilingual(
                "コミュニケーション計画も連絡記録もありません。",
                "There is no communication plan and no contact log.",
            ),
            measure("対策4", *_PLAN_MEASURE),
        )
    if comm.cadence_days:
        return None
    return Hit(
        NO_CADENCE_POINTS,
        Bilingual(
            "定例の頻度（コミュニケーション計画）が決まっていません。", "No meeting cadence is planned."
        ),
        measure("対策4", *_PLAN_MEASURE),
    )


@rule(
    "communication.contact_gap",
    signal="Longest stretch without contact, against the planned cadence",
    threshold=f"committed stage; gap / cadence >= 3 / >= 2 / > {CADENCE_TOLERANCE} (cadence default "
    f"{DEFAULT_CADENCE_DAYS} days), gaps counted from stage_entered to as_of; no contact logged at all",
    source="Article, 対策4; own reasoning for the tolerance",
    points=" / ".join(str(p) for _, p in CONTACT_GAP_STEPS) + f"; {NO_CONTACT_RECORDED_POINTS} none logged",
    measure="対策4",
)
def contact_gap(ctx: Context) -> Hit | None:
    comm = ctx.project.communication
    if comm is None or not ctx.committed:
        return None  # no_plan covers a missing section; in exploration silence is not yet a risk
    cadence, planned = cadence_of(ctx)
    # Contacts after the diagnosis day are ignored: "today" is as_of.
    dates = sorted({e.date for e in comm.log or () if e.date and (ctx.as_of is None or e.date <= ctx.as_of)})
    cm = measure(
        "対策4",
        f"{cadence}日ごとの定例を両社のカレンダーに固定し、欠けたら翌週に必ず振り替えてください。",
        f"fix a meeting every {cadence} days in both calendars and reschedule within a week whenever one is missed.",
    )
    if not dates:
        return Hit(
            NO_CONTACT_RECORDED_POINTS,
            Bilingual(
                "連携先との連絡記録が1件もありません。", "Not a single contact with the partner is logged."
            ),
            cm,
        )
    points_in_time = list(dates)
    start = ctx.project.stage_entered
    if start is not None and start < dates[0]:
        points_in_time.insert(0, start)
    if ctx.as_of is not None and ctx.as_of > dates[-1] and ctx.stage != "stopped":
        points_in_time.append(ctx.as_of)
    best = (0, dates[0], dates[0])
    for a, b in zip(points_in_time, points_in_time[1:], strict=False):
        if (b - a).days > best[0]:
            best = ((b - a).days, a, b)
    gap, frm, to = best
    times = gap / cadence
    points = next((p for limit, p in CONTACT_GAP_STEPS if times >= limit and times > CADENCE_TOLERANCE), 0)
    if points == 0:
        return None
    plan_ja = f"計画は{cadence}日ごと" if planned else f"計画がないため{cadence}日ごとを基準"
    plan_en = (
        f"the plan says every {cadence} days" if planned else f"no plan, so every {cadence} days is assumed"
    )
    return Hit(
        points,
        Bilingual(
            f"{frm.isoformat()}から{to.isoformat()}まで{gap}日間連絡がありません（{plan_ja}、約{times:.1f}倍）。",
            f"No contact for {gap} days, from {frm.isoformat()} to {to.isoformat()} ({plan_en}; {times:.1f}x).",
        ),
        cm,
    )


@rule(
    "communication.one_sided",
    signal="Most logged contacts do not include the partner",
    threshold=f">= {ONE_SIDED_MIN_ENTRIES} entries with parties, share including both sides < {ONE_SIDED_SHARE}",
    source="Own reasoning (article 対策4: both sides must always see the state)",
    points=str(ONE_SIDED_POINTS),
    measure="対策4",
)
def one_sided(ctx: Context) -> Hit | None:
    comm = ctx.project.communication
    entries = [e for e in (comm.log or ()) if e.parties] if comm else []
    if len(entries) < ONE_SIDED_MIN_ENTRIES:
        return None
    both = sum(1 for e in entries if e.parties and "corporate" in e.parties and "partner" in e.parties)
    if both / len(entries) >= ONE_SIDED_SHARE:
        return None
    return Hit(
        ONE_SIDED_POINTS,
        Bilingual(
            f"記録された連絡{len(entries)}件のうち、両社が参加したのは{both}件だけです。",
            f"Only {both} of {len(entries)} logged contacts involved both sides.",
        ),
        measure(
            "対策4",
            "社内だけの打ち合わせで決めたことは、その週のうちに連携先と共有する場を設けてください。",
            "share what internal meetings decide with the partner the same week, in a joint meeting.",
        ),
    )


@rule(
    "communication.alignment_not_done",
    signal="The two-sided alignment check has not been answered by both sides once committed",
    threshold="committed stage; alignment.corporate or alignment.partner missing",
    source="Article, cause 4 (すり合わせ) and case C",
    points=str(ALIGNMENT_NOT_DONE_POINTS),
    measure="対策4",
)
def alignment_not_done(ctx: Context) -> Hit | None:
    if not ctx.committed or (ctx.answers_corporate is not None and ctx.answers_partner is not None):
        return None
    return Hit(
        ALIGNMENT_NOT_DONE_POINTS,
        Bilingual(
            "両社の認識合わせ（目的・期間・品質・成果の帰属・予算）が実施されていません。",
            "The alignment check (goal, timing, quality, result ownership, budget) has not been answered by both sides.",
        ),
        measure(
            "対策4",
            "両社が別々に認識合わせの質問に答え、違いを並べて確認する場を次の定例で設けてください。",
            "have both sides answer the alignment questions separately and compare them side by side at the next meeting.",
        ),
    )


def _gap_rule(question: str) -> None:
    name = QUESTION_NAMES[question]

    @rule(
        f"communication.gap_{question}",
        signal=f"Alignment answers differ on {name.en}",
        threshold="gap severity (alignment.py)",
        source="Article, cause 4 and case C" if question != "result_owner" else "Article, cause 4 and case B",
        points=", ".join(f"{k} {v}" for k, v in GAP_POINTS.items()),
        measure="対策4",
    )
    def gap_rule(ctx: Context) -> Hit | None:
        gap: Gap | None = ctx.gaps.get(question)
        if gap is None:
            return None
        return Hit(
            GAP_POINTS[gap.severity],
            Bilingual(
                f"認識の齟齬（{SEVERITY_NAMES[gap.severity].ja}）：{gap.summary.ja}。",
                f"Perception gap ({gap.severity}): {gap.summary.en}.",
            ),
            measure(
                "対策4",
                f"{name.ja}について両社の前提を次の定例で確認し、合意内容を共有スペースに記録してください。",
                f"go through {name.en} with the partner at the next meeting and record the agreement in the shared space.",
            ),
        )


for _question in ("goal_type", "first_result_months", "result_owner", "budget_jpy", "success_kpi"):
    _gap_rule(_question)

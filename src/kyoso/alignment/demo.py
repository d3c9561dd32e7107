"""Demo: both sides answer the alignment check on the three cases of docs/product.md#the-three-cases (projects A, B, C)."""

from __future__ import annotations

from typing import Any

# (corporate answers, partner answers, comments) per demo project key. The gaps mirror those cases:
# A — decision speed and quality culture; B — both claim the results; C — the bank wants to improve
# its system step by step, the startup wants to replace it.
DEMO_ANSWERS: dict[str, tuple[dict[str, Any], dict[str, Any], dict[str, str], dict[str, str]]] = {
    "project_a": (
        {
            "goal_type": "improve_existing",
            "first_result_months": 12,
            "decision_lead_days": 90,
            "quality_approach": "verify_first",
            "result_owner": "joint",
            "budget_jpy": 30_000_000,
            "success_kpi": "検査工程の不良見逃し率を半減",
        },
        {
            "goal_type": "improve_existing",
            "first_result_months": 3,
            "decision_lead_days": 7,
            "quality_approach": "ship_and_iterate",
            "result_owner": "joint",
            "budget_jpy": 30_000_000,
            "success_kpi": "3か月以内に現場で試験運用開始",
        },
        {"decision_lead_days": "稟議は部長会（月1回）を経るため、通常3か月程度かかります。"},
        {"quality_approach": "まず動くものを出し、現場のフィードバックで改善したいです。"},
    ),
    "project_b": (
        {
            "goal_type": "new_market",
            "first_result_months": 18,
            "decision_lead_days": 30,
            "quality_approach": "balanced",
            "result_owner": "corporate",
            "budget_jpy": 80_000_000,
            "success_kpi": "カーシェア事業の会員数10万人",
        },
        {
            "goal_type": "new_market",
            "first_result_months": 12,
            "decision_lead_days": 14,
            "quality_approach": "balanced",
            "result_owner": "partner",
            "budget_jpy": 80_000_000,
            "success_kpi": "配車最適化エンジンの他社への展開",
        },
        {"result_owner": "開発費を全額負担するため、成果は当社に帰属するのが前提です。"},
        {"result_owner": "配車アルゴリズムは当社の基盤技術です。成果は他社にもライセンスしたいです。"},
    ),
    "project_c": (
        {
            "goal_type": "improve_existing",
            "first_result_months": 12,
            "decision_lead_days": 60,
            "quality_approach": "verify_first",
            "result_owner": "corporate",
            "budget_jpy": 50_000_000,
            "success_kpi": "既存決済システムの処理時間30%短縮",
        },
        {
            "goal_type": "replace",
            "first_result_months": 3,
            "decision_lead_days": 7,
            "quality_approach": "ship_and_iterate",
            "result_owner": "joint",
            "budget_jpy": 200_000_000,
            "success_kpi": "新基盤への全面移行",
        },
        {"goal_type": "既存システムを活かしながら一部を改善したい。"},
        {"goal_type": "既存システムは限界。全面刷新を提案します。"},
    ),
}


def load_demo_alignment(ctx: Any) -> None:
    from kyoso.alignment.models import Side
    from kyoso.alignment.services import submit_answer

    for key, (corporate, partner, c_comments, p_comments) in DEMO_ANSWERS.items():
        project = ctx.objects.get(key)
        if project is None:
            continue
        submit_answer(
            project=project, side=Side.CORPORATE, answers=corporate, comments=c_comments, by=ctx.owner
        )
        # The demo partner user is project A's partner only; the other partners have no demo account.
        has_access = project.partner_accesses.filter(user=ctx.partner_user, revoked_at=None).exists()
        submit_answer(
            project=project,
            side=Side.PARTNER,
            answers=partner,
            comments=p_comments,
            by=ctx.partner_user if has_access else None,
        )

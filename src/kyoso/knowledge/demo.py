"""Demo: eight finished or stopped collaborations of past years with their retrospectives.

The first three are earlier versions of the failure cases of docs/product.md#the-three-cases (A: culture
mismatch, B: IP dispute, C: expectation mismatch), so the live demo projects
find them as similar past cases. Together they cover all six causes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kyoso.knowledge import services
from kyoso.projects.models import (
    Gate,
    GateCriterion,
    GateDecision,
    Project,
    ProjectParty,
    Side,
    StageHistory,
)

STAGE_ORDER = ["exploration", "poc", "pilot", "commercialisation"]

PAST: list[dict[str, Any]] = [
    {
        "title": "画像検査AIの試験導入(第一工場)",
        "business_unit": "製造事業部",
        "partner": ("アイビジョン株式会社", "startup"),
        "industry": "製造業",
        "stages": [("exploration", 1300), ("poc", 1180), ("stopped", 1000)],
        "budget": 18_000_000,
        "outcome": "stopped",
        "reason": "先方から協業終了の申し入れ。意思決定の速度差が解消できなかった。",
        "headline": "意思決定の速度差を放置すると、スタートアップは半年で離れていく",
        "worked": "現場の検査員が学習データ作りに協力し、3か月で検出率90%に到達した。",
        "failed": "当社は全数検証を終えるまで導入不可、先方は現場投入して改善したい。稟議に3か月かかる間に先方の資金計画が狂い、半年で協業終了を告げられた。",
        "lessons": "品質の考え方と意思決定のリードタイムを、契約前に両社で数字で確認すべきだった。PoC専用の決裁枠があれば待たせずに済んだ。",
        "countermeasure": "連携先選定時に文化・意思決定速度のチェックリストを使い、PoC段階の決裁権限を部長に委譲する。",
        "causes": {"partner_fit": 3, "internal_structure": 2},
        "written_ago": 990,
    },
    {
        "title": "配車アルゴリズムの共同開発(旧モビリティ研究)",
        "business_unit": "モビリティ事業本部",
        "partner": ("ライドシェアラボ株式会社", "startup"),
        "industry": "モビリティ",
        "stages": [("exploration", 1500), ("poc", 1400), ("pilot", 1200), ("stopped", 800)],
        "budget": 60_000_000,
        "outcome": "stopped",
        "reason": "成果物の権利帰属で合意できず、紛争化。事業化を断念。",
        "headline": "成果の帰属を「別途協議」にした契約は、成功した瞬間に紛争の種になる",
        "worked": "需要予測の精度は目標を上回り、技術的には成功していた。",
        "failed": "NDAと共同開発契約で成果物の権利帰属を決めていなかった。新しい配車アルゴリズムが生まれた時点で双方が権利を主張し、訴訟に発展した。口頭で開示した情報の記録も残っていなかった。",
        "lessons": "フォアグラウンドIPの帰属、バックグラウンドIPの一覧、実施許諾の範囲は契約締結前に決める。口頭開示は書面で確認する。",
        "countermeasure": "契約締結前に知財部と知財戦略・帰属・ライセンス範囲を確定する。開示記録を残す。",
        "causes": {"ip_contract": 3, "communication": 1},
        "written_ago": 780,
    },
    {
        "title": "分散台帳による決済刷新の検証",
        "business_unit": "決済企画部",
        "partner": ("ブロックフィン株式会社", "startup"),
        "industry": "金融",
        "stages": [("exploration", 1100), ("poc", 1000), ("stopped", 640)],
        "budget": 90_000_000,
        "outcome": "stopped",
        "reason": "試作品が当行の要件と合わず中止。",
        "headline": "「改善」と「置き換え」のずれは、確認しなければ1年間見えない",
        "worked": "先方の技術力は高く、試作品自体は高性能だった。",
        "failed": "当行は既存決済の段階的改善を想定し、先方は全面置き換えを計画していた。定例はメールの進捗報告だけで、認識のずれが1年後の試作品説明で初めて発覚した。",
        "lessons": "協業の目的(改善か置き換えか)を最初に両社で文書化し、月1回は対面で前提を確認する。",
        "countermeasure": "目的と成功指標を数値で共有し、両社が見られるコミュニケーション計画を作る。",
        "causes": {"communication": 3, "purpose": 3},
        "written_ago": 620,
    },
    {
        "title": "倉庫作業の自動化ロボット導入",
        "business_unit": "物流本部",
        "partner": ("ロボロジ株式会社", "startup"),
        "industry": "物流",
        "stages": [("exploration", 1000), ("poc", 900), ("pilot", 700), ("commercialisation", 400)],
        "budget": 120_000_000,
        "outcome": "commercialised",
        "reason": "",
        "headline": "役員のコミットと3段階のゲートで、小さく始めて全国展開できた",
        "worked": "物流本部長がスポンサーとして毎月の定例に出席し、PoC・パイロットの判断基準を事前に合意していた。1拠点のPoCから始めて段階的に拡大した。",
        "failed": "パイロット段階で現場への説明が遅れ、一部拠点で導入に抵抗があった。",
        "lessons": "ゲートの判断基準を事前に決めておくと、判断が早く、撤退も拡大も説明しやすい。現場への説明は早めに。",
        "countermeasure": "パイロット開始前に現場説明会を開く。",
        "causes": {"internal_structure": 1},
        "written_ago": 380,
    },
    {
        "title": "ウェアラブル端末による従業員の健康管理",
        "business_unit": "人事部",
        "partner": ("ヘルスセンス株式会社", "startup"),
        "industry": "ヘルスケア",
        "stages": [("exploration", 900), ("stopped", 700)],
        "budget": 5_000_000,
        "outcome": "stopped",
        "reason": "スポンサーの異動で予算が凍結。",
        "headline": "スポンサーが一人だけの案件は、異動ひとつで止まる",
        "worked": "先方の端末は使いやすく、試用した社員の評価は高かった。",
        "failed": "担当役員の異動で後任が案件を引き継がず、予算が凍結された。目的も「健康経営に役立てる」と曖昧で、後任に価値を説明できなかった。",
        "lessons": "スポンサーは複数の関係者に合意を取り、目的と効果を数字で残す。",
        "countermeasure": "経営層のコミットメントを文書化し、推進チームを組成する。目的を数値目標にする。",
        "causes": {"internal_structure": 3, "purpose": 2},
        "written_ago": 690,
    },
    {
        "title": "高耐熱樹脂の共同研究",
        "business_unit": "研究開発本部",
        "partner": ("北都大学 高分子研究室", "university"),
        "industry": "素材",
        "stages": [("exploration", 800), ("poc", 650), ("stopped", 470)],
        "budget": 15_000_000,
        "outcome": "paused",
        "reason": "半年で成果が出ず予算見直し。研究は一時停止。",
        "headline": "研究型の協業に半年で成果を求めると、芽が出る前に止めてしまう",
        "worked": "大学の評価設備を使え、基礎データは着実に蓄積できた。",
        "failed": "経営会議で半年後に売上見込みを求められ、基礎研究段階の案件が説明できず一時停止になった。KPIが売上だけで、中間指標がなかった。",
        "lessons": "研究型の協業には中長期のKPIと、技術的な中間マイルストーンを最初から設定して合意しておく。",
        "countermeasure": "KPIとマイルストーンを設定し、中長期で評価する。",
        "causes": {"short_termism": 3, "purpose": 1},
        "written_ago": 300,
    },
    {
        "title": "店舗向けAIチャットボットの実証",
        "business_unit": "リテール事業部",
        "partner": ("トークAI株式会社", "startup"),
        "industry": "小売",
        "stages": [("exploration", 600), ("poc", 500), ("pilot", 380), ("stopped", 200)],
        "budget": 25_000_000,
        "outcome": "stopped",
        "reason": "3か月で問い合わせ削減効果が見えず打ち切り。",
        "headline": "現場を巻き込まずに3か月で効果を求めた実証は、数字が出る前に終わる",
        "worked": "回答精度は改善傾向にあり、利用者アンケートの評価は良かった。",
        "failed": "店舗スタッフへの説明が不十分で利用が広がらず、3か月で問い合わせ件数の削減を求められた。学習データが溜まる前に打ち切りとなった。",
        "lessons": "現場部門を推進チームに入れ、効果測定の期間を学習期間込みで設定する。",
        "countermeasure": "現場を含めた推進体制と、中長期で評価するKPIを設定する。",
        "causes": {"short_termism": 2, "internal_structure": 2},
        "written_ago": 180,
    },
    {
        "title": "自治体とのスマートシティ人流データ実証",
        "business_unit": "新規事業開発部",
        "partner": ("みなと市 未来都市推進課", "public"),
        "industry": "公共",
        "stages": [("exploration", 500), ("poc", 420), ("stopped", 150)],
        "budget": 10_000_000,
        "outcome": "stopped",
        "reason": "データの利用範囲で合意できず、実証を終了。",
        "headline": "データの利用範囲と連絡窓口を決めないまま始めた実証は、途中で止まる",
        "worked": "市の担当者は協力的で、センサー設置は予定通り進んだ。",
        "failed": "取得した人流データを当社が商用利用できるかが契約で曖昧だった。市側の担当者交代で窓口が不明になり、3か月間連絡が途絶えた。",
        "lessons": "公的機関との協業でも、データの帰属と利用範囲を最初に契約で決め、担当交代時の引継ぎ先を決めておく。",
        "countermeasure": "契約条件を事前に詰め、双方が見える連絡計画と窓口を定める。",
        "causes": {"ip_contract": 2, "communication": 2},
        "written_ago": 140,
    },
]


def _d(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


# The criterion each stage's gate was decided on (the projects' own criteria were not kept).
GATE_CRITERIA = {
    "exploration": "検証テーマと評価指標の合意",
    "poc": "PoC評価基準の達成",
    "pilot": "実証環境での効果確認",
}


def _history_through_gates(ctx: Any, project: Project, stages: list[tuple[str, int]], reason: str) -> None:
    """The stage history, each later stage entered by the decision on the previous stage's gate:
    a Go to move on, a No-go (with the reason) to stop."""
    decisions: list[GateDecision | None] = [None]
    for (stage, _), (following, ago) in zip(stages, stages[1:], strict=False):
        gate = Gate.objects.create(project=project, stage=stage, due=_d(ago), created_by=ctx.owner)
        GateCriterion.objects.create(gate=gate, text=GATE_CRITERIA[stage])
        stopped = following == "stopped"
        decisions.append(
            GateDecision.objects.create(
                gate=gate,
                decision="no_go" if stopped else "go",
                decided_on=_d(ago),
                decided_by=ctx.owner,
                note=reason if stopped else "評価基準を満たしたため次段階へ",
            )
        )
    StageHistory.objects.bulk_create(
        [
            StageHistory(
                project=project,
                stage=s,
                entered_on=_d(ago),
                left_on=_d(stages[i + 1][1]) if i + 1 < len(stages) else None,
                reason=reason if s == "stopped" else "",
                changed_by=ctx.owner,
                decision=decisions[i],
            )
            for i, (s, ago) in enumerate(stages)
        ]
    )


def _past_project(ctx: Any, case: dict[str, Any]) -> Project:
    stages: list[tuple[str, int]] = case["stages"]
    stage, entered = stages[-1]
    project = Project.objects.create(
        workspace=ctx.workspace,
        owner=ctx.owner,
        created_by=ctx.owner,
        title=case["title"],
        business_unit=case["business_unit"],
        stage=stage,
        stage_entered=_d(entered),
        budget_jpy=case["budget"],
        stopped_reason=case["reason"] if stage == "stopped" else "",
        status_colour="green",
        summary=case["headline"],
        purpose_category="new_technology",
    )
    Project.objects.filter(pk=project.pk).update(created_at=timezone.now() - dt.timedelta(days=stages[0][1]))
    _history_through_gates(ctx, project, stages, case["reason"])
    name, kind = case["partner"]
    ProjectParty.objects.create(
        project=project, side=Side.CORPORATE, name=ctx.workspace.name, kind="corporate"
    )
    ProjectParty.objects.create(project=project, side=Side.PARTNER, name=name, kind=kind)
    return project


def load_demo_lessons(ctx: Any) -> None:
    lessons = []
    for case in PAST:
        project = _past_project(ctx, case)
        reached = [s for s, _ in case["stages"] if s in STAGE_ORDER][-1]
        lessons.append(
            services.create_retrospective(
                project=project,
                by=ctx.owner,
                outcome=case["outcome"],
                headline=case["headline"],
                causes=case["causes"],
                what_worked=case["worked"],
                what_failed=case["failed"],
                lessons=case["lessons"],
                countermeasure=case["countermeasure"],
                written_on=_d(case["written_ago"]),
                industry=case["industry"],
                partner_name=case["partner"][0],
                partner_kind=case["partner"][1],
                stage_reached=reached,
                business_unit=case["business_unit"],
            )
        )
    ctx.objects["lessons"] = lessons

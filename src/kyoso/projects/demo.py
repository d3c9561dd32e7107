"""Demo projects: the three failure cases of docs/product.md#the-three-cases as live projects, and healthy ones at other stages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from kyoso.accounts.models import Membership, Role
from kyoso.partners.models import Organisation
from kyoso.projects import services
from kyoso.projects.models import (
    Contract,
    Gate,
    GateCriterion,
    GateDecision,
    LogEntry,
    Milestone,
    Note,
    Project,
    ProjectParty,
    Side,
    StageHistory,
    Stakeholder,
)


def _d(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _project(
    ctx: Any,
    *,
    stages: list[tuple[str, int]],
    partner: dict[str, Any],
    corporate: dict[str, Any],
    **fields: Any,
) -> Project:
    """Create a project whose stage history is `stages` [(stage, days_ago_entered), ...]."""
    ws, owner = ctx.workspace, ctx.owner
    stage, entered = stages[-1]
    project = Project.objects.create(
        workspace=ws, owner=owner, created_by=owner, stage=stage, stage_entered=_d(entered), **fields
    )
    Project.objects.filter(pk=project.pk).update(created_at=timezone.now() - dt.timedelta(days=stages[0][1]))
    project.refresh_from_db()
    for i, (s, ago) in enumerate(stages):
        left = _d(stages[i + 1][1]) if i + 1 < len(stages) else None
        StageHistory.objects.create(
            project=project, stage=s, entered_on=_d(ago), left_on=left, changed_by=owner
        )
    ProjectParty.objects.create(project=project, side=Side.CORPORATE, **corporate)
    # the partner directory's record of the same name (loaded before the projects), when there is one
    directory = Organisation.objects.filter(workspace=ws, name=partner["name"]).order_by("id").first()
    ProjectParty.objects.create(project=project, side=Side.PARTNER, organisation=directory, **partner)
    return project


def _log(project: Project, entries: list[tuple[int, str, str, str, str]], author: Any) -> None:
    LogEntry.objects.bulk_create(
        [
            LogEntry(
                project=project,
                date=_d(ago),
                kind=kind,
                parties=parties,
                note=note,
                visibility=vis,
                author=author,
                attendees="",
            )
            for ago, kind, parties, note, vis in entries
        ]
    )


def _gate(
    project: Project,
    stage: str,
    criteria: list[str],
    due_days: int,
    by: Any,
    decision: tuple[str, int, str] | None = None,
    signed_off: bool = True,
) -> Gate:
    """A gate; with `decision` (kind, days ago, rationale) decided, signed off by the sponsor that day."""
    gate = Gate.objects.create(project=project, stage=stage, due=_d(-due_days), created_by=by)
    GateCriterion.objects.bulk_create([GateCriterion(gate=gate, text=c) for c in criteria])
    if decision:
        GateDecision.objects.create(
            gate=gate,
            decision=decision[0],
            decided_on=_d(decision[1]),
            decided_by=by,
            note=decision[2],
            signed_by_sponsor=signed_off,
            sponsor_signed_off_on=_d(decision[1]) if signed_off else None,
        )
    return gate


def _link_history(project: Project) -> None:
    """Each stage after the first was entered through the Go decision on the previous stage's gate."""
    history = list(StageHistory.objects.filter(project=project).order_by("entered_on", "id"))
    for before, after in zip(history, history[1:], strict=False):
        decision = GateDecision.objects.get(gate__project=project, gate__stage=before.stage, decision="go")
        after.decision = decision
        after.save(update_fields=["decision"])


def _mutual_nda(project: Project, *, counterparty: str, signed_days_ago: int) -> Contract:
    """The demo's well-drafted NDA: mutual, purpose-limited, oral disclosures covered, shared."""
    return Contract.objects.create(
        project=project,
        kind="nda",
        status="signed",
        title="相互秘密保持契約",
        counterparty=counterparty,
        signed_on=_d(signed_days_ago),
        mutual=True,
        purpose_limited=True,
        oral_disclosures_covered=True,
        confidential_months_after_end=36,
        decision_deadline_days=60,
        visibility="shared",
    )


def load_demo_projects(ctx: Any) -> None:
    ws, owner = ctx.workspace, ctx.owner
    members = {m.user.email: m.user for m in Membership.objects.filter(workspace=ws).select_related("user")}
    suzuki = members.get("suzuki@kyoso.example", owner)
    executive = next(
        (m.user for m in Membership.objects.filter(workspace=ws, role=Role.EXECUTIVE).select_related("user")),
        None,
    )
    # The executive sponsoring projects b, d and e: the workspace's executive, else a name only.
    executive_sponsor = {
        "sponsor_user": executive,
        "sponsor_name": "" if executive else "高橋 美咲",
        "sponsor_level": "executive",
    }
    corp = {
        "name": "共創デモ製作所",
        "kind": "corporate",
        "oi_experience_count": 0,
        "company_wide_support": False,
        "decision_lead_days": 90,
        "quality_approach": "verify_first",
        "risk_appetite": "low",
    }

    # --- Case A: culture mismatch (manufacturer × image-recognition AI startup) -------------------------
    org_a = ctx.objects.get("org_visiontech")
    partner_a_name = getattr(org_a, "name", None) or "ビジョンテック株式会社"
    a = _project(
        ctx,
        stages=[("exploration", 240), ("poc", 180)],
        corporate=corp,
        partner={
            "name": partner_a_name,
            "kind": "startup",
            "oi_experience_count": 2,
            "company_wide_support": True,
            "decision_lead_days": 7,
            "quality_approach": "ship_and_iterate",
            "risk_appetite": "high",
        },
        title="画像認識AIによる外観検査の共同開発",
        type="inbound",
        business_unit="製造事業部",
        summary="組立ラインの外観検査を画像認識AIで自動化するPoC。",
        internal_note="先方は月次リリースを要望。品質保証部は全数検証完了まで導入不可の立場。稟議は3か月待ち。",
        status_colour="red",
        budget_jpy=30_000_000,
        purpose_category="new_technology",
        goal="外観検査の工数を30%削減し、見逃し率を半減する。",
        why_partner="社内に深層学習の実装人材がいないため。",
        sponsor_user=suzuki,
        sponsor_level="manager",
        sponsor_last_engaged=_d(150),
        poc_planned_end=_d(30),
        poc_deliverable="検出率と誤検出率の評価報告書",
        cadence_days=14,
        channels=["meeting", "chat"],
        comm_corporate_owner=suzuki,
        comm_partner_owner="佐藤 翔",
    )
    services.add_benefit(project=a, by=owner, metric="検査工数削減", target=30, unit="%", by_date=_d(-270))
    Stakeholder.objects.create(
        project=a, name="製造部長", acknowledged_on=_d(200), comment="予算は今期分のみ承認"
    )
    Stakeholder.objects.create(project=a, name="品質保証部長")
    _gate(
        a,
        "exploration",
        ["検査対象部品と評価用画像の範囲を合意", "PoC予算の確保"],
        due_days=-185,
        by=owner,
        decision=("go", 180, "評価条件と今期のPoC予算を確定"),
    )
    _gate(a, "poc", ["検出率95%以上", "誤検出率5%以下", "ライン停止ゼロ"], due_days=30, by=owner)
    Milestone.objects.create(
        project=a, title="学習用画像1万枚の提供", due=_d(150), done_on=_d(120), visibility="shared"
    )
    Milestone.objects.create(project=a, title="プロトタイプのライン設置", due=_d(60), visibility="shared")
    Milestone.objects.create(project=a, title="品質保証部の評価完了", due=_d(20), visibility="internal")
    kpi = services.add_kpi(
        project=a, by=owner, name="検出率", target=95, unit="%", horizon_months=6, visibility="shared"
    )
    for ago, value in [(150, 82.0), (120, 88.5), (90, 91.2), (60, 93.0)]:
        kpi.measurements.create(measured_on=_d(ago), value=value)
    _log(
        a,
        [
            (175, "meeting", "both", "キックオフ。先方は2週間ごとのリリースを提案。", "shared"),
            (160, "chat", "both", "画像データの受け渡し方法を確認。", "shared"),
            (140, "meeting", "both", "精度88%。先方は現場投入を希望、当社は全数検証を要求。", "shared"),
            (95, "email", "corporate", "品質保証部内で検証基準を協議(社内のみ)。", "internal"),
            (70, "meeting", "both", "先方から意思決定の遅さについて懸念表明。", "shared"),
        ],
        suzuki,
    )
    Note.objects.create(
        project=a,
        author=owner,
        body="先方CEOが協業終了を示唆。役員同席の面談を設定すべき。",
        visibility="internal",
    )
    Note.objects.create(
        project=a, author=owner, body="次回定例で評価基準の見直し案を共有します。", visibility="shared"
    )
    _mutual_nda(a, counterparty=partner_a_name, signed_days_ago=235)
    Contract.objects.create(
        project=a,
        kind="poc",
        status="signed",
        title="技術検証契約",
        counterparty=partner_a_name,
        signed_on=_d(182),
        fee_jpy=5_000_000,
        deliverable="評価報告書(検収1週間)",
        end_date=_d(30),
        foreground_ip_owner="partner",
        publication="allowed_after_review",
        decision_deadline_days=60,
        purpose_limited=True,
        visibility="shared",
    )
    if ctx.partner_user is not None:
        services.grant_partner_access(
            project=a, user=ctx.partner_user, by=owner, organisation_name=partner_a_name
        )

    # --- Case B: IP undecided in a signed joint development contract --------------------------------------
    b = _project(
        ctx,
        stages=[("exploration", 540), ("poc", 450), ("pilot", 300)],
        corporate={**corp, "name": "共創デモ自動車", "oi_experience_count": 1},
        partner={
            "name": "シェアモビ株式会社",
            "kind": "startup",
            "oi_experience_count": 1,
            "company_wide_support": True,
            "decision_lead_days": 14,
            "quality_approach": "balanced",
            "risk_appetite": "high",
        },
        title="カーシェア配車最適化サービスの共同開発",
        type="inbound",
        business_unit="モビリティ事業本部",
        summary="カーシェア車両の需要予測と配車最適化アルゴリズムの共同開発。",
        internal_note="新たな配車アルゴリズムについて双方が権利を主張。法務が帰属を確認中。",
        status_colour="red",
        budget_jpy=80_000_000,
        purpose_category="new_business",
        goal="2年以内に法人向けカーシェア事業を立ち上げ、稼働率を20%向上させる。",
        why_partner="配車アルゴリズムと運用ノウハウを持つため。",
        **executive_sponsor,
        sponsor_last_engaged=_d(40),
        sponsor_budget_until=_d(-180),
        cadence_days=14,
        channels=["meeting", "email"],
        comm_partner_owner="シェアモビ 事業開発部",
    )
    services.add_benefit(project=b, by=owner, metric="車両稼働率向上", target=20, unit="%", by_date=_d(-365))
    Stakeholder.objects.create(project=b, name="モビリティ事業本部長", acknowledged_on=_d(520))
    _gate(
        b,
        "exploration",
        ["法人顧客の需要ヒアリング10社", "配車データの提供範囲を合意"],
        due_days=-455,
        by=owner,
        decision=("go", 450, "法人需要を確認、データ提供範囲を合意"),
    )
    _gate(
        b,
        "poc",
        ["需要予測誤差15%以内"],
        due_days=-300,
        by=owner,
        decision=("go", 300, "目標を上回る精度を確認"),
    )
    _gate(b, "pilot", ["法人顧客3社で実証", "稼働率10%向上"], due_days=60, by=owner)
    Milestone.objects.create(
        project=b, title="配車アルゴリズムv2", due=_d(120), done_on=_d(110), visibility="shared"
    )
    Milestone.objects.create(project=b, title="法人顧客3社での実証開始", due=_d(30), visibility="shared")
    _log(
        b,
        [(d, "meeting", "both", "定例会議", "shared") for d in (290, 275, 260, 240, 200, 150, 100, 60, 20)],
        suzuki,
    )
    nda_b = Contract.objects.create(
        project=b,
        kind="nda",
        status="signed",
        title="秘密保持契約（シェアモビ・配車データ）",
        counterparty="シェアモビ株式会社",
        signed_on=_d(530),
        mutual=True,
        purpose_limited=False,
        oral_disclosures_covered=False,
        confidential_months_after_end=12,
    )
    Contract.objects.create(
        project=b,
        kind="joint_development",
        status="signed",
        title="配車最適化の共同開発契約",
        counterparty="シェアモビ株式会社",
        signed_on=_d(440),
        foreground_ip_owner="undecided",
        background_ip_listed=False,
        exclusive=True,
        exclusivity_field="",
        exclusivity_months=None,
        publication="undecided",
        purpose_limited=True,
        internal_note="成果の帰属は「別途協議」のまま締結。",
    )
    b.disclosures.create(
        contract=nda_b,
        disclosed_by="partner",
        disclosed_on=_d(500),
        form="oral",
        description="需要予測モデルの特徴量設計(口頭説明)",
        marked_confidential=False,
        recorded_by=owner,
    )

    # --- Case C: goal mismatch (bank × blockchain fintech) -------------------------------------------------
    c = _project(
        ctx,
        stages=[("exploration", 420), ("poc", 365)],
        corporate={
            **corp,
            "name": "共創デモ銀行",
            "oi_experience_count": 3,
            "company_wide_support": True,
            "decision_lead_days": 60,
        },
        partner={
            "name": "チェーンペイ株式会社",
            "kind": "startup",
            "oi_experience_count": 1,
            "company_wide_support": True,
            "decision_lead_days": 10,
            "quality_approach": "ship_and_iterate",
            "risk_appetite": "high",
        },
        title="ブロックチェーン決済基盤の検証",
        type="inbound",
        business_unit="決済企画部",
        summary="既存の決済システムへのブロックチェーン技術の適用検証。",
        internal_note="出資先。当行は段階的改善を想定しているが、先方資料は全面刷新前提に見える。",
        status_colour="amber",
        budget_jpy=120_000_000,
        purpose_category="improve_existing",
        goal="決済システムを改善する",
        why_partner="",
        sponsor_name="決済企画部長",
        sponsor_level="director",
        sponsor_last_engaged=_d(200),
        poc_planned_end=_d(120),
        poc_deliverable="プロトタイプ",
        cadence_days=30,
        channels=["email"],
        comm_partner_owner="チェーンペイ CTO",
    )
    Stakeholder.objects.create(project=c, name="システム部長")
    services.add_benefit(project=c, by=owner, metric="決済処理コスト削減", target=None, unit="", by_date=None)
    _gate(
        c,
        "exploration",
        ["検証する決済業務の特定", "セキュリティ審査の事前相談"],
        due_days=-370,
        by=owner,
        decision=("go", 365, "送金照合業務で検証することを合意"),
    )
    _gate(c, "poc", ["プロトタイプ完成"], due_days=120, by=owner)
    Milestone.objects.create(
        project=c, title="プロトタイプ完成", due=_d(120), done_on=_d(30), visibility="shared"
    )
    Milestone.objects.create(project=c, title="当行要件との適合確認", due=_d(10), visibility="internal")
    _log(
        c,
        [
            (360, "meeting", "both", "キックオフ", "shared"),
            (250, "email", "both", "進捗報告を受領", "shared"),
            (
                30,
                "meeting",
                "both",
                "プロトタイプ説明。既存システムの置換を前提とした設計であることが判明。",
                "shared",
            ),
        ],
        suzuki,
    )
    Contract.objects.create(
        project=c,
        kind="poc",
        status="signed",
        title="PoC契約",
        counterparty="チェーンペイ株式会社",
        signed_on=_d(365),
        fee_jpy=0,
        deliverable="",
        decision_deadline_days=None,
        foreground_ip_owner="corporate",
    )

    # --- Healthy projects -----------------------------------------------------------------------------------
    d = _project(
        ctx,
        stages=[("exploration", 90)],
        corporate=corp,
        partner={
            "name": "グリーンセンシング株式会社",
            "kind": "startup",
            "oi_experience_count": 4,
            "company_wide_support": True,
            "decision_lead_days": 14,
            "quality_approach": "balanced",
            "risk_appetite": "medium",
        },
        title="工場CO2排出量の見える化",
        type="inbound",
        business_unit="生産技術部",
        status_colour="green",
        summary="IoTセンサーで工場ごとのCO2排出量を可視化する。",
        budget_jpy=8_000_000,
        purpose_category="new_technology",
        goal="2工場でCO2排出量を日次で計測し、削減余地を10%特定する。",
        why_partner="安価なセンサーと分析基盤を既に持つため。",
        **executive_sponsor,
        sponsor_last_engaged=_d(10),
        sponsor_budget_until=_d(-300),
        cadence_days=14,
        channels=["meeting", "chat"],
    )
    services.add_benefit(project=d, by=owner, metric="削減余地の特定", target=10, unit="%", by_date=_d(-200))
    Stakeholder.objects.create(
        project=d, name="生産技術部長", acknowledged_on=_d(80), comment="2工場での試行に同意"
    )
    _gate(d, "poc", ["2工場で日次計測", "計測誤差5%以内"], due_days=60, by=owner)
    Milestone.objects.create(project=d, title="センサー設置計画の合意", due=_d(-20), visibility="shared")
    _log(
        d,
        [
            (85, "meeting", "both", "初回面談", "shared"),
            (70, "meeting", "both", "現地視察", "shared"),
            (56, "chat", "both", "設置場所の確認", "shared"),
            (42, "meeting", "both", "計画レビュー", "shared"),
            (28, "call", "both", "見積確認", "shared"),
            (14, "meeting", "both", "NDA締結後の詳細協議", "shared"),
            (3, "chat", "both", "日程調整", "shared"),
        ],
        suzuki,
    )
    _mutual_nda(d, counterparty="グリーンセンシング株式会社", signed_days_ago=60)

    e = _project(
        ctx,
        stages=[("exploration", 700), ("poc", 600), ("pilot", 420), ("commercialisation", 120)],
        corporate=corp,
        partner={
            "name": "ロジスマート株式会社",
            "kind": "startup",
            "oi_experience_count": 6,
            "company_wide_support": True,
            "decision_lead_days": 10,
            "quality_approach": "balanced",
            "risk_appetite": "medium",
        },
        title="物流倉庫の需要予測による在庫最適化",
        type="inbound",
        business_unit="物流本部",
        status_colour="green",
        summary="倉庫在庫の需要予測を本番導入済み。全国展開中。",
        budget_jpy=150_000_000,
        purpose_category="improve_existing",
        goal="在庫回転日数を20%短縮する。",
        why_partner="需要予測SaaSを短期間で導入できるため。",
        **executive_sponsor,
        sponsor_last_engaged=_d(20),
        sponsor_budget_until=_d(-400),
        cadence_days=30,
        channels=["meeting", "email"],
    )
    services.add_benefit(
        project=e, by=owner, metric="在庫回転日数短縮", target=20, unit="%", by_date=_d(-100)
    )
    Stakeholder.objects.create(project=e, name="物流本部長", acknowledged_on=_d(690))
    _gate(
        e,
        "exploration",
        ["需要データ2年分の提供", "対象拠点の選定"],
        due_days=-605,
        by=owner,
        decision=("go", 600, "データ提供と対象3拠点を確定"),
    )
    _gate(e, "poc", ["予測誤差10%以内"], due_days=-600, by=owner, decision=("go", 420, "基準達成"))
    _gate(e, "pilot", ["3拠点で在庫10%削減"], due_days=-420, by=owner, decision=("go", 120, "4拠点で12%削減"))
    kpi_e = services.add_kpi(
        project=e,
        by=owner,
        name="在庫回転日数短縮率",
        target=20,
        unit="%",
        horizon_months=18,
        visibility="shared",
    )
    for ago, value in [(400, 3.0), (300, 8.5), (200, 12.0), (100, 16.4), (20, 18.9)]:
        kpi_e.measurements.create(measured_on=_d(ago), value=value)
    _log(e, [(d_, "meeting", "both", "月次定例", "shared") for d_ in (110, 80, 50, 21)], suzuki)
    Contract.objects.create(
        project=e,
        kind="license",
        status="signed",
        title="ライセンス契約",
        counterparty="ロジスマート株式会社",
        signed_on=_d(125),
        license_scope="国内物流拠点での利用",
        exclusive=True,
        exclusivity_field="国内の自社物流",
        exclusivity_months=24,
        fee_jpy=24_000_000,
        improvements_grant_back="mutual",
        free_license_to_corporate=False,
        end_date=_d(-600),
    )

    f = _project(
        ctx,
        stages=[("exploration", 200), ("poc", 100), ("pilot", 25)],
        corporate=corp,
        partner={
            "name": "東都大学 材料工学研究室",
            "kind": "university",
            "oi_experience_count": 10,
            "company_wide_support": True,
            "decision_lead_days": 30,
            "quality_approach": "verify_first",
            "risk_appetite": "medium",
        },
        title="新素材の軽量化部品の試作",
        type="outbound",
        business_unit="研究開発本部",
        status_colour="green",
        summary="自社の樹脂技術を大学と組み合わせて軽量部品を試作。",
        budget_jpy=20_000_000,
        purpose_category="new_technology",
        goal="従来比30%軽量な部品を試作し、強度試験に合格する。",
        why_partner="評価設備と解析ノウハウを持つため。",
        sponsor_name="研究開発本部長",
        sponsor_level="director",
        sponsor_last_engaged=_d(15),
        sponsor_budget_until=_d(-300),
        cadence_days=21,
        channels=["meeting", "email"],
    )
    services.add_benefit(project=f, by=owner, metric="部品重量削減", target=30, unit="%", by_date=_d(-300))
    Stakeholder.objects.create(project=f, name="研究開発本部長", acknowledged_on=_d(190))
    _gate(
        f,
        "exploration",
        ["対象部品の選定", "材料サンプルの入手"],
        due_days=-105,
        by=owner,
        decision=("go", 100, "ブラケット部品で試作することを決定"),
    )
    _gate(f, "poc", ["試作品の強度試験合格"], due_days=-25, by=owner, decision=("go", 25, "全項目合格"))
    _gate(f, "pilot", ["量産金型での試作", "コスト1.2倍以内"], due_days=150, by=owner)
    _log(f, [(d_, "meeting", "both", "研究打合せ", "shared") for d_ in (90, 70, 50, 30, 10)], suzuki)

    for project in (a, b, c, d, e, f):
        _link_history(project)
    ctx.objects.update(project_a=a, project_b=b, project_c=c, project_d=d, project_e=e, project_f=f)

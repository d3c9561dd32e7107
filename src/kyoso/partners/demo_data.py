"""Demo directory: about thirty Japanese organisations, three needs, offers and checklist answers.

Names are invented. The demo partner user (佐藤 翔) works at 株式会社ビジョンテック, available to
later loaders as ctx.objects["org_visiontech"]; every organisation is ctx.objects["org_<key>"],
needs are ctx.objects["need_<key>"].
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kyoso.core.demo import DemoContext
from kyoso.partners import search
from kyoso.partners.models import (
    Candidate,
    CandidateStatus,
    ChecklistAnswer,
    Contact,
    Need,
    Offer,
    Organisation,
    Source,
    industry_keys,
)

# key, name, kind, description, industries, technologies, website, founded, employees, stage,
# decision_lead_days, quality_approach, risk_appetite, oi_count, company_wide_support
ORGANISATIONS: list[tuple[Any, ...]] = [
    ("own", "共創デモ株式会社（自社）", "corporate", "産業機械と部品の製造販売。国内外に12工場を持ち、外観検査や物流の自動化を進めている。", ["製造業", "産業機械"], ["生産技術", "品質管理"], "https://kyoso-demo.example.jp", 1952, 12000, "listed", 90, "verify_first", "low", 2, "unknown"),
    ("visiontech", "株式会社ビジョンテック", "startup", "画像認識AIによる外観検査の自動化。深層学習モデルを製造ラインに数週間で導入し、現場のフィードバックで改善し続ける。", ["製造業", "AI"], ["画像認識", "深層学習", "エッジAI"], "https://visiontech.example.jp", 2018, 45, "series_a", 7, "ship_and_iterate", "high", 3, "yes"),
    ("mirai_mobility", "みらいモビリティ株式会社", "startup", "カーシェアリングとオンデマンド交通の配車プラットフォーム。需要予測アルゴリズムで車両の稼働率を高める。", ["モビリティ", "交通"], ["カーシェア", "配車最適化", "需要予測"], "https://mirai-mobility.example.jp", 2017, 80, "series_b", 14, "ship_and_iterate", "high", 4, "yes"),
    ("chainbridge", "チェーンブリッジ株式会社", "startup", "ブロックチェーンを使った決済・清算基盤。銀行間送金の即時決済とスマートコントラクトによる自動清算を提供。", ["金融", "フィンテック"], ["ブロックチェーン", "スマートコントラクト", "決済"], "https://chainbridge.example.jp", 2019, 35, "series_a", 10, "ship_and_iterate", "high", 1, "yes"),
    ("sensorio", "センソリオ株式会社", "startup", "工場設備の振動・温度を測るIoTセンサーと予知保全サービス。後付けの無線センサーで故障を事前に検知する。", ["製造業", "IoT"], ["IoT", "予知保全", "無線センサー"], "https://sensorio.example.jp", 2016, 60, "series_b", 21, "balanced", "medium", 5, "yes"),
    ("biomolecule", "株式会社バイオモレキュール", "startup", "AI創薬。タンパク質構造予測と化合物スクリーニングで、候補化合物の探索期間を短縮する。", ["医薬品", "ヘルスケア"], ["創薬", "機械学習", "タンパク質構造予測"], "https://biomolecule.example.jp", 2015, 70, "series_c", 30, "verify_first", "medium", 6, "yes"),
    ("robofactory", "ロボファクトリー株式会社", "startup", "協働ロボットによるピッキングと組立の自動化。ティーチング不要のロボット制御ソフトウェア。", ["製造業", "ロボティクス"], ["協働ロボット", "ロボット制御", "画像認識"], "https://robofactory.example.jp", 2019, 40, "series_a", 10, "ship_and_iterate", "high", 2, "yes"),
    ("greengrid", "グリーングリッド株式会社", "startup", "再生可能エネルギーの需給予測と蓄電池制御。工場の電力コストとCO2排出量を削減する。", ["エネルギー", "脱炭素"], ["需給予測", "蓄電池制御", "エネルギーマネジメント"], "https://greengrid.example.jp", 2020, 25, "seed", 7, "ship_and_iterate", "high", 0, "unknown"),
    ("logiflow", "ロジフロー株式会社", "startup", "倉庫内物流の自動化。自律走行搬送ロボット（AMR）と倉庫管理システムを組み合わせて出荷作業を効率化。", ["物流", "ロボティクス"], ["AMR", "倉庫管理システム", "経路最適化"], "https://logiflow.example.jp", 2018, 55, "series_b", 14, "balanced", "medium", 3, "yes"),
    ("voicelab", "株式会社ボイスラボ", "startup", "日本語音声認識と通話要約のAI。コールセンターや現場作業の記録を自動化する。", ["AI", "コールセンター"], ["音声認識", "自然言語処理", "要約"], "https://voicelab.example.jp", 2019, 30, "series_a", 10, "ship_and_iterate", "high", 2, "yes"),
    ("securenet", "セキュアネット株式会社", "startup", "工場の制御システム（OT）向けサイバーセキュリティ。ネットワーク監視で異常な通信を検知する。", ["セキュリティ", "製造業"], ["サイバーセキュリティ", "異常検知", "OTセキュリティ"], "https://securenet.example.jp", 2017, 50, "series_b", 21, "verify_first", "low", 4, "yes"),
    ("agrisense", "アグリセンス株式会社", "startup", "ドローンと衛星画像による農作物の生育診断。画像解析で収穫量を予測する。", ["農業"], ["ドローン", "画像解析", "衛星データ"], "https://agrisense.example.jp", 2018, 20, "seed", 7, "ship_and_iterate", "high", 1, "unknown"),
    ("materialx", "マテリアルX株式会社", "startup", "マテリアルズ・インフォマティクス。機械学習で新素材の配合を探索し、試作回数を減らす。", ["素材", "化学"], ["マテリアルズインフォマティクス", "機械学習"], "https://materialx.example.jp", 2019, 25, "series_a", 14, "balanced", "medium", 2, "yes"),
    ("carecloud", "ケアクラウド株式会社", "startup", "介護施設向け見守りセンサーと記録アプリ。IoTで夜間の巡回負担を減らす。", ["ヘルスケア", "介護"], ["IoT", "見守りセンサー", "クラウド"], "https://carecloud.example.jp", 2016, 90, "series_c", 14, "balanced", "medium", 3, "yes"),
    ("quantumleap", "クオンタムリープ株式会社", "startup", "量子コンピューティングによる組合せ最適化。配送計画や生産スケジューリングを高速に解く。", ["IT", "最適化"], ["量子コンピューティング", "組合せ最適化"], "https://quantumleap.example.jp", 2020, 15, "seed", 7, "ship_and_iterate", "high", 0, "unknown"),
    ("evcharge", "EVチャージ株式会社", "startup", "電気自動車の充電インフラと充電予約サービス。商業施設や社用車向けに充電器を運用する。", ["モビリティ", "エネルギー"], ["EV充電", "IoT"], "https://evcharge.example.jp", 2018, 40, "series_b", 14, "balanced", "medium", 2, "yes"),
    ("tokyo_motors", "東都自動車株式会社", "corporate", "完成車メーカー。電動化とモビリティサービスへの転換を進め、カーシェア事業の共同開発先を探している。", ["自動車", "モビリティ"], ["電動化", "自動運転"], "https://tokyo-motors.example.jp", 1937, 70000, "listed", 120, "verify_first", "low", 5, "no"),
    ("sakura_bank", "さくら銀行株式会社", "corporate", "大手銀行。既存の決済システムを段階的に改善するため、フィンテック企業との協業を検討している。", ["金融", "銀行"], ["決済システム", "勘定系"], "https://sakura-bank.example.jp", 1920, 30000, "listed", 150, "verify_first", "low", 3, "no"),
    ("nihon_pharma", "日本ファーマ株式会社", "corporate", "製薬会社。AI創薬やデジタルヘルスのスタートアップとの共同研究を進めている。", ["医薬品"], ["創薬", "臨床開発"], "https://nihon-pharma.example.jp", 1948, 8000, "listed", 90, "verify_first", "low", 8, "yes"),
    ("kanto_logistics", "関東ロジスティクス株式会社", "corporate", "総合物流会社。倉庫の自動化とドライバー不足への対応が課題。", ["物流"], ["倉庫管理", "輸配送"], "https://kanto-logi.example.jp", 1960, 15000, "listed", 60, "balanced", "medium", 2, "unknown"),
    ("hokuriku_electric", "北陸電機株式会社", "corporate", "電子部品メーカー。工場のIoT化と予知保全を全社で推進している。", ["製造業", "電子部品"], ["電子部品", "生産技術"], "https://hokuriku-denki.example.jp", 1970, 5000, "listed", 60, "verify_first", "medium", 4, "yes"),
    ("todai_lab", "東都大学 知能システム研究室", "university", "画像認識と機械学習の基礎研究。製造業との共同研究で外観検査の精度向上に取り組む。", ["大学", "AI"], ["画像認識", "機械学習", "コンピュータビジョン"], "https://todai-lab.example.ac.jp", 1998, 30, "", 180, "verify_first", "low", 10, "yes"),
    ("kyoto_bio", "京都先端生命科学研究所", "university", "創薬シーズと細胞培養技術の研究機関。企業への技術移転と共同研究を行う。", ["大学", "ライフサイエンス"], ["細胞培養", "創薬"], "https://kyoto-bio.example.ac.jp", 1985, 200, "", 120, "verify_first", "low", 12, "yes"),
    ("osaka_tech", "大阪工業大学 ロボティクス研究センター", "university", "協働ロボットと人の動作解析の研究。工場の自動化に関する共同研究実績が多い。", ["大学", "ロボティクス"], ["ロボット制御", "動作解析"], "https://osaka-tech.example.ac.jp", 2005, 40, "", 120, "balanced", "medium", 9, "yes"),
    ("nedo_like", "新産業技術振興機構", "public", "研究開発型スタートアップと大企業の連携を支援する公的機関。実証事業の助成を行う。", ["公的機関", "産業支援"], ["研究開発支援"], "https://shinsangyo.example.go.jp", 2003, 800, "", 90, "verify_first", "low", 20, "yes"),
    ("kobe_city", "神戸市 イノベーション推進課", "public", "自治体のオープンイノベーション窓口。スタートアップと行政課題の実証を進める。", ["自治体"], ["スマートシティ", "実証実験"], "https://kobe-city.example.lg.jp", 1889, 50, "", 60, "balanced", "medium", 15, "yes"),
    ("deepsight", "DeepSight Inc.", "startup", "Computer vision platform for visual quality inspection on production lines. Anomaly detection with few labelled images; deployed on edge devices.", ["Manufacturing", "AI"], ["computer vision", "anomaly detection", "edge AI"], "https://deepsight.example.com", 2017, 60, "series_b", 10, "ship_and_iterate", "high", 4, "yes"),
    ("ledgerworks", "LedgerWorks Ltd.", "startup", "Permissioned blockchain for interbank settlement and trade finance. Integrates step by step with existing core banking systems.", ["Fintech", "Banking"], ["blockchain", "distributed ledger", "payments"], "https://ledgerworks.example.com", 2016, 90, "series_c", 21, "balanced", "medium", 6, "yes"),
    ("ridepool", "RidePool Technologies", "startup", "Car sharing and ride pooling software for automakers and cities: fleet management, dynamic pricing and demand forecasting.", ["Mobility"], ["car sharing", "fleet management", "demand forecasting"], "https://ridepool.example.com", 2018, 120, "series_b", 14, "ship_and_iterate", "high", 5, "yes"),
    ("cellcure", "CellCure Therapeutics", "startup", "AI drug discovery for rare diseases: generative chemistry and protein structure prediction to find new drug candidates.", ["Pharmaceuticals", "Biotech"], ["drug discovery", "machine learning", "generative chemistry"], "https://cellcure.example.com", 2019, 40, "series_a", 14, "verify_first", "medium", 2, "yes"),
    ("factorymind", "FactoryMind GmbH", "startup", "Industrial IoT analytics: predictive maintenance for machine tools using vibration sensors.", ["Manufacturing", "IoT"], ["IoT", "predictive maintenance", "vibration analysis"], "https://factorymind.example.com", 2015, 75, "series_b", 21, "balanced", "medium", 4, "yes"),
]

NOTES = {
    "visiontech": "CTOの意思決定が速い。品質保証部との検証プロセスの合意が鍵。前回の面談で「PoCは3か月以内」を希望。",
    "chainbridge": "既存決済システムの全面置き換えを志向している可能性あり。期待値のすり合わせが必要。",
    "mirai_mobility": "共同開発の成果の帰属について、NDA段階で確認すること。",
}

CHECKLISTS = {
    "visiontech": {"oi_experience": "yes", "company_wide_enthusiasm": "yes", "technology_fits_purpose": "yes", "met_in_person": "yes", "ir_checked": "unknown"},
    "deepsight": {"oi_experience": "yes", "technology_fits_purpose": "yes", "met_in_person": "no"},
    "robofactory": {"oi_experience": "yes", "technology_fits_purpose": "unknown", "met_in_person": "yes"},
    "sensorio": {"oi_experience": "yes", "company_wide_enthusiasm": "yes", "technology_fits_purpose": "yes", "met_in_person": "yes", "ir_checked": "yes"},
    "chainbridge": {"oi_experience": "no", "company_wide_enthusiasm": "yes", "technology_fits_purpose": "unknown", "ir_checked": "no"},
    "mirai_mobility": {"oi_experience": "yes", "met_in_person": "yes", "ir_checked": "yes"},
    "todai_lab": {"oi_experience": "yes", "technology_fits_purpose": "yes", "met_in_person": "yes"},
}

CHECK_NOTES = {
    "met_in_person": "本社で面談",
    "ir_checked": "登記情報と資金調達の公開情報を確認",
    "technology_fits_purpose": "デモで検出率を確認",
}

OFFERS = [
    ("visiontech", "AI外観検査パッケージ VT-Inspect", "少数の不良画像から学習できる外観検査AI。既存カメラに後付けでき、3か月でPoCから本番運用へ。", ["画像認識", "エッジAI"], "replace", 3, 30_000_000),
    ("deepsight", "DeepSight Edge Inspector", "Visual inspection on edge devices; pilot in 6 weeks, improves from operator feedback.", ["computer vision", "anomaly detection"], "improve_existing", 2, 20_000_000),
    ("robofactory", "ティーチングレス組立ロボット", "画像認識で部品を認識し、ティーチングなしで組立・ピッキングを行う協働ロボット。", ["協働ロボット", "画像認識"], "improve_existing", 6, 40_000_000),
    ("sensorio", "後付け予知保全キット", "既存設備に取り付ける無線振動センサーと故障予測ダッシュボード。", ["IoT", "予知保全"], "improve_existing", 4, 15_000_000),
    ("chainbridge", "即時決済プラットフォーム", "銀行の決済システムをブロックチェーン基盤で置き換え、24時間即時決済を実現する。", ["ブロックチェーン", "決済"], "replace", 6, 200_000_000),
    ("ledgerworks", "LedgerWorks Settlement Bridge", "Connects existing payment systems to a permissioned ledger step by step, without replacing the core.", ["blockchain", "payments"], "improve_existing", 9, 60_000_000),
    ("mirai_mobility", "カーシェア配車エンジン", "需要予測に基づく配車と料金設定。自動車メーカーのカーシェア事業に組み込める。", ["カーシェア", "需要予測"], "new_market", 6, 80_000_000),
    ("biomolecule", "AI化合物スクリーニング", "候補化合物の探索を数か月から数週間に短縮する。", ["創薬", "機械学習"], "improve_existing", 12, 100_000_000),
    ("logiflow", "AMR出荷自動化", "倉庫の出荷作業を自律走行ロボットで自動化。", ["AMR", "倉庫管理システム"], "improve_existing", 6, 50_000_000),
]

NEEDS = [
    ("inspection", None, "画像認識AIによる外観検査の自動化", "樹脂部品の外観検査を目視から自動化したい。不良の見逃しを減らし、検査工数を30%削減する。既存の品質保証プロセスに組み込める技術を求める。", "熟練検査員の退職で検査品質の維持が難しい。社内にAIの知見がない。", 10_000_000, 50_000_000, "2026年度内にPoC、翌年度に2ラインへ展開", 6, "improve_existing", "製造現場での導入実績。品質保証部門と検証手順を合意できること。"),
    ("maintenance", None, "工場設備の予知保全", "プレス機と射出成形機の故障を事前に検知し、計画外停止を半減させたい。", "突発停止による損失が年間2億円。", 5_000_000, 30_000_000, "半年でPoC", 6, "improve_existing", "既存設備に後付けできること。"),
    ("mobility", "tokyo_motors", "カーシェア事業の共同開発", "自動車メーカーとしてカーシェア・配車サービスを共同開発するパートナーを探している。", "所有から利用への移行に備える。", 50_000_000, 300_000_000, "2年で事業化", 12, "new_market", "成果（アルゴリズム等）の知財の扱いを事前に合意できること。"),
    ("payments", "sakura_bank", "既存決済システムの段階的な改善", "既存の決済システムを段階的に改善し、銀行間送金を高速化したい。全面置き換えは想定していない。", "顧客の即時送金ニーズ。", 20_000_000, 100_000_000, "1年でパイロット", 12, "improve_existing", "既存システムとの段階的な統合の経験。"),
]


def load_demo_partners(ctx: DemoContext) -> None:
    workspace = ctx.workspace
    version = search.bump_version(workspace.pk)
    orgs: dict[str, Organisation] = {}
    for (key, name, kind, description, industries, technologies, website, founded, employees, stage, lead,
         quality, risk, oi_count, support) in ORGANISATIONS:
        orgs[key] = Organisation(
            workspace=workspace,
            name=name,
            kind=kind,
            description=description,
            industries=industries,
            technologies=technologies,
            industry_keys=industry_keys(industries),
            website=website,
            country="日本" if website.endswith(".jp") else ("ドイツ" if "GmbH" in name else "米国"),
            founded=founded,
            employees=employees,
            stage=stage,
            decision_lead_days=lead,
            quality_approach=quality,
            risk_appetite=risk,
            oi_experience_count=oi_count,
            company_wide_support=support,
            internal_notes=NOTES.get(key, ""),
            source=Source.DEMO,
            created_by=ctx.owner,
            search_stamp=version,
        )
    Organisation.objects.bulk_create(orgs.values())
    for key, org in orgs.items():
        ctx.objects[f"org_{key}"] = org
    Contact.objects.bulk_create(
        [
            Contact(organisation=orgs["visiontech"], name="佐藤 翔", title="事業開発責任者", email="partner@kyoso.example"),
            Contact(organisation=orgs["visiontech"], name="木村 大輔", title="CTO"),
            Contact(organisation=orgs["mirai_mobility"], name="中村 優", title="アライアンス部長"),
            Contact(organisation=orgs["chainbridge"], name="小林 誠", title="CEO"),
        ]
    )
    Offer.objects.bulk_create(
        [
            Offer(organisation=orgs[key], title=title, description=desc, technologies=tech, goal_type=goal,
                  first_result_months=months, budget_jpy=budget)
            for key, title, desc, tech, goal, months, budget in OFFERS
        ]
    )
    today = date.today()
    answers = []
    for key, items in CHECKLISTS.items():
        for n, (item, answer) in enumerate(items.items()):
            answers.append(
                ChecklistAnswer(
                    organisation=orgs[key], item=item, answer=answer,
                    note=CHECK_NOTES.get(item, "") if answer == "yes" else "",
                    answered_on=today - timedelta(days=10 + 7 * n) if answer != "unknown" else None,
                    answered_by=ctx.owner,
                )
            )
    ChecklistAnswer.objects.bulk_create(answers)
    for key, owner_key, title, description, why, bmin, bmax, timeline, months, goal, traits in NEEDS:
        need = Need.objects.create(
            workspace=workspace,
            organisation=orgs[owner_key] if owner_key else orgs["own"],
            title=title, description=description, why=why, budget_min_jpy=bmin, budget_max_jpy=bmax,
            timeline=timeline, first_result_months=months, goal_type=goal, desired_traits=traits,
            created_by=ctx.owner,
        )
        ctx.objects[f"need_{key}"] = need
    Candidate.objects.create(
        need=ctx.objects["need_inspection"], organisation=orgs["visiontech"], status=CandidateStatus.CONTACTED,
        note="展示会で面談。PoC提案書を依頼済み。", added_by=ctx.owner,
    )
    search.mark_changed(workspace.pk, [o.pk for o in orgs.values()])

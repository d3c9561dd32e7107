#!/usr/bin/env python3
"""Write bench/data/search_heldout.json: a second, held-out partner-search collection.

Unlike search_collection.json, relevance here comes from tags, never from reading the engine's
results: every company is written from a tag taxonomy (one or two capability tags and one industry
tag), every need names one capability and one industry, and the grade is derived from the tags:
2 = the company has the need's capability and industry, 1 = the capability only, 0 otherwise.

The phrasing banks are split: the "tuning" part and the "locked" part use disjoint sentences for
companies, needs and technology keywords (and different random draws), so the locked part's
wording was never seen while tuning. The locked part is written once and committed; its
per-query results are not to be looked at while tuning (the benchmark prints only its aggregate).

Each company also gets one everyday sentence (offices, team, customers) shared across
capabilities, so a sentence-long need overlaps with many companies on words that mean nothing,
as in a real directory.

Usage: python bench/data/make_heldout_collection.py  (deterministic; seed fixed)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# capability -> language -> part -> (company sentences, need sentences, technology keywords)
CAPABILITIES: dict[str, dict[str, dict[str, tuple[list[str], list[str], list[str]]]]] = {
    "defect_vision": {
        "ja": {
            "tuning": (
                [
                    "カメラ映像から製品表面のキズや汚れを自動判定するシステムを開発。",
                    "ライン上の部品をカメラで撮影し、不良品をAIで選別する装置を販売。",
                ],
                ["検品作業を人の目に頼らず自動化したい。"],
                ["画像認識", "外観検査"],
            ),
            "locked": (
                [
                    "生産ラインの製品を高速に撮像し、欠陥を見つけるソフトウェアを提供。",
                    "熟練者の目視確認を置き換える検査用AIを工場に導入している。",
                ],
                ["製品の不良を見逃さない仕組みをカメラとAIで作りたい。"],
                ["マシンビジョン", "不良検出"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Builds camera systems that spot scratches and stains on product surfaces automatically.",
                    "Sells AI stations that photograph parts on the line and sort out defective ones.",
                ],
                ["We want to stop relying on human eyes for checking finished goods."],
                ["image recognition", "visual inspection"],
            ),
            "locked": (
                [
                    "Provides software that images products at line speed and finds flaws.",
                    "Deploys inspection AI in plants to replace manual visual checks by veterans.",
                ],
                ["Looking for a camera and AI setup so defective products no longer slip through."],
                ["machine vision", "defect detection"],
            ),
        },
    },
    "predictive_maintenance": {
        "ja": {
            "tuning": (
                [
                    "設備に付けたセンサーの振動データから故障の兆候を見つけるサービス。",
                    "ポンプやモーターの稼働データを解析し、壊れる前に保守時期を知らせる。",
                ],
                ["機械が止まる前に故障を予測して計画的に修理したい。"],
                ["予知保全", "振動解析"],
            ),
            "locked": (
                [
                    "工場設備の異常を早期に検知し、突発停止を減らすクラウドを提供。",
                    "回転機械の状態を常時監視し、部品交換の最適な時期を提案する。",
                ],
                ["設備の突然の停止をなくすため、状態監視で保全を最適化したい。"],
                ["状態監視", "異常検知"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Finds early signs of equipment failure in vibration data from sensors fitted to machines.",
                    "Analyses pump and motor operating data to schedule service before anything breaks.",
                ],
                ["We need to predict machine breakdowns and plan repairs ahead of time."],
                ["predictive maintenance", "vibration analysis"],
            ),
            "locked": (
                [
                    "Cloud service that detects anomalies in factory equipment early and cuts unplanned stops.",
                    "Monitors rotating machinery around the clock and recommends when to replace parts.",
                ],
                ["Want condition monitoring to end sudden equipment stoppages in our plants."],
                ["condition monitoring", "anomaly detection"],
            ),
        },
    },
    "demand_forecast": {
        "ja": {
            "tuning": (
                [
                    "過去の販売実績と天候から商品の需要を予測し、発注量を提案する。",
                    "小売店向けに売れ行きを予測するAIで在庫の欠品と廃棄を減らす。",
                ],
                ["来月どの商品がどれだけ売れるかを精度よく予測したい。"],
                ["需要予測", "機械学習"],
            ),
            "locked": (
                [
                    "季節やイベントを考慮した販売予測で、仕入れ計画を自動作成するSaaS。",
                    "食品メーカーの生産量を需要の見通しに合わせて最適化する。",
                ],
                ["販売数の見通しを立てて、作りすぎと品切れを同時に減らしたい。"],
                ["販売予測", "時系列分析"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Forecasts product demand from sales history and weather and suggests order quantities.",
                    "AI that predicts what will sell in retail stores, cutting stockouts and waste.",
                ],
                ["We want accurate predictions of how much of each item will sell next month."],
                ["demand forecasting", "machine learning"],
            ),
            "locked": (
                [
                    "SaaS that drafts purchasing plans from sales projections that account for seasons and events.",
                    "Aligns food manufacturers' output with the expected demand.",
                ],
                ["Need sales projections so we overproduce less and run out less often."],
                ["sales forecasting", "time series"],
            ),
        },
    },
    "warehouse_robotics": {
        "ja": {
            "tuning": (
                [
                    "物流センターで棚ごと商品を運ぶ自律走行ロボットを提供。",
                    "倉庫のピッキングをロボットアームで自動化するシステムを開発。",
                ],
                ["倉庫内の商品の搬送とピッキングをロボットで省人化したい。"],
                ["物流ロボット", "AGV"],
            ),
            "locked": (
                [
                    "入出荷作業を自動化する搬送ロボットを配送拠点に導入している。",
                    "段ボールの積み下ろしを行う協働ロボットを物流会社に販売。",
                ],
                ["人手不足の配送拠点で荷物の仕分けと運搬を自動化したい。"],
                ["自律移動ロボット", "ピッキング"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Autonomous mobile robots that carry whole shelves of goods in fulfilment centres.",
                    "Automates order picking in warehouses with robot arms.",
                ],
                ["We want robots to move and pick goods in our warehouse with fewer staff."],
                ["warehouse robotics", "AGV"],
            ),
            "locked": (
                [
                    "Installs transport robots that automate inbound and outbound work at distribution hubs.",
                    "Sells collaborative robots that load and unload cartons for logistics firms.",
                ],
                ["Our understaffed distribution hub needs automated parcel sorting and moving."],
                ["autonomous mobile robot", "picking"],
            ),
        },
    },
    "route_optimisation": {
        "ja": {
            "tuning": (
                [
                    "配送トラックの訪問順と経路を自動で最適化するクラウドサービス。",
                    "ドライバーの配車計画を数分で作成するアルゴリズムを提供。",
                ],
                ["配送ルートを最適化して走行距離と残業を減らしたい。"],
                ["配車最適化", "数理最適化"],
            ),
            "locked": (
                [
                    "ラストワンマイル配送の経路計画を自動化し、燃料費を削減する。",
                    "車両と荷物の割り当てを最適化する配送計画ソフトを販売。",
                ],
                ["トラックの積載と回る順番を賢く決めて輸送コストを下げたい。"],
                ["ルート最適化", "配送計画"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Cloud service that optimises the stop order and routes of delivery trucks.",
                    "Algorithms that produce driver dispatch plans in minutes.",
                ],
                ["We want optimised delivery routes to cut mileage and overtime."],
                ["vehicle routing", "mathematical optimisation"],
            ),
            "locked": (
                [
                    "Automates last-mile route planning and lowers fuel spend.",
                    "Sells delivery planning software that assigns parcels to vehicles optimally.",
                ],
                ["Need smarter truck loading and stop sequencing to reduce transport costs."],
                ["route optimization", "delivery planning"],
            ),
        },
    },
    "payments": {
        "ja": {
            "tuning": (
                [
                    "店舗向けにQRコードとクレジットカードのキャッシュレス決済端末を提供。",
                    "ネットショップの決済代行と不正利用の検知を行う。",
                ],
                ["店頭とECで使える支払い手段を増やしたい。"],
                ["決済", "キャッシュレス"],
            ),
            "locked": (
                [
                    "スマートフォンで完結する支払いの仕組みを加盟店に提供している。",
                    "請求書の支払いと入金消込を自動化するサービス。",
                ],
                ["お客様がスマホで簡単に代金を支払える仕組みを導入したい。"],
                ["モバイル決済", "入金消込"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Provides shops with cashless payment terminals for QR codes and credit cards.",
                    "Payment gateway for online shops with fraud detection.",
                ],
                ["We want more ways for customers to pay in store and online."],
                ["payments", "cashless"],
            ),
            "locked": (
                [
                    "Offers merchants a checkout that runs entirely on the smartphone.",
                    "Automates invoice payment and the matching of incoming transfers.",
                ],
                ["Looking to let customers settle bills easily on their phones."],
                ["mobile payments", "reconciliation"],
            ),
        },
    },
    "cybersecurity": {
        "ja": {
            "tuning": (
                [
                    "社内ネットワークへの不正侵入を検知し、攻撃を遮断するサービス。",
                    "工場の制御システムをサイバー攻撃から守るセキュリティ製品。",
                ],
                ["サイバー攻撃から社内システムを守る対策を強化したい。"],
                ["セキュリティ", "侵入検知"],
            ),
            "locked": (
                [
                    "ランサムウェアの被害を防ぐ端末監視とインシデント対応を提供。",
                    "脆弱性診断とセキュリティ監視を中堅企業向けに行う。",
                ],
                ["ランサムウェアなどの脅威から生産設備と業務端末を守りたい。"],
                ["脆弱性診断", "EDR"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Detects intrusions into corporate networks and blocks attacks.",
                    "Security products that protect factory control systems from cyber attacks.",
                ],
                ["We need stronger protection of our internal systems against cyber attacks."],
                ["cybersecurity", "intrusion detection"],
            ),
            "locked": (
                [
                    "Endpoint monitoring and incident response that stop ransomware damage.",
                    "Vulnerability assessments and security monitoring for mid-sized companies.",
                ],
                ["Want to shield production equipment and office PCs from threats like ransomware."],
                ["vulnerability assessment", "EDR"],
            ),
        },
    },
    "energy_management": {
        "ja": {
            "tuning": (
                [
                    "工場やビルの電力使用量を見える化し、省エネを支援するシステム。",
                    "太陽光発電と蓄電池を組み合わせた電力の最適制御を提供。",
                ],
                ["工場の電気代を下げるためにエネルギーの使い方を最適化したい。"],
                ["エネルギーマネジメント", "省エネ"],
            ),
            "locked": (
                [
                    "再生可能エネルギーの発電量を予測し、需給を調整するサービス。",
                    "空調と照明を自動制御してビルの消費電力を削減する。",
                ],
                ["再エネを活用して事業所の電力コストとCO2排出を減らしたい。"],
                ["再生可能エネルギー", "デマンドレスポンス"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Visualises electricity use in plants and buildings to support energy saving.",
                    "Optimal control of power combining solar generation and batteries.",
                ],
                ["We want to optimise how our factory uses energy to lower the power bill."],
                ["energy management", "energy saving"],
            ),
            "locked": (
                [
                    "Forecasts renewable generation and balances supply and demand.",
                    "Automatically controls air conditioning and lighting to reduce building power use.",
                ],
                ["Want to use renewables to cut the power costs and CO2 emissions of our sites."],
                ["renewable energy", "demand response"],
            ),
        },
    },
    "language_ai": {
        "ja": {
            "tuning": (
                [
                    "問い合わせに自動で回答するチャットボットを企業に提供。",
                    "契約書や報告書の文章をAIで読み取り要点を抽出する。",
                ],
                ["お客様からの問い合わせ対応をAIで自動化したい。"],
                ["自然言語処理", "チャットボット"],
            ),
            "locked": (
                [
                    "社内文書を検索して質問に答える生成AIアシスタントを開発。",
                    "会議の音声を文字起こしし、議事録を自動作成するサービス。",
                ],
                ["大量の社内文書から必要な情報をすぐに引き出せるようにしたい。"],
                ["大規模言語モデル", "音声認識"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Provides companies with chatbots that answer enquiries automatically.",
                    "AI that reads contracts and reports and extracts the key points.",
                ],
                ["We want AI to handle customer enquiries automatically."],
                ["natural language processing", "chatbot"],
            ),
            "locked": (
                [
                    "Builds generative AI assistants that search internal documents and answer questions.",
                    "Transcribes meeting audio and writes the minutes automatically.",
                ],
                ["Need staff to get answers out of our mass of internal documents instantly."],
                ["large language model", "speech recognition"],
            ),
        },
    },
    "materials": {
        "ja": {
            "tuning": (
                [
                    "軽くて強い炭素繊維複合材料を開発し、自動車部品に供給。",
                    "植物由来の生分解性プラスチックを製造する。",
                ],
                ["部品を軽量化できる新しい素材を探している。"],
                ["複合材料", "バイオプラスチック"],
            ),
            "locked": (
                [
                    "金属を置き換える高強度の樹脂材料を研究開発している。",
                    "リサイクル原料から高品質な再生樹脂を作る技術を持つ。",
                ],
                ["環境負荷の低い樹脂材料に切り替えたい。"],
                ["高機能樹脂", "再生プラスチック"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Develops light, strong carbon fibre composites and supplies car parts.",
                    "Manufactures plant-based biodegradable plastics.",
                ],
                ["We are looking for new materials that make our parts lighter."],
                ["composite materials", "bioplastics"],
            ),
            "locked": (
                [
                    "Researches high-strength resins that replace metal.",
                    "Turns recycled feedstock into high-grade recycled resin.",
                ],
                ["Want to switch to resin materials with a lower environmental footprint."],
                ["engineering plastics", "recycled plastics"],
            ),
        },
    },
    "healthtech": {
        "ja": {
            "tuning": (
                [
                    "医療画像からがんの疑いを検出する診断支援AIを病院に提供。",
                    "オンライン診療と電子カルテを連携するクラウド。",
                ],
                ["病院の診断をAIで支援する技術を探している。"],
                ["医療AI", "診断支援"],
            ),
            "locked": (
                [
                    "ウェアラブル機器で心拍や睡眠を測り、体調の変化を知らせる。",
                    "高齢者の見守りと服薬管理を行うサービスを介護施設に提供。",
                ],
                ["従業員の健康状態を日常的に把握して病気を予防したい。"],
                ["ウェアラブル", "ヘルスケア"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Diagnostic support AI that flags suspected cancer in medical images for hospitals.",
                    "Cloud that links telemedicine with electronic health records.",
                ],
                ["We are looking for AI that supports diagnosis in hospitals."],
                ["medical AI", "diagnostic support"],
            ),
            "locked": (
                [
                    "Wearables that track heart rate and sleep and warn of changes in condition.",
                    "Elderly monitoring and medication management for care homes.",
                ],
                ["Want to keep track of employee health day to day and prevent illness."],
                ["wearables", "healthcare"],
            ),
        },
    },
    "agritech": {
        "ja": {
            "tuning": (
                [
                    "ドローンで農地を撮影し、作物の生育状況を分析するサービス。",
                    "ハウス栽培の温度や水やりを自動制御するシステム。",
                ],
                ["農作物の収穫量を増やすために栽培をデータで管理したい。"],
                ["スマート農業", "ドローン"],
            ),
            "locked": (
                [
                    "土壌センサーで水分と肥料の状態を測り、施肥を最適化する。",
                    "植物工場で野菜を安定生産するための栽培技術を提供。",
                ],
                ["天候に左右されずに野菜を安定して育てたい。"],
                ["土壌センサー", "植物工場"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Drone imaging of farmland to analyse how crops are growing.",
                    "Automatic control of temperature and watering in greenhouses.",
                ],
                ["We want data-driven cultivation to raise crop yields."],
                ["smart agriculture", "drones"],
            ),
            "locked": (
                [
                    "Soil sensors that measure moisture and nutrients to optimise fertilising.",
                    "Cultivation technology for stable vegetable production in plant factories.",
                ],
                ["Want to grow vegetables reliably whatever the weather."],
                ["soil sensors", "vertical farming"],
            ),
        },
    },
    "hr_tech": {
        "ja": {
            "tuning": (
                [
                    "社員のスキルを可視化し、最適な配置を提案する人事システム。",
                    "採用面接の日程調整と応募者管理を自動化する。",
                ],
                ["社員のスキルを把握して適材適所の配置をしたい。"],
                ["人事", "タレントマネジメント"],
            ),
            "locked": (
                [
                    "オンライン研修と学習履歴の管理で社員のリスキリングを支援。",
                    "従業員のエンゲージメントを調査し離職を防ぐサービス。",
                ],
                ["社員の学び直しを進めて新しい事業に必要な人材を育てたい。"],
                ["eラーニング", "エンゲージメント"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "HR system that maps employee skills and proposes the best assignments.",
                    "Automates interview scheduling and applicant tracking.",
                ],
                ["We want to know our staff's skills and put the right people in the right roles."],
                ["HR tech", "talent management"],
            ),
            "locked": (
                [
                    "Supports reskilling with online courses and learning records.",
                    "Surveys employee engagement to prevent staff leaving.",
                ],
                ["Need to reskill employees to build the talent a new business requires."],
                ["e-learning", "engagement"],
            ),
        },
    },
    "traceability": {
        "ja": {
            "tuning": (
                [
                    "原材料から店頭までの流通履歴を改ざんできない形で記録する。",
                    "ブロックチェーンで商品の産地と品質証明を管理するサービス。",
                ],
                ["商品の産地や流通の履歴を消費者に証明したい。"],
                ["トレーサビリティ", "ブロックチェーン"],
            ),
            "locked": (
                [
                    "サプライチェーン全体のCO2排出量を取引先から集めて算定する。",
                    "部品ごとの製造記録を追跡できるデジタル台帳を提供。",
                ],
                ["取引先を含めたサプライチェーンの排出量を把握したい。"],
                ["サプライチェーン", "分散型台帳"],
            ),
        },
        "en": {
            "tuning": (
                [
                    "Records the path of goods from raw material to shop shelf in tamper-proof form.",
                    "Manages product origin and quality certificates on a blockchain.",
                ],
                ["We want to prove to consumers where our products come from and how they travelled."],
                ["traceability", "blockchain"],
            ),
            "locked": (
                [
                    "Collects emissions data from suppliers and calculates the CO2 of the whole supply chain.",
                    "Digital ledger that traces the manufacturing record of each component.",
                ],
                ["Want to measure the emissions of our supply chain including our suppliers."],
                ["supply chain", "distributed ledger"],
            ),
        },
    },
}

INDUSTRIES: dict[str, dict[str, dict[str, str]]] = {
    "manufacturing": {
        "ja": {"tuning": "製造業", "locked": "ものづくり企業"},
        "en": {"tuning": "manufacturing", "locked": "industrial manufacturers"},
    },
    "logistics": {
        "ja": {"tuning": "物流", "locked": "運輸・倉庫"},
        "en": {"tuning": "logistics", "locked": "transport and warehousing"},
    },
    "retail": {
        "ja": {"tuning": "小売", "locked": "流通・小売業"},
        "en": {"tuning": "retail", "locked": "consumer retail"},
    },
    "food": {
        "ja": {"tuning": "食品", "locked": "食品・飲料"},
        "en": {"tuning": "food", "locked": "food and beverage"},
    },
    "energy": {
        "ja": {"tuning": "エネルギー", "locked": "電力・ガス"},
        "en": {"tuning": "energy", "locked": "utilities"},
    },
    "healthcare": {
        "ja": {"tuning": "医療", "locked": "医療・介護"},
        "en": {"tuning": "healthcare", "locked": "health and care"},
    },
}
INDUSTRY_NEED = {
    "ja": {"tuning": "当社は{}の会社です。", "locked": "{}分野で事業をしています。"},
    "en": {"tuning": "We are a {} company. ", "locked": "Our business is in {}. "},
}
INDUSTRY_COMPANY = {
    "ja": {"tuning": "主な顧客は{}。", "locked": "{}の取引先が多い。"},
    "en": {"tuning": " Main customers are in {}.", "locked": " Most clients work in {}."},
}
EVERYDAY = {
    "ja": [
        "東京と大阪に拠点があり、社員は50名。",
        "大手企業との実証実験の実績が多数。",
        "品質と顧客満足を大切にしている。",
        "製造ラインや物流の現場にも詳しいメンバーが在籍。",
        "データを活用した事業の改善を支援している。",
    ],
    "en": [
        "Offices in Tokyo and Osaka with 50 staff.",
        "Many pilot projects with large companies.",
        "We care about quality and customer satisfaction.",
        "The team knows production lines and logistics sites well.",
        "We help businesses improve with data.",
    ],
}
SYLLABLES = ["ka", "ri", "so", "mi", "na", "to", "ve", "lo", "ra", "ki", "ze", "po", "lu", "ne", "ta", "shi"]
KATAKANA = ["カ", "リ", "ソ", "ミ", "ナ", "ト", "ヴェ", "ロ", "ラ", "キ", "ゼ", "ポ", "ル", "ネ", "タ", "シ"]


def make_part(
    part: str, seed: int, companies: int
) -> tuple[list[dict[str, object]], list[dict[str, object]]]:
    rng = random.Random(seed)
    caps = sorted(CAPABILITIES)
    inds = sorted(INDUSTRIES)
    orgs: list[dict[str, object]] = []
    for i in range(companies):
        lang = "ja" if i % 2 == 0 else "en"
        tags = [caps[i % len(caps)]]
        if rng.random() < 0.3:
            tags.append(rng.choice([c for c in caps if c != tags[0]]))
        industry = rng.choice(inds)
        sentences = [rng.choice(CAPABILITIES[t][lang][part][0]) for t in tags]
        technologies = [rng.choice(CAPABILITIES[t][lang][part][2]) for t in tags]
        sentences.append(INDUSTRY_COMPANY[lang][part].format(INDUSTRIES[industry][lang][part]))
        sentences.append(rng.choice(EVERYDAY[lang]))
        syllables = rng.sample(range(len(SYLLABLES)), 3)
        if lang == "ja":
            name = "株式会社" + "".join(KATAKANA[s] for s in syllables)
            description = "".join(sentences)
        else:
            name = "".join(SYLLABLES[s] for s in syllables).capitalize() + " Inc."
            description = " ".join(s.strip() for s in sentences)
        orgs.append(
            {
                "id": f"{part}-{i:04d}",
                "lang": lang,
                "tags": tags,
                "industry": industry,
                "name": name,
                "description": description,
                "industries": INDUSTRIES[industry][lang][part],
                "technologies": ";".join(technologies),
            }
        )
    queries: list[dict[str, object]] = []
    for cap in caps:
        for lang in ("ja", "en"):
            industry = rng.choice(inds)
            prefix = INDUSTRY_NEED[lang][part].format(INDUSTRIES[industry][lang][part])
            text = prefix + CAPABILITIES[cap][lang][part][1][0]
            judgements: dict[str, int] = {}
            for o in orgs:
                if cap in o["tags"]:  # type: ignore[operator]
                    judgements[str(o["id"])] = 2 if o["industry"] == industry else 1
            queries.append(
                {
                    "id": f"{part}-{cap}-{lang}",
                    "lang": lang,
                    "tags": [cap, industry],
                    "text": text,
                    "judgements": judgements,
                }
            )
    return orgs, queries


def main() -> int:
    parts = {}
    for part, seed in (("tuning", 101), ("locked", 202)):
        orgs, queries = make_part(part, seed, 420)
        parts[part] = {"organisations": orgs, "queries": queries}
    out = {
        "description": "Held-out bilingual partner-search collection from a tag taxonomy (make_heldout_collection.py); "
        "relevance from tags: 2 = capability and industry, 1 = capability only.",
        "licence": "AGPL-3.0-or-later (part of Kyoso); fictional organisations",
        "parts": parts,
    }
    path = Path(__file__).with_name("search_heldout.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env python3
"""Write bench/data/search_new_locked.json: a second locked partner-search collection.

Written before the ranking changes of issue 16 were tuned, committed untouched, and evaluated only
at the end (the benchmark prints its aggregate lines, labelled NEW LOCKED, never per query). It
guards against overfitting the first locked part of search_heldout.json, which had been looked at
once.

The capability and industry taxonomy is that of make_heldout_collection.py (so relevance is derived
the same way: 2 = the company has the need's capability and industry, 1 = the capability only), but
every sentence is new and written in the style of real directory entries rather than one-line
summaries:

* English companies read like an "About us" page: a founding line, a mission statement full of
  generic words (solutions, innovation, cutting-edge, trusted partner), the one or two sentences
  that say what the company actually does, the clients, and web-page noise (certifications,
  awards, cookie and copyright lines).
* Japanese companies read like a 会社概要 table: 会社名, 設立, 資本金, 代表者, 所在地, 事業内容,
  主要取引先, 従業員数, with 企業理念 boilerplate (技術, サービス, ソリューション, 社会貢献).
* A share of companies leave the technologies field empty, as real profiles often do; the
  capability is then only in the long description.
* Needs are written two ways per language: a short request and a longer background paragraph.

Usage: python bench/data/make_new_locked_collection.py  (deterministic; seed fixed)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# capability -> lang -> (what-we-do sentences, needs [short, long], technology keywords)
CAPABILITIES: dict[str, dict[str, tuple[list[str], list[str], list[str]]]] = {
    "defect_vision": {
        "ja": (
            [
                "高解像度カメラと独自アルゴリズムにより、金属部品の微細な傷・打痕・異物を自動で検出する検査装置を設計・製造しています。",
                "目視で行っていた最終検品工程を、撮影画像の解析による良否判定に置き換えるソリューションを提供しています。",
            ],
            [
                "検査員の目視に頼っている出荷前検査を自動化できるパートナーを探しています。",
                "当工場では熟練検査員の高齢化が進み、製品表面の傷や欠けの見落としによるクレームが増えています。画像で良品・不良品を判定する仕組みを一緒に作れる企業と協業したいと考えています。",
            ],
            ["画像検査", "欠陥検出", "AI検査"],
        ),
        "en": (
            [
                "We design inspection cells that use high-resolution cameras and deep learning to catch scratches, dents and foreign matter on parts before they ship.",
                "Our platform replaces manual end-of-line quality checks with automated pass/fail decisions based on product images.",
            ],
            [
                "Seeking a partner to automate the final quality check that our inspectors still do by eye.",
                "Our plant relies on a shrinking team of experienced inspectors, and customer complaints about surface defects that were missed are rising. We would like to co-develop an image-based system that separates good parts from bad ones on the line.",
            ],
            ["automated optical inspection", "computer vision", "quality inspection"],
        ),
    },
    "predictive_maintenance": {
        "ja": (
            [
                "製造設備に後付けできる無線センサーで温度・振動・電流を収集し、故障の予兆を知らせるクラウドサービスを展開しています。",
                "設備保全の記録と稼働データを組み合わせ、部品の寿命を推定して保全計画を立てるシステムを開発しています。",
            ],
            [
                "設備の故障を事前に察知できる仕組みを導入したい。",
                "老朽化したプレス機やコンプレッサーの突発故障で生産が止まることが年に何度もあります。センサーのデータから故障の前兆をつかみ、時間基準保全から状態基準保全へ移行するための技術を持つ企業を探しています。",
            ],
            ["設備保全", "IoTセンサー", "予兆検知"],
        ),
        "en": (
            [
                "Our retrofit wireless sensors capture temperature, vibration and current from plant equipment and warn maintenance teams of developing faults.",
                "We combine maintenance logs with machine telemetry to estimate remaining useful life of components and plan servicing.",
            ],
            [
                "Looking for technology that tells us a machine is about to fail before it does.",
                "Unplanned breakdowns of ageing presses and compressors stop our lines several times a year. We want to move from calendar-based servicing to maintenance driven by the actual condition of each asset, using sensor data to spot early warning signs.",
            ],
            ["remaining useful life", "industrial IoT", "asset health monitoring"],
        ),
    },
    "demand_forecast": {
        "ja": (
            [
                "POSデータ・気象情報・販促計画を学習した予測モデルで、店舗別・商品別の販売数を日次で予測します。",
                "需要の見通しに基づいて最適な発注量と生産量を算出し、欠品と余剰在庫を削減するクラウドを提供しています。",
            ],
            [
                "商品ごとの売上を事前に予測して発注を最適化したい。",
                "季節商品の仕入れ量を担当者の勘と経験で決めており、売れ残りによる廃棄ロスと品切れによる機会損失の両方が課題です。過去の販売実績や天気などから需要を予測できる技術を持つ企業と組みたいと考えています。",
            ],
            ["需要予測", "販売予測", "在庫最適化"],
        ),
        "en": (
            [
                "Our forecasting models learn from point-of-sale data, weather and promotions to predict daily sales per store and per item.",
                "We turn demand outlooks into recommended order and production quantities that cut both stock-outs and excess inventory.",
            ],
            [
                "Want to forecast sales per product so that ordering is no longer guesswork.",
                "Buyers set seasonal order volumes from gut feeling, so we end up writing off unsold stock and losing sales to empty shelves at the same time. We are after a partner whose technology predicts demand from sales history, weather and events.",
            ],
            ["sales forecasting", "inventory optimisation", "time series forecasting"],
        ),
    },
    "warehouse_robotics": {
        "ja": (
            [
                "物流センター向けに、棚ごと作業者の手元まで運ぶ自律走行ロボットとピッキングシステムを導入しています。",
                "ロボットアームによる荷物の積み下ろしと仕分けを自動化し、倉庫内作業の省人化を実現します。",
            ],
            [
                "倉庫のピッキング作業をロボットで省人化したい。",
                "物流センターの人手不足が深刻で、繁忙期には出荷が遅れることもあります。搬送や仕分け、ピッキングをロボットで自動化し、少ない人数でも回る倉庫にするための技術パートナーを求めています。",
            ],
            ["物流ロボット", "AMR", "自動倉庫"],
        ),
        "en": (
            [
                "We deploy autonomous mobile robots that bring shelves to pickers and cut walking time in distribution centres.",
                "Robotic arms from our lab unload, palletise and sort parcels so warehouses can run with fewer people.",
            ],
            [
                "Need robots to take over order picking in our warehouse.",
                "Our fulfilment centres cannot hire enough staff and shipments slip during peak season. We are looking for automation of goods-to-person picking, sorting and internal transport so the warehouse keeps running with a smaller crew.",
            ],
            ["autonomous mobile robots", "warehouse automation", "robotic picking"],
        ),
    },
    "route_optimisation": {
        "ja": (
            [
                "配送先・時間指定・車両の積載量を考慮して、最も効率のよい配車計画と走行ルートを数分で作成します。",
                "ドライバーの運行状況をリアルタイムに把握し、渋滞や追加注文に応じて配送順を組み替えるシステムを提供しています。",
            ],
            [
                "配送ルートを最適化してトラックの台数と走行距離を減らしたい。",
                "配車担当者が毎朝手作業で配送計画を組んでおり、属人化と長時間労働が問題になっています。時間指定や積載量を考慮した配車計画を自動で作成できる企業との協業を検討しています。",
            ],
            ["配車計画", "ルート最適化", "動態管理"],
        ),
        "en": (
            [
                "Our planner builds vehicle schedules and delivery routes in minutes, honouring time windows, vehicle capacity and driver hours.",
                "We track fleets in real time and re-sequence stops when traffic or new orders come in.",
            ],
            [
                "Looking for route planning software to cut the number of trucks and kilometres we drive.",
                "Every morning our dispatchers plan deliveries by hand, which depends on a few experienced people and means long hours. We would like a partner that can generate delivery plans automatically, taking time windows and load capacity into account.",
            ],
            ["vehicle routing", "fleet management", "dispatch optimisation"],
        ),
    },
    "payments": {
        "ja": (
            [
                "QRコード決済・クレジットカード・電子マネーに一台で対応する店舗向け決済端末とサービスを提供しています。",
                "請求書の発行から入金消込までを自動化する企業間決済プラットフォームを運営しています。",
            ],
            [
                "店舗でキャッシュレス決済を導入したい。",
                "当社の店舗ではいまだに現金での支払いが中心で、レジ締めの手間や釣り銭の準備が負担になっています。複数のキャッシュレス決済手段にまとめて対応でき、売上データも活用できる仕組みを提供する企業を探しています。",
            ],
            ["キャッシュレス", "QR決済", "決済代行"],
        ),
        "en": (
            [
                "One terminal from us accepts QR codes, cards and e-money at the checkout, with settlement handled for the merchant.",
                "Our B2B payments platform automates invoicing, collection and reconciliation of incoming transfers.",
            ],
            [
                "Want to accept cashless payments in our shops.",
                "Most of our stores still take cash, and counting tills and preparing change eats staff time every day. We are looking for a provider that supports many cashless payment methods in one go and lets us use the transaction data.",
            ],
            ["payment gateway", "mobile payments", "point of sale"],
        ),
    },
    "cybersecurity": {
        "ja": (
            [
                "24時間365日体制のセキュリティ監視センターで、不正アクセスやマルウェア感染を検知し対応を支援しています。",
                "工場の制御システムや社内ネットワークの脆弱性診断と、ランサムウェア対策のコンサルティングを行っています。",
            ],
            [
                "サイバー攻撃から社内システムを守る対策を強化したい。",
                "取引先がランサムウェアの被害に遭い、当社でも情報漏えいや工場停止のリスクが経営課題になりました。ネットワークの監視や脆弱性の診断、インシデント対応まで任せられる企業を探しています。",
            ],
            ["情報セキュリティ", "SOC", "脆弱性診断"],
        ),
        "en": (
            [
                "Our round-the-clock security operations centre detects intrusions and malware and helps clients respond.",
                "We run penetration tests of corporate and plant control networks and advise on ransomware defence.",
            ],
            [
                "Need to harden our systems against cyber attacks.",
                "After a supplier was hit by ransomware, the risk of a data breach or a plant shutdown became a board-level topic for us. We want a firm that can monitor our networks, test them for vulnerabilities and help when an incident happens.",
            ],
            ["managed detection and response", "penetration testing", "network security"],
        ),
    },
    "energy_management": {
        "ja": (
            [
                "工場やビルの電力使用量を計測・見える化し、空調や生産設備の運転を制御して電気代を削減するシステムを提供。",
                "太陽光発電と蓄電池を組み合わせた自家消費型の電力システムを設計し、運用まで支援します。",
            ],
            [
                "工場の電気代と二酸化炭素排出量を減らしたい。",
                "電気料金の高騰で工場の光熱費が大きく増えており、脱炭素の目標も取引先から求められています。電力使用の見える化や設備の制御、太陽光の活用などで省エネを進められる企業と協業したいと考えています。",
            ],
            ["省エネルギー", "EMS", "脱炭素"],
        ),
        "en": (
            [
                "We meter and visualise electricity use across factories and buildings and control HVAC and equipment to cut power bills.",
                "Our engineers design rooftop solar and battery systems for self-consumption and operate them for clients.",
            ],
            [
                "Want to reduce our plants' electricity costs and carbon emissions.",
                "Energy prices have pushed our utility bills sharply up, and customers now ask us for decarbonisation targets. We are looking for a partner to make our power consumption visible, control equipment smartly and add on-site solar.",
            ],
            ["energy efficiency", "building energy management", "decarbonisation"],
        ),
    },
    "language_ai": {
        "ja": (
            [
                "社内マニュアルや過去の問い合わせ履歴を学習した対話型AIが、顧客や社員からの質問に自動で回答します。",
                "大量の文書を読み込み、要約・分類・情報抽出を行うテキスト解析エンジンを開発しています。",
            ],
            [
                "コールセンターの問い合わせ対応をAIで効率化したい。",
                "コールセンターへの問い合わせが年々増え、オペレーターの採用が追いつきません。よくある質問への回答を自動化したり、通話内容を要約したりできる言語AIの技術を持つ企業を探しています。",
            ],
            ["生成AI", "テキスト解析", "対話AI"],
        ),
        "en": (
            [
                "Our conversational AI is trained on manuals and past tickets and answers customer and employee questions automatically.",
                "We build a text analytics engine that reads large volumes of documents and summarises, classifies and extracts information.",
            ],
            [
                "Looking to make our contact centre more efficient with AI.",
                "Calls and emails to our contact centre grow every year and we cannot hire agents fast enough. We would like language AI that answers frequent questions automatically and summarises conversations for the agents.",
            ],
            ["conversational AI", "text analytics", "generative AI"],
        ),
    },
    "materials": {
        "ja": (
            [
                "炭素繊維やガラス繊維で強化した樹脂材料を開発し、自動車・航空機部品の軽量化に貢献しています。",
                "使用済みプラスチックを高純度に再生する独自のリサイクル技術と、植物由来樹脂の配合技術を持っています。",
            ],
            [
                "金属部品を軽い樹脂材料に置き換えたい。",
                "電動化に伴い製品の軽量化が求められていますが、社内に材料の知見が不足しています。強度を保ったまま軽くできる複合材料や、環境にやさしい再生素材を開発している素材メーカーとの共同開発を希望します。",
            ],
            ["炭素繊維強化プラスチック", "新素材", "リサイクル材"],
        ),
        "en": (
            [
                "We develop fibre-reinforced polymers that make car and aircraft parts lighter without losing strength.",
                "Our proprietary process upcycles post-consumer plastic into high-purity resin and blends bio-based polymers.",
            ],
            [
                "Want to replace metal parts with lighter polymer materials.",
                "Electrification means our products must get lighter, but we lack materials know-how in house. We hope to co-develop with a materials maker that offers composites keeping strength at lower weight, or greener recycled materials.",
            ],
            ["carbon fibre reinforced polymer", "advanced materials", "recycled resin"],
        ),
    },
    "healthtech": {
        "ja": (
            [
                "CTやMRIの画像を解析して医師の読影を支援するソフトウェアを開発し、医療機関に提供しています。",
                "スマートウォッチで取得したバイタルデータから体調の変化を捉え、保健師の面談につなげる健康管理サービスを運営。",
            ],
            [
                "医療現場で医師の負担を減らすデジタル技術を探している。",
                "当社は病院や診療所と取引がありますが、医師の長時間労働と診断の見落としが現場の大きな悩みです。画像診断の支援や患者のデータを活用した健康管理など、医療の質と効率を高める技術を持つ企業と連携したいと考えています。",
            ],
            ["医療機器", "デジタルヘルス", "画像診断支援"],
        ),
        "en": (
            [
                "Our software reads CT and MRI scans and supports radiologists in finding lesions.",
                "We run a health management service that picks up changes in vital signs from smartwatches and routes people to a nurse.",
            ],
            [
                "Looking for digital health technology that takes load off doctors.",
                "We work with hospitals and clinics whose physicians face long hours and the risk of missed findings. We would like to team up with companies whose technology supports image diagnosis or uses patient data to improve the quality and efficiency of care.",
            ],
            ["digital health", "medical imaging", "remote patient monitoring"],
        ),
    },
    "agritech": {
        "ja": (
            [
                "圃場に設置したセンサーと衛星画像から生育状況を把握し、水やりと施肥のタイミングを農家に知らせます。",
                "温度・湿度・二酸化炭素濃度を自動で制御する環境制御型の施設園芸システムを販売しています。",
            ],
            [
                "農産物の収量と品質を安定させる技術を取り入れたい。",
                "契約農家の高齢化と天候不順で、原料となる野菜の収量と品質が年によって大きく変わります。栽培環境をデータで管理し、安定して生産できるようにする農業技術を持つ企業と協業したいと考えています。",
            ],
            ["アグリテック", "施設園芸", "精密農業"],
        ),
        "en": (
            [
                "Field sensors and satellite imagery let us track crop growth and tell farmers when to irrigate and fertilise.",
                "We sell climate-controlled greenhouse systems that regulate temperature, humidity and CO2 automatically.",
            ],
            [
                "Want technology that keeps crop yield and quality steady.",
                "Our contract growers are ageing and the weather is less predictable, so the volume and quality of the vegetables we buy swing from year to year. We seek an agriculture technology partner that manages growing conditions with data for stable production.",
            ],
            ["agritech", "precision agriculture", "controlled environment agriculture"],
        ),
    },
    "hr_tech": {
        "ja": (
            [
                "社員の経歴・資格・評価を一元管理し、後継者育成や異動の検討に活用できる人材管理クラウドを提供しています。",
                "社員アンケートと勤怠データから離職の兆しを把握し、組織の改善を支援するサービスを展開しています。",
            ],
            [
                "社員のスキルや経歴をデータで管理して人材配置に活かしたい。",
                "事業の転換に合わせて社内の人材を再配置したいのですが、誰がどのような経験や資格を持っているかが把握できていません。人事データを一元化し、育成や配置、離職防止に活用できる仕組みを提供する企業を探しています。",
            ],
            ["人材管理", "HRテック", "人的資本"],
        ),
        "en": (
            [
                "Our talent cloud keeps every employee's history, certifications and reviews in one place for succession planning and internal moves.",
                "We combine pulse surveys and attendance data to spot attrition risk early and help managers act.",
            ],
            [
                "Need to manage staff skills and experience as data for better workforce planning.",
                "As our business shifts, we want to redeploy people internally, but nobody has a clear view of who has which experience and qualifications. We are searching for a provider that centralises HR data for development, placement and retention.",
            ],
            ["HR software", "workforce analytics", "people analytics"],
        ),
    },
    "traceability": {
        "ja": (
            [
                "原材料の調達から製造・出荷までのロット情報を紐づけ、問題発生時に影響範囲をすぐに特定できる追跡システムを提供。",
                "改ざんが困難な分散型の記録基盤を使って、産地証明や品質検査の結果を取引先間で共有するサービスを運営。",
            ],
            [
                "製品のロットを原料から出荷まで追跡できるようにしたい。",
                "品質問題が起きた際に、どの原料ロットがどの製品に使われ、どこへ出荷されたかを特定するのに何日もかかっています。サプライチェーン全体で履歴を記録し、素早く追跡できる仕組みを提供する企業と協業したいと考えています。",
            ],
            ["トレーサビリティ", "ロット管理", "ブロックチェーン"],
        ),
        "en": (
            [
                "We link lot data from sourcing through production to shipping so the scope of any quality issue can be found within minutes.",
                "Our tamper-evident shared ledger lets trading partners exchange certificates of origin and inspection results.",
            ],
            [
                "Want to trace each product lot from raw material to shipment.",
                "When a quality problem occurs, it takes us days to work out which raw material lots went into which products and where they were shipped. We want a partner that records history across the whole supply chain so we can trace things quickly.",
            ],
            ["track and trace", "lot tracking", "blockchain"],
        ),
    },
}

# industry -> lang -> (how a company names its clients, how a need names its own business)
INDUSTRIES: dict[str, dict[str, tuple[str, str]]] = {
    "manufacturing": {
        "ja": ("自動車部品メーカー、電機メーカー", "部品を製造するメーカー"),
        "en": (
            "automotive suppliers and electronics factories",
            "a mid-sized manufacturer of industrial parts",
        ),
    },
    "logistics": {
        "ja": ("運送会社、3PL事業者", "物流会社"),
        "en": ("carriers and third-party logistics providers", "a freight and distribution company"),
    },
    "retail": {
        "ja": ("スーパーマーケット、ドラッグストアチェーン", "全国に店舗を持つ小売チェーン"),
        "en": ("supermarket and drugstore chains", "a retail chain with stores nationwide"),
    },
    "food": {
        "ja": ("食品メーカー、飲料メーカー", "食品メーカー"),
        "en": ("food processors and beverage brands", "a packaged food producer"),
    },
    "energy": {
        "ja": ("電力会社、ガス会社", "地域の電力・ガス事業者"),
        "en": ("power and gas utilities", "a regional power and gas utility"),
    },
    "healthcare": {
        "ja": ("病院、介護事業者", "病院と介護施設を運営する法人"),
        "en": ("hospitals and care providers", "a group running hospitals and care homes"),
    },
}

EN_OPENINGS = [
    "Founded in {year}, {name} is a leading provider of innovative solutions that help businesses transform.",
    "{name} was established in {year} with a simple mission: to empower our customers through cutting-edge technology.",
    "Since {year}, {name} has been a trusted partner for organisations that want to stay ahead in a fast-changing world.",
    "At {name}, we believe technology should create value for people, society and the planet. We started in {year}.",
]
EN_CLIENTS = [
    "Our clients include {clients}.",
    "We proudly serve {clients} across Japan and Asia.",
    "Customers range from start-ups to {clients}.",
]
EN_NOISE = [
    "Our team of passionate engineers delivers end-to-end services, from consulting to implementation and support.",
    "ISO 9001 and ISO 27001 certified.",
    "Winner of several innovation awards. Featured in major business media.",
    "We value diversity, sustainability and open communication, and we are hiring!",
    "Headquartered in Tokyo with offices in Osaka, Nagoya and Singapore.",
    "Contact us today to learn how our solutions can unlock new possibilities for your business.",
    "We use cookies to improve your experience. Privacy policy | Terms of use",
    "© {year2} {name}. All rights reserved.",
]
JA_PHILOSOPHY = [
    "企業理念：技術の力で社会の課題を解決し、お客様とともに新しい価値を創造します。",
    "私たちは、確かな技術と誠実なサービスで、お客様のビジネスの成長に貢献します。",
    "ミッション：テクノロジーで産業の未来をつくる。",
    "高品質なソリューションの提供を通じて、持続可能な社会の実現を目指しています。",
]
JA_NOISE = [
    "ISO9001認証取得。",
    "各種メディアに掲載多数。",
    "経済産業省の補助事業に採択されました。",
    "中途・新卒採用を積極的に行っています。",
    "お問い合わせはフォームよりお気軽にどうぞ。",
]
JA_CITIES = [
    "東京都千代田区",
    "東京都港区",
    "神奈川県横浜市",
    "大阪府大阪市北区",
    "愛知県名古屋市",
    "福岡県福岡市",
]
JA_SURNAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村"]
JA_GIVEN = ["太郎", "健一", "美咲", "直樹", "由美", "大輔"]
SYLLABLES = ["ba", "de", "fi", "go", "hu", "ja", "ke", "mo", "nu", "pe", "qui", "ro", "sa", "ty", "vo", "wy"]
KATAKANA = [
    "バ",
    "デ",
    "フィ",
    "ゴ",
    "フ",
    "ジャ",
    "ケ",
    "モ",
    "ヌ",
    "ペ",
    "キ",
    "ロ",
    "サ",
    "ティ",
    "ボ",
    "ウィ",
]
EN_SUFFIXES = ["Technologies", "Solutions", "Systems", "Labs", "Co., Ltd.", "Inc."]
JA_SUFFIXES = ["テクノロジーズ", "ソリューションズ", "システムズ", "ラボ", "", ""]
JA_NEED_PREFIX = ["当社は{}です。", "弊社は{}です。"]
EN_NEED_PREFIX = ["We are {}. ", "As {}, we have a challenge. "]


def make(seed: int, companies: int) -> dict[str, object]:
    rng = random.Random(seed)
    caps = sorted(CAPABILITIES)
    inds = sorted(INDUSTRIES)
    orgs: list[dict[str, object]] = []
    for i in range(companies):
        lang = "ja" if rng.random() < 0.5 else "en"
        tags = [rng.choice(caps)]
        if rng.random() < 0.3:
            tags.append(rng.choice([c for c in caps if c != tags[0]]))
        industry = rng.choice(inds)
        what = [rng.choice(CAPABILITIES[t][lang][0]) for t in tags]
        technologies = [rng.choice(CAPABILITIES[t][lang][2]) for t in tags]
        if rng.random() < 0.35:
            technologies = []  # real profiles often leave the tags empty
        clients = INDUSTRIES[industry][lang][0]
        year = rng.randint(1968, 2021)
        syllables = rng.sample(range(len(SYLLABLES)), 3)
        if lang == "en":
            name = "".join(SYLLABLES[s] for s in syllables).capitalize() + " " + rng.choice(EN_SUFFIXES)
            parts = [rng.choice(EN_OPENINGS).format(year=year, name=name), *what]
            parts.append(rng.choice(EN_CLIENTS).format(clients=clients))
            parts += [
                n.format(year2=rng.randint(2022, 2025), name=name)
                for n in rng.sample(EN_NOISE, rng.randint(2, 5))
            ]
            description = " ".join(parts)
        else:
            name = "株式会社" + "".join(KATAKANA[s] for s in syllables) + rng.choice(JA_SUFFIXES)
            lines = [
                f"会社名：{name}",
                f"設立：{year}年{rng.randint(1, 12)}月",
                f"資本金：{rng.choice([1000, 3000, 5000, 9900, 30000])}万円",
                f"代表者：代表取締役社長 {rng.choice(JA_SURNAMES)}{rng.choice(JA_GIVEN)}",
                f"所在地：{rng.choice(JA_CITIES)}",
                "事業内容：" + "".join(what),
                f"主要取引先：{clients}ほか",
                f"従業員数：{rng.randint(8, 900)}名",
                rng.choice(JA_PHILOSOPHY),
                *rng.sample(JA_NOISE, rng.randint(1, 3)),
            ]
            description = "\n".join(lines)
        orgs.append(
            {
                "id": f"new-{i:04d}",
                "lang": lang,
                "tags": tags,
                "industry": industry,
                "name": name,
                "description": description,
                "industries": "",
                "technologies": ";".join(technologies),
            }
        )
    queries: list[dict[str, object]] = []
    for cap in caps:
        for lang in ("ja", "en"):
            for style, need in zip(("short", "long"), CAPABILITIES[cap][lang][1], strict=True):
                industry = rng.choice(inds)
                own = INDUSTRIES[industry][lang][1]
                prefix = rng.choice(JA_NEED_PREFIX if lang == "ja" else EN_NEED_PREFIX).format(own)
                judgements = {
                    str(o["id"]): 2 if o["industry"] == industry else 1
                    for o in orgs
                    if cap in o["tags"]  # type: ignore[operator]
                }
                queries.append(
                    {
                        "id": f"new-{cap}-{lang}-{style}",
                        "lang": lang,
                        "tags": [cap, industry],
                        "text": prefix + need,
                        "judgements": judgements,
                    }
                )
    return {"organisations": orgs, "queries": queries}


def main() -> int:
    out = {
        "description": "Second locked bilingual partner-search collection (make_new_locked_collection.py): "
        "'About us' and 会社概要 style profiles with boilerplate; relevance from tags: "
        "2 = capability and industry, 1 = capability only. Evaluate only at the end, aggregate only.",
        "licence": "AGPL-3.0-or-later (part of Kyoso); fictional organisations",
        "parts": {"new_locked": make(seed=4242, companies=600)},
    }
    path = Path(__file__).with_name("search_new_locked.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

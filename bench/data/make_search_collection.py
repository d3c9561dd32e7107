#!/usr/bin/env python3
"""Generate the labelled search test collection in bench/data/search_collection.json.

Synthetic and reproducible (fixed seed): fictional organisations described in Japanese or
English from hand-written sentence banks for 25 open-innovation topics, and need-style queries
in both languages written independently of the descriptions (they use words such as 傷, 故障,
"shelf", "chest X-ray" that no description template shares word for word). No real company
names or third-party text are used; the collection is released with Kyoso (AGPL-3.0-or-later).

Relevance: grade 2 = the organisation's main topic is the query's topic; grade 1 = the
organisation mentions the topic as a secondary activity or works in a closely related topic.

Usage: python bench/data/make_search_collection.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

# topic id -> ja sentences, en sentences, ja technologies, en technologies, ja industry, en industry,
#             ja short mention, en short mention
TOPICS: dict[str, dict[str, list[str] | str]] = {
    "visual_inspection": {
        "ja": [
            "製造ラインのカメラ映像から製品の傷や汚れ、欠けを自動で検出するシステムを開発しています。",
            "熟練者の目視検査を深層学習モデルに置き換え、検査員の負担を減らします。",
            "少ない不良品サンプルでも学習できる外観検査AIを提供しています。",
            "部品表面の微細なキズを高解像度カメラと画像処理で判定します。",
            "食品や医薬品の異物混入を画像で見つける検品ソリューションです。",
        ],
        "en": [
            "We build camera-based systems that spot scratches, dents and stains on products as they leave the line.",
            "Our deep learning models replace manual visual checks by human inspectors on the factory floor.",
            "Automated optical inspection that learns from only a handful of defective samples.",
            "High-resolution imaging and computer vision grade the surface quality of machined parts.",
            "Foreign-object detection for food and pharmaceutical packaging using machine vision.",
        ],
        "tech_ja": "画像認識;深層学習;外観検査",
        "tech_en": "computer vision;deep learning;defect detection",
        "ind_ja": "製造業",
        "ind_en": "manufacturing",
        "mention_ja": "製品の外観検査にも取り組んでいます。",
        "mention_en": "We also apply our models to visual quality inspection.",
    },
    "predictive_maintenance": {
        "ja": [
            "設備の振動や温度のデータから故障の兆候をつかみ、停止前に保全を促します。",
            "工場のポンプやモーターに後付けできるセンサーで状態監視を行います。",
            "稼働データの異常検知により計画外の設備停止を削減します。",
            "保全記録と稼働ログを統合し、部品交換の最適な時期を予測します。",
        ],
        "en": [
            "Vibration and temperature analytics that warn maintenance teams before machines break down.",
            "Retrofit sensors for pumps, motors and compressors with condition monitoring in the cloud.",
            "Anomaly detection on equipment telemetry cuts unplanned downtime in plants.",
            "We predict the right time to replace parts from maintenance records and operating logs.",
        ],
        "tech_ja": "予知保全;異常検知;IoT",
        "tech_en": "predictive maintenance;anomaly detection;IoT",
        "ind_ja": "製造業;エネルギー",
        "ind_en": "manufacturing;energy",
        "mention_ja": "設備の予知保全のサービスも提供しています。",
        "mention_en": "A predictive maintenance module is also available.",
    },
    "blockchain_payments": {
        "ja": [
            "ブロックチェーン技術を使い、企業間の決済と精算をリアルタイムで行う基盤を提供します。",
            "銀行向けにスマートコントラクトを用いた送金・決済システムを開発しています。",
            "分散型台帳によって取引記録の改ざんを防ぎ、監査を容易にします。",
            "デジタル通貨による国際送金の手数料と時間を大きく削減します。",
        ],
        "en": [
            "A blockchain settlement network that lets companies pay each other in real time.",
            "We help banks run payments and remittances on smart contracts.",
            "Distributed ledger records that cannot be tampered with and simplify audits.",
            "Cross-border transfers with stablecoins at a fraction of the usual fees and time.",
        ],
        "tech_ja": "ブロックチェーン;スマートコントラクト",
        "tech_en": "blockchain;smart contracts",
        "ind_ja": "金融;フィンテック",
        "ind_en": "financial services;fintech",
        "mention_ja": "ブロックチェーンを使った決済の実証も行っています。",
        "mention_en": "We are also piloting blockchain-based payments.",
    },
    "car_sharing": {
        "ja": [
            "マンションや駐車場の車両をスマートフォンで予約できるカーシェアリングサービスを運営しています。",
            "自動車メーカーと連携し、移動サービスのプラットフォームを構築しています。",
            "鉄道とバス、シェアカーを一つのアプリで検索・決済できるMaaSを提供します。",
            "地方の移動手段を確保するため、乗り合い送迎の配車システムを開発しています。",
        ],
        "en": [
            "We operate a car-sharing service where residents book vehicles from their phones.",
            "A mobility platform built with carmakers for shared and subscription vehicles.",
            "One app to plan and pay for trains, buses and shared cars across a city.",
            "On-demand shared shuttles and ride-hailing for towns with poor public transport.",
        ],
        "tech_ja": "モビリティ;配車システム",
        "tech_en": "mobility;fleet management",
        "ind_ja": "自動車;交通",
        "ind_en": "automotive;transportation",
        "mention_ja": "カーシェア事業者との協業実績があります。",
        "mention_en": "We have worked with car-sharing operators.",
    },
    "autonomous_driving": {
        "ja": [
            "LiDARとカメラを組み合わせた自動運転ソフトウェアを開発しています。",
            "工場や空港の構内で無人搬送車を自律走行させる技術を提供します。",
            "走行データから危険な場面を再現するシミュレーション環境を作っています。",
        ],
        "en": [
            "Self-driving software that fuses lidar and camera data.",
            "Autonomous vehicles for closed sites such as airports, ports and factories.",
            "A simulation platform that recreates dangerous driving scenarios from fleet data.",
        ],
        "tech_ja": "自動運転;センサーフュージョン",
        "tech_en": "autonomous driving;sensor fusion",
        "ind_ja": "自動車",
        "ind_en": "automotive",
        "mention_ja": "自動運転向けの技術開発も進めています。",
        "mention_en": "We also develop components for autonomous driving.",
    },
    "logistics_robotics": {
        "ja": [
            "物流倉庫でのピッキングを自動化するロボットを開発しています。",
            "棚ごと運ぶ搬送ロボットで倉庫作業の人手不足を解消します。",
            "配送ルートを最適化し、ラストワンマイルのコストを下げます。",
            "荷物の積み付けを計算し、トラックの積載率を高めます。",
        ],
        "en": [
            "Robotic picking arms that automate order fulfilment in warehouses.",
            "Mobile robots carry whole shelves to packers, easing labour shortages in distribution centres.",
            "Route optimisation that lowers the cost of last-mile delivery.",
            "Load planning software that fills trucks more efficiently.",
        ],
        "tech_ja": "ロボティクス;最適化",
        "tech_en": "robotics;optimisation",
        "ind_ja": "物流",
        "ind_en": "logistics",
        "mention_ja": "物流倉庫での導入事例もあります。",
        "mention_en": "Our system is also used in warehouses.",
    },
    "drug_discovery": {
        "ja": [
            "機械学習で化合物の活性を予測し、創薬の候補探索を短縮します。",
            "製薬企業と共同で新薬の標的分子を探索しています。",
            "タンパク質の立体構造予測を用いた医薬品設計を行っています。",
        ],
        "en": [
            "Machine learning predicts compound activity to shorten the search for drug candidates.",
            "We partner with pharmaceutical companies to find new therapeutic targets.",
            "Structure-based design of medicines using protein structure prediction.",
        ],
        "tech_ja": "創薬;機械学習",
        "tech_en": "drug discovery;machine learning",
        "ind_ja": "製薬;ライフサイエンス",
        "ind_en": "pharmaceuticals;life sciences",
        "mention_ja": "創薬分野への応用も始めています。",
        "mention_en": "We have started applying it to drug discovery.",
    },
    "medical_imaging": {
        "ja": [
            "胸部X線やCT画像から病変を検出する診断支援AIを開発しています。",
            "内視鏡画像をリアルタイムに解析し、医師の見落としを防ぎます。",
            "病理画像の解析で医師の負担を軽減します。",
        ],
        "en": [
            "Diagnostic support AI that finds lesions in chest X-rays and CT scans.",
            "Real-time analysis of endoscopy video so physicians miss fewer findings.",
            "Digital pathology software that reads tissue slides.",
        ],
        "tech_ja": "医用画像;画像認識",
        "tech_en": "medical imaging;computer vision",
        "ind_ja": "医療",
        "ind_en": "healthcare",
        "mention_ja": "医療画像の解析にも応用しています。",
        "mention_en": "The technology is also used on medical images.",
    },
    "telemedicine": {
        "ja": [
            "スマートフォンで医師の診察を受けられるオンライン診療サービスです。",
            "在宅患者の体調データを病院と共有する遠隔モニタリングを提供します。",
            "服薬指導から薬の配送までをオンラインで完結させます。",
        ],
        "en": [
            "A telehealth app that lets patients see a doctor by video.",
            "Remote patient monitoring that shares home vital signs with hospitals.",
            "Online consultations with pharmacists and home delivery of prescriptions.",
        ],
        "tech_ja": "遠隔医療;ヘルスケア",
        "tech_en": "telemedicine;digital health",
        "ind_ja": "医療",
        "ind_en": "healthcare",
        "mention_ja": "オンライン診療との連携も可能です。",
        "mention_en": "It integrates with telemedicine services.",
    },
    "agritech": {
        "ja": [
            "ドローンで撮影した圃場の画像から作物の生育状況を診断します。",
            "土壌センサーと気象データで水やりと施肥を最適化するスマート農業サービスです。",
            "収穫ロボットで農家の人手不足を解消します。",
        ],
        "en": [
            "Drone imagery tells farmers how each part of a field is growing.",
            "Soil sensors and weather data optimise irrigation and fertiliser for precision agriculture.",
            "Harvesting robots that address labour shortages on farms.",
        ],
        "tech_ja": "ドローン;センサー;農業",
        "tech_en": "drones;sensors;agritech",
        "ind_ja": "農業",
        "ind_en": "agriculture",
        "mention_ja": "農業分野での活用も進めています。",
        "mention_en": "We also work with farms.",
    },
    "alt_protein": {
        "ja": [
            "大豆やえんどう豆を原料にした植物性の代替肉を開発しています。",
            "培養肉の量産技術を研究しています。",
            "昆虫由来のタンパク質を使った食品を製造しています。",
        ],
        "en": [
            "Plant-based meat made from soy and pea protein.",
            "We are scaling up production of cultivated meat.",
            "Foods made with insect protein.",
        ],
        "tech_ja": "フードテック;代替タンパク質",
        "tech_en": "foodtech;alternative protein",
        "ind_ja": "食品",
        "ind_en": "food and beverage",
        "mention_ja": "食品メーカーとの取引もあります。",
        "mention_en": "Food manufacturers are among our customers.",
    },
    "energy_storage": {
        "ja": [
            "太陽光発電と蓄電池を組み合わせ、工場の電力コストを下げます。",
            "使用済みEV電池を再利用した定置型蓄電システムを提供します。",
            "次世代の全固体電池の材料を開発しています。",
        ],
        "en": [
            "Solar plus battery storage that lowers electricity bills for factories.",
            "Stationary storage systems built from second-life EV batteries.",
            "Materials for next-generation solid-state batteries.",
        ],
        "tech_ja": "蓄電池;再生可能エネルギー",
        "tech_en": "batteries;renewable energy",
        "ind_ja": "エネルギー",
        "ind_en": "energy",
        "mention_ja": "再生可能エネルギーの導入支援も行っています。",
        "mention_en": "We also help customers adopt renewable energy.",
    },
    "carbon": {
        "ja": [
            "サプライチェーン全体の温室効果ガス排出量を算定・可視化するクラウドサービスです。",
            "脱炭素に向けた削減計画の策定と進捗管理を支援します。",
            "カーボンクレジットの創出と取引を仲介しています。",
        ],
        "en": [
            "Cloud software that measures greenhouse gas emissions across the supply chain.",
            "We help companies plan and track their path to net zero.",
            "A marketplace for creating and trading carbon credits.",
        ],
        "tech_ja": "脱炭素;データ分析",
        "tech_en": "carbon accounting;analytics",
        "ind_ja": "環境;エネルギー",
        "ind_en": "climate;energy",
        "mention_ja": "CO2排出量の見える化にも対応しています。",
        "mention_en": "Emissions reporting is included.",
    },
    "cybersecurity": {
        "ja": [
            "工場の制御システムをサイバー攻撃から守るセキュリティ製品を提供しています。",
            "クレジットカードの不正利用をリアルタイムに検知します。",
            "社員のなりすましを防ぐ多要素認証と生体認証の基盤です。",
        ],
        "en": [
            "Security for industrial control systems against cyber attacks.",
            "Real-time card fraud detection for issuers and merchants.",
            "Multi-factor and biometric authentication that stops account takeover.",
        ],
        "tech_ja": "サイバーセキュリティ;不正検知",
        "tech_en": "cybersecurity;fraud detection",
        "ind_ja": "IT;金融",
        "ind_en": "software;financial services",
        "mention_ja": "セキュリティ対策のコンサルティングも行います。",
        "mention_en": "We also advise on security.",
    },
    "document_ai": {
        "ja": [
            "手書きの帳票や請求書を読み取るAI-OCRで事務作業を効率化します。",
            "契約書のリスク条項を自然言語処理で自動チェックします。",
            "社内文書を検索して質問に答える生成AIアシスタントを提供しています。",
        ],
        "en": [
            "AI OCR that reads handwritten forms and invoices to cut back-office work.",
            "Contract review that flags risky clauses with natural language processing.",
            "A generative AI assistant that answers questions from internal documents.",
        ],
        "tech_ja": "自然言語処理;OCR;生成AI",
        "tech_en": "NLP;OCR;large language models",
        "ind_ja": "IT;法務",
        "ind_en": "software;legal",
        "mention_ja": "書類の読み取りにもAIを使っています。",
        "mention_en": "Document reading is also automated.",
    },
    "hr_tech": {
        "ja": [
            "採用面接の日程調整と候補者管理を自動化する採用管理システムです。",
            "社員のスキルを可視化し、最適な配置を提案します。",
            "エンゲージメント調査で離職の兆候を早期に把握します。",
        ],
        "en": [
            "An applicant tracking system that automates interview scheduling.",
            "Skills mapping that suggests the right internal moves for employees.",
            "Engagement surveys that surface attrition risk early.",
        ],
        "tech_ja": "HRテック;SaaS",
        "tech_en": "HR tech;SaaS",
        "ind_ja": "人材",
        "ind_en": "human resources",
        "mention_ja": "人事部門向けの機能もあります。",
        "mention_en": "There is a module for HR teams.",
    },
    "edtech": {
        "ja": [
            "学習者ごとに問題を出し分けるアダプティブラーニングの教材を提供しています。",
            "企業研修をオンラインで実施・管理できるeラーニング基盤です。",
            "プログラミング教育を小中学校向けに展開しています。",
        ],
        "en": [
            "Adaptive learning content that adjusts questions to each learner.",
            "An e-learning platform to run and track corporate training.",
            "Coding classes for primary and secondary schools.",
        ],
        "tech_ja": "エドテック;eラーニング",
        "tech_en": "edtech;e-learning",
        "ind_ja": "教育",
        "ind_en": "education",
        "mention_ja": "教育機関での利用もあります。",
        "mention_en": "Schools also use it.",
    },
    "retail_forecast": {
        "ja": [
            "POSデータと天候から商品の需要を予測し、発注を自動化します。",
            "店舗の棚をカメラで監視し、欠品を知らせます。",
            "顧客の購買履歴を分析して販促を最適化します。",
        ],
        "en": [
            "Demand forecasting from point-of-sale data and weather that automates ordering.",
            "Shelf cameras that alert staff when products run out.",
            "Purchase history analytics that target promotions.",
        ],
        "tech_ja": "需要予測;データ分析",
        "tech_en": "demand forecasting;analytics",
        "ind_ja": "小売",
        "ind_en": "retail",
        "mention_ja": "小売店向けの需要予測にも使われています。",
        "mention_en": "Retailers use it for forecasting too.",
    },
    "infra_inspection": {
        "ja": [
            "橋やトンネルのひび割れをドローンと画像解析で点検します。",
            "建設現場の進捗を3次元で記録し、施工管理を効率化します。",
            "老朽化したインフラの劣化をセンサーで常時監視します。",
        ],
        "en": [
            "Drones and image analysis find cracks in bridges and tunnels.",
            "3D site capture that keeps construction progress on schedule.",
            "Sensors that continuously monitor ageing infrastructure.",
        ],
        "tech_ja": "ドローン;画像解析;建設",
        "tech_en": "drones;image analysis;construction tech",
        "ind_ja": "建設;インフラ",
        "ind_en": "construction;infrastructure",
        "mention_ja": "インフラ点検の案件もあります。",
        "mention_en": "We also inspect infrastructure.",
    },
    "insurtech": {
        "ja": [
            "運転データに基づいて保険料を決めるテレマティクス保険を提供しています。",
            "事故写真から修理費を見積もり、保険金の支払いを早めます。",
        ],
        "en": [
            "Usage-based motor insurance priced on driving data.",
            "Photo-based claims estimation that speeds up insurance payouts.",
        ],
        "tech_ja": "インシュアテック;データ分析",
        "tech_en": "insurtech;analytics",
        "ind_ja": "保険",
        "ind_en": "insurance",
        "mention_ja": "保険会社とも連携しています。",
        "mention_en": "Insurers are partners too.",
    },
    "credit_scoring": {
        "ja": [
            "取引データを使って中小企業の与信を自動で審査します。",
            "個人向けの少額融資をスマートフォンで申し込めるサービスです。",
        ],
        "en": [
            "Automated credit assessment for small businesses from their transaction data.",
            "Small consumer loans that people apply for on their phones.",
        ],
        "tech_ja": "与信;機械学習",
        "tech_en": "credit scoring;machine learning",
        "ind_ja": "金融",
        "ind_en": "lending",
        "mention_ja": "与信モデルも提供しています。",
        "mention_en": "A credit model is also offered.",
    },
    "smart_factory": {
        "ja": [
            "工場の機械をネットワークにつなぎ、稼働状況を一元的に見える化します。",
            "生産計画を自動で立て、段取り替えを減らします。",
            "作業員の動きを分析して組立工程の無駄を見つけます。",
        ],
        "en": [
            "Connects plant machines to show production status in one dashboard.",
            "Automatic production scheduling that reduces changeovers.",
            "Motion analysis of workers that finds waste in assembly.",
        ],
        "tech_ja": "IoT;生産管理",
        "tech_en": "industrial IoT;production planning",
        "ind_ja": "製造業",
        "ind_en": "manufacturing",
        "mention_ja": "工場のデータ連携にも対応しています。",
        "mention_en": "Factory data integration is supported.",
    },
    "elder_care": {
        "ja": [
            "高齢者の見守りセンサーで転倒や体調の変化を家族に知らせます。",
            "介護記録を音声入力で作成し、介護職員の負担を減らします。",
        ],
        "en": [
            "Sensors that alert families when an elderly relative falls or feels unwell.",
            "Voice-driven care records that save time for care workers.",
        ],
        "tech_ja": "介護;センサー",
        "tech_en": "care tech;sensors",
        "ind_ja": "介護",
        "ind_en": "elderly care",
        "mention_ja": "介護施設での実証も行いました。",
        "mention_en": "We ran a trial in nursing homes.",
    },
    "materials": {
        "ja": [
            "マテリアルズ・インフォマティクスで新しい材料の探索を加速します。",
            "軽くて強い複合材料を自動車や航空機向けに開発しています。",
        ],
        "en": [
            "Materials informatics that speeds up the discovery of new materials.",
            "Light, strong composites for cars and aircraft.",
        ],
        "tech_ja": "新素材;機械学習",
        "tech_en": "advanced materials;machine learning",
        "ind_ja": "化学;素材",
        "ind_en": "chemicals;materials",
        "mention_ja": "素材メーカーとの共同研究もあります。",
        "mention_en": "We collaborate with materials makers.",
    },
    "quantum": {
        "ja": [
            "量子コンピュータ向けのアルゴリズムとソフトウェアを開発しています。",
            "量子計算を使った金融ポートフォリオの最適化を研究しています。",
        ],
        "en": [
            "Algorithms and software for quantum computers.",
            "Quantum optimisation for financial portfolios.",
        ],
        "tech_ja": "量子コンピューティング",
        "tech_en": "quantum computing",
        "ind_ja": "IT",
        "ind_en": "software",
        "mention_ja": "量子計算の研究も行っています。",
        "mention_en": "We also research quantum computing.",
    },
}

# topics close enough that a partner in one is partly relevant to a need in the other
RELATED = {
    ("visual_inspection", "smart_factory"),
    ("visual_inspection", "infra_inspection"),
    ("predictive_maintenance", "smart_factory"),
    ("car_sharing", "autonomous_driving"),
    ("blockchain_payments", "credit_scoring"),
    ("medical_imaging", "telemedicine"),
    ("energy_storage", "carbon"),
    ("insurtech", "credit_scoring"),
    ("elder_care", "telemedicine"),
    ("drug_discovery", "materials"),
}

FILLER_JA = [
    "大手企業とのPoCの実績が多数あります。",
    "当社は2019年に創業したスタートアップです。",
    "クラウドで提供するため、短期間で導入できます。",
    "大学発ベンチャーとして研究成果の事業化を進めています。",
    "AIとデータ活用で顧客の業務を変革します。",
    "シリーズAで資金調達を完了しました。",
    "プラットフォームを通じて多くの企業にサービスを提供しています。",
]
FILLER_EN = [
    "We have run proofs of concept with several large corporations.",
    "Founded in 2020 and backed by leading venture investors.",
    "Delivered as a cloud service, it can be deployed in weeks.",
    "A university spin-out turning research into products.",
    "We use AI and data to transform how our customers work.",
    "We recently closed our Series A round.",
    "Our platform serves customers across many industries.",
]

NAME_JA = [
    "テック",
    "ラボ",
    "ソリューションズ",
    "システムズ",
    "イノベーション",
    "ワークス",
    "ロボティクス",
    "AI",
]
NAME_STEM_JA = [
    "アオバ",
    "ミナト",
    "ヒカリ",
    "ソラ",
    "ツバサ",
    "カエデ",
    "サクラ",
    "ミライ",
    "ハヤテ",
    "ユイ",
    "ナギ",
    "コハク",
]
NAME_EN = ["Labs", "Systems", "Technologies", "AI", "Works", "Analytics", "Robotics", "Dynamics"]
NAME_STEM_EN = [
    "Aster",
    "Blue Heron",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Granite",
    "Helix",
    "Iris",
    "Juniper",
]

# Need-style queries, written for this collection; (topic, lang, query)
QUERIES = [
    ("visual_inspection", "ja", "製造ラインで製品の傷や不良を自動で見つけたい"),
    ("visual_inspection", "en", "automate visual inspection of defects on the production line"),
    ("predictive_maintenance", "ja", "工場設備の故障を事前に予測したい"),
    ("predictive_maintenance", "en", "predict machine failures before breakdown"),
    ("blockchain_payments", "ja", "ブロックチェーンを活用した決済システム"),
    ("blockchain_payments", "en", "blockchain payment settlement for banks"),
    ("car_sharing", "ja", "カーシェアを使った新しいモビリティサービス"),
    ("car_sharing", "en", "car sharing mobility service"),
    ("autonomous_driving", "ja", "自動運転の技術を持つパートナー"),
    ("autonomous_driving", "en", "self-driving vehicle technology"),
    ("logistics_robotics", "ja", "倉庫のピッキング作業をロボットで自動化したい"),
    ("logistics_robotics", "en", "warehouse robots for logistics"),
    ("drug_discovery", "ja", "AIを使った創薬"),
    ("drug_discovery", "en", "AI drug discovery partner"),
    ("medical_imaging", "ja", "CTやX線画像の診断支援"),
    ("medical_imaging", "en", "AI for reading chest X-ray images"),
    ("telemedicine", "ja", "オンライン診療サービス"),
    ("telemedicine", "en", "remote patient monitoring and telehealth"),
    ("agritech", "ja", "ドローンで農作物の生育を管理したい"),
    ("agritech", "en", "precision agriculture with drones"),
    ("alt_protein", "ja", "植物由来の代替肉"),
    ("alt_protein", "en", "plant-based meat alternative protein"),
    ("energy_storage", "ja", "工場に蓄電池と太陽光を導入したい"),
    ("energy_storage", "en", "battery energy storage"),
    ("carbon", "ja", "サプライチェーンのCO2排出量を見える化したい"),
    ("carbon", "en", "measure greenhouse gas emissions"),
    ("cybersecurity", "ja", "不正利用の検知とセキュリティ"),
    ("cybersecurity", "en", "cyber security for industrial control systems"),
    ("document_ai", "ja", "請求書の読み取りと事務作業の効率化"),
    ("document_ai", "en", "contract review with natural language processing"),
    ("hr_tech", "ja", "採用業務を効率化したい"),
    ("hr_tech", "en", "recruiting software"),
    ("edtech", "ja", "社員研修のeラーニング"),
    ("edtech", "en", "adaptive learning for schools"),
    ("retail_forecast", "ja", "小売店の需要予測と発注の自動化"),
    ("retail_forecast", "en", "retail demand forecasting"),
    ("infra_inspection", "ja", "橋梁やトンネルの点検をドローンで"),
    ("infra_inspection", "en", "bridge inspection with drones"),
    ("insurtech", "ja", "保険の保険金支払いを迅速化"),
    ("insurtech", "en", "usage-based car insurance"),
    ("credit_scoring", "ja", "中小企業向けの与信審査"),
    ("credit_scoring", "en", "credit scoring for small business lending"),
    ("smart_factory", "ja", "工場の稼働状況の見える化"),
    ("smart_factory", "en", "smart factory production scheduling"),
    ("elder_care", "ja", "高齢者の見守りと介護"),
    ("elder_care", "en", "elderly care monitoring sensors"),
    ("materials", "ja", "新素材の開発を加速したい"),
    ("materials", "en", "materials informatics"),
    ("quantum", "ja", "量子コンピュータの活用"),
    ("quantum", "en", "quantum computing algorithms"),
]


def make(seed: int = 20260101) -> dict[str, object]:
    rng = random.Random(seed)
    topics = list(TOPICS)
    orgs: list[dict[str, object]] = []
    per_topic_lang = 5  # 25 topics x 2 languages x 5 = 250 organisations
    for topic in topics:
        t = TOPICS[topic]
        for lang in ("ja", "en"):
            for k in range(per_topic_lang):
                sentences = list(t[lang])  # type: ignore[arg-type]
                rng.shuffle(sentences)
                chosen = sentences[: rng.randint(1, min(3, len(sentences)))]
                secondary = None
                if rng.random() < 0.4:
                    secondary = rng.choice([x for x in topics if x != topic])
                    chosen.append(str(TOPICS[secondary][f"mention_{lang}"]))
                filler = FILLER_JA if lang == "ja" else FILLER_EN
                chosen += rng.sample(filler, 2)
                if lang == "ja":
                    name = f"{rng.choice(NAME_STEM_JA)}{rng.choice(NAME_JA)}{k + 1}"
                    description = "".join(chosen)
                else:
                    name = f"{rng.choice(NAME_STEM_EN)} {rng.choice(NAME_EN)} {k + 1}"
                    description = " ".join(chosen)
                # technologies are listed for only some organisations, like real directories
                techs = str(t[f"tech_{lang}"]) if rng.random() < 0.7 else ""
                orgs.append(
                    {
                        "id": f"{topic}-{lang}-{k + 1}",
                        "lang": lang,
                        "topic": topic,
                        "secondary": secondary,
                        "name": name,
                        "description": description,
                        "industries": str(t[f"ind_{lang}"]),
                        "technologies": techs,
                    }
                )
    queries = []
    for i, (topic, lang, text) in enumerate(QUERIES, start=1):
        judgements: dict[str, int] = {}
        for org in orgs:
            grade = 0
            if org["topic"] == topic:
                grade = 2
            elif (
                org["secondary"] == topic
                or (org["topic"], topic) in RELATED
                or (topic, org["topic"]) in RELATED
            ):
                grade = 1
            if grade:
                judgements[str(org["id"])] = grade
        queries.append(
            {"id": f"q{i:02d}", "lang": lang, "topic": topic, "text": text, "judgements": judgements}
        )
    return {
        "description": "Synthetic bilingual partner-search collection generated by make_search_collection.py",
        "licence": "AGPL-3.0-or-later (part of Kyoso); fictional organisations",
        "organisations": orgs,
        "queries": queries,
    }


if __name__ == "__main__":
    out = Path(__file__).with_name("search_collection.json")
    out.write_text(json.dumps(make(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out}")

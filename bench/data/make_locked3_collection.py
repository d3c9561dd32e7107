#!/usr/bin/env python3
"""Write bench/data/search_locked3.json: a third locked partner-search collection (LOCKED3).

Written BEFORE the ranking changes it is meant to judge were tuned, committed untouched, and
evaluated only once at the end (the benchmark prints its aggregate lines, labelled LOCKED3, never
per query). The two earlier locked sets had both been printed at least once, so they no longer
prove generalisation on their own.

It imitates the external check as closely as a generator can: a startup directory imported from a
CSV (name, kind, description, industries, technologies), with relevance taken from the companies'
own tags.

* 3,000 organisations, about 85% with an English profile and 15% with a Japanese one (of those,
  half carry English tags, as directories with one tag list do).
* A new taxonomy (32 technology concepts, 14 industries) with new wording, not taken from the
  other generators. Every concept has several tag spellings (synonyms, abbreviations, broader and
  narrower tags: "Cyber Security" / "Network Security" / "InfoSec"), and the need texts often use
  other words than the tags ("keep attackers out of our network").
* Tags are `;`-separated lists as in a CSV export; about a third of the companies file their
  technology tags under `industries` (as "Artificial Intelligence; Cyber Security" directories
  do) and keep a stack list (Python; AWS; Kubernetes) or nothing under `technologies`. Generic
  tags (SaaS, B2B, Artificial Intelligence, Software) are sprinkled over many companies.
* Descriptions vary: a one-line pitch, a short paragraph, or a long "About us" page with mission
  boilerplate, funding and hiring news, and copyright lines. About a quarter describe the
  concept only in a paraphrase, a tenth do not describe it at all (tags only), and a tenth
  mention another concept in passing ("founded by former robotics engineers").
* Needs in English and Japanese, short and long (a background paragraph); three quarters name a
  technology and an industry, a quarter a technology only.

Grades (from the tags only): for a need with a technology and an industry, 2 = the company is
tagged with both, 1 = with the technology only; for a technology-only need, 2 = tagged with it.

Usage: python bench/data/make_locked3_collection.py  (deterministic; seed fixed)
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

# Technology concepts. Per concept: English tag spellings, Japanese tag spellings, English
# "what we do" phrases (finish the sentence "We ..."), Japanese 事業 phrases, English need
# phrases (an object for "we need ..."), Japanese need phrases (an object for "…を実現したい").
# The first need phrase of each language uses tag-like words, the second a paraphrase.
TECH: dict[str, dict[str, list[str]]] = {
    "cybersecurity": {
        "tags": ["Cyber Security", "Cybersecurity", "Network Security", "InfoSec", "Information Security"],
        "ja_tags": ["サイバーセキュリティ", "情報セキュリティ"],
        "en": [
            "detect intrusions and ransomware across corporate networks and cloud workloads",
            "run a managed threat-hunting service that watches every endpoint around the clock",
            "harden enterprise networks with zero-trust access and continuous vulnerability scans",
        ],
        "ja": [
            "社内ネットワークとクラウドへの不正侵入やランサムウェアを検知するサービスを提供",
            "端末を24時間監視するマネージドセキュリティサービスを運営",
        ],
        "need_en": ["cybersecurity", "a way to keep attackers and ransomware out of our network"],
        "need_ja": ["サイバーセキュリティ対策", "ランサムウェアや不正アクセスから社内システムを守る仕組み"],
    },
    "fraud": {
        "tags": ["Fraud Detection", "Fraud Prevention", "Risk Management", "AML", "Anti-Money Laundering"],
        "ja_tags": ["不正検知", "不正防止"],
        "en": [
            "score transactions in real time to stop card fraud and account takeovers",
            "flag suspicious money flows for anti-money-laundering teams",
        ],
        "ja": [
            "取引をリアルタイムに分析し、クレジットカードの不正利用を防ぐシステムを開発",
            "マネーロンダリングの疑いがある取引を自動で抽出するサービスを提供",
        ],
        "need_en": ["fraud detection", "spotting fake transactions and stolen accounts before money leaves"],
        "need_ja": ["不正取引の検知", "なりすましやカードの不正利用を見抜く仕組み"],
    },
    "conversational": {
        "tags": [
            "Conversational AI",
            "Chatbots",
            "Chatbot",
            "Virtual Assistant",
            "Customer Service Automation",
        ],
        "ja_tags": ["チャットボット", "対話AI"],
        "en": [
            "build chatbots that answer customer questions on web, LINE and messaging apps",
            "automate contact-centre conversations with virtual agents that hand over to humans",
        ],
        "ja": [
            "問い合わせに自動で回答するチャットボットを開発・提供",
            "コールセンターの応対を自動化する対話AIを提供",
        ],
        "need_en": [
            "a chatbot for customer inquiries",
            "answering routine customer questions automatically, day and night",
        ],
        "need_ja": ["チャットボットによる問い合わせ対応", "よくある問い合わせへの回答を自動化すること"],
    },
    "vision": {
        "tags": ["Computer Vision", "Image Recognition", "Machine Vision", "Visual AI"],
        "ja_tags": ["画像認識", "画像解析"],
        "en": [
            "turn camera footage into structured data with image recognition models",
            "train vision models that find objects, people and defects in photos and video",
        ],
        "ja": [
            "カメラ映像から人や物を認識する画像解析エンジンを開発",
            "写真や動画に写った対象物をAIで判別するサービスを提供",
        ],
        "need_en": ["computer vision", "software that understands what our cameras see"],
        "need_ja": ["画像認識技術", "カメラの映像から状況を自動で読み取る技術"],
    },
    "predictive_maint": {
        "tags": [
            "Predictive Maintenance",
            "Condition Monitoring",
            "Asset Performance Management",
            "Vibration Analysis",
        ],
        "ja_tags": ["予知保全", "状態監視"],
        "en": [
            "listen to vibration and temperature signals to warn before pumps and motors break",
            "forecast equipment failures from sensor histories so crews fix machines on time",
        ],
        "ja": [
            "振動や温度のデータからポンプやモーターの故障を事前に予測するサービスを展開",
            "設備データを解析して故障の兆候を知らせる保全システムを開発",
        ],
        "need_en": [
            "predictive maintenance",
            "knowing which machines will break down before they actually do",
        ],
        "need_ja": ["予知保全の導入", "設備が壊れる前に不具合の兆しをつかむこと"],
    },
    "digital_twin": {
        "tags": ["Digital Twin", "Simulation", "3D Modeling", "Virtual Commissioning"],
        "ja_tags": ["デジタルツイン", "シミュレーション"],
        "en": [
            "create live virtual replicas of factories and buildings for what-if simulation",
            "mirror physical assets in a 3D model fed by real-time data",
        ],
        "ja": [
            "工場や建物を仮想空間に再現し、運用をシミュレーションするデジタルツインを提供",
            "現実の設備データと連動する3Dモデルを構築",
        ],
        "need_en": ["a digital twin", "a virtual copy of our site to test changes before we make them"],
        "need_ja": ["デジタルツインの構築", "現場を仮想空間に再現して変更を事前に試すこと"],
    },
    "warehouse_robotics": {
        "tags": ["Robotics", "Warehouse Automation", "Autonomous Mobile Robots", "AMR", "Industrial Robots"],
        "ja_tags": ["ロボティクス", "物流ロボット"],
        "en": [
            "deploy autonomous mobile robots that carry totes between shelves and packing stations",
            "design pick-and-place robot cells that work beside warehouse staff",
        ],
        "ja": [
            "倉庫内で棚や荷物を運ぶ自律走行ロボットを開発",
            "ピッキング作業を自動化するロボットシステムを提供",
        ],
        "need_en": ["warehouse robotics", "machines that move and pick goods so our staff walk less"],
        "need_ja": ["倉庫作業のロボット化", "ピッキングや搬送を人手に頼らずに行うこと"],
    },
    "drones": {
        "tags": ["Drones", "UAV", "Unmanned Aerial Vehicles", "Aerial Imaging"],
        "ja_tags": ["ドローン", "無人航空機"],
        "en": [
            "fly drones that survey roofs, bridges and power lines and map the damage",
            "operate unmanned aircraft for aerial inspection and delivery trials",
        ],
        "ja": [
            "ドローンで橋梁や送電線を空撮し、点検を効率化するサービスを提供",
            "無人航空機による測量と物資輸送の実証を実施",
        ],
        "need_en": ["drone inspection", "surveying tall structures from the air instead of sending climbers"],
        "need_ja": ["ドローンによる点検", "高所の設備を人が登らずに空から確認する方法"],
    },
    "blockchain": {
        "tags": ["Blockchain", "Distributed Ledger", "Web3", "Traceability"],
        "ja_tags": ["ブロックチェーン", "トレーサビリティ"],
        "en": [
            "record product provenance on a shared ledger that suppliers cannot tamper with",
            "build tokenisation and smart-contract platforms for enterprises",
        ],
        "ja": [
            "改ざんできない台帳で製品の産地や流通履歴を記録するサービスを提供",
            "企業向けのスマートコントラクト基盤を開発",
        ],
        "need_en": ["blockchain traceability", "a tamper-proof record of where each product came from"],
        "need_ja": ["ブロックチェーンを使ったトレーサビリティ", "製品の履歴を改ざんできない形で残す仕組み"],
    },
    "iot": {
        "tags": ["Internet of Things", "IoT", "Sensors", "Wireless Sensor Networks", "Connected Devices"],
        "ja_tags": ["IoT", "センサー"],
        "en": [
            "connect low-power wireless sensors to a cloud dashboard",
            "make retrofit sensor kits that put legacy equipment online",
        ],
        "ja": [
            "省電力の無線センサーとクラウドをつなぐIoTプラットフォームを提供",
            "既存の機器に後付けできるセンサーキットを開発",
        ],
        "need_en": ["IoT sensors", "putting our old equipment online so we can see its data remotely"],
        "need_ja": ["IoTセンサーの活用", "古い機器のデータを遠隔で見られるようにすること"],
    },
    "batteries": {
        "tags": ["Energy Storage", "Batteries", "Battery Management Systems", "BESS", "Battery Technology"],
        "ja_tags": ["蓄電池", "エネルギー貯蔵"],
        "en": [
            "engineer battery packs and management software for grid-scale storage",
            "extend battery life with cell-level monitoring and second-life reuse",
        ],
        "ja": [
            "系統用の大型蓄電池システムと制御ソフトを開発",
            "電池の劣化を監視し、リユースにつなげるサービスを提供",
        ],
        "need_en": ["battery energy storage", "storing surplus electricity and releasing it at peak hours"],
        "need_ja": ["蓄電池の導入", "余った電気をためてピーク時に使う仕組み"],
    },
    "solar": {
        "tags": ["Solar", "Solar Energy", "Photovoltaics", "PV", "Renewable Energy"],
        "ja_tags": ["太陽光発電", "再生可能エネルギー"],
        "en": [
            "install and finance rooftop photovoltaic systems for commercial buildings",
            "develop lightweight solar modules for surfaces that cannot carry heavy panels",
        ],
        "ja": [
            "工場や店舗の屋根に太陽光パネルを設置し、電力を供給する事業を展開",
            "軽量で曲げられる太陽電池モジュールを開発",
        ],
        "need_en": ["solar power", "generating our own clean electricity on site"],
        "need_ja": ["太陽光発電の導入", "自社の敷地で再生可能な電気をつくること"],
    },
    "carbon": {
        "tags": [
            "Carbon Accounting",
            "ESG",
            "Emissions Tracking",
            "Sustainability Software",
            "Decarbonization",
        ],
        "ja_tags": ["脱炭素", "CO2排出量管理"],
        "en": [
            "measure Scope 1, 2 and 3 emissions and produce audit-ready climate reports",
            "help companies track their carbon footprint and plan reduction pathways",
        ],
        "ja": [
            "サプライチェーン全体のCO2排出量を算定・可視化するクラウドを提供",
            "企業の脱炭素計画づくりと排出量報告を支援",
        ],
        "need_en": [
            "carbon accounting",
            "measuring and reporting the greenhouse gases our supply chain emits",
        ],
        "need_ja": ["CO2排出量の算定", "取引先を含めた温室効果ガスの見える化"],
    },
    "water": {
        "tags": ["Water Treatment", "Wastewater", "Water Technology", "Water Purification"],
        "ja_tags": ["水処理", "排水処理"],
        "en": [
            "clean industrial wastewater with compact membrane and biological reactors",
            "monitor water quality and leaks in municipal pipe networks",
        ],
        "ja": [
            "工場排水を浄化する小型の膜処理装置を製造",
            "上下水道の水質と漏水を監視するシステムを開発",
        ],
        "need_en": ["wastewater treatment", "cleaning the dirty water our plant discharges"],
        "need_ja": ["排水処理の改善", "工場から出る汚れた水をきれいにする技術"],
    },
    "xr": {
        "tags": ["Augmented Reality", "AR", "Virtual Reality", "VR", "Extended Reality", "XR"],
        "ja_tags": ["AR", "VR", "XR"],
        "en": [
            "create headset-based training simulations for frontline workers",
            "overlay step-by-step instructions on equipment through smart glasses",
        ],
        "ja": [
            "ヘッドセットを使った現場作業員向けの研修コンテンツを制作",
            "スマートグラスで機器に手順を重ねて表示するシステムを開発",
        ],
        "need_en": ["AR/VR training", "immersive training where new staff practise in a simulated workplace"],
        "need_ja": ["VRを使った研修", "新人が仮想の現場で作業を練習できる仕組み"],
    },
    "telehealth": {
        "tags": ["Telehealth", "Telemedicine", "Remote Patient Monitoring", "Digital Health", "mHealth"],
        "ja_tags": ["遠隔医療", "オンライン診療"],
        "en": [
            "connect patients and doctors through video visits and home vital-sign monitoring",
            "let clinics follow chronic patients remotely with wearable readings",
        ],
        "ja": [
            "オンライン診療と自宅でのバイタル測定をつなぐサービスを提供",
            "慢性疾患の患者を遠隔で見守るシステムを開発",
        ],
        "need_en": ["telemedicine", "caring for patients at home without them travelling to the clinic"],
        "need_ja": ["オンライン診療の導入", "通院しなくても患者を診られる仕組み"],
    },
    "genomics": {
        "tags": ["Genomics", "DNA Sequencing", "Bioinformatics", "Precision Medicine"],
        "ja_tags": ["ゲノム解析", "バイオインフォマティクス"],
        "en": [
            "analyse sequencing data to match patients with targeted therapies",
            "provide cloud pipelines that turn raw DNA reads into clinical reports",
        ],
        "ja": [
            "遺伝子配列データを解析し、個別化医療を支援",
            "DNAシーケンスの解析パイプラインをクラウドで提供",
        ],
        "need_en": ["genomic analysis", "reading patients' DNA to choose the right treatment"],
        "need_ja": ["ゲノム解析", "遺伝情報にもとづいて治療法を選ぶこと"],
    },
    "additive": {
        "tags": ["3D Printing", "Additive Manufacturing", "Rapid Prototyping"],
        "ja_tags": ["3Dプリンター", "積層造形"],
        "en": [
            "print metal and polymer parts layer by layer for short production runs",
            "offer on-demand rapid prototyping with industrial printers",
        ],
        "ja": [
            "金属や樹脂の部品を積層造形で少量生産",
            "産業用3Dプリンターによる試作サービスを提供",
        ],
        "need_en": ["3D printing", "making small batches of spare parts without moulds"],
        "need_ja": ["3Dプリンターによる部品製造", "金型を使わずに少量の部品をつくること"],
    },
    "speech": {
        "tags": ["Speech Recognition", "Voice AI", "Speech-to-Text", "ASR", "Voice Technology"],
        "ja_tags": ["音声認識", "音声AI"],
        "en": [
            "transcribe calls and meetings with speech-to-text tuned for noisy rooms",
            "build voice interfaces that understand spoken commands",
        ],
        "ja": [
            "会議や通話の音声を高精度に文字起こしするエンジンを開発",
            "声で操作できる音声インターフェースを提供",
        ],
        "need_en": ["speech recognition", "turning recorded calls into searchable text"],
        "need_ja": ["音声認識の活用", "通話の録音を自動で文字にすること"],
    },
    "document_ai": {
        "tags": [
            "Natural Language Processing",
            "NLP",
            "Intelligent Document Processing",
            "OCR",
            "Document AI",
        ],
        "ja_tags": ["自然言語処理", "AI-OCR"],
        "en": [
            "extract fields from invoices, contracts and forms with OCR and language models",
            "classify and summarise large document archives",
        ],
        "ja": [
            "請求書や契約書から項目を読み取るAI-OCRを提供",
            "大量の文書を分類・要約する自然言語処理エンジンを開発",
        ],
        "need_en": ["document processing with NLP", "reading paper forms and invoices without manual typing"],
        "need_ja": ["AI-OCRによる書類処理", "紙の帳票を手入力せずにデータ化すること"],
    },
    "recommendation": {
        "tags": ["Personalization", "Recommendation Engine", "Recommender Systems", "Customer Analytics"],
        "ja_tags": ["レコメンド", "パーソナライズ"],
        "en": [
            "personalise product recommendations from browsing and purchase behaviour",
            "rank content for each visitor with real-time recommender models",
        ],
        "ja": [
            "閲覧・購買履歴から一人ひとりに合う商品を推薦するエンジンを提供",
            "顧客ごとに表示内容を最適化するパーソナライズ基盤を開発",
        ],
        "need_en": [
            "a recommendation engine",
            "showing each customer the products they are most likely to buy",
        ],
        "need_ja": ["レコメンドエンジン", "顧客ごとに買いそうな商品を表示すること"],
    },
    "forecasting": {
        "tags": ["Demand Forecasting", "Predictive Analytics", "Forecasting", "Inventory Optimization"],
        "ja_tags": ["需要予測", "在庫最適化"],
        "en": [
            "predict sales and stock needs per store and SKU with machine learning",
            "optimise inventory levels from demand forecasts and lead times",
        ],
        "ja": [
            "店舗・商品ごとの売上と必要在庫を機械学習で予測",
            "需要予測にもとづいて在庫量を最適化するサービスを提供",
        ],
        "need_en": [
            "demand forecasting",
            "ordering the right amount so shelves are neither empty nor overstocked",
        ],
        "need_ja": ["需要予測", "欠品と過剰在庫を同時に減らすこと"],
    },
    "routing": {
        "tags": ["Route Optimization", "Fleet Management", "Telematics", "Last Mile Delivery"],
        "ja_tags": ["配送ルート最適化", "車両管理"],
        "en": [
            "plan delivery routes and driver schedules that cut kilometres and overtime",
            "track vehicles and fuel use with telematics units",
        ],
        "ja": [
            "配送ルートとドライバーの勤務を自動で最適化するクラウドを提供",
            "車両の位置や燃費を管理するテレマティクスを開発",
        ],
        "need_en": [
            "route optimization",
            "planning delivery rounds so drivers finish on time with fewer trucks",
        ],
        "need_ja": ["配送ルートの最適化", "少ない車両で時間内に配り終える計画づくり"],
    },
    "payments": {
        "tags": ["Payments", "Payment Processing", "Digital Wallet", "Mobile Payments", "Point of Sale"],
        "ja_tags": ["キャッシュレス決済", "決済"],
        "en": [
            "process card, QR and wallet payments through one checkout integration",
            "run a mobile wallet with instant peer-to-peer transfers",
        ],
        "ja": [
            "カード・QR・電子マネーを一つの端末で受け付ける決済サービスを提供",
            "スマホで使えるウォレットアプリを運営",
        ],
        "need_en": ["cashless payments", "letting customers pay by phone or QR code at the counter"],
        "need_ja": ["キャッシュレス決済の導入", "レジでスマホやQRコードで支払えるようにすること"],
    },
    "elearning": {
        "tags": ["E-Learning", "EdTech", "Learning Management System", "LMS", "Online Courses"],
        "ja_tags": ["eラーニング", "学習管理システム"],
        "en": [
            "host online courses with quizzes, progress tracking and certificates",
            "adapt lessons to each learner's pace with an intelligent tutoring platform",
        ],
        "ja": [
            "動画講座と小テスト、受講管理を備えたeラーニング基盤を提供",
            "学習者の理解度に合わせて出題を変える学習アプリを開発",
        ],
        "need_en": ["an e-learning platform", "training hundreds of employees online at their own pace"],
        "need_ja": ["eラーニングの導入", "社員がそれぞれのペースでオンライン学習できる環境"],
    },
    "quantum": {
        "tags": ["Quantum Computing", "Quantum", "Quantum Algorithms"],
        "ja_tags": ["量子コンピュータ", "量子計算"],
        "en": [
            "develop quantum algorithms for optimisation and chemistry problems",
            "give researchers cloud access to quantum processors and simulators",
        ],
        "ja": [
            "最適化や材料計算のための量子アルゴリズムを研究開発",
            "量子コンピュータをクラウドで利用できる環境を提供",
        ],
        "need_en": ["quantum computing", "solving optimisation problems too large for ordinary computers"],
        "need_ja": ["量子コンピュータの活用", "通常の計算機では解けない規模の最適化問題を解くこと"],
    },
    "edge_ai": {
        "tags": ["Edge Computing", "Edge AI", "Embedded AI", "TinyML"],
        "ja_tags": ["エッジAI", "エッジコンピューティング"],
        "en": [
            "run neural networks on small embedded boards without a cloud connection",
            "compress machine-learning models to fit microcontrollers and cameras",
        ],
        "ja": [
            "クラウドに頼らず端末上でAIを動かす組込みソフトを開発",
            "小型デバイス向けにAIモデルを軽量化する技術を提供",
        ],
        "need_en": [
            "edge AI",
            "running AI models on the device itself because our sites have no stable connection",
        ],
        "need_ja": ["エッジAIの導入", "通信環境がなくても端末側でAI処理を行うこと"],
    },
    "precision_ag": {
        "tags": ["Precision Agriculture", "Smart Farming", "Crop Monitoring", "Farm Management Software"],
        "ja_tags": ["スマート農業", "精密農業"],
        "en": [
            "map soil moisture and crop health from field sensors and satellite passes",
            "automate irrigation and fertiliser dosing plot by plot",
        ],
        "ja": [
            "圃場のセンサーと衛星画像から作物の生育状況を可視化",
            "区画ごとに水やりや施肥を自動で調整するシステムを提供",
        ],
        "need_en": ["precision agriculture", "watering and fertilising each field only as much as it needs"],
        "need_ja": ["スマート農業", "畑ごとに必要な分だけ水や肥料を与えること"],
    },
    "geospatial": {
        "tags": ["Geospatial", "GIS", "Remote Sensing", "Satellite Imagery", "Location Intelligence"],
        "ja_tags": ["衛星データ", "地理情報システム"],
        "en": [
            "turn satellite and aerial imagery into maps of change over time",
            "provide location intelligence layers for site selection",
        ],
        "ja": [
            "衛星画像から土地の変化を解析するサービスを提供",
            "地図データを使った出店・用地選定の分析を支援",
        ],
        "need_en": [
            "satellite imagery analysis",
            "watching large areas of land change without visiting them",
        ],
        "need_ja": ["衛星データの活用", "広い土地の変化を現地に行かずに把握すること"],
    },
    "rpa": {
        "tags": ["Robotic Process Automation", "RPA", "Workflow Automation", "Business Process Automation"],
        "ja_tags": ["RPA", "業務自動化"],
        "en": [
            "automate repetitive back-office clicks with software robots",
            "connect business apps so approvals and data entry run without manual steps",
        ],
        "ja": [
            "定型的な事務作業をソフトウェアロボットで自動化",
            "承認やデータ入力をつなぐワークフロー自動化ツールを提供",
        ],
        "need_en": ["RPA", "getting rid of repetitive copy-and-paste work in the back office"],
        "need_ja": ["RPAによる業務効率化", "事務の繰り返し作業をなくすこと"],
    },
    "identity": {
        "tags": ["Identity Verification", "eKYC", "KYC", "Biometrics", "Digital Identity"],
        "ja_tags": ["本人確認", "eKYC", "生体認証"],
        "en": [
            "verify customers online by matching a selfie against their ID document",
            "offer face and fingerprint authentication for apps and doors",
        ],
        "ja": [
            "顔写真と本人確認書類を照合するオンライン本人確認サービスを提供",
            "顔や指紋による認証システムを開発",
        ],
        "need_en": [
            "online identity verification",
            "confirming who a new customer is without a branch visit",
        ],
        "need_ja": ["オンライン本人確認", "来店不要で顧客の身元を確かめる仕組み"],
    },
    "autonomous": {
        "tags": ["Autonomous Vehicles", "Self-Driving", "ADAS", "LiDAR"],
        "ja_tags": ["自動運転", "LiDAR"],
        "en": [
            "build perception software that lets shuttles and trucks drive themselves",
            "make solid-state lidar sensors for driver-assistance systems",
        ],
        "ja": [
            "シャトルバスやトラックの自動運転ソフトウェアを開発",
            "運転支援向けの小型LiDARセンサーを製造",
        ],
        "need_en": ["autonomous driving", "vehicles that can run our routes with no driver on board"],
        "need_ja": ["自動運転技術", "運転手なしで決まったルートを走る車両"],
    },
}

# Industries. Per industry: English tags, Japanese tags, English client phrase (finishes "for
# ..."), Japanese client phrase (…向け), English need framing (who we are), Japanese need framing.
INDUSTRY: dict[str, dict[str, list[str]]] = {
    "healthcare": {
        "tags": ["Health Care", "Healthcare", "Hospitals", "Medical"],
        "ja_tags": ["医療", "ヘルスケア"],
        "en": ["hospitals and clinics", "healthcare providers"],
        "ja": ["病院・クリニック", "医療機関"],
        "who_en": ["a regional hospital group", "a network of clinics"],
        "who_ja": ["地域の病院グループ", "複数のクリニックを運営する医療法人"],
    },
    "banking": {
        "tags": ["Financial Services", "Banking", "Finance", "FinTech"],
        "ja_tags": ["金融", "銀行"],
        "en": ["banks and credit unions", "financial institutions"],
        "ja": ["銀行・信用金庫", "金融機関"],
        "who_en": ["a retail bank", "a credit card issuer"],
        "who_ja": ["地方銀行", "クレジットカード会社"],
    },
    "insurance": {
        "tags": ["Insurance", "InsurTech", "Property and Casualty Insurance"],
        "ja_tags": ["保険"],
        "en": ["insurers and brokers", "insurance carriers"],
        "ja": ["保険会社", "保険代理店"],
        "who_en": ["a property insurer", "a life insurance company"],
        "who_ja": ["損害保険会社", "生命保険会社"],
    },
    "manufacturing": {
        "tags": ["Manufacturing", "Industrial", "Industrial Automation", "Machinery"],
        "ja_tags": ["製造業", "ものづくり"],
        "en": ["manufacturers", "factories and plant operators"],
        "ja": ["製造業", "工場"],
        "who_en": ["an auto-parts manufacturer", "a chemical plant operator"],
        "who_ja": ["部品メーカー", "化学工場を持つメーカー"],
    },
    "logistics": {
        "tags": ["Logistics", "Supply Chain Management", "Shipping", "Freight"],
        "ja_tags": ["物流", "運輸"],
        "en": ["3PLs and freight carriers", "logistics companies"],
        "ja": ["物流会社", "運送会社"],
        "who_en": ["a third-party logistics provider", "a parcel delivery company"],
        "who_ja": ["物流センターを運営する会社", "宅配事業者"],
    },
    "retail": {
        "tags": ["Retail", "E-Commerce", "Consumer Goods", "Retail Technology"],
        "ja_tags": ["小売", "EC"],
        "en": ["retailers and online shops", "supermarket chains and brands"],
        "ja": ["小売チェーン", "ECサイト運営企業"],
        "who_en": ["a supermarket chain", "an online fashion retailer"],
        "who_ja": ["スーパーマーケットチェーン", "アパレルのEC事業者"],
    },
    "agriculture": {
        "tags": ["Agriculture", "Farming", "AgriTech", "Horticulture"],
        "ja_tags": ["農業", "アグリテック"],
        "en": ["growers and farm cooperatives", "greenhouse operators"],
        "ja": ["農業法人", "農協"],
        "who_en": ["a farming cooperative", "a greenhouse vegetable grower"],
        "who_ja": ["農業協同組合", "施設園芸の農業法人"],
    },
    "energy": {
        "tags": ["Energy", "Utilities", "Electric Utilities", "CleanTech", "Oil and Gas"],
        "ja_tags": ["エネルギー", "電力"],
        "en": ["utilities and grid operators", "energy companies"],
        "ja": ["電力会社", "エネルギー事業者"],
        "who_en": ["a regional electric utility", "a gas distribution company"],
        "who_ja": ["地域の電力会社", "ガス会社"],
    },
    "construction": {
        "tags": ["Construction", "Real Estate", "PropTech", "Building Management"],
        "ja_tags": ["建設", "不動産"],
        "en": ["general contractors and developers", "property managers"],
        "ja": ["ゼネコン", "不動産管理会社"],
        "who_en": ["a general contractor", "a commercial property manager"],
        "who_ja": ["中堅ゼネコン", "オフィスビルの管理会社"],
    },
    "education": {
        "tags": ["Education", "Higher Education", "K-12", "Corporate Training"],
        "ja_tags": ["教育"],
        "en": ["schools and universities", "training providers"],
        "ja": ["学校・大学", "研修会社"],
        "who_en": ["a private university", "a vocational school"],
        "who_ja": ["私立大学", "専門学校"],
    },
    "food": {
        "tags": ["Food and Beverage", "Food Processing", "FoodTech", "Restaurants"],
        "ja_tags": ["食品", "外食"],
        "en": ["food processors and restaurant chains", "food and beverage brands"],
        "ja": ["食品メーカー", "外食チェーン"],
        "who_en": ["a frozen-food producer", "a restaurant chain"],
        "who_ja": ["冷凍食品メーカー", "外食チェーン"],
    },
    "automotive": {
        "tags": ["Automotive", "Mobility", "Auto Parts", "Transportation"],
        "ja_tags": ["自動車", "モビリティ"],
        "en": ["carmakers and tier-one suppliers", "mobility operators"],
        "ja": ["自動車メーカー", "交通事業者"],
        "who_en": ["a bus operator", "a carmaker's supplier"],
        "who_ja": ["バス会社", "自動車部品メーカー"],
    },
    "public": {
        "tags": ["Government", "GovTech", "Public Sector", "Smart Cities"],
        "ja_tags": ["自治体", "行政"],
        "en": ["city governments and public agencies", "municipalities"],
        "ja": ["自治体", "官公庁"],
        "who_en": ["a city government", "a prefectural agency"],
        "who_ja": ["市役所", "県の担当部署"],
    },
    "telecom": {
        "tags": ["Telecommunications", "Telecom", "5G", "Network Infrastructure"],
        "ja_tags": ["通信"],
        "en": ["telecom operators", "network carriers"],
        "ja": ["通信事業者", "携帯キャリア"],
        "who_en": ["a mobile network operator", "a fibre broadband provider"],
        "who_ja": ["携帯電話事業者", "光回線事業者"],
    },
}

# Tags that say little and appear on many profiles, as in real directories.
GENERIC_TAGS = [
    "Artificial Intelligence",
    "Machine Learning",
    "SaaS",
    "B2B",
    "Software",
    "Enterprise Software",
    "Information Technology",
    "Analytics",
    "Cloud Computing",
    "Big Data",
    "Mobile Apps",
    "Consulting",
]
GENERIC_TAGS_JA = ["AI", "SaaS", "DX", "クラウド", "データ分析", "ソフトウェア"]
STACK = [
    "Python",
    "AWS",
    "Kubernetes",
    "React",
    "PostgreSQL",
    "TensorFlow",
    "PyTorch",
    "Go",
    "Azure",
    "Rust",
    "Node.js",
    "GCP",
    "Docker",
    "Kafka",
    "Snowflake",
]

NAME_HEADS = [
    "Nova",
    "Terra",
    "Quanta",
    "Lumi",
    "Veri",
    "Brio",
    "Kairo",
    "Stell",
    "Orbi",
    "Helix",
    "Fathom",
    "Corvid",
    "Marlo",
    "Tessel",
    "Zephy",
    "Arbor",
    "Cinder",
    "Pylon",
    "Sable",
    "Tidal",
    "Umbra",
    "Vanta",
    "Wrenn",
    "Yarrow",
    "Ostra",
    "Kestr",
    "Lyric",
    "Meridi",
    "Nimbi",
]
NAME_TAILS = [
    "x",
    "io",
    "ly",
    "ra",
    "on",
    "ent",
    "ica",
    "wave",
    "path",
    "forge",
    "loop",
    "mint",
    "bit",
    "scale",
    "grid",
    "nest",
    "ful",
    "era",
    "ix",
    "ology",
]
NAME_SUFFIX = [
    "",
    "",
    " Labs",
    " Inc.",
    " Technologies",
    " AI",
    " Systems",
    " Ltd",
    " GmbH",
    " Analytics",
    " Robotics",
    " Health",
    " Co.",
]
JA_NAME_HEADS = [
    "アルカ",
    "ミライ",
    "ソラ",
    "ヒカリ",
    "ツナグ",
    "カナメ",
    "ユイ",
    "アオバ",
    "ホクト",
    "シズク",
    "イロハ",
    "マトイ",
    "トキワ",
    "ハヤテ",
    "コダマ",
]
JA_NAME_MIDS = [
    "",
    "ワークス",
    "テック",
    "リンク",
    "ラボ",
    "ノート",
    "バース",
    "フィールド",
    "ゲート",
    "ウィング",
    "サイエンス",
    "ロジック",
    "ブリッジ",
    "ライン",
    "ポート",
]
JA_NAME_SUFFIX = ["株式会社", "テクノロジーズ株式会社", "ラボ株式会社", "合同会社", "株式会社"]

# Description building blocks (English).
EN_PITCH = [
    "{name} helps {clients} {what}.",
    "We {what} for {clients}.",
    "{name}: we {what}.",
    "Our platform lets {clients} {what}.",
]
EN_OPEN = [
    "Founded in {year} by a team of engineers and operators, {name} is on a mission to make {clients} more resilient.",
    "{name} was spun out of a university research lab in {year}.",
    "Since {year}, {name} has partnered with {clients} around the world.",
    "{name} is a venture-backed startup headquartered in {city}.",
    "We are a fast-growing team of {team} people in {city} and remote.",
]
EN_MISSION = [
    "We believe that data-driven decisions unlock sustainable growth for every organization.",
    "Our vision is a world where technology empowers people to do their best work.",
    "We combine deep domain expertise with cutting-edge technology to deliver measurable results.",
    "Trusted by industry leaders, we deliver innovative, scalable and secure solutions.",
    "Our end-to-end platform is designed for enterprise scale and rapid deployment.",
]
EN_PARAPHRASE_INTRO = [
    "In practice, our customers use us to",
    "Put simply, we",
    "Day to day, our software helps teams",
]
EN_FLUFF = [
    "We raised a Series {series} round led by leading investors in {year2}.",
    "We're hiring! Check out our careers page for open roles in engineering and sales.",
    "Recognised as one of the top startups to watch in {year2}.",
    "ISO 27001 certified. SOC 2 Type II compliant.",
    "Join our newsletter for product updates and industry insights.",
    "© {year2} {name}. All rights reserved.",
    "We use cookies to improve your experience on our website.",
    "Request a demo today and see how much time your team can save.",
    "Member of the {city} innovation hub and several accelerator programs.",
    "Our customer success team provides onboarding, training and 24/7 support.",
]
EN_PASSING = [
    "The founders previously worked on {other} at large technology companies.",
    "Unlike traditional {other} vendors, we focus on ease of use.",
    "We started as a {other} consultancy before building our own product.",
]
CITIES = [
    "San Francisco",
    "London",
    "Berlin",
    "Tokyo",
    "Singapore",
    "Boston",
    "Toronto",
    "Tel Aviv",
    "Paris",
    "Austin",
    "Stockholm",
    "Bangalore",
    "Sydney",
    "Amsterdam",
    "Seoul",
]

# Description building blocks (Japanese).
JA_PITCH = [
    "{name}は、{clients}向けに{what}しています。",
    "当社は{clients}向けに{what}しています。",
    "{clients}の課題解決のため、{what}。",
]
JA_OPEN = [
    "{year}年創業のスタートアップです。",
    "{year}年に大学発ベンチャーとして設立されました。",
    "{city}に本社を置き、社員数は{team}名です。",
]
JA_MISSION = [
    "テクノロジーの力で社会課題を解決し、持続可能な未来をつくることを目指しています。",
    "お客様のDX推進を支える信頼のパートナーとして、革新的なソリューションを提供します。",
    "最先端の技術と現場の知見を掛け合わせ、新しい価値を創造します。",
]
JA_FLUFF = [
    "{year2}年にシリーズ{series}の資金調達を実施しました。",
    "エンジニアを積極採用中です。",
    "ISMS認証を取得しています。",
    "導入実績は{team}社以上。",
    "お問い合わせはWebサイトのフォームからお願いします。",
]
JA_PASSING = [
    "創業メンバーはもともと{other}の研究に携わっていました。",
    "{other}分野のコンサルティングから事業を始めました。",
]
JA_CITIES = [
    "東京都渋谷区",
    "東京都千代田区",
    "大阪市北区",
    "福岡市中央区",
    "名古屋市中村区",
    "京都市下京区",
    "札幌市中央区",
]

# Needs (English). {tech} = a need phrase of the technology, {who} = who we are, {clients} = the
# industry's client phrase.
EN_SHORT = [
    "Seeking a startup partner for {tech} in {clients_short}.",
    "Looking for {tech} solutions for {clients_short}",
    "{tech} for {clients_short}",
    "Who can help us with {tech}? We serve {clients_short}.",
]
EN_SHORT_NOIND = [
    "Looking for a partner company with {tech}.",
    "{tech}",
    "We want to co-develop {tech} with a startup.",
]
EN_LONG = [
    "We are {who}. Like many in our sector we are under pressure to cut costs and improve service. "
    "This year our innovation team is exploring {tech}. We are looking for a startup or technology "
    "company that could run a proof of concept with us and later co-develop a solution.",
    "Background: {who} with operations in several regions. Our teams spend a lot of time on manual work "
    "and our management has asked us to find external partners. Specifically we need {tech}. "
    "Ideally the partner already has customers in a similar industry.",
]
EN_LONG_NOIND = [
    "Our company wants to start a joint project on {tech}. We have budget for a pilot this year and are "
    "seeking partners with proven technology and a collaborative attitude.",
]
JA_SHORT = [
    "{clients_short}向けの{tech}に強いパートナー企業を探しています。",
    "{tech}（{clients_short}）",
    "{clients_short}で{tech}を実現したい。協業できる企業はありますか。",
]
JA_SHORT_NOIND = [
    "{tech}の技術を持つ企業を探しています。",
    "{tech}",
    "{tech}で協業できるスタートアップを募集します。",
]
JA_LONG = [
    "当社は{who}です。人手不足とコスト増が続くなか、業務の抜本的な見直しを迫られています。"
    "今期は{tech}をテーマに、PoCから一緒に取り組んでいただけるスタートアップとの協業を検討しています。",
    "私たちは{who}として各地で事業を行っています。現場の負担を減らすため、{tech}を進めたいと考えています。"
    "同業界での導入実績があるパートナー企業を探しています。",
]
JA_LONG_NOIND = [
    "新規事業として{tech}に取り組みたいと考えており、技術を持つパートナー企業との共同開発を希望しています。"
]


def _tags_of(rng: random.Random, spellings: list[str]) -> list[str]:
    """One or two spellings of a concept, as different companies tag the same thing differently."""
    k = 1 if rng.random() < 0.7 else 2
    return rng.sample(spellings, min(k, len(spellings)))


def _name(rng: random.Random, lang: str, used: set[str]) -> str:
    while True:
        if lang == "en":
            name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS) + rng.choice(NAME_SUFFIX)
        else:
            name = rng.choice(JA_NAME_HEADS) + rng.choice(JA_NAME_MIDS)
            name = name + rng.choice(JA_NAME_SUFFIX)
        if name not in used:
            used.add(name)
            return name


def make_organisation(rng: random.Random, i: int, used: set[str]) -> dict[str, Any]:
    lang = "en" if rng.random() < 0.85 else "ja"
    techs = rng.sample(sorted(TECH), rng.choices([1, 2, 3], weights=[50, 35, 15])[0])
    inds = rng.sample(sorted(INDUSTRY), rng.choices([1, 2], weights=[70, 30])[0])
    name = _name(rng, lang, used)
    tag_lang = "ja" if lang == "ja" and rng.random() < 0.5 else "en"
    key = "ja_tags" if tag_lang == "ja" else "tags"
    industry_tags = [t for ind in inds for t in _tags_of(rng, INDUSTRY[ind][key])]
    tech_tags = [t for tech in techs for t in _tags_of(rng, TECH[tech][key])]
    generic = GENERIC_TAGS_JA if tag_lang == "ja" else GENERIC_TAGS
    extra = rng.sample(generic, rng.choices([0, 1, 2, 3], weights=[30, 35, 25, 10])[0])
    if rng.random() < 0.33:
        # technology tags filed under industries; a stack list (or nothing) under technologies
        industries = industry_tags + tech_tags + extra
        technologies = rng.sample(STACK, rng.randint(0, 4))
    elif rng.random() < 0.5:
        industries, technologies = industry_tags + extra, tech_tags
    else:
        industries, technologies = industry_tags, tech_tags + extra
    rng.shuffle(industries)
    rng.shuffle(technologies)
    year, year2 = rng.randint(1998, 2023), rng.randint(2020, 2025)
    city = rng.choice(CITIES if lang == "en" else JA_CITIES)
    team = rng.choice([6, 12, 25, 40, 80, 150, 300])
    series = rng.choice("ABC")
    others = [t for t in sorted(TECH) if t not in techs]
    # how the description treats the concepts: plain (tag words or close), paraphrase, absent
    mode = rng.choices(["plain", "paraphrase", "absent"], weights=[65, 25, 10])[0]
    length = rng.choices(["pitch", "short", "long"], weights=[25, 40, 35])[0]
    if lang == "en":
        clients = rng.choice(INDUSTRY[inds[0]]["en"])
        whats = [rng.choice(TECH[t]["en"]) for t in techs]
        what = " and ".join(whats[:2]) if mode != "absent" else "modernise their operations with data"
        fmt = {
            "name": name,
            "clients": clients,
            "year": year,
            "year2": year2,
            "city": city,
            "team": team,
            "series": series,
        }
        if mode == "paraphrase":
            pitch = f"{rng.choice(EN_PARAPHRASE_INTRO)} {what}."
        else:
            pitch = rng.choice(EN_PITCH).format(what=what, **fmt)
        parts = [pitch]
        if length in ("short", "long"):
            parts.insert(0, rng.choice(EN_OPEN).format(**fmt))
            parts.append(rng.choice(EN_MISSION))
        if length == "long":
            parts += [rng.choice(EN_MISSION)] + [
                f.format(**fmt) for f in rng.sample(EN_FLUFF, rng.randint(2, 5))
            ]
            if len(whats) > 2:
                parts.insert(2, f"We also {whats[2]}.")
        if rng.random() < 0.1:
            other = TECH[rng.choice(others)]["tags"][0].lower()
            parts.insert(1, rng.choice(EN_PASSING).format(other=other))
        description = " ".join(parts)
    else:
        clients = rng.choice(INDUSTRY[inds[0]]["ja"])
        whats = [rng.choice(TECH[t]["ja"]) for t in techs]
        what = "、".join(whats[:2]) if mode != "absent" else "データ活用による業務改善を支援"
        fmt = {
            "name": name,
            "clients": clients,
            "year": year,
            "year2": year2,
            "city": city,
            "team": team,
            "series": series,
        }
        pitch = rng.choice(JA_PITCH).format(what=what, **fmt)
        parts = [pitch]
        if length in ("short", "long"):
            parts.insert(0, rng.choice(JA_OPEN).format(**fmt))
            parts.append(rng.choice(JA_MISSION))
        if length == "long":
            parts += [f.format(**fmt) for f in rng.sample(JA_FLUFF, rng.randint(1, 3))]
        if rng.random() < 0.1:
            other = TECH[rng.choice(others)]["ja_tags"][0]
            parts.insert(1, rng.choice(JA_PASSING).format(other=other))
        description = "".join(parts)
    return {
        "id": f"l3-{i:04d}",
        "lang": lang,
        "kind": "startup" if rng.random() < 0.8 else "company",
        "tech": techs,
        "industry": inds,
        "name": name,
        "description": description,
        "industries": ";".join(industries),
        "technologies": ";".join(technologies),
    }


def make_needs(rng: random.Random, orgs: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    queries: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None, str, str]] = set()
    while len(queries) < count:
        lang = "en" if len(queries) % 2 == 0 else "ja"
        style = "short" if rng.random() < 0.5 else "long"
        tech = rng.choice(sorted(TECH))
        industry = rng.choice(sorted(INDUSTRY)) if rng.random() < 0.75 else None
        if (tech, industry, lang, style) in seen:
            continue
        judgements: dict[str, int] = {}
        for o in orgs:
            if tech in o["tech"]:
                judgements[o["id"]] = 2 if industry is None or industry in o["industry"] else 1
        if industry is not None and sum(1 for g in judgements.values() if g == 2) < 3:
            continue
        seen.add((tech, industry, lang, style))
        phrase = rng.choice(TECH[tech]["need_" + lang])
        if industry is None:
            bank = {
                ("en", "short"): EN_SHORT_NOIND,
                ("en", "long"): EN_LONG_NOIND,
                ("ja", "short"): JA_SHORT_NOIND,
                ("ja", "long"): JA_LONG_NOIND,
            }[(lang, style)]
            text = rng.choice(bank).format(tech=phrase)
        else:
            ind = INDUSTRY[industry]
            bank = {
                ("en", "short"): EN_SHORT,
                ("en", "long"): EN_LONG,
                ("ja", "short"): JA_SHORT,
                ("ja", "long"): JA_LONG,
            }[(lang, style)]
            text = rng.choice(bank).format(
                tech=phrase,
                who=rng.choice(ind["who_" + lang]),
                clients_short=rng.choice(ind[lang]),
            )
        if lang == "en" and text[:1].islower():
            text = text[0].upper() + text[1:]
        queries.append(
            {
                "id": f"l3-q{len(queries):03d}-{lang}-{style}",
                "lang": lang,
                "tags": [tech] + ([industry] if industry else []),
                "text": text,
                "judgements": judgements,
            }
        )
    return queries


def make(seed: int, companies: int, needs: int) -> dict[str, Any]:
    rng = random.Random(seed)
    used: set[str] = set()
    orgs = [make_organisation(rng, i, used) for i in range(companies)]
    return {"organisations": orgs, "queries": make_needs(rng, orgs, needs)}


def main() -> int:
    out = {
        "description": "Third locked bilingual partner-search collection (make_locked3_collection.py): "
        "a 3,000-company, English-heavy startup directory with tag lists; relevance from tags: "
        "2 = technology and industry (or technology for a technology-only need), 1 = technology only. "
        "Written before tuning; evaluate only at the end, aggregate only (LOCKED3).",
        "licence": "AGPL-3.0-or-later (part of Kyoso); fictional organisations",
        "parts": {"locked3": make(seed=31337, companies=3000, needs=120)},
    }
    path = Path(__file__).with_name("search_locked3.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

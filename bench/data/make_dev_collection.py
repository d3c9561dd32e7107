#!/usr/bin/env python3
"""Write bench/data/search_dev.json: a development collection in the style of LOCKED3.

The generator of make_locked3_collection.py (directory of startups with `;`-separated tag lists,
English-heavy, relevance from tags) is reused, but every bank of words is replaced: other
technology concepts, other industries, other description and need templates, another seed. This
collection may be looked at per query while tuning; LOCKED3 may not. Because the two share only
the generator's structure (share of languages, tag placement, description lengths), a change that
helps here by learning this wording does not help LOCKED3.

Usage: python bench/data/make_dev_collection.py  (deterministic; seed fixed)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_locked3_collection as gen  # noqa: E402

TECH: dict[str, dict[str, list[str]]] = {
    "hr": {
        "tags": [
            "HR Tech",
            "Human Resources",
            "Talent Acquisition",
            "Recruiting Software",
            "People Analytics",
        ],
        "ja_tags": ["HRテック", "採用管理"],
        "en": [
            "screen applicants and schedule interviews with an applicant tracking system",
            "measure employee engagement and predict who is about to resign",
        ],
        "ja": [
            "応募者の選考と面接日程の調整を自動化する採用管理システムを提供",
            "社員の離職リスクを予測する人事データ分析を開発",
        ],
        "need_en": ["HR tech for recruiting", "hiring faster and keeping good employees from quitting"],
        "need_ja": ["採用管理システム", "優秀な人材の採用と定着"],
    },
    "legal": {
        "tags": ["Legal Tech", "Contract Management", "RegTech", "Compliance"],
        "ja_tags": ["リーガルテック", "契約管理"],
        "en": [
            "review contracts with AI and flag risky clauses",
            "track regulatory changes and map them to internal policies",
        ],
        "ja": [
            "AIで契約書をレビューし、リスクのある条項を指摘するサービスを提供",
            "法令改正を追跡し社内規程への影響を示すツールを開発",
        ],
        "need_en": ["contract review software", "checking hundreds of agreements for risky terms quickly"],
        "need_ja": ["契約書レビューの効率化", "大量の契約書から危ない条項を素早く見つけること"],
    },
    "marketing": {
        "tags": ["Marketing Automation", "AdTech", "Digital Marketing", "CRM"],
        "ja_tags": ["マーケティングオートメーション", "MA"],
        "en": [
            "send personalised email and ad campaigns triggered by customer behaviour",
            "attribute sales to each advertising channel",
        ],
        "ja": [
            "顧客の行動に合わせてメールや広告を自動配信するMAツールを提供",
            "広告チャネルごとの効果を分析するサービスを開発",
        ],
        "need_en": [
            "marketing automation",
            "reaching the right customers with the right message without manual campaigns",
        ],
        "need_ja": ["マーケティングオートメーション", "見込み客ごとに適切な情報を自動で届けること"],
    },
    "cold_chain": {
        "tags": ["Cold Chain", "Temperature Monitoring", "Refrigerated Logistics"],
        "ja_tags": ["コールドチェーン", "温度管理"],
        "en": [
            "log the temperature of chilled shipments from warehouse to shelf",
            "alert drivers when a refrigerated trailer warms up",
        ],
        "ja": [
            "冷蔵・冷凍品の輸送中の温度を記録する管理サービスを提供",
            "保冷車の温度異常を知らせるシステムを開発",
        ],
        "need_en": ["cold chain monitoring", "making sure chilled goods never get too warm in transit"],
        "need_ja": ["コールドチェーンの温度管理", "冷蔵品が輸送中に傷まないようにすること"],
    },
    "smart_grid": {
        "tags": ["Smart Grid", "Demand Response", "Energy Management", "Virtual Power Plant"],
        "ja_tags": ["スマートグリッド", "エネルギーマネジメント"],
        "en": [
            "shift building loads to off-peak hours through demand response",
            "aggregate distributed batteries into a virtual power plant",
        ],
        "ja": [
            "ビルの電力使用をピーク外へ移すデマンドレスポンスを提供",
            "分散した電源を束ねる仮想発電所を運営",
        ],
        "need_en": ["energy management", "cutting our electricity bill by using power when it is cheap"],
        "need_ja": ["エネルギーマネジメント", "電気代が安い時間帯に電力を使う工夫"],
    },
    "materials": {
        "tags": ["Advanced Materials", "Nanotechnology", "Materials Science", "Composites"],
        "ja_tags": ["新素材", "ナノテクノロジー"],
        "en": [
            "develop lightweight carbon composites for structural parts",
            "engineer nanoparticle coatings that resist corrosion",
        ],
        "ja": ["構造部品向けの軽量な複合材料を開発", "腐食を防ぐナノ粒子コーティングを製造"],
        "need_en": ["advanced materials", "lighter and stronger parts that do not rust"],
        "need_ja": ["新素材の活用", "軽くて錆びにくい部品"],
    },
    "diagnostics": {
        "tags": ["Diagnostics", "In Vitro Diagnostics", "Medical Devices", "Point-of-Care Testing"],
        "ja_tags": ["体外診断", "医療機器"],
        "en": [
            "make rapid test kits that give results at the bedside in minutes",
            "build portable analysers for blood samples",
        ],
        "ja": ["数分で結果が出る迅速検査キットを開発", "持ち運べる血液分析装置を製造"],
        "need_en": ["rapid diagnostic tests", "getting test results in minutes rather than days"],
        "need_ja": ["迅速診断キット", "検査結果を数分で得ること"],
    },
    "data_platform": {
        "tags": ["Data Integration", "ETL", "Data Warehouse", "Data Engineering"],
        "ja_tags": ["データ統合", "データ基盤"],
        "en": [
            "sync data from dozens of business systems into one warehouse",
            "build pipelines that clean and join operational data",
        ],
        "ja": [
            "複数の業務システムのデータを一つの基盤に統合するサービスを提供",
            "データの加工・連携パイプラインを構築",
        ],
        "need_en": ["data integration", "bringing scattered spreadsheets and systems into one place"],
        "need_ja": ["データ統合基盤", "部署ごとにばらばらなデータを一か所にまとめること"],
    },
    "hydrogen": {
        "tags": ["Hydrogen", "Fuel Cells", "Green Hydrogen", "Electrolysis"],
        "ja_tags": ["水素", "燃料電池"],
        "en": [
            "build electrolysers that produce hydrogen from renewable power",
            "design fuel-cell power units for trucks and forklifts",
        ],
        "ja": [
            "再エネ電力から水素を製造する水電解装置を開発",
            "トラックやフォークリフト向け燃料電池ユニットを設計",
        ],
        "need_en": [
            "hydrogen fuel cells",
            "replacing diesel engines in our vehicles with a clean alternative",
        ],
        "need_ja": ["水素・燃料電池の活用", "ディーゼル車をクリーンな動力に置き換えること"],
    },
    "ev_charging": {
        "tags": ["EV Charging", "Electric Vehicles", "Charging Infrastructure", "e-Mobility"],
        "ja_tags": ["EV充電", "電気自動車"],
        "en": [
            "install and operate chargers for electric cars at offices and car parks",
            "manage charging sessions and billing for fleets",
        ],
        "ja": [
            "オフィスや駐車場に電気自動車の充電器を設置・運営",
            "社用車の充電と課金を管理するクラウドを提供",
        ],
        "need_en": ["EV charging", "powering up our electric company cars overnight"],
        "need_ja": ["EV充電設備", "社用の電気自動車を夜間に充電する仕組み"],
    },
    "translation": {
        "tags": ["Machine Translation", "Localization", "Language Services"],
        "ja_tags": ["機械翻訳", "多言語対応"],
        "en": [
            "translate manuals and websites with neural machine translation plus human review",
            "localise apps into forty languages",
        ],
        "ja": ["マニュアルやWebサイトをAI翻訳と人手の校正で多言語化", "アプリの多言語対応を支援"],
        "need_en": ["machine translation", "serving foreign customers in their own language"],
        "need_ja": ["機械翻訳", "外国人のお客様に母国語で対応すること"],
    },
    "semiconductors": {
        "tags": ["Semiconductors", "Chip Design", "ASIC", "FPGA"],
        "ja_tags": ["半導体", "LSI設計"],
        "en": ["design custom low-power chips for sensors", "offer FPGA prototyping for signal processing"],
        "ja": ["センサー向けの省電力カスタムチップを設計", "信号処理用のFPGA試作を受託"],
        "need_en": ["custom chip design", "a dedicated processor that uses far less power"],
        "need_ja": ["半導体の設計", "消費電力の小さい専用チップ"],
    },
    "wearables": {
        "tags": ["Wearables", "Wearable Technology", "Smartwatch", "Health Monitoring Devices"],
        "ja_tags": ["ウェアラブル", "ウェアラブルデバイス"],
        "en": [
            "make wristbands that track heart rate, sleep and heat stress",
            "embed sensors in work clothing",
        ],
        "ja": ["心拍や睡眠、暑さストレスを測るリストバンドを開発", "作業着に組み込むセンサーを製造"],
        "need_en": ["wearable devices", "knowing when a worker is overheating before they collapse"],
        "need_ja": ["ウェアラブル端末の活用", "作業員の熱中症を倒れる前に察知すること"],
    },
    "access": {
        "tags": ["Access Control", "Smart Locks", "Physical Security"],
        "ja_tags": ["入退室管理", "スマートロック"],
        "en": [
            "replace keys with smartphone-controlled locks",
            "log who enters each room with badge and face readers",
        ],
        "ja": [
            "鍵をスマートフォンで操作できるスマートロックを提供",
            "顔認証やカードで入退室を記録するシステムを開発",
        ],
        "need_en": ["access control", "letting the right people into our buildings without physical keys"],
        "need_ja": ["入退室管理", "物理的な鍵なしで建物への出入りを管理すること"],
    },
    "procurement": {
        "tags": ["Procurement", "Spend Management", "Supplier Management", "Source-to-Pay"],
        "ja_tags": ["購買管理", "調達"],
        "en": ["digitise purchasing from request to invoice", "rate suppliers on price, delivery and risk"],
        "ja": [
            "購買申請から請求書処理までを電子化するサービスを提供",
            "取引先を価格・納期・リスクで評価するツールを開発",
        ],
        "need_en": ["procurement software", "seeing what every department buys and from whom"],
        "need_ja": ["購買管理の電子化", "部署ごとの購入先と金額を把握すること"],
    },
    "gen_ai": {
        "tags": ["Generative AI", "Large Language Models", "LLM", "Foundation Models"],
        "ja_tags": ["生成AI", "大規模言語モデル"],
        "en": [
            "fine-tune large language models on company knowledge bases",
            "generate marketing copy and images on demand",
        ],
        "ja": ["社内文書を学習させた大規模言語モデルを構築", "広告文や画像を自動生成するサービスを提供"],
        "need_en": ["generative AI", "answering staff questions from our internal manuals automatically"],
        "need_ja": ["生成AIの活用", "社内マニュアルから質問に自動で答えること"],
    },
}

INDUSTRY: dict[str, dict[str, list[str]]] = {
    "hospitality": {
        "tags": ["Hospitality", "Hotels", "Travel", "Tourism"],
        "ja_tags": ["観光", "ホテル"],
        "en": ["hotels and travel agencies", "resort operators"],
        "ja": ["ホテル・旅館", "旅行会社"],
        "who_en": ["a hotel chain", "a travel agency"],
        "who_ja": ["ホテルチェーン", "温泉旅館グループ"],
    },
    "pharma": {
        "tags": ["Pharmaceuticals", "Life Sciences", "Biotechnology", "Pharma"],
        "ja_tags": ["製薬", "ライフサイエンス"],
        "en": ["drug makers and labs", "pharmaceutical companies"],
        "ja": ["製薬会社", "研究機関"],
        "who_en": ["a generic drug maker", "a contract research organisation"],
        "who_ja": ["製薬会社", "受託研究機関"],
    },
    "media": {
        "tags": ["Media and Entertainment", "Publishing", "Broadcasting", "Gaming"],
        "ja_tags": ["メディア", "エンターテインメント"],
        "en": ["publishers and broadcasters", "game studios"],
        "ja": ["出版社", "放送局"],
        "who_en": ["a newspaper publisher", "a TV broadcaster"],
        "who_ja": ["新聞社", "テレビ局"],
    },
    "chemicals": {
        "tags": ["Chemicals", "Specialty Chemicals", "Petrochemicals"],
        "ja_tags": ["化学", "素材"],
        "en": ["chemical producers", "materials suppliers"],
        "ja": ["化学メーカー", "素材メーカー"],
        "who_en": ["a specialty chemicals producer", "a plastics compounder"],
        "who_ja": ["化学メーカー", "樹脂メーカー"],
    },
    "aviation": {
        "tags": ["Aerospace", "Aviation", "Airlines", "Space"],
        "ja_tags": ["航空", "宇宙"],
        "en": ["airlines and airports", "aerospace suppliers"],
        "ja": ["航空会社", "空港運営会社"],
        "who_en": ["a regional airline", "an airport operator"],
        "who_ja": ["地域航空会社", "空港運営会社"],
    },
    "mining": {
        "tags": ["Mining", "Metals", "Natural Resources"],
        "ja_tags": ["鉱業", "資源"],
        "en": ["mines and metal refiners", "resource companies"],
        "ja": ["鉱山会社", "資源開発会社"],
        "who_en": ["a copper mine operator", "a steel maker"],
        "who_ja": ["鉱山会社", "鉄鋼メーカー"],
    },
    "fashion": {
        "tags": ["Fashion", "Apparel", "Textiles", "Luxury Goods"],
        "ja_tags": ["アパレル", "繊維"],
        "en": ["fashion brands and textile mills", "apparel retailers"],
        "ja": ["アパレルブランド", "繊維メーカー"],
        "who_en": ["a fashion brand", "a textile mill"],
        "who_ja": ["アパレル企業", "繊維メーカー"],
    },
    "eldercare": {
        "tags": ["Elderly Care", "Senior Living", "Nursing Homes", "Aging"],
        "ja_tags": ["介護", "高齢者施設"],
        "en": ["care homes and home-care agencies", "senior living operators"],
        "ja": ["介護施設", "訪問介護事業者"],
        "who_en": ["a nursing home operator", "a home-care agency"],
        "who_ja": ["介護施設を運営する社会福祉法人", "訪問介護事業者"],
    },
    "sports": {
        "tags": ["Sports", "Fitness", "Wellness", "Sports Tech"],
        "ja_tags": ["スポーツ", "フィットネス"],
        "en": ["gyms and sports clubs", "fitness brands"],
        "ja": ["フィットネスクラブ", "スポーツチーム"],
        "who_en": ["a gym chain", "a professional football club"],
        "who_ja": ["フィットネスクラブ運営会社", "プロスポーツチーム"],
    },
}

BANKS = {
    "TECH": TECH,
    "INDUSTRY": INDUSTRY,
    "GENERIC_TAGS": [
        "Platform",
        "Technology",
        "Internet",
        "Data Science",
        "Startup",
        "IT Services",
        "Deep Tech",
        "Marketplace",
        "Automation",
        "Digital Transformation",
    ],
    "GENERIC_TAGS_JA": ["IT", "デジタル", "プラットフォーム", "自動化"],
    "STACK": ["Java", "GraphQL", "Terraform", "Vue.js", "MongoDB", "Spark", "C++", "Flutter", "Redis"],
    "CITIES": [
        "New York",
        "Munich",
        "Helsinki",
        "Osaka",
        "Dublin",
        "Zurich",
        "Melbourne",
        "Lisbon",
        "Chicago",
        "Montreal",
    ],
    "JA_CITIES": ["横浜市西区", "仙台市青葉区", "広島市中区", "神戸市中央区", "東京都港区"],
    "NAME_HEADS": [
        "Aur",
        "Bly",
        "Cob",
        "Dax",
        "Elo",
        "Fen",
        "Gild",
        "Hark",
        "Ivo",
        "Jun",
        "Kobe",
        "Lark",
        "Mav",
        "Nex",
        "Opal",
        "Pell",
        "Quill",
        "Rune",
        "Sorr",
        "Tav",
    ],
    "EN_PITCH": [
        "{name} enables {clients} to {what}.",
        "Our team works with {clients} to {what}.",
        "At {name} we {what}, mainly for {clients}.",
    ],
    "EN_OPEN": [
        "{name} opened its doors in {year}.",
        "Based in {city}, {name} employs {team} people.",
        "{name} is a {year} graduate of a well-known accelerator.",
    ],
    "EN_MISSION": [
        "We exist to help our customers thrive in a rapidly changing world.",
        "Innovation, integrity and impact are at the heart of everything we do.",
        "Our award-winning team delivers world-class results for clients of every size.",
    ],
    "EN_PARAPHRASE_INTRO": ["Our customers rely on us to", "What we really do is"],
    "EN_FLUFF": [
        "Backed by top-tier venture capital since {year2}.",
        "Privacy policy | Terms of use | Contact",
        "Follow us on LinkedIn and X for the latest news.",
        "Named a leader in a {year2} analyst report.",
        "{name} is an equal opportunity employer.",
        "Offices in {city} and remote across Europe.",
    ],
    "EN_PASSING": [
        "Our CTO spent ten years in {other} before founding the company.",
        "We occasionally partner with {other} specialists.",
    ],
    "JA_PITCH": [
        "{name}は{clients}に向けて{what}しています。",
        "主に{clients}のお客様に対し、{what}しております。",
    ],
    "JA_OPEN": ["{year}年設立。", "本社は{city}です。"],
    "JA_MISSION": ["「技術で未来を拓く」を理念に掲げています。", "お客様とともに新たな価値を共創します。"],
    "JA_FLUFF": [
        "プライバシーポリシーはこちら。",
        "{year2}年に本社を移転しました。",
        "採用情報を更新しました。",
    ],
    "JA_PASSING": ["代表は以前{other}の企業に勤めていました。"],
    "EN_SHORT": [
        "Need a partner for {tech} ({clients_short}).",
        "Startups doing {tech} for {clients_short}?",
        "We are searching for {tech} vendors serving {clients_short}.",
    ],
    "EN_SHORT_NOIND": ["Any companies offering {tech}?", "{tech} partner wanted"],
    "EN_LONG": [
        "As {who}, we face rising costs and customer expectations. Our digital team would like to "
        "collaborate with innovative companies on {tech}. A joint pilot could start next quarter.",
        "Our organisation ({who}) has launched an open innovation programme. The first theme is {tech}. "
        "We welcome proposals from startups and SMEs with relevant experience.",
    ],
    "EN_LONG_NOIND": [
        "We have launched an internal project around {tech} and would like to find an external "
        "company to develop it together with us."
    ],
    "JA_SHORT": [
        "{clients_short}での{tech}について相談できる会社を探しています。",
        "{tech}に取り組むパートナーを募集（{clients_short}）",
    ],
    "JA_SHORT_NOIND": ["{tech}について協業先を探しています。", "{tech}を提供している企業"],
    "JA_LONG": [
        "弊社は{who}です。お客様の期待が高まるなか、{tech}に取り組む必要があると考えています。"
        "共同で実証実験を進められる企業様からのご提案をお待ちしています。",
        "{who}として、オープンイノベーションの取り組みを始めました。最初のテーマは{tech}です。"
        "知見のあるスタートアップとの連携を希望します。",
    ],
    "JA_LONG_NOIND": [
        "社内で{tech}のプロジェクトを立ち上げました。一緒に開発していただける外部パートナーを探しています。"
    ],
}


def main() -> int:
    for name, value in BANKS.items():
        setattr(gen, name, value)
    data = gen.make(seed=2718, companies=2000, needs=100)
    for o in data["organisations"]:
        o["id"] = "dev-" + o["id"].removeprefix("l3-")
    for q in data["queries"]:
        q["id"] = "dev-" + q["id"].removeprefix("l3-")
        q["judgements"] = {"dev-" + k.removeprefix("l3-"): g for k, g in q["judgements"].items()}
    out = {
        "description": "Development collection in the LOCKED3 style (make_dev_collection.py), other "
        "taxonomy and wording; may be tuned on.",
        "licence": "AGPL-3.0-or-later (part of Kyoso); fictional organisations",
        "parts": {"dev": data},
    }
    path = Path(__file__).with_name("search_dev.json")
    path.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

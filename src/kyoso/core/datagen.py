"""Realistic generated data at any size, for benchmarks, load tests and query-count tests.

`generate(...)` fills one workspace with Japanese/English organisations, needs and offers,
projects with their whole life (stage history, charter, gates, milestones, KPIs, contracts with
IP terms, communication logs spread over time), alignment rounds, stored diagnoses, matchmaking
events with a placed schedule, and retrospectives when the knowledge app has them.

Everything is drawn from one `random.Random(seed)`, so the same arguments give the same rows
(dates are relative to the day it runs). Rows go in with `bulk_create` in batches, one
transaction per part; derived fields are filled the way the apps fill them
(`partners.models.industry_keys`, the workspace's search version in `search_stamp`).

Models are imported inside the functions, so a missing app is skipped with a message rather
than breaking the command.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone

BATCH = 2000
PASSWORD = "kyoso-bench"

# ---------------------------------------------------------------------------- vocabulary

NAME_HEADS = [
    "東都",
    "さくら",
    "ミライ",
    "あおぞら",
    "日本",
    "大和",
    "北斗",
    "みなと",
    "新興",
    "富士",
    "瑞穂",
    "暁",
    "光陽",
    "青葉",
    "東洋",
    "関西",
    "中央",
    "ひかり",
    "ときわ",
    "銀河",
    "Neo",
    "Aozora",
    "Kizuna",
    "Hikari",
    "Sora",
    "Mirai",
    "Tsubasa",
    "Nova",
    "Blue",
    "Green",
    "Next",
    "Deep",
    "Open",
    "Smart",
    "Bright",
    "Zen",
    "Kumo",
    "Haru",
    "Umi",
    "Mori",
    "Kaze",
    "Yama",
    "Asahi",
    "Tokiwa",
    "Shin",
    "Akari",
    "Iroha",
    "Musubi",
]
NAME_BODIES = [
    "テック",
    "ロボティクス",
    "AI",
    "バイオ",
    "モビリティ",
    "エナジー",
    "フィンテック",
    "メディカル",
    "ロジスティクス",
    "アグリ",
    "マテリアル",
    "データ",
    "ビジョン",
    "センシング",
    "クラウド",
    "ラボ",
    "Labs",
    "Robotics",
    "Analytics",
    "Systems",
    "Works",
    "Dynamics",
    "Bio",
    "Mobility",
    "Energy",
    "Vision",
    "Sense",
    "Cloud",
    "Quantum",
    "Fintech",
    "Health",
    "Materials",
    "Logistics",
    "Foods",
]
CORPORATE_BODIES = [
    "製作所",
    "電機",
    "重工業",
    "自動車",
    "銀行",
    "商事",
    "化学",
    "製薬",
    "建設",
    "不動産",
    "電力",
    "ガス",
    "鉄道",
    "食品",
    "保険",
    "通信",
    "精機",
    "物産",
    "ホールディングス",
    "海運",
]
LEGAL = ["株式会社", "株式会社", "合同会社", "Inc.", "K.K.", "Co., Ltd."]
UNIVERSITIES = [
    "大学",
    "工業大学",
    "科学技術大学院大学",
    "医科大学",
    "研究所",
    "技術研究センター",
]
PUBLIC_BODIES = ["県産業振興センター", "市イノベーション推進機構", "産業技術総合支援機構", "経済局"]
PLACES = ["東京", "大阪", "名古屋", "福岡", "札幌", "仙台", "京都", "神戸", "横浜", "広島", "つくば", "金沢"]

INDUSTRIES = [
    "製造業",
    "自動車",
    "金融",
    "物流",
    "ヘルスケア",
    "小売",
    "エネルギー",
    "建設",
    "農業",
    "食品",
    "不動産",
    "通信",
    "保険",
    "化学",
    "医薬品",
    "教育",
    "観光",
    "Manufacturing",
    "Finance",
    "Logistics",
    "Healthcare",
    "Retail",
    "Energy",
    "Mobility",
    "Agriculture",
    "Insurance",
]
TECHNOLOGIES = [
    "画像認識",
    "外観検査",
    "機械学習",
    "自然言語処理",
    "ブロックチェーン",
    "IoT",
    "エッジAI",
    "ロボット",
    "ドローン",
    "量子計算",
    "需要予測",
    "デジタルツイン",
    "蓄電池",
    "水素",
    "ゲノム解析",
    "creative AI",
    "computer vision",
    "LLM",
    "blockchain",
    "IoT sensors",
    "edge computing",
    "predictive maintenance",
    "route optimisation",
    "digital twin",
    "battery management",
    "carbon accounting",
    "AR/VR",
    "5G",
    "SaaS",
    "API platform",
    "federated learning",
    "anomaly detection",
    "speech recognition",
    "OCR",
]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
INDUSTRIES_JA = [term for term in INDUSTRIES if JAPANESE.search(term)]
INDUSTRIES_EN = [term for term in INDUSTRIES if not JAPANESE.search(term)]
TECHNOLOGIES_JA = [term for term in TECHNOLOGIES if JAPANESE.search(term) or term.isupper()]
TECHNOLOGIES_EN = [term for term in TECHNOLOGIES if not JAPANESE.search(term)]
DESCRIPTION_JA = [
    "{tech}を用いた{ind}向けソリューションを開発しています。",
    "{ind}の現場課題を{tech}で解決し、導入企業の生産性を平均{n}%改善しました。",
    "PoC から事業化まで最短{k}か月で伴走します。",
    "{tech}と{tech2}を組み合わせた独自プラットフォームを提供。",
    "品質保証体制を重視し、ISO 認証を取得済みです。",
    "意思決定が速く、週次でプロダクトを改善しています。",
]
DESCRIPTION_EN = [
    "We build {tech} products for the {ind} sector.",
    "Our {tech} platform cut inspection costs by {n}% at early customers.",
    "API-first, deployable on premises or in the cloud.",
    "Team of researchers from leading universities, focused on {tech2}.",
]
NEED_TITLES = [
    "{tech}による{ind}工程の自動化",
    "{ind}向け新規事業の共同開発パートナー募集",
    "{tech}を活用した品質検査の高度化",
    "{ind}データを活用した新サービスの PoC",
    "脱炭素に向けた{tech}の実証",
]
OFFER_TITLES = ["{tech}プラットフォーム", "{tech} SaaS", "{ind}向け{tech}ソリューション", "{tech} API"]
PROJECT_TITLES = [
    "{tech}による{ind}検査の自動化 PoC",
    "{partner}との{tech}共同開発",
    "{ind}向け新サービス実証",
    "{tech} pilot with {partner}",
    "次世代{ind}プラットフォーム構想",
    "{tech}を用いた需要予測の高度化",
    "{partner}協業：{ind} DX",
    "{tech} joint development",
]
GOALS = [
    "{ind}工程の不良率を{n}%削減し、年間{m}億円のコスト削減を実現する",
    "{tech}を使った新サービスを{y}年度中に上市し、初年度売上{m}億円を目指す",
    "Reduce lead time in {ind} by {n}% within 18 months",
    "既存システムを段階的に改善し、処理時間を{n}%短縮する",
]
WHY_PARTNER = [
    "社内に{tech}の知見がなく、自前開発では3年以上かかるため",
    "スタートアップの開発スピードと当社の顧客基盤を組み合わせるため",
    "The partner's {tech} is proven in production; building it in-house would take too long",
]
BENEFITS = [
    ("コスト削減", "億円"),
    ("不良率削減", "%"),
    ("売上", "億円"),
    ("処理時間短縮", "%"),
    ("新規顧客", "社"),
]
KPIS = [
    ("検出精度", "%"),
    ("処理件数", "件/日"),
    ("導入拠点数", "拠点"),
    ("月間利用者数", "人"),
    ("コスト削減額", "万円"),
]
MILESTONES = [
    "要件定義完了",
    "データ提供開始",
    "プロトタイプ完成",
    "PoC 評価報告",
    "現場テスト開始",
    "経営会議での報告",
    "Pilot go-live",
    "Security review passed",
    "契約締結",
    "量産設計レビュー",
]
GATE_CRITERIA = [
    "検出精度 95% 以上",
    "現場担当者の満足度 4/5 以上",
    "単価が目標コスト以下",
    "Latency under 200 ms",
    "知財の帰属が合意済み",
    "事業部長の承認",
    "ROI が 3 年以内に回収可能",
]
STAKEHOLDERS = ["事業部長", "技術本部長", "法務部長", "知財部", "経営企画部長", "CFO", "品質保証部長"]
LOG_NOTES = [
    "定例ミーティング。進捗と課題を共有。",
    "データ提供の範囲について協議。",
    "PoC の評価指標をすり合わせ。",
    "Weekly sync: blockers reviewed, next steps agreed.",
    "契約条件（知財の帰属）について意見交換。",
    "現場見学を実施。運用上の制約を確認。",
    "Demo of the latest prototype to the business unit.",
    "経営層への中間報告の準備。",
    "スケジュール遅延の原因と対策を議論。",
    "Slack で仕様の確認。",
]
STOP_REASONS = [
    "目的が曖昧なまま進み、事業部の協力が得られなかった",
    "文化・意思決定スピードの違いによりパートナーが撤退",
    "知財の帰属で合意できなかった",
    "Expected returns did not materialise within a year",
]
BUSINESS_UNITS = ["生産技術本部", "新規事業開発部", "DX推進室", "研究開発本部", "営業本部", "物流統括部"]
PERSON_FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
]
PERSON_GIVEN = ["翔", "陽菜", "大輝", "美咲", "健", "結衣", "拓海", "彩", "直樹", "真由", "Ken", "Emi"]
EVENT_NAMES = [
    "ILS 共創マッチング {y}",
    "オープンイノベーション商談会 {y}",
    "Kyoso Partner Day {y}",
    "地域 DX 共創ピッチ {y}",
]

ORG_KIND_WEIGHTS = [("corporate", 25), ("startup", 60), ("university", 10), ("public", 5)]
STAGE_WEIGHTS = [("exploration", 35), ("poc", 30), ("pilot", 15), ("commercialisation", 8), ("stopped", 12)]


@dataclass
class Report:
    """What was generated and how long each part took (printed by the command)."""

    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    workspace_id: int | None = None
    objects: dict[str, Any] = field(default_factory=dict)


def _installed(label: str) -> bool:
    return apps.is_installed(f"kyoso.{label}")


def _batched(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def bulk(model: Any, rows: Iterable[Any], size: int = BATCH) -> list[Any]:
    """bulk_create in batches; returns the created objects with their primary keys."""
    created: list[Any] = []
    for chunk in _batched(rows, size):
        created.extend(model.objects.bulk_create(chunk, batch_size=size))
    return created


class Generator:
    def __init__(self, *, seed: int = 1, today: dt.date | None = None, say: Callable[[str], None] = print):
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.say = say
        self.report = Report()
        self._names: set[str] = set()

    # ------------------------------------------------------------------ small helpers

    def pick(self, seq: Sequence[Any]) -> Any:
        return seq[self.rng.randrange(len(seq))]

    def weighted(self, pairs: Sequence[tuple[Any, int]]) -> Any:
        return self.rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]

    def fmt(self, template: str, **extra: Any) -> str:
        # A sentence takes its terms from its own language: no 需要予測 inside an English sentence.
        english = not JAPANESE.search(template)
        techs = TECHNOLOGIES_EN if english else TECHNOLOGIES_JA
        values = {
            "tech": self.pick(techs),
            "tech2": self.pick(techs),
            "ind": self.pick(INDUSTRIES_EN if english else INDUSTRIES_JA),
            "n": self.rng.randrange(5, 60),
            "m": self.rng.randrange(1, 20),
            "k": self.rng.choice([3, 6, 9, 12]),
            "y": self.today.year + self.rng.randrange(0, 3),
            "partner": "the partner" if english else "パートナー",
        }
        values.update({k: v for k, v in extra.items() if not english or not JAPANESE.search(str(v))})
        return template.format(**values)

    def person(self) -> str:
        return f"{self.pick(PERSON_FAMILY)} {self.pick(PERSON_GIVEN)}"

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        span = max(0, (end - start).days)
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def timed(self, label: str, func: Callable[[], int]) -> int:
        started = time.perf_counter()
        with transaction.atomic():
            rows = func()
        seconds = time.perf_counter() - started
        self.report.timings.append((label, seconds, rows))
        rate = f"{rows / seconds:,.0f} rows/s" if seconds > 0 and rows else ""
        self.say(f"  {label:<28} {rows:>10,} rows {seconds:8.1f} s  {rate}")
        return rows

    def skip(self, part: str, app: str) -> None:
        message = f"  {part:<28} skipped: app kyoso.{app} is not installed"
        self.report.skipped.append(message.strip())
        self.say(message)

    # ------------------------------------------------------------------ workspace and people

    def workspace(self, slug: str, members: int = 12) -> tuple[Any, Any, list[Any]]:
        from django.contrib.auth.hashers import make_password

        from kyoso.accounts.models import Membership, Role, User, Workspace

        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            workspace = Workspace.objects.create(slug=slug, name=f"生成データ株式会社 OI推進室 ({slug})")
        hashed = make_password(PASSWORD)
        users = []
        for i in range(members):
            email = f"{'owner' if i == 0 else f'user{i}'}@{slug}.example"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create(email=email, name=self.person(), password=hashed)
            role = Role.OWNER if i == 0 else (Role.EXECUTIVE if i == 1 else Role.MEMBER)
            Membership.objects.get_or_create(workspace=workspace, user=user, defaults={"role": role})
            users.append(user)
        self.report.workspace_id = workspace.pk
        return workspace, users[0], users

    # ------------------------------------------------------------------ partners

    def org_name(self, kind: str) -> str:
        rng = self.rng
        for attempt in range(6):
            if kind == "corporate":
                name = f"{self.pick(NAME_HEADS)}{self.pick(CORPORATE_BODIES)}{self.pick(LEGAL[:2])}"
            elif kind == "university":
                name = f"{self.pick(PLACES)}{self.pick(UNIVERSITIES)}"
            elif kind == "public":
                name = f"{self.pick(PLACES)}{self.pick(PUBLIC_BODIES)}"
            else:
                legal = self.pick(LEGAL)
                body = f"{self.pick(NAME_HEADS)}{self.pick(NAME_BODIES)}"
                name = f"{legal}{body}" if legal == "株式会社" and rng.random() < 0.5 else f"{body} {legal}"
            if attempt >= 2:
                name = (
                    f"{name}（{self.pick(PLACES)}）" if attempt < 4 else f"{name} {rng.randrange(2, 10**6)}"
                )
            if name not in self._names:
                self._names.add(name)
                return name
        return f"{name} #{len(self._names)}"

    def organisations(self, workspace: Any, owner: Any, n: int) -> dict[str, list[Any]]:
        from kyoso.partners import search
        from kyoso.partners.models import (
            ChecklistAnswer,
            ChecklistItem,
            Contact,
            Need,
            Offer,
            Organisation,
            industry_keys,
        )

        rng = self.rng
        version = search.bump_version(workspace.pk)
        created: dict[str, list[Any]] = {"corporate": [], "startup": [], "university": [], "public": []}

        def orgs() -> Iterator[Any]:
            for i in range(n):
                kind = self.weighted(ORG_KIND_WEIGHTS)
                country = self.weighted([("日本", 90), ("USA", 4), ("Singapore", 3), ("Israel", 3)])
                # A company is described in one language: a Japanese company in Japanese,
                # a foreign one in English, each sentence once.
                english = country != "日本"
                industries = rng.sample(INDUSTRIES_EN if english else INDUSTRIES_JA, rng.randint(1, 3))
                techs = rng.sample(TECHNOLOGIES_EN if english else TECHNOLOGIES_JA, rng.randint(1, 4))
                templates = rng.sample(DESCRIPTION_EN if english else DESCRIPTION_JA, rng.randint(1, 3))
                sentences = [
                    self.fmt(t, tech=techs[0], tech2=techs[-1], ind=industries[0]) for t in templates
                ]
                startup = kind == "startup"
                corporate = kind == "corporate"
                oi_count = rng.randint(0, 12) if rng.random() < 0.7 else None
                org = Organisation(
                    workspace=workspace,
                    name=self.org_name(kind),
                    kind=kind,
                    description="".join(s if s.endswith("。") else s + " " for s in sentences).strip(),
                    industries=industries,
                    technologies=techs,
                    tags=rng.sample(
                        ["J-Startup", "大学発", "上場企業", "CVC出資", "海外展開", "補助金採択"],
                        rng.randint(0, 2),
                    ),
                    industry_keys=industry_keys(industries),
                    website=f"https://www.example-{i}.jp" if rng.random() < 0.8 else "",
                    country=country,
                    founded=rng.randint(2010, 2025) if startup else rng.randint(1900, 2005),
                    employees=rng.randint(5, 300) if startup else rng.randint(500, 80000),
                    stage=self.weighted(
                        [("seed", 30), ("series_a", 35), ("series_b", 20), ("series_c", 10), ("pre_ipo", 5)]
                    )
                    if startup
                    else ("listed" if corporate and rng.random() < 0.7 else ""),
                    oi_experience_count=oi_count,
                    oi_experience_text=f"大手企業との共同研究開発の実績が{oi_count}件あります。"
                    if oi_count and not english and rng.random() < 0.3
                    else "",
                    company_wide_support=self.weighted([("yes", 40), ("no", 15), ("unknown", 45)]),
                    decision_lead_days=(rng.randint(3, 21) if startup else rng.randint(30, 120))
                    if rng.random() < 0.8
                    else None,
                    quality_approach=self.weighted(
                        [("ship_and_iterate", 60), ("balanced", 30), ("verify_first", 10)]
                    )
                    if startup
                    else self.weighted([("verify_first", 60), ("balanced", 35), ("ship_and_iterate", 5)]),
                    risk_appetite=self.weighted([("high", 50), ("medium", 40), ("low", 10)])
                    if startup
                    else self.weighted([("low", 55), ("medium", 40), ("high", 5)]),
                    internal_notes="担当者と面談済み。" if rng.random() < 0.2 else "",
                    source="import",
                    source_detail="generate-data",
                    search_stamp=version,
                    created_by=owner,
                )
                yield org

        def make_orgs() -> int:
            for org in bulk(Organisation, orgs()):
                created[org.kind].append(org)
            return n

        self.timed("organisations", make_orgs)
        corporates, startups = created["corporate"], created["startup"]
        all_orgs = [o for group in created.values() for o in group]

        def make_needs() -> int:
            def needs() -> Iterator[Any]:
                for org in corporates:
                    for _ in range(rng.choice([0, 0, 1, 1, 2])):
                        low = rng.choice([1, 3, 5, 10]) * 1_000_000
                        yield Need(
                            workspace=workspace,
                            organisation=org,
                            title=self.fmt(self.pick(NEED_TITLES)),
                            description="".join(
                                self.fmt(t) for t in rng.sample(DESCRIPTION_JA, rng.randint(1, 2))
                            ),
                            why=self.fmt(self.pick(WHY_PARTNER)),
                            budget_min_jpy=low,
                            budget_max_jpy=low * rng.choice([2, 3, 5]),
                            timeline=f"{rng.choice([3, 6, 12])}か月で PoC",
                            first_result_months=rng.choice([3, 6, 12, 18]),
                            goal_type=self.pick(["improve_existing", "replace", "new_market", "explore"]),
                            desired_traits="大手との協業経験があり、セキュリティ審査に対応できること",
                            status=self.weighted([("open", 70), ("paused", 10), ("closed", 20)]),
                            created_by=owner,
                        )

            return len(bulk(Need, needs()))

        def make_offers() -> int:
            def offers() -> Iterator[Any]:
                for org in startups + created["university"]:
                    for _ in range(rng.choice([0, 1, 1, 2])):
                        yield Offer(
                            organisation=org,
                            title=self.fmt(self.pick(OFFER_TITLES), tech=org.technologies[0]),
                            description=self.fmt(self.pick(DESCRIPTION_JA), tech=org.technologies[0]),
                            technologies=org.technologies,
                            goal_type=self.pick(["improve_existing", "replace", "new_market", "explore"]),
                            first_result_months=rng.choice([1, 3, 6]),
                            budget_jpy=rng.choice([3, 5, 10, 30]) * 1_000_000,
                        )

            return len(bulk(Offer, offers()))

        def make_contacts() -> int:
            def contacts() -> Iterator[Any]:
                for org in all_orgs:
                    if rng.random() < 0.3:
                        yield Contact(
                            organisation=org,
                            name=self.person(),
                            title=self.pick(
                                [
                                    "CEO",
                                    "CTO",
                                    "事業開発部長",
                                    "BD マネージャー",
                                    "オープンイノベーション担当",
                                ]
                            ),
                            email=f"contact{org.pk}@example.jp",
                        )

            return len(bulk(Contact, contacts()))

        def make_checklists() -> int:
            def answers() -> Iterator[Any]:
                for org in all_orgs:
                    if rng.random() < 0.1:
                        for item in ChecklistItem.values:
                            yield ChecklistAnswer(
                                organisation=org,
                                item=item,
                                answer=self.weighted([("yes", 50), ("no", 20), ("unknown", 30)]),
                                answered_on=self.today - dt.timedelta(days=rng.randint(1, 400)),
                                answered_by=owner,
                            )

            return len(bulk(ChecklistAnswer, answers()))

        self.report.counts["organisations"] = n
        self.report.counts["needs"] = self.timed("needs", make_needs)
        self.report.counts["offers"] = self.timed("offers", make_offers)
        self.report.counts["contacts"] = self.timed("contacts", make_contacts)
        self.report.counts["checklist answers"] = self.timed("checklist answers", make_checklists)
        return created

    def search_index(self, workspace: Any) -> None:
        from kyoso.partners import search

        def build() -> int:
            return search.refresh(workspace.pk)

        started = time.perf_counter()
        rows = build()
        seconds = time.perf_counter() - started
        self.report.timings.append(("search index", seconds, rows))
        self.say(f"  {'search index':<28} {rows:>10,} docs {seconds:8.1f} s")

    # ------------------------------------------------------------------ projects

    def projects(
        self, workspace: Any, users: list[Any], n: int, log_entries: int, partners: dict[str, list[Any]]
    ) -> list[Any]:
        from kyoso.projects import models as pm

        rng = self.rng
        today = self.today
        owner = users[0]
        startups = partners.get("startup") or []
        projects: list[Any] = []
        plans: list[dict[str, Any]] = []

        def make_projects() -> int:
            def rows() -> Iterator[Any]:
                for i in range(n):
                    stage = self.weighted(STAGE_WEIGHTS)
                    if n >= 3 and i in (1, 2):  # every size has a finished and a stopped project
                        stage = "stopped" if i == 1 else "commercialisation"
                    started = today - dt.timedelta(days=rng.randint(20, 1100))
                    reached = stage if stage != "stopped" else self.pick(pm.STAGE_ORDER[:3])
                    path = pm.STAGE_ORDER[: pm.STAGE_ORDER.index(reached) + 1]
                    # stage entry dates, increasing, all before today
                    cuts = sorted(
                        self.day_between(started, today - dt.timedelta(days=1)) for _ in range(len(path) - 1)
                    )
                    entries = [started, *cuts]
                    stop_day = self.day_between(entries[-1], today) if stage == "stopped" else None
                    partner = self.pick(startups) if startups else None
                    partner_name = partner.name if partner else self.org_name("startup")
                    tech = (
                        partner.technologies[0]
                        if partner and partner.technologies
                        else self.pick(TECHNOLOGIES)
                    )
                    member = self.pick(users)
                    sponsor = users[1] if len(users) > 1 and rng.random() < 0.6 else None
                    plans.append(
                        {
                            "path": path,
                            "entries": entries,
                            "stop": stop_day,
                            "partner": partner_name,
                            "partner_org": partner,
                            "start": started,
                        }
                    )
                    yield pm.Project(
                        workspace=workspace,
                        title=self.fmt(
                            self.pick(PROJECT_TITLES), partner=partner_name.split(" ")[0], tech=tech
                        )[:200],
                        type=self.weighted([("inbound", 70), ("outbound", 30)]),
                        summary=self.fmt(
                            "{partner}と{tech}を用いた{ind}の課題解決に取り組む。",
                            partner=partner_name,
                            tech=tech,
                        ),
                        internal_note="予算は事業部と折半。" if rng.random() < 0.3 else "",
                        owner=member,
                        business_unit=self.pick(BUSINESS_UNITS),
                        stage=stage,
                        stage_entered=stop_day or entries[-1],
                        stopped_reason=self.pick(STOP_REASONS) if stage == "stopped" else "",
                        status_colour=self.weighted([("green", 60), ("amber", 28), ("red", 12)]),
                        budget_jpy=rng.choice([3, 5, 10, 20, 50, 100]) * 1_000_000,
                        purpose_category=self.weighted(
                            [("new_technology", 30), ("improve_existing", 35), ("new_business", 30), ("", 5)]
                        ),
                        goal=self.fmt(self.pick(GOALS), tech=tech) if rng.random() < 0.85 else "",
                        why_partner=self.fmt(self.pick(WHY_PARTNER), tech=tech) if rng.random() < 0.8 else "",
                        sponsor_user=sponsor,
                        sponsor_name="" if sponsor else (self.person() if rng.random() < 0.5 else ""),
                        sponsor_level=self.weighted(
                            [("executive", 50), ("director", 30), ("manager", 10), ("", 10)]
                        ),
                        sponsor_budget_until=today + dt.timedelta(days=rng.randint(-60, 400))
                        if rng.random() < 0.6
                        else None,
                        sponsor_last_engaged=today - dt.timedelta(days=rng.randint(0, 200))
                        if rng.random() < 0.7
                        else None,
                        poc_planned_end=(entries[1] + dt.timedelta(days=rng.choice([60, 90, 120, 180])))
                        if len(entries) > 1
                        else None,
                        poc_deliverable="PoC 評価報告書" if len(entries) > 1 else "",
                        cadence_days=rng.choice([7, 14, 14, 30, None]),
                        channels=rng.sample(["meeting", "call", "email", "chat"], rng.randint(1, 3)),
                        comm_corporate_owner=member,
                        comm_partner_owner=self.person(),
                        created_by=owner,
                    )

            projects.extend(bulk(pm.Project, rows()))
            return len(projects)

        self.report.counts["projects"] = self.timed("projects", make_projects)

        def make_history() -> int:
            def rows() -> Iterator[Any]:
                for project, plan in zip(projects, plans, strict=True):
                    entries = plan["entries"]
                    for i, stage in enumerate(plan["path"]):
                        left = entries[i + 1] if i + 1 < len(entries) else plan["stop"]
                        yield pm.StageHistory(
                            project=project,
                            stage=stage,
                            entered_on=entries[i],
                            left_on=left,
                            reason="ゲート審査で Go 判定" if i else "",
                            changed_by=project.owner,
                        )
                    if plan["stop"]:
                        yield pm.StageHistory(
                            project=project,
                            stage="stopped",
                            entered_on=plan["stop"],
                            reason=project.stopped_reason,
                            changed_by=project.owner,
                        )

            return len(bulk(pm.StageHistory, rows()))

        has_org_link = any(f.name == "organisation" for f in pm.ProjectParty._meta.get_fields())

        def make_parties() -> int:
            def rows() -> Iterator[Any]:
                for project, plan in zip(projects, plans, strict=True):
                    yield pm.ProjectParty(
                        project=project,
                        side="corporate",
                        name=workspace.name,
                        kind="corporate",
                        oi_experience_count=rng.randint(0, 10),
                        company_wide_support=rng.random() < 0.6,
                        decision_lead_days=rng.choice([30, 60, 90]),
                        quality_approach="verify_first",
                        risk_appetite=self.pick(["low", "medium"]),
                    )
                    org = plan["partner_org"]
                    linked = {"organisation": org} if org is not None and has_org_link else {}
                    yield pm.ProjectParty(
                        **linked,
                        project=project,
                        side="partner",
                        name=plan["partner"],
                        kind="startup",
                        oi_experience_count=getattr(org, "oi_experience_count", None),
                        company_wide_support=rng.random() < 0.8,
                        decision_lead_days=getattr(org, "decision_lead_days", None) or 7,
                        quality_approach=getattr(org, "quality_approach", "") or "ship_and_iterate",
                        risk_appetite=getattr(org, "risk_appetite", "") or "high",
                    )

            return len(bulk(pm.ProjectParty, rows()))

        def make_charter() -> int:
            def rows() -> Iterator[Any]:
                for project in projects:
                    for _ in range(rng.randint(0, 3)):
                        metric, unit = self.pick(BENEFITS)
                        numeric = rng.random() < 0.7
                        yield pm.ExpectedBenefit(
                            project=project,
                            metric=metric,
                            target=rng.randint(1, 50) if numeric else None,
                            unit=unit if numeric else "",
                            by=today + dt.timedelta(days=rng.randint(90, 900)) if numeric else None,
                        )
                    for _ in range(rng.randint(0, 3)):
                        yield pm.Stakeholder(
                            project=project,
                            name=self.pick(STAKEHOLDERS),
                            acknowledged_on=today - dt.timedelta(days=rng.randint(1, 300))
                            if rng.random() < 0.6
                            else None,
                        )

            count = 0
            benefits: list[Any] = []
            stakeholders: list[Any] = []
            for row in rows():
                (benefits if isinstance(row, pm.ExpectedBenefit) else stakeholders).append(row)
            count += len(bulk(pm.ExpectedBenefit, benefits))
            count += len(bulk(pm.Stakeholder, stakeholders))
            return count

        def make_gates() -> int:
            gates: list[Any] = []
            gate_info: list[tuple[Any, bool, dt.date]] = []
            for project, plan in zip(projects, plans, strict=True):
                entries = plan["entries"]
                for i, stage in enumerate(plan["path"]):
                    if stage == "exploration" and rng.random() < 0.5:
                        continue
                    decided = i + 1 < len(entries) or (plan["stop"] is not None and i == len(entries) - 1)
                    due = (
                        entries[i + 1]
                        if i + 1 < len(entries)
                        else entries[i] + dt.timedelta(days=rng.choice([60, 90, 120]))
                    )
                    gates.append(pm.Gate(project=project, stage=stage, due=due, created_by=project.owner))
                    gate_info.append((gates[-1], decided, plan["stop"] or due))
            bulk(pm.Gate, gates)
            criteria = []
            decisions = []
            for gate, decided, when in gate_info:
                for text in rng.sample(GATE_CRITERIA, rng.randint(0, 3)):
                    criteria.append(pm.GateCriterion(gate=gate, text=text))
                if decided:
                    no_go = when != gate.due
                    decisions.append(
                        pm.GateDecision(
                            gate=gate,
                            decision="no_go" if no_go else "go",
                            decided_on=min(when, today),
                            decided_by=gate.created_by,
                            signed_by_sponsor=rng.random() < 0.7,
                            note="基準を満たしたため次ステージへ" if not no_go else "基準未達のため中止",
                        )
                    )
            return len(gates) + len(bulk(pm.GateCriterion, criteria)) + len(bulk(pm.GateDecision, decisions))

        def make_milestones_kpis() -> int:
            milestones: list[Any] = []
            kpis: list[Any] = []
            for project, plan in zip(projects, plans, strict=True):
                start = plan["start"]
                for title in rng.sample(MILESTONES, rng.randint(2, 6)):
                    due = start + dt.timedelta(days=rng.randint(14, 720))
                    done = due <= today and rng.random() < 0.75
                    milestones.append(
                        pm.Milestone(
                            project=project,
                            title=title,
                            due=due,
                            owner=project.owner,
                            done_on=due - dt.timedelta(days=rng.randint(-10, 10)) if done else None,
                            visibility=self.weighted([("shared", 60), ("internal", 40)]),
                        )
                    )
                for name, unit in rng.sample(KPIS, rng.randint(0, 3)):
                    kpis.append(
                        pm.Kpi(
                            project=project,
                            name=name,
                            target=float(rng.randint(10, 1000)),
                            unit=unit,
                            horizon_months=rng.choice([6, 12, 24, 36]),
                            visibility=self.pick(["shared", "internal"]),
                        )
                    )
            bulk(pm.Milestone, milestones)
            bulk(pm.Kpi, kpis)
            measurements = []
            for kpi in kpis:
                for i in range(rng.randint(0, 4)):
                    measurements.append(
                        pm.KpiMeasurement(
                            kpi=kpi,
                            measured_on=today - dt.timedelta(days=30 * (i + 1)),
                            value=round(kpi.target * rng.uniform(0.2, 1.1), 1),
                        )
                    )
            return len(milestones) + len(kpis) + len(bulk(pm.KpiMeasurement, measurements))

        def make_contracts() -> int:
            def rows() -> Iterator[Any]:
                for project, plan in zip(projects, plans, strict=True):
                    kinds = ["nda"]
                    if len(plan["path"]) > 1:
                        kinds.append("poc")
                    if len(plan["path"]) > 2:
                        kinds.append("joint_development")
                    if len(plan["path"]) > 3 and rng.random() < 0.5:
                        kinds.append("license")
                    for kind in kinds:
                        signed = rng.random() < 0.8
                        decided = rng.random() < 0.7
                        yield pm.Contract(
                            project=project,
                            kind=kind,
                            status="signed" if signed else self.pick(["draft", "negotiating"]),
                            title={
                                "nda": "秘密保持契約",
                                "poc": "PoC 契約",
                                "joint_development": "共同研究開発契約",
                                "license": "ライセンス契約",
                            }[kind],
                            counterparty=plan["partner"],
                            signed_on=self.day_between(plan["start"], today) if signed else None,
                            visibility="shared",
                            foreground_ip_owner=self.pick(["corporate", "partner", "joint"])
                            if decided
                            else "undecided",
                            background_ip_listed=rng.random() < 0.6 if decided else None,
                            license_scope="共同開発の成果に限る" if decided else "",
                            exclusive=rng.random() < 0.3 if decided else None,
                            exclusivity_field=self.pick(INDUSTRIES) if decided and rng.random() < 0.3 else "",
                            exclusivity_months=rng.choice([12, 24, 36])
                            if decided and rng.random() < 0.3
                            else None,
                            publication=self.pick(["allowed", "allowed_after_review", "forbidden"])
                            if decided
                            else "undecided",
                            fee_jpy=rng.choice([0, 1_000_000, 3_000_000, 5_000_000])
                            if kind != "nda"
                            else None,
                            purpose_limited=True if kind == "nda" else None,
                            mutual=rng.random() < 0.7 if kind == "nda" else None,
                            oral_disclosures_covered=rng.random() < 0.5 if kind == "nda" else None,
                            confidential_months_after_end=rng.choice([12, 24, 36]) if kind == "nda" else None,
                            decision_deadline_days=rng.choice([30, 60, 90]) if kind == "poc" else None,
                            deliverable="検証報告書" if kind == "poc" else "",
                            end_date=today + dt.timedelta(days=rng.randint(-100, 700)),
                            improvements_grant_back=self.pick(["mutual", "partner_only", "none", ""]),
                        )

            return len(bulk(pm.Contract, rows()))

        def make_log() -> int:
            if not projects or log_entries <= 0:
                return 0
            # busier (older, further along) projects get more entries
            weights = [(today - plan["start"]).days * (1 + len(plan["path"])) + 1 for plan in plans]
            spans = [(plan["start"], plan["stop"] or today) for plan in plans]
            choices = rng.choices(range(len(projects)), weights=weights, k=log_entries)

            kinds = rng.choices(["meeting", "call", "email", "chat"], weights=[45, 20, 20, 15], k=log_entries)
            sides = rng.choices(["both", "corporate", "partner"], weights=[75, 20, 5], k=log_entries)
            ids = [p.pk for p in projects]
            authors = [p.owner_id for p in projects]
            random_ = rng.random
            randint = rng.randint

            def rows() -> Iterator[Any]:
                for i, index in enumerate(choices):
                    start, end = spans[index]
                    parties = sides[i]
                    yield pm.LogEntry(
                        project_id=ids[index],
                        date=start + dt.timedelta(days=randint(0, max(0, (end - start).days))),
                        kind=kinds[i],
                        parties=parties,
                        attendees=f"{self.pick(PERSON_FAMILY)}、{self.pick(PERSON_FAMILY)}",
                        note=self.pick(LOG_NOTES),
                        sponsor_attended=random_() < 0.08,
                        visibility="shared" if parties == "both" and random_() < 0.6 else "internal",
                        author_id=authors[index],
                        by_partner=parties == "partner",
                    )

            return len(bulk(pm.LogEntry, rows(), size=5000))

        self.report.counts["stage history"] = self.timed("stage history", make_history)
        self.report.counts["parties"] = self.timed("parties", make_parties)
        self.report.counts["charter rows"] = self.timed("benefits and stakeholders", make_charter)
        self.report.counts["gate rows"] = self.timed("gates, criteria, decisions", make_gates)
        self.report.counts["milestone/KPI rows"] = self.timed("milestones and KPIs", make_milestones_kpis)
        self.report.counts["contracts"] = self.timed("contracts", make_contracts)
        self.report.counts["log entries"] = self.timed("communication log", make_log)
        self.report.objects["projects"] = projects
        return projects

    # ------------------------------------------------------------------ alignment, risk, knowledge

    def alignment(self, projects: list[Any], users: list[Any]) -> None:
        from kyoso.alignment.models import AlignmentAnswer, AlignmentRound

        rng = self.rng

        def make() -> int:
            rounds = []
            for project in projects:
                if rng.random() < 0.3:
                    rounds.append(
                        AlignmentRound(
                            project=project,
                            number=1,
                            label="PoC 開始前",
                            opened_by=project.owner,
                            revealed_at=timezone.now(),
                            visibility="shared",
                        )
                    )
            bulk(AlignmentRound, rounds)
            answers = []
            for rnd in rounds:
                for side in ("corporate", "partner"):
                    corporate = side == "corporate"
                    answers.append(
                        AlignmentAnswer(
                            round=rnd,
                            side=side,
                            goal_type=self.pick(["improve_existing", "replace", "new_market", "explore"]),
                            first_result_months=rng.choice([3, 6, 12, 24]),
                            decision_lead_days=rng.choice([30, 60, 90])
                            if corporate
                            else rng.choice([3, 7, 14]),
                            quality_approach="verify_first"
                            if corporate
                            else self.pick(["balanced", "ship_and_iterate"]),
                            result_owner=self.pick(["corporate", "partner", "joint", "undecided"]),
                            budget_jpy=rng.choice([5, 10, 30]) * 1_000_000,
                            success_kpi=self.pick(KPIS)[0],
                            submitted_by=rnd.project.owner,
                            submitted_at=timezone.now(),
                            visibility="shared",
                        )
                    )
            return len(rounds) + len(bulk(AlignmentAnswer, answers))

        self.report.counts["alignment rows"] = self.timed("alignment rounds and answers", make)

    def diagnoses(self, projects: list[Any], limit: int | None) -> None:
        from kyoso.projects.snapshot import snapshot_queryset
        from kyoso.risk.services import recompute

        ids = [p.pk for p in projects[: limit if limit is not None else len(projects)]]

        def make() -> int:
            done = 0
            for chunk in _batched(ids, 200):
                for project in snapshot_queryset().filter(pk__in=chunk).order_by("pk"):
                    recompute(project)
                    done += 1
            return done

        self.report.counts["diagnoses"] = self.timed("diagnoses (engine)", make)

    def retrospectives(self, projects: list[Any]) -> None:
        """Retrospectives of stopped and commercialised projects, each tagged with one to three causes."""
        try:
            retro_model = apps.get_model("knowledge", "Retrospective")
            cause_model = apps.get_model("knowledge", "RetrospectiveCause")
        except LookupError:
            self.skip("retrospectives", "knowledge (Retrospective)")
            return
        rng = self.rng
        causes = [
            "purpose",
            "partner_fit",
            "internal_structure",
            "communication",
            "ip_contract",
            "short_termism",
        ]
        closed = [p for p in projects if p.stage in ("stopped", "commercialisation")]

        def make() -> int:
            rows = []
            for project in closed:
                stopped = project.stage == "stopped"
                rows.append(
                    retro_model(
                        project=project,
                        outcome="stopped" if stopped else "commercialised",
                        headline=(
                            project.stopped_reason
                            if stopped
                            else "小さく始めて検証を重ねたことが事業化につながった"
                        )[:200],
                        what_worked="週次の定例で認識のずれを早期に解消できた" if rng.random() < 0.6 else "",
                        what_failed=self.pick(STOP_REASONS) if stopped else "",
                        lessons="契約前に知財の帰属と PoC の評価基準を文書で合意すること",
                        countermeasure="経営層のコミットメントを初期に取り付ける" if stopped else "",
                        written_on=project.stage_entered,
                        written_by_id=project.owner_id,
                        industry=self.pick(INDUSTRIES),
                        partner_name=project.comm_partner_owner,
                        partner_kind="startup",
                        stage_reached="commercialisation"
                        if not stopped
                        else self.pick(["exploration", "poc", "pilot"]),
                        business_unit=project.business_unit,
                    )
                )
            bulk(retro_model, rows)
            tags = []
            for retro in rows:
                if retro.outcome == "commercialised" and rng.random() < 0.5:
                    continue
                for cause in rng.sample(causes, rng.randint(1, 3)):
                    tags.append(cause_model(retrospective=retro, cause=cause, weight=rng.randint(1, 3)))
            return len(rows) + len(bulk(cause_model, tags))

        self.report.counts["retrospective rows"] = self.timed("retrospectives and causes", make)

    # ------------------------------------------------------------------ events

    def events(
        self,
        workspace: Any,
        owner: Any,
        n: int,
        partners: dict[str, list[Any]],
        *,
        corporates: int,
        startups: int,
        requests: int,
        slots: int,
        tables: int,
    ) -> list[Any]:
        from kyoso.events import models as em

        rng = self.rng
        events: list[Any] = []
        for e in range(n):
            event_counts: dict[str, int] = {}

            def make(e: int = e, event_counts: dict[str, int] = event_counts) -> int:
                day = self.today + dt.timedelta(days=rng.randint(-200, 60))
                event = em.Event.objects.create(
                    workspace=workspace,
                    name=self.fmt(self.pick(EVENT_NAMES), y=day.year) + (f" #{e + 1}" if n > 1 else ""),
                    venue=f"{self.pick(PLACES)}国際会議場",
                    date=day,
                    description="大企業とスタートアップの 1:1 商談会。Corporate × startup 1:1 meetings.",
                    status="published",
                    default_max_meetings=8,
                    created_by=owner,
                )
                events.append(event)
                tz = timezone.get_current_timezone()
                first = dt.datetime.combine(day, dt.time(10, 0), tzinfo=tz)
                slot_rows = bulk(
                    em.Slot,
                    (
                        em.Slot(
                            event=event,
                            code=f"S{i + 1:02d}",
                            start=first + dt.timedelta(minutes=25 * i),
                            end=first + dt.timedelta(minutes=25 * i + 20),
                            tables=tables,
                        )
                        for i in range(slots)
                    ),
                )
                corp_orgs = partners.get("corporate") or []
                start_orgs = partners.get("startup") or []

                def participant(side: str, i: int, orgs: list[Any]) -> Any:
                    org = orgs[i] if i < len(orgs) else None
                    name = org.name if org else self.org_name(side)
                    return em.Participant(
                        event=event,
                        code=f"{side[0].upper()}{i + 1:05d}",
                        side=side,
                        name=name,
                        organisation=org,
                        contact_name=self.person(),
                        email=f"{side}{i + 1}@e{event.pk}.example",
                        needs=self.fmt(self.pick(NEED_TITLES)) if side == "corporate" else "",
                        application=self.fmt(self.pick(OFFER_TITLES)) if side == "startup" else "",
                        max_meetings=rng.choice([None, 6, 8, 10])
                        if side == "corporate"
                        else rng.choice([None, 3, 4]),
                        min_meetings=rng.choice([0, 0, 1]),
                        token=f"{rng.getrandbits(128):032x}",
                    )

                corp_rows = bulk(
                    em.Participant, (participant("corporate", i, corp_orgs) for i in range(corporates))
                )
                start_rows = bulk(
                    em.Participant, (participant("startup", i, start_orgs) for i in range(startups))
                )
                pairs: set[tuple[int, int]] = set()
                target = min(requests, corporates * startups)
                while len(pairs) < target:
                    pairs.add((rng.randrange(corporates), rng.randrange(startups)))
                request_rows = bulk(
                    em.MeetingRequest,
                    (
                        em.MeetingRequest(
                            event=event,
                            corporate=corp_rows[c],
                            startup=start_rows[s],
                            corporate_interest=rng.choice([0, 1, 2, 3, 3]),
                            startup_interest=rng.choice([0, 1, 2, 3, 3]),
                        )
                        for c, s in sorted(pairs)
                    ),
                )
                # a placed schedule: greedy by weight, one meeting per person per slot, tables per slot
                run = em.ScheduleRun.objects.create(
                    event=event,
                    status="done",
                    time_limit=0,
                    progress=100,
                    phase="generated",
                    bound_method="sum of request weights (generated data)",
                    created_by=owner,
                    started_at=timezone.now(),
                    finished_at=timezone.now(),
                    published_at=timezone.now(),
                )
                busy: set[tuple[int, int]] = set()
                used_tables = [0] * slots
                per_person: dict[int, int] = {}
                meetings = []
                objective = 0.0
                caps = {p.pk: p.max_meetings or event.default_max_meetings for p in [*corp_rows, *start_rows]}
                ordered = sorted(request_rows, key=lambda r: -(r.corporate_interest + r.startup_interest))
                for req in ordered:
                    if req.corporate_interest + req.startup_interest == 0:
                        continue
                    c, s = req.corporate_id, req.startup_id
                    if per_person.get(c, 0) >= caps[c] or per_person.get(s, 0) >= caps[s]:
                        continue
                    for k in range(slots):
                        if used_tables[k] < tables and (c, k) not in busy and (s, k) not in busy:
                            used_tables[k] += 1
                            busy.add((c, k))
                            busy.add((s, k))
                            per_person[c] = per_person.get(c, 0) + 1
                            per_person[s] = per_person.get(s, 0) + 1
                            meetings.append(
                                em.Meeting(run=run, request=req, slot=slot_rows[k], table=used_tables[k])
                            )
                            objective += req.corporate_interest + req.startup_interest
                            break
                bulk(em.Meeting, meetings)
                em.ScheduleRun.objects.filter(pk=run.pk).update(
                    objective=objective,
                    upper_bound=float(sum(r.corporate_interest + r.startup_interest for r in request_rows)),
                )
                em.Event.objects.filter(pk=event.pk).update(current_run=run)
                event_counts.update(
                    participants=len(corp_rows) + len(start_rows),
                    requests=len(request_rows),
                    meetings=len(meetings),
                )
                return (
                    len(slot_rows) + len(corp_rows) + len(start_rows) + len(request_rows) + len(meetings) + 2
                )

            self.timed(f"event {e + 1} (grid placed)", make)
            for key, value in event_counts.items():
                self.report.counts[f"event {key}"] = self.report.counts.get(f"event {key}", 0) + value
        self.report.counts["events"] = len(events)
        self.report.objects["events"] = events
        return events


def migrate_if_needed(say: Callable[[str], None] = print) -> None:
    from django.core.management import call_command
    from django.db import DEFAULT_DB_ALIAS, connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        say(f"  {'migrate':<28} {'':>10}      {time.perf_counter() - started:8.1f} s")


def _planner_statistics(say: Callable[[str], None]) -> None:
    """VACUUM ANALYZE after the bulk load (PostgreSQL, outside a transaction only).

    Without statistics the planner takes a freshly filled table for a small one (estimates of
    10 rows for 10,000) and sorts whole tables where an index would stop after a page; without
    the visibility map, index-only scans read the heap. Autovacuum would do this some minutes
    later on a production server; done here, pages and benchmarks right after `generate-data`
    see the plans they will see in production.
    """
    from django.db import connection

    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    say(f"  {'planner statistics':<28} {'':>10}      {time.perf_counter() - started:8.1f} s")


def generate(
    *,
    organisations: int = 1000,
    projects: int = 100,
    log_entries: int = 5000,
    events: int = 1,
    workspace: str | Any = "generated",
    seed: int = 1,
    event_corporates: int | None = None,
    event_startups: int | None = None,
    event_requests: int | None = None,
    event_slots: int = 20,
    event_tables: int | None = None,
    diagnoses: int | None = None,
    search_index: bool = True,
    members: int = 12,
    say: Callable[[str], None] = print,
) -> Report:
    """Fill a workspace (a slug, created when missing, or a Workspace) with generated data."""
    gen = Generator(seed=seed, say=say)
    started = time.perf_counter()
    if isinstance(workspace, str):
        ws, owner, users = gen.workspace(workspace, members=members)
    else:
        ws = workspace
        _, owner, users = gen.workspace(ws.slug, members=members)
    partners: dict[str, list[Any]] = {}
    if _installed("partners"):
        partners = gen.organisations(ws, owner, organisations)
    else:
        gen.skip("organisations", "partners")
    project_rows: list[Any] = []
    if _installed("projects"):
        project_rows = gen.projects(ws, users, projects, log_entries, partners)
    else:
        gen.skip("projects", "projects")
    if project_rows and _installed("alignment"):
        gen.alignment(project_rows, users)
    if project_rows and _installed("risk"):
        if diagnoses is None or diagnoses > 0:
            gen.diagnoses(project_rows, diagnoses)
    elif project_rows:
        gen.skip("diagnoses", "risk")
    if project_rows and _installed("knowledge"):
        gen.retrospectives(project_rows)
    if events > 0 and _installed("events"):
        n_corp = len(partners.get("corporate", []))
        n_start = len(partners.get("startup", []))
        corporates = event_corporates if event_corporates is not None else max(2, min(1000, n_corp))
        startups = event_startups if event_startups is not None else max(2, min(5000, n_start))
        req = (
            event_requests if event_requests is not None else min(30000, corporates * startups, 6 * startups)
        )
        tables = event_tables if event_tables is not None else max(1, min(250, corporates // 4 or 1))
        gen.events(
            ws,
            owner,
            events,
            partners,
            corporates=corporates,
            startups=startups,
            requests=req,
            slots=event_slots,
            tables=tables,
        )
    elif events > 0:
        gen.skip("events", "events")
    if search_index and partners:
        gen.search_index(ws)
    _planner_statistics(say)
    total = time.perf_counter() - started
    gen.report.timings.append(("total", total, sum(gen.report.counts.values())))
    say(f"  {'total':<28} {sum(gen.report.counts.values()):>10,} rows {total:8.1f} s")
    return gen.report

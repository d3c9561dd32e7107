"""Demo events: 「共創ピッチ&商談会 2026」, held two weeks ago, scheduled, published and partly
followed up; and an ILS-style day three weeks ahead with 300 participants and a published schedule."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from kyoso.core.demo import DemoContext
from kyoso.events import services
from kyoso.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    ScheduleRun,
    Slot,
)

CORPORATES = [
    ("東都電機株式会社", "工場の予知保全・設備データ活用"),
    ("みなと精密工業株式会社", "外観検査の自動化(AI画像検査)"),
    ("大和ロジスティクス株式会社", "倉庫内搬送の自動化と配送最適化"),
    ("さくら生命保険株式会社", "健康増進アプリと保険の連携"),
    ("北斗建設株式会社", "建設現場の安全管理・遠隔施工"),
    ("関東ガス株式会社", "家庭向けエネルギーマネジメント"),
    ("日本フードサービス株式会社", "食品ロス削減と需要予測"),
    ("青葉銀行株式会社", "中小企業向けDX支援・与信モデル"),
    ("富士見化学株式会社", "マテリアルズ・インフォマティクス"),
    ("東洋鉄道株式会社", "駅・車両の保守点検のデジタル化"),
    ("西日本通信株式会社", "ローカル5Gの産業用途開拓"),
    ("中央不動産株式会社", "スマートビル・脱炭素テナントサービス"),
    ("ひかり製薬株式会社", "治験業務の効率化・患者データ活用"),
    ("丸の内商事株式会社", "サプライチェーンの可視化"),
    ("瀬戸内造船株式会社", "船舶の燃費最適化・自律運航"),
]

STARTUPS = [
    "株式会社ビジョンテック",
    "株式会社センシングラボ",
    "株式会社ロボフロー",
    "株式会社ヘルスノート",
    "株式会社グリッドAI",
    "株式会社エナジーリンク",
    "株式会社フードシフト",
    "株式会社クレジットミー",
    "株式会社マテリアルX",
    "株式会社レールアイ",
    "株式会社ファイブジーワークス",
    "株式会社ビルオーエス",
    "株式会社トライアルクラウド",
    "株式会社チェーンビュー",
    "株式会社マリンデータ",
    "株式会社アグリセンス",
    "株式会社ドローンパス",
    "株式会社ミライ音声",
    "株式会社カーボンログ",
    "株式会社スマートファクトリー研究所",
    "株式会社デジタルツインズ",
    "株式会社セキュアエッジ",
    "株式会社ケアテック",
    "株式会社リサイクルループ",
    "株式会社ゼロウェイスト",
    "株式会社フィンブリッジ",
    "株式会社ロジパレット",
    "株式会社ナノコート",
    "株式会社バッテリーワン",
    "株式会社インフラスキャン",
    "株式会社ウェルビーイングラボ",
    "株式会社オープンAPI",
    "株式会社クオンタムシミュ",
    "株式会社エッジビジョン",
    "株式会社ハイドロゲンテック",
    "株式会社メディカルAI",
    "株式会社スペースセンス",
    "株式会社モビリティラボ",
    "株式会社ワークフロー自動化",
    "株式会社サステナデータ",
]

OFFERS = [
    "画像認識による外観検査SaaS",
    "振動センサーとAIによる設備の故障予兆検知",
    "自律走行搬送ロボット",
    "健康データ連携プラットフォーム",
    "需要予測エンジン",
    "家庭用エネルギー最適化アルゴリズム",
    "AIによる与信スコアリング",
    "材料探索のシミュレーション",
    "点検ドローンと画像解析",
    "産業用ローカル5Gソリューション",
]


def load_demo_event(ctx: DemoContext) -> None:
    rng = random.Random(2026)
    day = timezone.localdate() - timedelta(days=14)
    event = services.create_event(
        workspace=ctx.workspace,
        name="共創ピッチ&商談会 2026",
        date=day,
        venue="東京国際フォーラム ホールB5",
        description="大企業15社のニーズ発表と、スタートアップ40社との1対1商談会。各社最大6商談、25分単位。",
        default_max_meetings=6,
        by=ctx.owner,
    )
    services.generate_slots(
        event=event,
        first_start=datetime.combine(day, datetime.min.time()).replace(hour=13),
        count=6,
        minutes=25,
        break_minutes=5,
        tables=10,
        by=ctx.owner,
    )
    slots = list(Slot.objects.filter(event=event).order_by("start"))
    corporates = []
    for i, (name, need) in enumerate(CORPORATES, start=1):
        corporates.append(
            services.add_participant(
                event=event,
                side="corporate",
                name=name,
                code=f"c{i:03d}",
                contact_name=f"オープンイノベーション担当{i}",
                email=f"oi{i}@corp{i}.example",
                needs=need,
                min_meetings=2,
                unavailable=[slots[-1]] if i % 5 == 0 else [],
                by=ctx.owner,
            )
        )
    startups = []
    for i, name in enumerate(STARTUPS, start=1):
        startups.append(
            services.add_participant(
                event=event,
                side="startup",
                name=name,
                code=f"u{i:03d}",
                contact_name=f"代表取締役 {i}",
                email=f"ceo@startup{i}.example",
                application=OFFERS[i % len(OFFERS)],
                max_meetings=4,
                min_meetings=1,
                unavailable=[slots[0]] if i % 7 == 0 else [],
                by=ctx.owner,
            )
        )
    popularity = [3 if i < 4 else 2 if i < 9 else 1 for i in range(len(corporates))]
    run = _mark_interest_and_publish(
        ctx, event, corporates, startups, rng, popularity=popularity, requests=150
    )
    # The event is over: a first batch of outcomes has come back.
    meetings = list(Meeting.objects.filter(run=run).order_by("pk"))
    outcomes = [Outcome.NONE, Outcome.FOLLOW_UP, Outcome.FOLLOW_UP, Outcome.POC, Outcome.PROJECT]
    for m in meetings[: len(meetings) // 3]:
        services.record_outcome(meeting=m, outcome=rng.choice(outcomes), by=ctx.owner)
    # Both sides rated most meetings; a mutual "yes" is a lead on the follow-up page.
    feedback_rng = random.Random(7)
    rated = meetings[: len(meetings) * 2 // 3]
    for m in rated:
        for side in ("corporate", "startup"):
            rating = feedback_rng.choice([2, 3, 3, 4, 4, 5])
            setattr(m, f"{side}_rating", rating)
            setattr(m, f"{side}_next_step", rating >= 4 and feedback_rng.random() < 0.7)
    Meeting.objects.bulk_update(
        rated, ["corporate_rating", "startup_rating", "corporate_next_step", "startup_next_step"]
    )
    event.status = EventStatus.CLOSED
    event.save(update_fields=["status"])
    ctx.objects["event"] = event
    _load_upcoming_event(ctx)


CORPORATE_HEADS = ["東和", "大和", "北斗", "瑞穂", "昭栄", "日進", "光和", "明星", "新星", "朝日"]
CORPORATE_BODIES = ["電機", "化学", "物流", "食品", "製薬", "建設"]
STARTUP_HEADS = [
    "ネクスト",
    "スマート",
    "ディープ",
    "クラウド",
    "グリーン",
    "ブルー",
    "リンク",
    "ミライ",
    "アクア",
    "ソラ",
    "ノヴァ",
    "ルミナ",
]
STARTUP_BODIES = [
    "ロボ", "ビジョン", "データ", "ラボ", "テック", "センス", "フロー", "ケア", "エナジー", "モビリティ",
    "メディカル", "アグリ", "バイオ", "セキュア", "ファブ", "ロジ", "マテリアル", "スペース", "フィン", "エデュ",
]  # fmt: skip


def _load_upcoming_event(ctx: DemoContext) -> None:
    """60 corporates × 240 startups, 12 slots × 30 tables: the size of a real ILS-style day."""
    rng = random.Random(2027)
    day = timezone.localdate() + timedelta(days=21)
    event = services.create_event(
        workspace=ctx.workspace,
        name="オープンイノベーション商談会 2027 春",
        date=day,
        venue="パシフィコ横浜 展示ホールC",
        description="大企業60社とスタートアップ240社の1対1商談会。各社最大8商談、25分単位。",
        default_max_meetings=8,
        default_min_meetings=1,
        by=ctx.owner,
    )
    services.generate_slots(
        event=event,
        first_start=datetime.combine(day, datetime.min.time()).replace(hour=10),
        count=12,
        minutes=25,
        break_minutes=5,
        lunch_after=6,
        lunch_minutes=60,
        tables=30,
        by=ctx.owner,
    )
    names = [f"{h}{b}株式会社" for h in CORPORATE_HEADS for b in CORPORATE_BODIES]
    corporates = Participant.objects.bulk_create(
        Participant(
            event=event,
            side="corporate",
            code=f"c{i + 1:03d}",
            name=name,
            contact_name=f"新規事業担当{i + 1}",
            email=f"oi@corp{i + 1}.example",
            needs=CORPORATES[i % len(CORPORATES)][1],
        )
        for i, name in enumerate(names)
    )
    names = [f"株式会社{h}{b}" for b in STARTUP_BODIES for h in STARTUP_HEADS]
    startups = Participant.objects.bulk_create(
        Participant(
            event=event,
            side="startup",
            code=f"u{i + 1:03d}",
            name=name,
            contact_name=f"代表取締役 {i + 1}",
            email=f"ceo@su{i + 1}.example",
            application=OFFERS[i % len(OFFERS)],
            max_meetings=4,
        )
        for i, name in enumerate(names)
    )
    # A few corporates draw most of the interest, as at a real event.
    popularity = [4 if i < 6 else 2 if i < 20 else 1 for i in range(len(corporates))]
    _mark_interest_and_publish(ctx, event, corporates, startups, rng, popularity=popularity, requests=1500)
    ctx.objects["upcoming_event"] = event


def _mark_interest_and_publish(
    ctx: DemoContext,
    event: Event,
    corporates: list[Participant],
    startups: list[Participant],
    rng: random.Random,
    *,
    popularity: list[int],
    requests: int,
) -> ScheduleRun:
    """Both sides' interest for `requests` pairs (popular corporates drawn more often), then the
    schedule solved and published without e-mails."""
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < requests:
        c = rng.choices(range(len(corporates)), weights=popularity)[0]
        pairs.add((c, rng.randrange(len(startups))))
    MeetingRequest.objects.bulk_create(
        MeetingRequest(
            event=event,
            corporate=corporates[c],
            startup=startups[u],
            corporate_interest=rng.choice([0, 1, 2, 2, 3, 3]),
            startup_interest=rng.choice([1, 2, 3, 3]),
        )
        for c, u in sorted(pairs)
    )
    run = services.start_schedule_sync(event=event, by=ctx.owner, time_limit=3.0)
    services.publish_run(run=run, by=ctx.owner, notify=False)
    return run

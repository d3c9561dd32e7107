"""C6 journey (capabilities in docs/product.md#capabilities) from an empty event: the organiser creates it and plans the day, a startup registers
through the public form and creates its account from the confirmation mail, both sides mark
interest, the organiser schedules and publishes, and the startup downloads its .ics."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from kyoso.events.models import Event, MeetingRequest, Participant
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)

EVENT = "ジャーニー商談会 2027"
STARTUP = "ネクストロボ株式会社"
CORPORATE = "東和ロジスティクス株式会社"


def _mark(page: Any, row_name: str, value: str) -> None:
    row = page.locator("main table tbody tr", has_text=row_name)
    with page.expect_response(lambda r: "/interest/" in r.url):
        row.get_by_role("button", name=value, exact=True).click()
    row = page.locator("main table tbody tr", has_text=row_name)
    row.locator('button[aria-pressed="true"]', has_text=value).wait_for()


def test_public_registration_portal_interest_schedule_and_ics(journey: Any) -> None:
    load_demo()
    organiser = journey.new_page()
    log_in(organiser, DEMO_OWNER_EMAIL, DEMO_PASSWORD)

    # The organiser creates the event and plans four slots.
    organiser.goto("/events/new/")
    assert_accessible(organiser, "new event form")
    form = organiser.locator("main form")
    form.locator("input[name=name]").fill(EVENT)
    form.locator("input[name=date]").fill("2027-02-10")
    form.locator("input[name=venue]").fill("東京・日本橋")
    form.locator("button[type=submit]").click()
    organiser.wait_for_url(re.compile(r"/events/\d+/$"))
    event = Event.objects.get(name=EVENT)
    plan = organiser.locator("form[method=post]", has=organiser.locator("input[name=first_start]"))
    plan.locator("input[name=first_start]").fill("2027-02-10T10:00")
    plan.locator("input[name=count]").fill("4")
    plan.locator("input[name=tables]").fill("2")
    plan.locator("button[type=submit]").click()
    organiser.wait_for_load_state("networkidle")
    assert event.slots.count() == 4

    # A corporate joins by the organiser's hand; registration opens.
    organiser.goto(f"/events/{event.pk}/participants/")
    add = organiser.locator("form[method=post]", has=organiser.locator("select[name=side]"))
    add.locator("select[name=side]").select_option("corporate")
    add.locator("input[name=name]").fill(CORPORATE)
    add.locator("textarea[name=needs]").fill("倉庫の自動化")
    add.locator("button[type=submit]").click()
    organiser.wait_for_load_state("networkidle")
    organiser.goto(f"/events/{event.pk}/edit/")
    organiser.locator("main select[name=status]").select_option("registration")
    organiser.locator("main form button[type=submit]").click()
    organiser.wait_for_url(re.compile(rf"/events/{event.pk}/$"))
    register_link = organiser.locator("main a[href*='/events/register/']").first.get_attribute("href")
    assert register_link == f"/events/register/{event.public_key}/"

    # The startup registers without an account.
    startup = journey.new_page()
    startup.goto(register_link)
    assert_accessible(startup, "public registration form")
    journey.shot(startup, "public-registration")
    doc_shot(startup, "events-public-registration")
    startup.get_by_label("会社名").fill(STARTUP)
    startup.get_by_label("担当者").fill("山田 花子")
    startup.get_by_label("連絡先メールアドレス").fill("hanako@nextrobo.example")
    startup.get_by_label("会社概要").fill("物流ロボットの開発。シリーズA。")
    startup.get_by_label("提供内容").fill("倉庫ピッキングの自動化PoCをご提案します。")
    startup.locator("main form button[type=submit]").click()
    startup.get_by_role("heading", name="参加登録を受け付けました").wait_for()
    participant = Participant.objects.get(event=event, name=STARTUP)
    assert participant.self_registered

    # The confirmation mail carries the link that creates the account of the participant page.
    assert mail.outbox and mail.outbox[-1].to == ["hanako@nextrobo.example"]
    link = re.search(r"https?://\S+(/events/join/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    startup.goto(link.group(1))
    assert_accessible(startup, "portal join")
    startup.get_by_role("button", name="次へ").click()
    # the sign-up with the registered address fixed, then back to the link to continue
    startup.wait_for_url(re.compile(r"/accounts/signup/"))
    startup.get_by_label("お名前").fill("山田 花子")
    startup.get_by_label("パスワード").fill("Nextrobo-Portal-2027")
    startup.get_by_role("button", name="作成").click()
    startup.wait_for_url(re.compile(r"/events/join/"))
    startup.get_by_role("button", name="次へ").click()
    startup.wait_for_url(re.compile(rf"/events/mine/{participant.pk}/$"))
    assert startup.get_by_role("link", name="参加イベント").first.is_visible()
    _mark(startup, CORPORATE, "3")
    assert_accessible(startup, "participant page")
    journey.shot(startup, "portal-interest")
    doc_shot(startup, "events-portal")

    # The organiser marks the corporate's interest in the startup.
    corporate = Participant.objects.get(event=event, name=CORPORATE)
    organiser.goto(f"/events/{event.pk}/participants/{corporate.pk}/")
    _mark(organiser, STARTUP, "2")
    request = MeetingRequest.objects.get(corporate=corporate, startup=participant)
    assert (request.corporate_interest, request.startup_interest) == (2, 3)

    # Schedule and publish.
    organiser.goto(f"/events/{event.pk}/schedule/")
    compute = organiser.locator("section", has=organiser.get_by_role("heading", name="スケジュールを計算"))
    compute.get_by_label("計算時間の上限(秒)").fill("2")
    compute.get_by_role("button", name="スケジュール").click()
    organiser.wait_for_url(re.compile(r"/events/\d+/runs/\d+/$"), timeout=90_000)
    # publishing mails everyone: the browser asks first, naming how many
    questions: list[str] = []

    def answer(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.accept()

    organiser.once("dialog", answer)
    organiser.get_by_role("button", name="公開する").click()
    organiser.wait_for_load_state("networkidle")
    assert questions and "名の参加者" in questions[0], questions
    event.refresh_from_db()
    assert event.is_published

    # The startup finds its meeting on its agenda and downloads the calendar file.
    startup.goto(f"/events/mine/{participant.pk}/")
    startup.get_by_role("link", name="自分の商談スケジュール").click()
    startup.wait_for_load_state("networkidle")
    assert startup.get_by_role("cell", name=CORPORATE).is_visible()
    with startup.expect_download() as info:
        startup.get_by_role("link", name="カレンダーに追加(.ics)").click()
    body = open(info.value.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body
    journey.shot(startup, "portal-agenda")

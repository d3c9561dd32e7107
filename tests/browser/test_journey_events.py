"""C6 journey (capabilities in docs/product.md#capabilities): open the demo event, run the scheduler (tasks run inline in tests), see its
proven distance from optimal, download a participant's .ics, record a follow-up outcome."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from kyoso.events.models import Event, Meeting
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_schedule_agenda_download_and_follow_up(journey: Any) -> None:
    load_demo()
    event = Event.objects.order_by("pk").first()
    assert event is not None
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)

    page.goto("/events/")
    assert_accessible(page, "events list")
    journey.shot(page, "events")
    page.get_by_role("link", name=event.name).first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=event.name).first.is_visible()
    assert_accessible(page, "event detail")
    journey.shot(page, "event-detail")
    doc_shot(page, "events-detail")

    # The demo event is over (closed): reopen it to scheduling, as an organiser would to re-plan.
    page.get_by_role("link", name="イベントを編集").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "event edit form")
    page.locator("main select[name=status]").select_option("scheduling")
    page.locator("main form").get_by_role("button", name="保存").click()
    page.wait_for_load_state("networkidle")
    event.refresh_from_db()
    assert event.status == "scheduling"

    # Run the scheduler with a short time limit; the run page shows the proven gap.
    # The new run is not published, so the published agendas and follow-up stay as they are.
    page.goto(f"/events/{event.pk}/schedule/")
    assert_accessible(page, "event schedule")
    journey.shot(page, "schedule")
    compute = page.locator("section", has=page.get_by_role("heading", name="スケジュールを計算"))
    compute.get_by_label("計算時間の上限(秒)").fill("3")
    compute.get_by_role("button", name="スケジュール").click()
    page.wait_for_url(re.compile(r"/events/\d+/runs/\d+/$"), timeout=90_000)
    quality = page.get_by_text(re.compile(r"最適解との差 [0-9.]+% 以内"))
    quality.first.wait_for(timeout=60_000)
    assert quality.first.is_visible()
    assert_accessible(page, "schedule run")
    journey.shot(page, "run-within-optimal")
    doc_shot(page, "events-schedule-run")
    assert page.get_by_role("button", name="公開する").is_visible()

    # A participant's agenda and its calendar file.
    page.goto(f"/events/{event.pk}/agendas/")
    assert_accessible(page, "agendas")
    page.locator("main table tbody tr").first.locator("a[href$='/']").first.click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page, "participant agenda")
    journey.shot(page, "agenda")
    doc_shot(page, "events-agenda")
    with page.expect_download() as info:
        page.get_by_role("link", name=".ics をダウンロード").click()
    download = info.value
    assert download.suggested_filename.endswith(".ics")
    body = open(download.path(), encoding="utf-8").read()  # noqa: PTH123, SIM115
    assert body.startswith("BEGIN:VCALENDAR")
    assert "BEGIN:VEVENT" in body and "DTSTART" in body

    # Follow-up: record the outcome of one meeting.
    page.goto(f"/events/{event.pk}/followup/")
    assert_accessible(page, "follow-up")
    row = page.locator("main table tbody tr[id^=meeting-]:has(select[name=outcome])").first
    meeting_id = int(row.get_attribute("id").removeprefix("meeting-"))
    with page.expect_response(lambda r: f"/followup/{meeting_id}/" in r.url):
        row.locator("select[name=outcome]").select_option("follow_up")
    page.locator(f"#meeting-{meeting_id} select[name=outcome]").wait_for()
    assert Meeting.objects.get(pk=meeting_id).outcome == "follow_up"
    journey.shot(page, "follow-up-recorded")
    doc_shot(page, "events-follow-up")

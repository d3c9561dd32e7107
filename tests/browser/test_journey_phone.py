"""Issue 19, "event day on a phone": the participant's pages and the organisers' check-in at 360 px.

* every page a participant or a check-in organiser opens on a phone fits 360 CSS pixels (no
  sideways scroll), its buttons and fields are big enough to tap, and axe-core finds no serious or
  critical violation, in Japanese and in English;
* the organiser scans a badge (the camera is simulated: a canvas stream and a BarcodeDetector that
  reads the participant's code) and checks the participant in; a browser without BarcodeDetector
  keeps the typed-code box;
* the participant's agenda and portal page open again with the network off.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from kyoso.accounts.models import Role
from kyoso.events import checkin, services
from kyoso.events.models import EventStatus, Participant
from tests.browser.a11y import BLOCKING, format_violations, run_axe
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD, add_member, make_user
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
SMALLEST_TARGET = 24  # CSS pixels, WCAG 2.2 target size (minimum) for buttons and fields

PHONE_PROBLEMS = """() => {
  const problems = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1) {
    const scrolls = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p); if (s.overflowX === 'auto' || s.overflowX === 'scroll') return true; } return false; };
    const wide = [...document.querySelectorAll('body *')]
      .filter(el => el.getBoundingClientRect().right > width + 1 && !scrolls(el))
      .slice(0, 3).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className ? '.' + [...el.classList].join('.') : ''));
    problems.push(`wider than ${width}px (${document.documentElement.scrollWidth}px): ${wide.join(', ')}`);
  }
  // top-bar items wrap whole, never inside a word (「ヘル/プ」, 「ログアウ/ト」)
  for (const el of document.querySelectorAll('.topbar a, .topbar button, .topbar .ws-name')) {
    if (el.getClientRects().length > 1 || (el.matches('.topbar-right > *') && el.getBoundingClientRect().height > 48))
      problems.push(`top-bar item broken over lines: "${el.textContent.trim()}"`);
  }
  for (const el of document.querySelectorAll('main button, main input:not([type=hidden]), main select, main textarea, main a.button')) {
    const r = el.getBoundingClientRect();
    if (!r.width && !r.height) continue;  // not shown
    if (el.matches('button.link')) continue;  // a link-styled button inside text is exempt like a link
    if (el.type === 'checkbox' || el.type === 'radio') continue;  // tapped through their label
    if (r.width < MIN || r.height < MIN)
      problems.push(`small tap target ${el.tagName.toLowerCase()} "${(el.textContent || el.name || '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  return problems;
}""".replace("MIN", str(SMALLEST_TARGET))


def _setup() -> dict[str, Any]:
    from kyoso.accounts.models import Workspace

    workspace = Workspace.objects.create(name="テスト株式会社 OI推進室", slug="phone-ws")
    owner = make_user("owner@example.com", "受付担当")
    add_member(workspace, owner, Role.OWNER)
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    services.publish_run(run=run, by=owner, notify=False)
    event.refresh_from_db()
    open_event = make_event(workspace, owner, seed=3)
    open_event.status = EventStatus.REGISTRATION
    open_event.save(update_fields=["status"])
    startup = event.participants.get(code="u001")
    account = make_user("startup@example.com", "スタートアップ担当")
    Participant.objects.filter(pk=startup.pk).update(account=account)
    return {"owner": owner, "event": event, "open_event": open_event, "startup": startup, "account": account}


def _check_pages(journey: Any, page: Any, urls: list[str], problems: list[str]) -> None:
    for language, button in (("ja", "日本語"), ("en", "English")):
        switch = page.locator(".lang-switch button")
        if switch.count() and page.locator("html").get_attribute("lang") != language:
            page.get_by_role("button", name=button).click()
            page.wait_for_load_state("networkidle")
        for url in urls:
            response = page.goto(url)
            page.wait_for_load_state("networkidle")
            if response is None or response.status != 200:
                problems.append(f"{url}: HTTP {response and response.status}")
                continue
            if page.locator("html").get_attribute("lang") != language:
                problems.append(f"{url}: <html lang> is not {language!r}")
            problems += [f"{url} ({language}): {p}" for p in page.evaluate(PHONE_PROBLEMS)]
            violations = [v for v in run_axe(page) if v["impact"] in BLOCKING]
            if violations:
                problems.append(f"{url} ({language})\n" + format_violations(violations))
            journey.shot(page, f"{language}-{re.sub(r'[^a-z0-9]+', '-', url)[:40]}")
        if page.locator("html").get_attribute("lang") != language:
            problems.append(f"the language switch did not reach {language}")


def _phone(journey: Any) -> Any:
    page = journey.new_page()
    page.set_viewport_size(PHONE)
    return page


def test_participant_and_check_in_pages_fit_a_phone_in_both_languages(journey: Any) -> None:
    data = _setup()
    event, startup = data["event"], data["startup"]
    problems: list[str] = []

    visitor = _phone(journey)
    visitor.goto(f"/events/register/{data['open_event'].public_key}/")
    _check_pages(
        journey,
        visitor,
        [f"/events/register/{data['open_event'].public_key}/", f"/events/agenda/{startup.token}/"],
        problems,
    )

    participant = _phone(journey)
    log_in(participant, "startup@example.com", PASSWORD)
    _check_pages(journey, participant, ["/events/mine/", f"/events/mine/{startup.pk}/"], problems)

    organiser = _phone(journey)
    log_in(organiser, "owner@example.com", PASSWORD)
    code_url = "/events/check-in/" + checkin.token_for(event.participants.get(code="c001")) + "/"
    _check_pages(journey, organiser, [f"/events/{event.pk}/check-in/", code_url], problems)

    assert not problems, "\n".join(problems)


def test_a_managers_pages_fit_a_phone_in_both_languages(journey: Any) -> None:
    """The walk's 360 px findings: the dashboard pipeline (移行率 cut off), an event page and the SSO
    settings scrolling sideways (long links in <code>), the top bar breaking words."""
    from django.urls import reverse

    from kyoso.projects import services as project_services

    data = _setup()
    owner, event = data["owner"], data["open_event"]
    workspace = event.workspace
    project = None
    for n, stage in enumerate(("exploration", "poc", "pilot", "commercialisation", "stopped")):
        project = project_services.create_project(
            workspace=workspace,
            by=owner,
            title=f"画像認識AIによる外観検査 {n}",
            partner_name="ビジョンテック",
            stage=stage,
        )
    owner.name = "山田 花子 (デモ)"  # the walk's top bar: a name with a space and brackets squeezed the rest
    owner.save(update_fields=["name"])
    problems: list[str] = []
    manager = _phone(journey)
    log_in(manager, "owner@example.com", PASSWORD)
    _check_pages(
        journey,
        manager,
        [
            "/",
            f"/events/{event.pk}/",
            f"/events/{data['event'].pk}/",
            reverse("sso:settings"),
            reverse("projects:list"),
            reverse("projects:tab", args=[project.pk, "gates"]),
            reverse("projects:tab", args=[project.pk, "progress"]),
        ],
        problems,
    )
    for language in ("en", "ja"):  # the last pass left the page in English
        if language == "ja":
            manager.get_by_role("button", name="日本語").click()
            manager.wait_for_load_state("networkidle")
        manager.goto("/")
        # the pipeline's last column (移行率) is in view, not behind a sideways scroll
        overflow = manager.evaluate(
            "() => { const box = document.querySelector('.table-scroll'); return box.scrollWidth - box.clientWidth; }"
        )
        if overflow > 1:
            problems.append(f"dashboard pipeline ({language}) is {overflow}px wider than its card")
    assert not problems, "\n".join(problems)


FAKE_CAMERA = """(code) => {
  window.BarcodeDetector = class {
    constructor(options) { this.formats = options && options.formats; }
    static getSupportedFormats() { return Promise.resolve(['qr_code']); }
    detect() { return Promise.resolve(window.__showBadge ? [{rawValue: code, format: 'qr_code'}] : []); }
  };
  navigator.mediaDevices.getUserMedia = () => {
    const canvas = document.createElement('canvas');
    canvas.width = 64; canvas.height = 64;
    canvas.getContext('2d').fillRect(0, 0, 64, 64);
    return Promise.resolve(canvas.captureStream(5));
  };
}"""


@pytest.mark.usefixtures("on_event_day")  # check-in is open on the event day only
def test_an_organiser_scans_a_badge_with_the_phone_and_checks_the_participant_in(journey: Any) -> None:
    data = _setup()
    event = data["event"]
    guest = event.participants.get(code="c002")
    organiser = _phone(journey)
    url = journey.base_url + "/events/check-in/" + checkin.token_for(guest) + "/"
    organiser.context.add_init_script(script=f"({FAKE_CAMERA})({url!r});")
    log_in(organiser, "owner@example.com", PASSWORD)
    organiser.goto(f"/events/{event.pk}/check-in/")
    organiser.get_by_role("button", name="カメラを起動").click()
    organiser.get_by_text("名札のQRコードにカメラを向けてください。").wait_for()
    journey.shot(organiser, "scanning")
    organiser.evaluate("() => { window.__showBadge = true; }")
    organiser.wait_for_url(re.compile(r"/events/check-in/"))
    assert organiser.get_by_role("heading", level=1).inner_text() == guest.name
    organiser.get_by_role("button", name="チェックイン", exact=True).click()
    organiser.get_by_text(f"{guest.name} のチェックインを記録しました。").wait_for()
    journey.shot(organiser, "checked-in")
    guest.refresh_from_db()
    assert guest.checked_in_at is not None and not guest.no_show

    # the next badge, typed: a browser without BarcodeDetector keeps the box
    plain = _phone(journey)
    log_in(plain, "owner@example.com", PASSWORD)
    plain.goto(f"/events/{event.pk}/check-in/")
    if plain.evaluate("() => 'BarcodeDetector' in window"):
        pytest.fail("this Chromium has BarcodeDetector: the fallback is not exercised")
    plain.get_by_text("このブラウザーはカメラでQRコードを読み取れません。", exact=False).wait_for()
    assert not plain.get_by_role("button", name="カメラを起動").is_visible()
    no_show = event.participants.get(code="u003")
    plain.get_by_label("コードまたは参加者ID").fill(no_show.code.upper())
    plain.get_by_role("button", name="チェックイン画面を開く").click()
    plain.get_by_role("button", name="欠席（ノーショー）にする").click()
    plain.get_by_text(f"{no_show.name} を欠席（ノーショー）にしました。").wait_for()
    no_show.refresh_from_db()
    assert no_show.no_show and no_show.checked_in_at is None


def _saved_offline(page: Any) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null || "
        "document.querySelector('[data-offline-worker]:not([hidden])') !== null"
    )
    page.locator("[data-offline-worker]").wait_for(state="visible")


def test_the_agenda_and_portal_page_read_offline_once_opened(journey: Any) -> None:
    data = _setup()
    startup = data["startup"]
    first = (
        startup.event.current_run.meetings.filter(request__startup=startup)
        .select_related("request__corporate")
        .order_by("slot__start")
        .first()
    )
    assert first is not None

    agenda = _phone(journey)
    agenda.goto(f"/events/agenda/{startup.token}/")
    _saved_offline(agenda)
    agenda.context.set_offline(True)
    agenda.reload()
    main = agenda.locator("main")
    main.get_by_text(first.request.corporate.name).first.wait_for()
    assert agenda.evaluate("() => getComputedStyle(document.querySelector('.topbar')).display") != "inline"
    assert main.get_by_role("link", name=re.compile(r"\.ics")).count() == 1
    journey.shot(agenda, "agenda-offline")
    agenda.context.set_offline(False)

    portal = _phone(journey)
    log_in(portal, "startup@example.com", PASSWORD)
    portal.goto(f"/events/mine/{startup.pk}/")
    _saved_offline(portal)
    portal.context.set_offline(True)
    portal.reload()
    portal.get_by_role("heading", level=1, name=startup.event.name).wait_for()
    journey.shot(portal, "portal-offline")


IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


def test_the_sessions_page_fits_a_phone_for_owner_and_partner_user(journey: Any) -> None:
    """Each signed-in browser is a card naming the device; this device is marked; nothing overflows 360 px."""
    from kyoso.accounts.models import Workspace
    from kyoso.projects.models import PartnerAccess, Project

    workspace = Workspace.objects.create(name="テスト株式会社 OI推進室", slug="phone-ws")
    owner = make_user("owner@example.com", "受付担当")
    add_member(workspace, owner, Role.OWNER)
    project = Project.objects.create(workspace=workspace, title="AI外観検査の共同開発", created_by=owner)
    partner = make_user("partner@example.com", "連携先担当")
    PartnerAccess.objects.create(project=project, user=partner)
    problems: list[str] = []
    for email in ("owner@example.com", "partner@example.com"):
        # A second, older session from an iPhone, so the page lists another device as well.
        other = journey.browser.new_context(base_url=journey.base_url, user_agent=IPHONE)
        journey.contexts.append(other)
        log_in(other.new_page(), email, PASSWORD)
        page = _phone(journey)
        log_in(page, email, PASSWORD)
        page.goto("/accounts/sessions/")
        cards = page.locator("li.session")
        assert cards.count() == 2, email
        current = page.locator("li.session.current")
        assert current.count() == 1 and "この端末" in current.inner_text()
        assert "Chrome（Linux）" in current.inner_text()  # headless Chromium on this machine
        assert "Safari（iOS）" in page.locator("li.session:not(.current)").inner_text()
        _check_pages(journey, page, ["/accounts/sessions/"], problems)
        assert "This device" in page.locator("li.session.current").inner_text()
    assert not problems, "\n".join(problems)

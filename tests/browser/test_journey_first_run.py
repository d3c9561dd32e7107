"""First run: a new owner signs up, sees the getting-started checklist, an empty state with
its first action on each list page, a "?" help link, switches language, and reaches the skip
link and the main menu with the keyboard, with visible focus."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from kyoso.accounts.models import Membership
from tests.browser.a11y import assert_accessible
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)

# Each list page: its URL and the first action its empty state (or the page) offers.
LIST_PAGES = [
    ("partners", "/partners/", "/partners/import/"),
    ("projects", "/projects/", "/projects/new/"),
    ("events", "/events/", "/events/new/"),
    ("lessons", "/lessons/", None),
]


def _focus_info(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                text: (el.textContent || '').trim(),
                href: el.getAttribute('href'),
                inMainMenu: !!el.closest('nav.mainnav'),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                visible: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0,
            };
        }"""
    )


def test_new_owner_first_run(journey: Any) -> None:
    page = journey.new_page()
    page.goto("/accounts/signup/")
    assert_accessible(page, "sign-up form")
    # Bad input first: each field says what is wrong, and the page stays accessible.
    page.get_by_label("メールアドレス").fill("not-an-address")
    page.get_by_role("button", name="作成").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("main .errorlist").count() >= 3
    assert_accessible(page, "sign-up form with errors")
    journey.shot(page, "signup-errors")
    page.get_by_label("お名前").fill("新井 はじめ")
    page.get_by_label("メールアドレス").fill("hajime@newco.example")
    # no password here: whoever types an address must not choose the password of its holder's account
    assert page.get_by_label("パスワード").count() == 0
    page.get_by_label("チームまたは組織名").fill("新規株式会社 新規事業開発部")
    journey.shot(page, "signup")
    doc_shot(page, "first-run-signup")
    page.get_by_role("button", name="作成").click()
    page.wait_for_load_state("networkidle")
    # The address is proven first: the account opens from the mailed link.
    assert "hajime@newco.example" in page.locator("main").inner_text()
    link = re.search(r"/accounts/confirm-email/[^/\s]+/", mail.outbox[-1].body)
    assert link is not None
    page.goto(link.group(0))
    page.get_by_role("button", name="確認する").click()
    # Confirming signs the holder in, and the first thing is choosing the password.
    page.wait_for_url(re.compile(r"/accounts/password/set/"))
    assert_accessible(page, "choose your password")
    page.locator("#id_password1").fill("a-long-passphrase-42")
    page.locator("#id_password2").fill("a-long-passphrase-42")
    page.get_by_role("button", name="パスワードを保存").click()
    page.wait_for_load_state("networkidle")
    assert Membership.objects.filter(user__email="hajime@newco.example", role="owner").exists()

    # The dashboard shows the getting-started checklist, each step a link.
    checklist = page.locator("section.first-run")
    assert checklist.get_by_role("heading", name="はじめに").is_visible()
    steps = checklist.locator("ol.checklist > li")
    assert steps.count() >= 5
    assert steps.locator("a").count() == steps.count()
    assert_accessible(page, "dashboard with the first-run checklist")
    journey.shot(page, "dashboard-first-run")
    doc_shot(page, "first-run-dashboard")

    # A step ticks itself when done: follow "invite the team", invite a colleague, come back.
    first_step = steps.first
    assert "done" not in (first_step.get_attribute("class") or "")
    first_step.get_by_role("link").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("メールアドレス").fill("colleague@newco.example")
    page.get_by_role("button", name="招待を送る").click()
    page.wait_for_load_state("networkidle")
    page.goto("/")
    assert "done" in (page.locator("section.first-run ol.checklist > li").first.get_attribute("class") or "")
    assert page.locator("section.first-run h2").get_by_text("(1/").is_visible()
    journey.shot(page, "dashboard-first-step-done")

    # Every list page says what it is for and offers its first action.
    for name, url, first_action in LIST_PAGES:
        page.goto(url)
        empty = page.locator("main .empty-state")
        assert empty.first.is_visible(), f"{name}: no empty state on {url}"
        if first_action:
            assert page.locator(f"main a[href='{first_action}']").first.is_visible(), (
                f"{name}: empty page offers no link to {first_action}"
            )
        assert_accessible(page, f"{name} (empty)")
        journey.shot(page, f"empty-{name}")
        if name == "partners":
            doc_shot(page, "first-run-empty-partners")

    # The help page is one click away from every page.
    page.locator("header").get_by_role("link", name="ヘルプ").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/help/")
    assert_accessible(page, "help page")
    journey.shot(page, "help")
    doc_shot(page, "help")

    # Language: English and back.
    page.goto("/")
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("section.first-run").get_by_role("heading", name="Getting started").is_visible()
    assert_accessible(page, "dashboard (en)")
    journey.shot(page, "dashboard-en")
    doc_shot(page, "first-run-dashboard-en")
    page.get_by_role("button", name="日本語").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "ja"

    # Keyboard: the first Tab reaches the skip link, shown with a focus ring; then the main menu.
    page.goto("/")
    page.locator("body").evaluate("el => el.focus()")
    page.keyboard.press("Tab")
    first = _focus_info(page)
    assert first["text"] == "本文へ移動" and first["href"] == "#main", first
    assert first["visible"] and first["outline"], f"skip link not visibly focused: {first}"
    journey.shot(page, "keyboard-skip-link")
    for _ in range(30):
        page.keyboard.press("Tab")
        info = _focus_info(page)
        if info["inMainMenu"]:
            break
    else:
        raise AssertionError("30 Tabs from the top did not reach the main menu")
    assert info["visible"] and info["outline"], f"main menu link not visibly focused: {info}"
    journey.shot(page, "keyboard-main-menu")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith(info["href"].rstrip("/"))


# Pages where a product concept (docs/product.md) is named and a "?" should sit next to it (issue 9: help on the
# product's concepts one click away): charter, gates, risk causes, alignment check, fit, scheduler.
CONCEPT_PAGES = [
    ("new project (charter)", "/projects/new/"),
    ("project charter", "/projects/{project}/charter/"),
    ("project gates", "/projects/{project}/gates/"),
    ("project communication", "/projects/{project}/communication/"),
    ("project contracts", "/projects/{project}/contracts/"),
    ("alignment check", "/alignment/project/{project}/"),
    ("risk of a project", "/risk/project/{project}/"),
    ("fit of a need", "/partners/needs/{need}/"),
    ("event schedule", "/events/{event}/schedule/"),
]


def test_help_link_next_to_concepts_opens_its_topic(journey: Any) -> None:
    from kyoso.accounts.demo_data import load_demo
    from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
    from kyoso.events.models import Event
    from kyoso.partners.models import Need
    from kyoso.projects.models import Project
    from tests.browser.conftest import log_in

    load_demo()
    ids = {
        "project": Project.objects.get(title="画像認識AIによる外観検査の共同開発").pk,
        "need": Need.objects.order_by("pk").first().pk,
        "event": Event.objects.order_by("pk").first().pk,
    }
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    missing = []
    for label, template in CONCEPT_PAGES:
        url = template.format(**ids)
        page.goto(url)
        links = page.locator("main a.help-link")
        if links.count() == 0:
            missing.append(f"{label} ({url})")
            continue
        topic = (links.first.get_attribute("href") or "").split("#")[-1]
        links.first.click()
        page.wait_for_load_state("networkidle")
        assert page.url.split("#")[0].endswith("/help/")
        assert page.locator(f"[id='{topic}']").is_visible(), f"help topic #{topic} not on the help page"
        journey.shot(page, f"help-{topic}")
    assert not missing, 'no "?" help link ({% help_link %}) on: ' + ", ".join(missing)

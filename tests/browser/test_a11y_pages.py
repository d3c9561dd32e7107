"""axe-core on every main page of the demo workspace, as the owner and as the partner user.

One test walks all pages and collects every serious/critical violation, so a single
run names every page that needs work (not just the first).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from tests.browser.a11y import BLOCKING, format_violations, run_axe
from tests.browser.conftest import log_in
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_A = "画像認識AIによる外観検査の共同開発"
# Pages of the walk the user guide shows (label -> docs/screenshots/<name>.png).
DOC_SHOTS = {
    "dashboard": "dashboard",
    "members": "members",
    "projects list": "projects-list",
    "project detail overview": "project-overview",
    "project tab charter": "project-charter",
    "project tab gates": "project-gates",
    "project tab progress": "project-progress",
    "project tab communication": "project-communication",
    "project tab contracts": "project-contracts",
    "project tab sharing": "project-sharing",
    "shared space": "shared-space-partner",
    "similar past cases": "lessons-similar",
    "global search": "global-search",
}
# Doc shots that show a part further down the page (label -> what to scroll to).
DOC_FOCUS = {"project tab progress": "figure.kpi-chart"}
PROJECT_TABS = ["charter", "gates", "progress", "communication", "contracts", "files", "sharing", "activity"]


def _url(name: str, *args: Any) -> str | None:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def owner_pages() -> list[tuple[str, str | None]]:
    from kyoso.events.models import Event
    from kyoso.partners.models import Need, Organisation
    from kyoso.projects.models import Project

    project = Project.objects.get(title=PROJECT_A)
    organisation = (
        Organisation.objects.filter(name__contains="ビジョン").first() or Organisation.objects.first()
    )
    need = Need.objects.order_by("pk").first()
    event = Event.objects.order_by("pk").first()
    participant = event.participants.order_by("pk").first() if event else None
    pages: list[tuple[str, str | None]] = [
        ("dashboard", _url("core:dashboard")),
        ("members", _url("accounts:members")),
        ("audit log", _url("accounts:audit_log")),
        ("profile", _url("accounts:profile")),
        ("help", _url("core:help")),
        ("global search", (_url("core:search") or "") + "?q=画像認識"),
        ("partners list", _url("partners:directory")),
        ("partner search", (_url("partners:search") or "") + "?q=画像認識"),
        ("partner detail", _url("partners:organisation_detail", organisation.pk)),
        ("partner import", _url("partners:import")),
        ("needs", _url("partners:need_list")),
        ("need detail", _url("partners:need_detail", need.pk)),
        ("offers", _url("partners:offer_list")),
        ("projects list", _url("projects:list")),
        ("project detail overview", _url("projects:detail", project.pk)),
    ]
    pages += [(f"project tab {tab}", _url("projects:tab", project.pk, tab)) for tab in PROJECT_TABS]
    pages += [
        ("alignment index", _url("alignment:index")),
        ("alignment project", _url("alignment:project", project.pk)),
        ("risk heat map", _url("risk:index")),
        ("risk project", _url("risk:project", project.pk)),
        ("warnings", _url("risk:warnings")),
        ("events list", _url("events:list")),
        ("event detail", _url("events:detail", event.pk) if event else None),
        ("event participants", _url("events:participants", event.pk) if event else None),
        ("event requests", _url("events:requests", event.pk) if event else None),
        ("event schedule", _url("events:schedule", event.pk) if event else None),
        ("event agendas", _url("events:agendas", event.pk) if event else None),
        ("event agenda", _url("events:agenda", event.pk, participant.pk) if participant else None),
        ("event follow-up", _url("events:followup", event.pk) if event else None),
        ("lessons library", _url("knowledge:library")),
        ("lessons awaiting", _url("knowledge:awaiting")),
        ("similar past cases", _url("knowledge:similar", project.pk)),
        ("reports", _url("reports:index")),
        ("sponsor view", _url("reports:my_sponsor")),
        # Forms a new user fills first.
        ("new project form", _url("projects:create")),
        ("new organisation form", _url("partners:organisation_create")),
        ("new need form", _url("partners:need_create")),
        ("new event form", _url("events:create")),
        ("workspace settings", _url("accounts:workspace_settings")),
        ("API tokens", _url("api_settings:tokens")),
        ("webhooks", _url("api_settings:webhooks")),
    ]
    return pages


def partner_pages() -> list[tuple[str, str | None]]:
    from kyoso.projects.models import Project

    project = Project.objects.get(title=PROJECT_A)
    return [
        ("partner home", _url("projects:partner_home")),
        ("shared space", _url("projects:partner_project", project.pk)),
        ("shared alignment", _url("alignment:shared", project.pk)),
        ("shared lessons", _url("knowledge:partner_home")),
    ]


def _check(journey: Any, page: Any, pages: list[tuple[str, str | None]], problems: list[str]) -> None:
    for label, url in pages:
        if not url:
            problems.append(f"## {label}: no URL (app not mounted yet)")
            continue
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        if response is None or response.status >= 400:
            problems.append(f"## {label} {url}: HTTP {response.status if response else '?'}")
            continue
        journey.shot(page, label.replace(" ", "-"))
        if label in DOC_SHOTS:
            focus = page.locator(DOC_FOCUS[label]) if label in DOC_FOCUS else None
            doc_shot(page, DOC_SHOTS[label], focus=focus)
        violations = [v for v in run_axe(page) if v["impact"] in BLOCKING]
        if violations:
            problems.append(f"## {label} {url}\n" + format_violations(violations))


def test_every_main_page_has_no_serious_accessibility_violations(journey: Any) -> None:
    load_demo()
    problems: list[str] = []

    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    _check(journey, page, owner_pages(), problems)

    partner = journey.new_page()
    log_in(partner, DEMO_PARTNER_EMAIL, DEMO_PASSWORD)
    _check(journey, partner, partner_pages(), problems)

    assert not problems, "\n\n".join(problems)


# Issue 9: "responsive down to a tablet". A portrait tablet is 768 CSS pixels wide.
TABLET = {"width": 768, "height": 1024}
TABLET_PAGES = [
    "/",
    "/accounts/workspace/members/",
    "/accounts/workspace/audit/",
    "/partners/",
    "/partners/needs/",
    "/projects/",
    "/projects/{project}/",
    "/alignment/project/{project}/",
    "/risk/",
    "/risk/warnings/",
    "/events/",
    "/lessons/",
    "/reports/",
]


def test_main_pages_fit_a_tablet_and_pass_axe_in_english(journey: Any) -> None:
    from kyoso.projects.models import Project

    load_demo()
    project = Project.objects.get(title=PROJECT_A).pk
    page = journey.new_page()
    page.set_viewport_size(TABLET)
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    problems: list[str] = []
    for language, button in (("en", "English"), ("ja", "日本語")):
        page.get_by_role("button", name=button).click()
        page.wait_for_load_state("networkidle")
        for template in TABLET_PAGES:
            url = template.format(project=project)
            page.goto(url)
            page.wait_for_load_state("networkidle")
            if page.locator("html").get_attribute("lang") != language:
                problems.append(f"{url} ({language}): <html lang> is not {language!r}")
            wider = page.evaluate(
                """() => {
                    const width = window.innerWidth;
                    if (document.documentElement.scrollWidth <= width) return [];
                    return [...document.querySelectorAll('body *')]
                        .filter(el => el.getBoundingClientRect().right > width + 1
                            && el.parentElement.getBoundingClientRect().right <= width + 1)
                        .slice(0, 3)
                        .map(el => el.tagName.toLowerCase() + (el.className ? '.' + [...el.classList].join('.') : '')
                            + ' ends at ' + Math.round(el.getBoundingClientRect().right) + 'px');
                }"""
            )
            if wider:
                problems.append(
                    f"{url} ({language}): wider than a {TABLET['width']}px tablet: {', '.join(wider)}"
                )
            violations = [v for v in run_axe(page) if v["impact"] in BLOCKING]
            if violations:
                problems.append(f"{url} ({language})\n" + format_violations(violations))
            if language == "en" and template in ("/", "/projects/{project}/"):
                journey.shot(page, f"tablet-en-{template.strip('/').replace('/', '-') or 'dashboard'}")
    assert not problems, "\n".join(problems)


FOCUS_PAGES = [
    "/",
    "/partners/",
    "/partners/needs/{need}/",
    "/projects/{project}/",
    "/projects/{project}/charter/",
    "/alignment/project/{project}/",
    "/risk/",
    "/events/{event}/followup/",
    "/lessons/",
    "/reports/",
]


def test_every_tab_stop_shows_a_visible_focus_ring(journey: Any) -> None:
    from kyoso.events.models import Event
    from kyoso.partners.models import Need
    from kyoso.projects.models import Project

    load_demo()
    ids = {
        "project": Project.objects.get(title=PROJECT_A).pk,
        "need": Need.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
        "event": Event.objects.order_by("pk").first().pk,  # type: ignore[union-attr]
    }
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    problems: list[str] = []
    for template in FOCUS_PAGES:
        url = template.format(**ids)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.locator("body").evaluate("el => el.focus()")
        stops = 0
        for _ in range(300):
            page.keyboard.press("Tab")
            info = page.evaluate(
                """() => {
                    const el = document.activeElement;
                    if (!el || el === document.body) return null;
                    if (el.dataset.kyosoTabSeen) return 'again';
                    el.dataset.kyosoTabSeen = '1';
                    const style = getComputedStyle(el);
                    const box = el.getBoundingClientRect();
                    const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                        || (style.boxShadow && style.boxShadow !== 'none');
                    return {ring, shown: box.width > 0 && box.height > 0,
                            what: el.tagName.toLowerCase() + ' "' + (el.textContent || el.name || '').trim().slice(0, 30) + '"'};
                }"""
            )
            if info in (None, "again"):
                break
            stops += 1
            if not (info["ring"] and info["shown"]):
                problems.append(f"{url}: tab stop {stops} {info['what']} has no visible focus")
        assert stops > 5, f"{url}: only {stops} tab stops"
    assert not problems, "\n".join(problems)

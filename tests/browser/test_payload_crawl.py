"""Stored XSS, looked for the way an attacker's data would reach a victim: rendered in Chromium.

The demo is loaded, then every free-text, URL and JSON string field of every Kyoso model
the demo fills gets a script payload of its own — the fields are found by introspecting
the models, so a field added tomorrow is covered tomorrow. The payloads are written
straight through the ORM, bypassing every validator, as records stored before a fix
would be. Then the owner, a member, the partner user, an event participant and an
anonymous visitor (public registration, private agendas, invitation links) open every
page they reach by following links, plus one walk over the URL patterns.

A page fails when a payload ran (a dialog or a console marker), when the DOM holds an
element a payload injected (its `data-xss` attribute: a Content-Security-Policy would
stop the script but not the injection), or when a link, form or frame points at a
`javascript:`, `data:` or `vbscript:` URL. Nothing is clicked, so nothing is changed.
"""

from __future__ import annotations

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models.functions import Cast, Concat
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError

from kyoso.accounts import services as account_services
from kyoso.accounts.demo_data import load_demo
from kyoso.accounts.models import Role, User, Workspace
from kyoso.accounts.scoping import scoped_models
from kyoso.engine.text.bilingual import default_term_map
from kyoso.events.models import Event, EventStatus, Meeting, Participant, ParticipantInvitation, Side
from kyoso.knowledge import search as knowledge_search
from kyoso.partners import search as partner_search
from kyoso.partners.models import SearchIndexState
from kyoso.projects import services as project_services
from kyoso.projects.models import Project
from tests.test_scoping_walk import MAX_IDS_PER_PARAM, _urls

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# Pages one role opens at most, and pages per URL shape (pattern + word arguments + query keys):
# the same template with other rows shows the same fields, so a few of each shape suffice.
MAX_PAGES_PER_ROLE = 200
PER_SHAPE = 1
MAX_WALK_TRIES = 3
SKIP_PREFIXES = ("/accounts/logout/", "/static/", "/media/", "/api/", "/i18n/")
# Generated files (PDF, spreadsheets, calendars, exports) are downloads, not pages, and slow to make.
DOWNLOAD = re.compile(r"\.(pdf|ics|xlsx|csv|json|zip)$|/(pdf|xlsx|csv|ics|json)/$")
# The URL parser drops these from a scheme, so `java\tscript:` is still javascript:.
UNRENDERED = (
    "Download is starting",
    "net::ERR_ABORTED",
    "net::ERR_HTTP_RESPONSE_CODE_FAILURE",
    "chrome-error://",
    "interrupted by another navigation",
)
SCRIPTING_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_NAME = re.compile(r"url|website|link|homepage", re.IGNORECASE)
# JSON strings that look like identifiers, codes or dates are keys the code reads, not text people typed.
JSON_IDENTIFIER = re.compile(r"^[a-z0-9_.:\-]*$")
MARKER = re.compile(r"XSS:(\d+)|data-xss=\"?(\d+)|alert\((\d+)\)")


# --- the payloads -------------------------------------------------------------------------------


def _text_payloads(n: int) -> list[str]:
    """Longest first: the first that fits a field's max_length is stored."""
    return [
        f"'\"></textarea></title></script><img data-xss={n} src=x onerror=alert('XSS:{n}')>"
        f"<script>console.log('XSS:{n}')</script>",
        f"'\"><img data-xss={n} src=x onerror=alert('XSS:{n}')>",
        f"<svg data-xss={n} onload=alert({n})>",
        f"<b data-xss={n}>",
    ]


def _url_payloads(n: int) -> list[str]:
    """One per row in turn: the spellings a scheme check has to see through."""
    return [
        f"JaVaScRiPt:alert('XSS:{n}')",
        f" javascript:alert('XSS:{n}')",
        f"java\tscript:alert('XSS:{n}')",
        f"javascript:alert('XSS:{n}')//\"><img data-xss={n} src=x onerror=alert('XSS:{n}')>",
        f"data:text/html,<img data-xss={n} src=x onerror=alert('XSS:{n}')>",
        f"vbscript:msgbox('XSS:{n}')",
    ]


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """Fields a person can fill with text: not choices, not machine-made (non-editable), not slugs or logins."""
    user_model = get_user_model()
    chosen = []
    for f in model._meta.concrete_fields:
        if not isinstance(f, (models.CharField, models.TextField, models.JSONField)):
            continue
        if f.choices or not f.editable or f.primary_key or isinstance(f, models.SlugField):
            continue
        if model is user_model and f.name in (user_model.USERNAME_FIELD, "password"):
            continue
        chosen.append(f)
    return chosen


def _is_unique(model: type[models.Model], f: models.Field[Any, Any]) -> bool:
    together = [set(names) for names in model._meta.unique_together]
    together += [set(c.fields) for c in model._meta.constraints if isinstance(c, models.UniqueConstraint)]
    return f.unique or any(f.name in names for names in together)


def _fit(candidates: list[str], max_length: int | None) -> str:
    return next(p for p in candidates if max_length is None or len(p) <= max_length)


def _poison_json(value: Any, payload: str) -> Any:
    if isinstance(value, str):
        return value if JSON_IDENTIFIER.match(value) else payload
    if isinstance(value, list):
        return [_poison_json(v, payload) for v in value]
    if isinstance(value, dict):
        return {k: _poison_json(v, payload) for k, v in value.items()}
    return value


def plant_payloads() -> dict[int, str]:
    """Store one payload per (model, field) in every row of every Kyoso model that has rows.

    Returns payload number -> "app.Model.field".
    """
    labels: dict[int, str] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("kyoso.") or not model._base_manager.exists():
            continue
        for f in _text_fields(model):
            n = len(labels) + 1
            labels[n] = f"{model._meta.label}.{f.name}"
            rows = model._base_manager.all()
            if isinstance(f, models.JSONField):
                payload = _text_payloads(n)[1]
                changed = []
                for obj in rows.filter(**{f"{f.name}__isnull": False}).only("pk", f.name):
                    setattr(obj, f.name, _poison_json(getattr(obj, f.name), payload))
                    changed.append(obj)
                model._base_manager.bulk_update(changed, [f.name], batch_size=200)
                continue
            unique = _is_unique(model, f)
            room = f.max_length - 8 if unique and f.max_length else f.max_length
            if isinstance(f, models.URLField) or URL_NAME.search(f.name):
                variants = [p for p in _url_payloads(n) if room is None or len(p) <= room]
                pks = list(rows.values_list("pk", flat=True))
                for i, variant in enumerate(variants):
                    value: Any = variant
                    if unique:
                        value = Concat(models.Value(variant + "~"), Cast("pk", models.CharField()))
                    rows.filter(pk__in=pks[i :: len(variants)]).update(**{f.name: value})
                continue
            payload = _fit(_text_payloads(n), room)
            rows.update(
                **{
                    f.name: Concat(models.Value(payload + "~"), Cast("pk", models.CharField()))
                    if unique
                    else payload
                }
            )
    _reindex()
    return labels


def _reindex() -> None:
    """Search indexes hold the text as stored now, built before the crawl starts (a full build is slow)."""
    SearchIndexState.objects.update(data=None)
    partner_search.forget_memory()
    knowledge_search.forget_memory()
    for workspace_id in Workspace.objects.values_list("pk", flat=True):
        partner_search.get_index(workspace_id)
        knowledge_search.get_index(workspace_id)
    default_term_map()  # built on a process's first search query


# --- the people and where they start ---------------------------------------------------------------


@dataclass
class Visitor:
    name: str
    user: User | None
    starts: list[str]
    walk: bool = True


def _visitors(demo: Any) -> list[Visitor]:
    """The five kinds of visitor, with the links each can start from (made before the payloads land)."""
    member = User.objects.get(memberships__workspace=demo.workspace, memberships__role=Role.MEMBER)
    # An event still taking registrations, so the public form renders event text to anyone.
    source = Event.objects.order_by("-date").first()
    assert source is not None
    open_event = Event.objects.create(
        workspace=demo.workspace,
        name="公開登録中のイベント",
        venue=source.venue,
        date=source.date,
        description=source.description,
        status=EventStatus.REGISTRATION,
        registration_deadline=timezone.now() + timedelta(days=30),
        created_by=demo.owner,
    )
    # A portal account on both sides of every event that shows one.
    person = User.objects.create_user("participant-crawl@example.com", "x", name="参加者")
    for event in Event.objects.exclude(status=EventStatus.DRAFT).exclude(pk=open_event.pk):
        for side in (Side.CORPORATE, Side.STARTUP):
            Participant.objects.filter(
                pk=Participant.objects.filter(event=event, side=side, account=None).values("pk")[:1]
            ).update(account=person)
    # Private agenda links of people with meetings, and pending invitation links of every kind.
    agendas = []
    for event in Event.objects.exclude(current_run=None):
        meeting = Meeting.objects.filter(run=event.current_run).select_related("request").first()
        if meeting is not None:
            for participant in (meeting.request.corporate, meeting.request.startup):
                agendas.append(f"/events/agenda/{participant.token}/")
    _invitation, member_link = account_services.invite_member(
        workspace=demo.workspace, email="invitee-crawl@example.com", role=Role.MEMBER, by=demo.owner
    )
    project = Project.objects.filter(workspace=demo.workspace).order_by("pk").first()
    assert project is not None
    _pinv, partner_link = project_services.invite_partner(
        project=project, email="partner-crawl@example.com", by=demo.owner, organisation_name="招待先"
    )
    token, token_hash, expires = ParticipantInvitation.new_token_and_expiry()
    uninvited = Participant.objects.filter(event=source, account=None).exclude(email="").first()
    assert uninvited is not None
    ParticipantInvitation.objects.create(
        participant=uninvited,
        email=uninvited.email,
        token_hash=token_hash,
        invited_by=demo.owner,
        expires_at=expires,
    )
    invitations = [urlsplit(member_link).path, urlsplit(partner_link).path, f"/events/join/{token}/"]
    public = [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/help/",
        f"/events/register/{open_event.public_key}/",
        *agendas,
        *invitations,
    ]
    return [
        Visitor("owner", demo.owner, ["/"]),
        Visitor("member", member, ["/"]),
        Visitor("partner", demo.partner_user, ["/"]),
        # Their pages take tokens and their own participation ids: the URL walk guesses neither.
        Visitor("participant", person, ["/events/mine/", *invitations], walk=False),
        Visitor("anonymous", None, public, walk=False),
    ]


# --- the browser walk ------------------------------------------------------------------------------

INSPECT = """
(schemes) => {
  const found = [];
  for (const el of document.querySelectorAll('[data-xss]')) {
    found.push(['injected element', el.getAttribute('data-xss'), el.outerHTML.slice(0, 200)]);
  }
  const attrs = ['href', 'action', 'src', 'data', 'formaction', 'xlink:href'];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of attrs) {
      const raw = el.getAttribute(attr);
      if (raw === null) continue;
      // as the URL parser reads a scheme: outer spaces and controls trimmed, tabs and newlines dropped
      const url = raw.replace(/^[\\u0000-\\u0020]+|[\\u0000-\\u0020]+$/g, '').replace(/[\\t\\n\\r]/g, '');
      if (schemes.some((s) => url.toLowerCase().startsWith(s))) {
        found.push(['scripting URL in ' + el.tagName.toLowerCase() + '[' + attr + ']', raw, el.outerHTML.slice(0, 200)]);
      }
    }
  }
  const links = [];
  for (const el of document.querySelectorAll('a[href], [hx-get]')) {
    links.push(el.getAttribute('hx-get') || el.href);
  }
  const waiting = !!document.querySelector('[hx-trigger*="load"], [hx-trigger*="revealed"], [hx-trigger*="intersect"]');
  return {found, links, waiting};
}
"""


@dataclass(frozen=True)
class Firing:
    kind: str
    label: str
    role: str
    page: str


@dataclass
class Crawl:
    labels: dict[int, str]
    firings: dict[Firing, str] = field(default_factory=dict)  # the first evidence of each
    visited: dict[str, int] = field(default_factory=dict)

    def add(self, firing: Firing, evidence: str) -> None:
        self.firings.setdefault(firing, evidence[:200])

    def report(self) -> str:
        return "\n".join(
            f"{f.kind}: {f.label} on {f.page} as {f.role}: {evidence}"
            for f, evidence in sorted(self.firings.items(), key=lambda i: (i[0].label, i[0].page, i[0].role))
        )

    def label_of(self, text: str) -> str:
        match = MARKER.search(text or "")
        if not match:
            return "(unknown field)"
        return self.labels.get(int(next(g for g in match.groups() if g)), "(unknown field)")


def _shape(url: str) -> tuple[str, ...] | None:
    """Pattern name, its word arguments (numbers and long tokens do not count) and whether it has a query."""
    parts = urlsplit(url)
    if parts.path.startswith(SKIP_PREFIXES) or DOWNLOAD.search(parts.path):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    words = tuple(
        f"{k}={v}"
        for k, v in sorted(match.kwargs.items())
        if not (isinstance(v, int) or str(v).isdigit() or len(str(v)) > 20)
    )
    return (match.view_name, *words, "?" if parts.query else "")


def _local(url: str, origin: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme and f"{parts.scheme}://{parts.netloc}" != origin:
        return None
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _visit(crawl: Crawl, page: Any, role: str, url: str, origin: str, fired: list[str]) -> list[str] | None:
    """Open one page and inspect it; its same-origin links, or None when the page did not render."""
    fired.clear()
    try:
        response = page.goto(url, wait_until="load")
    except PlaywrightError as exc:
        # An uploaded file is a download, not a page; nor is an error answer without a body.
        # Anything else (a timeout) is a page that did not load, and fails the crawl.
        benign = any(reason in str(exc) for reason in UNRENDERED)
        crawl.visited[f"{role} {url}"] = 0 if benign else -1
        return None
    status = response.status if response else 0
    crawl.visited[f"{role} {url}"] = status
    if not response or not (response.headers.get("content-type") or "").startswith("text/html"):
        return []
    result = page.evaluate(INSPECT, list(SCRIPTING_SCHEMES))
    if result["waiting"]:  # htmx loads parts of the page after it; inspect those too
        page.wait_for_load_state("networkidle", timeout=10_000)
        result = page.evaluate(INSPECT, list(SCRIPTING_SCHEMES))
    for message in fired:
        crawl.add(Firing("script ran", crawl.label_of(message), role, url), message)
    for kind, raw, html in result["found"]:
        label = crawl.labels.get(int(raw), "(unknown field)") if raw.isdigit() else crawl.label_of(raw)
        crawl.add(Firing(kind, label, role, url), html)
    return [local for link in result["links"] if (local := _local(link, origin))]


class _Tab:
    """One browser tab of a visitor, replaced after a navigation that left it in an unknown state."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.fired: list[str] = []
        self.page = self._open()

    def _open(self) -> Any:
        page = self.context.new_page()

        def on_dialog(dialog: Any) -> None:
            self.fired.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("console", lambda msg: self.fired.append(msg.text) if "XSS:" in msg.text else None)
        return page

    def renew(self) -> None:
        self.page.close()
        self.page = self._open()


def _walk_candidates(visitor: Visitor, walk_urls: dict[str, list[str]], shapes: Counter[Any]) -> list[str]:
    """For each URL pattern the links did not reach, the first guessed URL that renders a page.

    The guesses are tried with Django's test client first: most combinations of sample ids
    are 404s or POST-only, and a browser round trip for each would double the crawl's time.
    """
    assert visitor.user is not None
    client = _client(visitor.user)
    found = []
    covered = {shape[0] for shape in shapes}
    for name, urls in walk_urls.items():
        if name in covered:
            continue
        for url in urls[:MAX_WALK_TRIES]:
            if _shape(url) is None:
                break
            response = client.get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
                found.append(url)
                break
    return found


def _crawl_as(
    crawl: Crawl,
    browser: Any,
    origin: str,
    visitor: Visitor,
    shapes: Counter[tuple[str, ...]],
    walk_urls: dict[str, list[str]],
) -> int:
    """Follow links from the visitor's start pages, then the URL walk; returns the pages opened."""
    context = browser.new_context(base_url=origin, locale="ja-JP")
    context.set_default_timeout(15_000)
    if visitor.user is not None:
        cookie = _client(visitor.user).cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": origin}])
    tab = _Tab(context)
    seen: set[str] = set()
    queue = deque(visitor.starts)
    pages = 0
    walked = False
    while pages < MAX_PAGES_PER_ROLE:
        if not queue:
            if walked or not visitor.walk:
                break
            queue.extend(_walk_candidates(visitor, walk_urls, shapes))
            walked = True
            continue
        url = queue.popleft()
        shape = _shape(url)
        if url in seen or shape is None or shapes[shape] >= PER_SHAPE:
            continue
        seen.add(url)
        shapes[shape] += 1
        pages += 1
        links = _visit(crawl, tab.page, visitor.name, url, origin, tab.fired)
        if links is None:
            tab.renew()
        else:
            queue.extend(links)
    context.close()
    return pages


def test_no_stored_payload_runs_or_lands_in_any_page(chromium: Any, live_server: Any) -> None:
    demo = load_demo()
    visitors = _visitors(demo)
    ids: set[int] = set()
    for model in scoped_models():
        ids.update(model._default_manager.order_by("pk").values_list("pk", flat=True)[:2])
    walk_urls: dict[str, list[str]] = {}
    for name, url in _urls(sorted(ids)[:MAX_IDS_PER_PARAM] or [1]):
        walk_urls.setdefault(name, []).append(url)
    labels = plant_payloads()
    assert len(labels) > 100, f"only {len(labels)} fields got a payload: is the demo loaded?"

    crawl = Crawl(labels)
    started = time.monotonic()
    per_role = {
        visitor.name: _crawl_as(crawl, chromium, live_server.url, visitor, Counter(), walk_urls)
        for visitor in visitors
    }
    elapsed = time.monotonic() - started
    print(f"\npayload crawl: {len(labels)} payloads, pages per role {per_role}, {elapsed:.0f} s")
    assert per_role["owner"] > 50 and all(per_role.values()), per_role
    errors = sorted(k for k, status in crawl.visited.items() if status >= 500 or status < 0)
    assert not crawl.firings, f"{len(crawl.firings)} payload findings:\n{crawl.report()}"
    assert not errors, f"pages that failed or did not load with the payloads stored: {errors[:20]}"

"""What an outside check does to the demo: log in through the form, follow every link, expect Japanese."""

from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlparse

import pytest
from django.apps import apps
from django.db import models
from django.test import Client

from kyoso.accounts.demo_data import load_demo
from kyoso.accounts.models import User
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD

HREF = re.compile(r'href="([^"#][^"]*)"')
MAX_PAGES = 400
# Links that end the session or download files rather than pages.
# The API's Swagger page is a third-party tool, not a Kyoso page.
SKIP = ("/accounts/logout/", "/static/", "/media/", "/api/")


# Three or more English words in a row: on a Japanese page that is UI text nobody translated,
# unless it comes from a record (the demo has English company descriptions on purpose).
# English on purpose: the search page's example of a cross-language query.
ENGLISH_ON_PURPOSE = {"blockchain payment settlement"}
JAPANESE_ON_PURPOSE = {"画像認識で外観検査を自動化したい", "日本語"}
ENGLISH_RUN = re.compile(r"\b[A-Za-z][a-z]+(?:[ -][A-Za-z][a-z]+){2,}\b")


class _VisibleText(HTMLParser):
    HIDDEN = frozenset({"script", "style", "code", "pre"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.depth += 1
        self.chunks += [v for k, v in attrs if k in ("aria-label", "title", "placeholder", "alt") and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.chunks.append(data)


def _record_text() -> str:
    """Every text value stored in the database, to tell record text from UI text."""
    values: list[str] = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField, models.JSONField))
        ]
        if fields:
            for row in model._default_manager.values_list(*fields):
                values.extend(
                    v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in row if v
                )
    return "\n".join(values)


# On an English page: Japanese text nobody translated (the demo's records are Japanese).
JAPANESE_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff々ー]{2,}")
QUOTED = re.compile(r"'[^'\n]*'")


def _foreign_ui_text(page: str, records: str, language: str) -> set[str]:
    parser = _VisibleText()
    parser.feed(page)
    if language == "en":
        # the language switch names each language in itself; search examples mix languages
        return {
            run
            for chunk in parser.chunks
            # search explanations quote the normalised words they matched: data, not UI text
            for run in JAPANESE_RUN.findall(QUOTED.sub(" ", chunk))
            if run not in records and run not in JAPANESE_ON_PURPOSE
        }
    return {
        run
        for chunk in parser.chunks
        for run in ENGLISH_RUN.findall(chunk)
        if run not in records and run not in ENGLISH_ON_PURPOSE
    }


# Values a person cannot read: internal codes and Python structures where a label belongs.
SEGMENT = re.compile(r"[·:：—()（）|/\n\t]")
LIST_SEPARATOR = re.compile(r",\s*|、")
CODE_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
PYTHON_REPR = re.compile(r"\{'|\['|\{\"|\[\"|<QuerySet|<[A-Z]\w+: |\bobject at 0x")
PYTHON_CONSTANT = frozenset({"None", "True", "False", "[]", "{}", "()"})
APP_LABELS = "accounts|alignment|api|core|events|knowledge|partners|projects|reports|risk"
DOTTED_MODEL = re.compile(
    rf"(?<![\w@./-])(?:(?:{APP_LABELS})\.[A-Za-z_]+|[a-z_]+\.[A-Z][A-Za-z]+)(?![\w@/-]|\.\w)"
)
PARTICIPANT_CODE = re.compile(r"(?<![\w-])[a-z]\d{3}(?![\w-])")
RAW_MONEY = re.compile(
    r"[¥￥]\s?\d{4,}(?![\d,])|(?<![\d,.])\d{4,}\s?(?:円|yen|JPY)"
    r"|(?i:budget|fee|予算|費用|金額|報酬)[^\d\n]{0,20}?(?<![\d,.])\d{6,}(?![\d,])"
)


def choice_codes() -> frozenset[str]:
    """Stored codes of every choice set whose label reads differently from the code."""
    codes: set[str] = set()
    pending = list(models.Choices.__subclasses__())
    choice_sets = []
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        choice_sets.append(cls.choices)
    for model in apps.get_models():
        choice_sets += [f.flatchoices for f in model._meta.get_fields() if getattr(f, "choices", None)]
    for choices in choice_sets:
        for value, label in choices:
            if isinstance(value, str) and CODE_WORD.match(value) and value != str(label):
                codes.add(value)
    return frozenset(codes)


def unreadable_values(page: str, codes: frozenset[str], language: str = "ja") -> set[str]:
    """Every internal code, Python repr, model label, participant code or raw yen amount in the visible text.

    On a Japanese page any bare code is a leak; on an English page a lone code can be an ordinary
    word ("high", "unknown"), so only snake_case codes and lists of codes count there.
    """
    parser = _VisibleText()
    parser.feed(page)
    found: set[str] = set()
    for chunk in parser.chunks:
        found.update(m.group(0) for m in PYTHON_REPR.finditer(chunk))
        found.update(m.group(0) for m in DOTTED_MODEL.finditer(chunk))
        found.update(m.group(0) for m in PARTICIPANT_CODE.finditer(chunk))
        found.update(m.group(0) for m in RAW_MONEY.finditer(chunk))
        for segment in SEGMENT.split(chunk):
            if segment.strip() in PYTHON_CONSTANT:
                found.add(segment.strip())
            segment = segment.strip(" 　.,。、")
            parts = [p.strip() for p in LIST_SEPARATOR.split(segment)]
            if not segment or not all(part in codes for part in parts):
                continue
            if language == "ja" or len(parts) > 1 or "_" in segment:
                found.add(segment)
    return found


def _crawl(
    client: Client,
    start: str = "/",
    foreign: dict[str, set[str]] | None = None,
    language: str = "ja",
    unreadable: dict[str, set[str]] | None = None,
) -> dict[str, int]:
    records = _record_text() if foreign is not None else ""
    codes = choice_codes()
    seen: dict[str, int] = {}
    queue = deque([start])
    while queue and len(seen) < MAX_PAGES:
        url = queue.popleft()
        if url in seen or url.startswith(SKIP):
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code in (301, 302):
            target = response["Location"]
            if urlparse(target).netloc in ("", "testserver"):
                queue.append(
                    urlparse(target).path + (f"?{urlparse(target).query}" if urlparse(target).query else "")
                )
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        page = response.content.decode()
        assert f'<html lang="{language}">' in page, f"{url} is not marked {language}"
        if foreign is not None:
            for run in _foreign_ui_text(page, records, language):
                foreign.setdefault(run, set()).add(url)
        if unreadable is not None:
            for value in unreadable_values(page, codes, language):
                unreadable.setdefault(value, set()).add(url)
        for href in HREF.findall(page):
            href = urldefrag(href.replace("&amp;", "&"))[0]
            parsed = urlparse(href)
            if parsed.scheme or parsed.netloc or not href.startswith("/"):
                continue
            queue.append(href)
    return seen


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.parametrize("email", [DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL])
def test_every_page_reachable_from_the_demo_works_in_japanese(email: str) -> None:
    load_demo()
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, "demo login failed"
    english: dict[str, set[str]] = {}
    unreadable: dict[str, set[str]] = {}
    seen = _crawl(client, foreign=english, unreadable=unreadable)
    errors = {url: status for url, status in seen.items() if status >= 500}
    assert not errors, errors
    assert len(seen) > 1
    untranslated = {run: sorted(urls)[:3] for run, urls in english.items()}
    raw = {value: sorted(urls)[:3] for value, urls in unreadable.items()}
    assert not untranslated and not raw, (
        f"English UI text on Japanese pages: {untranslated}; unreadable values: {raw}"
    )


@pytest.mark.django_db
@pytest.mark.slow
def test_english_pages_show_no_japanese_ui_text() -> None:
    load_demo()
    User.objects.filter(email=DEMO_OWNER_EMAIL).update(language="en")
    client = Client()
    client.post("/accounts/login/", {"login": DEMO_OWNER_EMAIL, "password": DEMO_PASSWORD})
    japanese: dict[str, set[str]] = {}
    unreadable: dict[str, set[str]] = {}
    seen = _crawl(client, foreign=japanese, language="en", unreadable=unreadable)
    assert len(seen) > 1 and not [u for u, status in seen.items() if status >= 500]
    untranslated = {run: sorted(urls)[:3] for run, urls in japanese.items()}
    raw = {value: sorted(urls)[:3] for value, urls in unreadable.items()}
    assert not untranslated and not raw, (
        f"Japanese UI text on English pages: {untranslated}; unreadable values: {raw}"
    )


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>連絡手段: meeting, chat · 担当</p>", "meeting, chat"),
        ("<td>poc</td>", "poc"),
        ("<td><small>{'viewed': 'internal notes'}</small></td>", "{'"),
        ("<td>{'stage': ['exploration', 'poc']}</td>", "['"),
        ("<p>&lt;QuerySet [&lt;Project: x&gt;]&gt;</p>", "<QuerySet"),
        ("<td>None</td>", "None"),
        ("<td>False</td>", "False"),
        ("<td>partners.Organisation</td>", "partners.Organisation"),
        ("<td>reports.risk</td>", "reports.risk"),
        ("<li>u005 と面談</li>", "u005"),
        ("<td>5000000円</td>", "5000000円"),
        ("<td>¥5000000</td>", "¥5000000"),
        ("<dd>Budget 5000000</dd>", "Budget 5000000"),
    ],
)
def test_each_unreadable_value_detector_fires(html: str, expected: str) -> None:
    assert expected in unreadable_values(html, choice_codes())


def test_english_pages_allow_words_that_are_also_codes_but_not_snake_case_or_lists() -> None:
    codes = choice_codes()
    assert unreadable_values("<td>high</td>", codes, "en") == set()
    assert unreadable_values("<td>high</td>", codes, "ja") == {"high"}
    assert unreadable_values("<td>ship_and_iterate</td>", codes, "en") == {"ship_and_iterate"}
    assert unreadable_values("<td>meeting, chat</td>", codes, "en") == {"meeting, chat"}


@pytest.mark.parametrize(
    "html",
    [
        "<p>連絡手段: 対面、チャット</p>",
        "<td>PoC</td>",
        "<td><code>u005</code></td>",
        "<td>¥5,000,000</td><td>500万円</td>",
        "<p>owner@demo.kyoso.example</p><a href='/x'>kyoso.example.com</a>",
        "<p>None of the projects is late.</p>",
        "<td>2026-04-01</td>",
        "<p>None.</p>",
    ],
)
def test_readable_values_pass_the_detectors(html: str) -> None:
    assert unreadable_values(html, choice_codes()) == set()

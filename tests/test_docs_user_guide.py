"""The user guide exists in English and Japanese, covers every capability and links only to what exists.

Checked without a browser or a database: both editions are present and link to each other, each
has one section per capability C1–C9 (headings below), every image and relative link resolves (a
`#anchor` must name a heading of its page), both editions show the same screenshots, the Japanese
edition has no line of English prose and quotes only labels the Japanese UI shows, and the English
edition keeps Japanese inside parentheses.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EN = DOCS / "user-guide.md"
JA = DOCS / "user-guide.ja.md"
README = ROOT / "README.md"

# One section per capability of docs/product.md#capabilities: (English heading, Japanese heading).
# Headings are written "## N. Title"; the number may change when sections are added.
CAPABILITY_SECTIONS = {
    "C1": ("Workspace, people and boundaries", "ワークスペース・メンバー・公開範囲"),
    "C2": ("Partner directory and discovery", "連携先の探索"),
    "C3": ("Collaboration projects", "協業案件"),
    "C4": ("Alignment check", "認識合わせチェック"),
    "C5": ("Failure-risk diagnosis and warnings", "失敗リスク診断と警告"),
    "C6": ("Matchmaking events", "マッチングイベント"),
    "C7": ("Lessons-learned library", "教訓ライブラリ"),
    "C8": ("Reports", "レポート"),
    "C9": ("API and integrations", "API と外部連携"),
}

# Quoted with 「」 in the Japanese guide but not a ja catalogue string: examples, demo names, the
# language buttons (hard-coded in base.html), and a
# number placeholder.
NOT_CATALOGUE_LABELS = {
    "画像認識",
    "image recognition",
    "エネルギー",
    "energy",
    "物流",
    "logistics",
    "エラー 403",
    "エラー 404",
    "新規株式会社 新規事業開発部",
    "山田 花子",
    "佐藤 翔",
    "English",
    "日本語",
    "最適解との差 X% 以内",
}

CODE_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]+)\)")
URL = re.compile(r"https?://\S+")
# Six or more ASCII words in a row, separated only by ASCII spaces and punctuation.
ASCII_WORD = r"[A-Za-z][A-Za-z0-9'’-]*"
ENGLISH_RUN = re.compile(rf"{ASCII_WORD}(?:[ \t,;:&/()\"'.!?-]+{ASCII_WORD}){{5,}}")
CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")


def _read(path: Path) -> str:
    assert path.is_file(), f"{path.relative_to(ROOT)} is missing"
    return path.read_text(encoding="utf-8")


def _prose(text: str) -> str:
    """The text with fenced code blocks removed (line numbers kept) and inline code spans blanked."""
    text = CODE_FENCE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    return CODE_SPAN.sub(" ", text)


def _headings(text: str) -> list[str]:
    return [line for line in _prose(text).splitlines() if line.startswith("#")]


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    title = heading.lstrip("#").strip().lower()
    kept = "".join(c for c in title if c in " -_" or unicodedata.category(c)[0] in "LMN")
    return kept.replace(" ", "-")


def _section(text: str, title: str) -> str | None:
    match = re.search(rf"^## (?:\d+\. )?{re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    return match.group(1) if match else None


@pytest.mark.parametrize("path", [EN, JA], ids=["en", "ja"])
def test_guide_has_a_section_per_capability(path: Path) -> None:
    text = _read(path)
    index = 0 if path == EN else 1
    missing = [
        f"{cap} ({titles[index]})"
        for cap, titles in CAPABILITY_SECTIONS.items()
        if _section(text, titles[index]) is None
    ]
    assert not missing, f"{path.name} has no section for {', '.join(missing)}"


def test_both_editions_have_the_same_sections_and_screenshots() -> None:
    en, ja = _read(EN), _read(JA)
    en_sections = [h for h in _headings(en) if h.startswith("## ")]
    ja_sections = [h for h in _headings(ja) if h.startswith("## ")]
    assert len(en_sections) == len(ja_sections), (en_sections, ja_sections)

    def images(text: str) -> list[str]:
        return [m.group(2) for m in LINK.finditer(_prose(text)) if m.group(0).startswith("!")]

    assert images(en) == images(ja)


def test_events_section_describes_the_participant_portal() -> None:
    en_events = _section(_read(EN), CAPABILITY_SECTIONS["C6"][0]) or ""
    ja_events = _section(_read(JA), CAPABILITY_SECTIONS["C6"][1]) or ""
    assert "*My events*" in en_events and "Name badges" in en_events
    assert "「参加イベント」" in ja_events and "名札" in ja_events


def test_editions_link_to_each_other_and_from_the_readme() -> None:
    en_top = "\n".join(_read(EN).splitlines()[:5])
    ja_top = "\n".join(_read(JA).splitlines()[:5])
    assert "](user-guide.ja.md)" in en_top
    assert "](user-guide.md)" in ja_top
    readme = _read(README)
    assert "](docs/user-guide.md)" in readme
    assert "](docs/user-guide.ja.md)" in readme


@pytest.mark.parametrize("path", [EN, JA, README], ids=["en", "ja", "readme"])
def test_links_and_images_exist(path: Path) -> None:
    text = _read(path)
    anchors = {_slug(h) for h in _headings(text)}
    broken = []
    for match in LINK.finditer(_prose(text)):
        target = match.group(2)
        if re.match(r"[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        if file_part:
            if not (path.parent / file_part).exists():
                broken.append(target)
        elif anchor not in anchors:
            broken.append(target)
    assert not broken, f"{path.name} links to what does not exist: {broken}"


def test_japanese_guide_has_no_english_prose() -> None:
    offenders = []
    for number, line in enumerate(_prose(_read(JA)).splitlines(), start=1):
        line = LINK.sub(lambda m: m.group(1), line)
        line = URL.sub(" ", line)
        run = ENGLISH_RUN.search(line)
        if run:
            offenders.append(f"line {number}: {run.group(0)!r}")
    assert not offenders, "English prose in the Japanese guide:\n" + "\n".join(offenders)


def test_english_guide_keeps_japanese_in_parentheses() -> None:
    text = _read(EN)
    assert not [h for h in _headings(text) if CJK.search(h)], "Japanese in an English heading"
    text = LINK.sub(lambda m: m.group(1), _prose(text))
    previous = None
    while previous != text:  # innermost parentheses first; they may span lines of a paragraph
        previous = text
        text = re.sub(r"\([^()]*\)|（[^（）]*）", lambda m: "\n" * m.group(0).count("\n"), text)
    offenders = [
        f"line {number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if CJK.search(line)
    ]
    assert not offenders, "Japanese outside parentheses in the English guide:\n" + "\n".join(offenders)


def _label_pattern(msgstr: str) -> re.Pattern[str]:
    pattern = re.escape(msgstr.rstrip(":：")).replace("%%", "%")
    return re.compile(re.sub(r"%\\\([a-z_]+\\\)[sd]", ".+", pattern))


def test_japanese_guide_quotes_only_labels_the_ui_shows() -> None:
    msgids: set[str] = set()
    contextual: set[tuple[str, str]] = set()
    for po in ROOT.glob("src/kyoso/*/locale/ja/LC_MESSAGES/django.po"):
        text = po.read_text(encoding="utf-8")
        msgids.update(re.findall(r'^msgid "(.+)"$', text, re.M))
        contextual.update(re.findall(r'^msgctxt "(.+)"\nmsgid "(.+)"$', text, re.M))

    def unescape(m: str) -> str:
        return m.encode().decode("unicode_escape").encode("latin-1").decode()

    # What the Japanese UI shows: the first app in INSTALLED_APPS wins when two apps share a msgid.
    with translation.override("ja"):
        shown = {translation.gettext(unescape(m)) for m in msgids}
        shown |= {translation.pgettext(unescape(c), unescape(m)) for c, m in contextual}
    exact = {s.rstrip(":：") for s in shown}
    patterns = [_label_pattern(s) for s in shown if "%(" in s]
    unknown = [
        label
        for label in sorted(set(re.findall(r"「([^」\n]+)」", _prose(_read(JA)))))
        if label not in NOT_CATALOGUE_LABELS
        and label not in exact
        and not any(p.fullmatch(label) for p in patterns)
    ]
    assert not unknown, f"quoted in the Japanese guide but not shown by the ja UI: {unknown}"

"""The projects app's Japanese catalogue is complete: every msgid has a translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.utils import translation

import kyoso.projects

LOCALE = Path(kyoso.projects.__file__).parent / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _unquote(lines: list[str]) -> str:
    text = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines)))
    return text.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def parse_po(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as dicts of keyword -> text (obsolete `#~` entries are skipped)."""
    entries: list[dict[str, str]] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if line and not line.startswith("#")]
        entry: dict[str, str] = {}
        key, buf = None, []
        for line in lines:
            match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                if key:
                    entry[key] = _unquote(buf)
                key, buf = match.group(1), [match.group(2)]
            elif line.startswith('"'):
                buf.append(line)
        if key:
            entry[key] = _unquote(buf)
        if entry.get("msgid") or "msgid_plural" in entry:
            entries.append(entry)
    return entries


def test_ja_catalogue_has_no_empty_msgstr() -> None:
    entries = parse_po(LOCALE / "ja" / "LC_MESSAGES" / "django.po")
    assert len(entries) > 500
    empty = [e["msgid"] for e in entries if not (e.get("msgstr") or e.get("msgstr[0]"))]
    assert empty == []


def test_ja_catalogue_has_no_fuzzy_entries() -> None:
    """msgmerge's fuzzy guesses are not compiled, so they would show English (or a wrong guess)."""
    po = (LOCALE / "ja" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    header, _sep, body = po.partition("\n\n")
    assert not [line for line in body.splitlines() if line.startswith("#,") and "fuzzy" in line]


def test_ja_catalogue_keeps_placeholders() -> None:
    for entry in parse_po(LOCALE / "ja" / "LC_MESSAGES" / "django.po"):
        translated = entry.get("msgstr") or entry.get("msgstr[0]", "")
        assert set(PLACEHOLDER.findall(entry["msgid"])) == set(PLACEHOLDER.findall(translated)), entry[
            "msgid"
        ]


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        ("Commercialisation", "事業化"),
        ("Charter saved.", "目的・パーパスを保存しました。"),
        (
            "Only members and executives may record a gate decision.",
            "ゲート判定を記録できるのはメンバーと経営層のみです。",
        ),
    ],
)
def test_compiled_ja_catalogue_is_served(msgid: str, expected: str) -> None:
    with translation.override("ja"):
        assert translation.gettext(msgid) == expected

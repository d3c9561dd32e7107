"""Every user-facing string has a Japanese translation, compiled and shipped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "kyoso"
CATALOGUES = sorted(SRC.glob("*/locale/ja/LC_MESSAGES/django.po"))


def _untranslated(po: Path) -> list[str]:
    missing = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = block.splitlines()
        if any(line.startswith("#, fuzzy") for line in lines) and 'msgid ""' not in lines:
            missing.append(f"fuzzy: {block[:80]}")
            continue
        ids = [i for i, line in enumerate(lines) if line.startswith("msgid ")]
        strs = [i for i, line in enumerate(lines) if line.startswith("msgstr")]
        if not ids or not strs or any(line.startswith("msgid_plural") for line in lines):
            continue
        msgid = "".join(
            json.loads(line.split(" ", 1)[1] if line.startswith("msgid ") else line)
            for line in lines[ids[0] : strs[0]]
        )
        msgstr = "".join(
            json.loads(line.split(" ", 1)[1] if line.startswith("msgstr") else line)
            for line in lines[strs[0] :]
            if line.startswith(("msgstr", '"'))
        )
        if msgid and not msgstr:
            missing.append(msgid)
    return missing


def test_every_app_ships_a_japanese_catalogue() -> None:
    apps_with_ui = {p.parent.name for p in SRC.glob("*/templates")}
    with_catalogue = {p.parts[-5] for p in CATALOGUES}
    assert apps_with_ui <= with_catalogue, apps_with_ui - with_catalogue


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_string_is_translated_and_compiled(po: Path) -> None:
    missing = _untranslated(po)
    assert not missing, f"{len(missing)} untranslated in {po}: {missing[:5]}"
    assert po.with_suffix(".mo").exists(), f"{po} is not compiled"

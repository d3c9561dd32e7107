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


@pytest.mark.parametrize(
    "po", sorted(SRC.glob("*/locale/*/LC_MESSAGES/django.po")), ids=lambda p: "/".join(p.parts[-5:-2])
)
def test_the_compiled_catalogue_holds_what_its_source_says(po: Path, tmp_path: Path) -> None:
    """`compilemessages` skips a .mo newer than its .po, and a merge writes files in any order: a
    stale .mo shows English on Japanese pages although the translation is in the .po."""
    import gettext
    import shutil
    import subprocess

    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (gettext) is not installed")
    fresh = tmp_path / "fresh.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)

    def catalogue(path: Path) -> dict[object, str]:
        with path.open("rb") as fh:
            return {k: v for k, v in gettext.GNUTranslations(fh)._catalog.items() if k != ""}  # type: ignore[attr-defined]

    committed, expected = catalogue(po.with_suffix(".mo")), catalogue(fresh)
    stale = sorted(str(k) for k in expected if committed.get(k) != expected[k])
    assert not stale, (
        f"{po.with_suffix('.mo')} is stale ({len(stale)} entries), run compilemessages: {stale[:3]}"
    )


def _compiled_ja(po: Path) -> dict[object, str]:
    import gettext

    with po.with_suffix(".mo").open("rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
    return {k: v for k, v in catalogue.items() if k != ""}


def test_no_two_catalogues_translate_the_same_words_differently() -> None:
    """Django merges the app catalogues into one, so a msgid translated two ways shows only one of them.

    Words that mean different things in two apps carry a context (pgettext / `context "…"`), which
    makes them different entries; otherwise the apps agree on one translation.
    """
    seen: dict[object, dict[str, str]] = {}
    for po in CATALOGUES:
        for key, text in _compiled_ja(po).items():
            seen.setdefault(key, {})[po.parts[-5]] = text
    collisions = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert not collisions, f"{len(collisions)} msgids translated differently: {list(collisions.items())[:5]}"


def test_the_meeting_outcome_reads_as_the_meeting_result_in_japanese() -> None:
    from django.utils import translation

    with translation.override("ja"):
        assert translation.pgettext("meeting", "Outcome") == "成果"
        assert translation.pgettext("person in charge", "Owner") == "担当者"
        assert translation.pgettext("activity", "Timeline") == "タイムライン"
        assert translation.gettext("Outcome") == "結果"


# The product's Japanese words (docs/CONVENTIONS-for-contributors.md): a project is 案件, signing in is
# ログイン (and out ログアウト), a partner's person is 連携先ユーザー, the partner directory is
# 連携先ディレクトリ (its menu label). Each entry maps the word to avoid to the one to use.
AVOID = {
    "プロジェクト": "案件",
    "サインイン": "ログイン",
    "サインアウト": "ログアウト",
    "パートナーユーザー": "連携先ユーザー",
    "パートナー側のユーザー": "連携先ユーザー",
    "パートナー名簿": "連携先ディレクトリ",
    "スロット": "時間枠",
    "役員スポンサー": "経営層スポンサー",
    "滞留": "滞在",
    "致命的": "重大",
}
# Japanese text outside the catalogues where an avoided word is allowed: (path under the repo, word).
ALLOWED: set[tuple[str, str]] = set()
REPO = SRC.parents[1]


def _msgstrs(po: Path) -> list[tuple[str, str]]:
    """(msgid, msgstr) of every entry, obsolete ones included (they come back on the next makemessages)."""
    pairs = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = [line.removeprefix("#~ ") for line in block.splitlines()]
        key, parts = None, {"msgid": [], "msgstr": []}
        for line in lines:
            if line.startswith(("msgid ", "msgstr")):
                key = "msgid" if line.startswith("msgid ") else "msgstr"
                parts[key].append(json.loads(line.split(" ", 1)[1]))
            elif line.startswith('"') and key:
                parts[key].append(json.loads(line))
            elif line.startswith("msgid_plural"):
                key = None
        pairs.append(("".join(parts["msgid"]), "".join(parts["msgstr"])))
    return pairs


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_japanese_catalogues_use_the_products_words(po: Path) -> None:
    wrong = [
        f"{msgid!r} → {msgstr!r}: {word} → {use}"
        for msgid, msgstr in _msgstrs(po)
        for word, use in AVOID.items()
        if word in msgstr
    ]
    assert not wrong, f"{len(wrong)} in {po}: {wrong[:5]}"


def test_japanese_outside_the_catalogues_uses_the_products_words() -> None:
    """Templates, Python strings (demo data, e-mails, diagnosis reasons) and the Japanese user guide."""
    files = [*SRC.rglob("*.html"), *SRC.rglob("*.txt"), *SRC.rglob("*.py"), *REPO.glob("docs/**/*.ja.md")]
    wrong = []
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(REPO).as_posix()
        wrong += [f"{rel}: {word}" for word in AVOID if word in text and (rel, word) not in ALLOWED]
    assert not wrong, wrong
    stale = [entry for entry in ALLOWED if entry[1] not in (REPO / entry[0]).read_text(encoding="utf-8")]
    assert not stale, f"allowed but no longer there (remove from ALLOWED): {stale}"

"""The repository stands alone: what a contributor reads points inside it.

Someone who clones Kyoso has no planning notes next to it, so tracked files must not send them to
one, every relative link of README.md and docs/*.md must reach an existing file and heading, every
`docs/….md#anchor` a comment cites must exist, and the module paths the contributors' guide names
must be real.
"""

from __future__ import annotations

import ast
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
THIS = Path(__file__).resolve().relative_to(ROOT).as_posix()

# Files outside the repository, and the planning document the product was first sketched from.
OUTSIDE = [
    (re.compile(r"\.\./shared\b"), "a path outside the repository"),
    (re.compile(r"shared/reference"), "the planning notes' reference folder"),
    (re.compile(r"\b(?:INTERFACES|DESIGN|PRODUCT)\.md\b"), "a planning document not in the repository"),
    (
        re.compile(r"(?i)\bthe seed(?:'s|’s|:|\)|,| document| text| article)|\bseed[- ]document|\bseed/0"),
        "the seed document (cite docs/references.md#oi-failure-article or docs/product.md)",
    ),
    (re.compile(r"\bSeed,|(?i:\bseed (?:case|cause|対策|ポイント))"), "the seed document"),
    (re.compile(r"\bRF ?\d+\b"), "a red-flag number without its name (docs/references.md#red-flags)"),
]
SKIP_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".ico",
    ".mo",
    ".xlsx",
    ".pdf",
    ".woff",
    ".woff2",
    ".sqlite3",
}

LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
DOC_CITATION = re.compile(r"\bdocs/([\w.-]+\.md)(?:#([\w-]+))?")
EXPLICIT_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
FENCE = re.compile(r"^(\s*)(```|~~~)")


def tracked_files() -> list[str]:
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        pytest.skip("not a git checkout: the tracked files are unknown")
    return [name for name in out.decode("utf-8").split("\0") if name]


def text_of(name: str) -> str | None:
    path = ROOT / name
    if path.suffix.lower() in SKIP_SUFFIXES or not path.is_file():
        return None
    data = path.read_bytes()
    if b"\0" in data[:8192]:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def outside_references(name: str, text: str) -> list[str]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for pattern, what in OUTSIDE:
            match = pattern.search(line)
            if match:
                problems.append(f"{name}:{number}: {match.group(0)!r} refers to {what}")
    return problems


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its text
    text = text.replace("`", "").strip().lower()
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in ("L", "N", "M"))
    return kept.replace(" ", "-")


def outside_code(text: str) -> list[str]:
    """The lines of a Markdown text, with fenced code blocks and inline code blanked out."""
    lines, fence = [], None
    for line in text.splitlines():
        m = FENCE.match(line)
        if m:
            fence = None if fence == m.group(2) else (fence or m.group(2))
            lines.append("")
            continue
        lines.append("" if fence else re.sub(r"`[^`]*`", "", line))
    return lines


def anchors_of(text: str) -> set[str]:
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for line in outside_code(text):
        anchors.update(EXPLICIT_ANCHOR.findall(line))
        m = re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            slug = github_slug(m.group(1))
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            anchors.add(slug if n == 0 else f"{slug}-{n}")
    return anchors


def broken_links(doc: Path) -> list[str]:
    """Relative links of one Markdown file whose file or anchor does not exist."""
    text = doc.read_text(encoding="utf-8")
    problems = []
    for number, line in enumerate(outside_code(text), start=1):
        for target in LINK.findall(line):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I):
                continue  # http:, https:, mailto:
            path_part, _, anchor = target.partition("#")
            target_path = (doc.parent / path_part).resolve() if path_part else doc
            where = f"{doc.name}:{number}: {target}"
            if not target_path.exists():
                problems.append(f"{where}: no such file")
            elif anchor and target_path.suffix == ".md":
                if anchor not in anchors_of(target_path.read_text(encoding="utf-8")):
                    problems.append(f"{where}: no heading or anchor #{anchor}")
    return problems


def test_no_tracked_file_points_outside_the_repository() -> None:
    problems = []
    for name in tracked_files():
        if name == THIS:
            continue
        text = text_of(name)
        if text is not None:
            problems += outside_references(name, text)
    assert not problems, "\n".join(problems)


def test_relative_links_in_readme_and_docs_reach_a_file_and_an_anchor() -> None:
    docs = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    problems = [p for doc in docs for p in broken_links(doc)]
    assert not problems, "\n".join(problems)


def test_docs_cited_in_code_and_comments_exist_with_their_anchor() -> None:
    anchors: dict[str, set[str]] = {}
    problems = []
    for name in tracked_files():
        if name == THIS or not name.endswith((".py", ".html", ".txt", ".md", ".toml", ".cfg")):
            continue
        text = text_of(name)
        if text is None:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for doc, anchor in DOC_CITATION.findall(line):
                path = ROOT / "docs" / doc
                if not path.is_file():
                    problems.append(f"{name}:{number}: docs/{doc} does not exist")
                elif anchor:
                    if doc not in anchors:
                        anchors[doc] = anchors_of(path.read_text(encoding="utf-8"))
                    if anchor not in anchors[doc]:
                        problems.append(f"{name}:{number}: docs/{doc} has no anchor #{anchor}")
    assert not problems, "\n".join(problems)


def test_the_checks_catch_a_broken_link_a_missing_anchor_and_an_outside_reference(tmp_path: Path) -> None:
    (tmp_path / "target.md").write_text(
        '# Target page\n\n## The six failure causes\n\n<a id="red-flag-5"></a>5. no deadline\n',
        encoding="utf-8",
    )
    good = tmp_path / "good.md"
    good.write_text(
        "See [causes](target.md#the-six-failure-causes), [flag](target.md#red-flag-5), [top](#own)"
        " and [web](https://example.com/x#y).\n\n## Own\n\n```\n[not a link](nowhere.md)\n```\n",
        encoding="utf-8",
    )
    assert broken_links(good) == []

    bad = tmp_path / "bad.md"
    bad.write_text(
        "A [gone file](missing.md), a [gone anchor](target.md#no-such-heading) and [self](#nothing).\n",
        encoding="utf-8",
    )
    problems = broken_links(bad)
    assert len(problems) == 3
    assert "missing.md: no such file" in problems[0]
    assert "no heading or anchor #no-such-heading" in problems[1]
    assert "no heading or anchor #nothing" in problems[2]

    flagged = outside_references(
        "x.py",
        "# see ../shared/INTERFACES.md\n# the seed's case A\n# RF 5\n"
        "random.Random(seed)  # fine\n# --seed 7 is fine\n",
    )
    assert [p.split(":")[1] for p in flagged] == ["1", "1", "2", "3"]
    assert github_slug("Red flag 5: `no` decision deadline!") == "red-flag-5-no-decision-deadline"
    assert github_slug("連携先とのミスマッチ (partner_fit)") == "連携先とのミスマッチ-partner_fit"


# --------------------------------------------------------------------------- the contributors' guide

APPS = "accounts|alignment|api|core|engine|events|knowledge|partners|projects|reports|risk"
MODULE_PATH = re.compile(rf"^(?:src/)?(?:kyoso/)?(?:{APPS}|tests|docs|bench|scripts)/[\w./-]+(?:::\w+)?$")
DOTTED = re.compile(rf"^(?:kyoso\.)?(?:{APPS})\.[\w.]+$")


def _find_file(rel: str) -> Path | None:
    for base in (ROOT, ROOT / "src", ROOT / "src" / "kyoso"):
        if (base / rel).exists():
            return base / rel
    return None


def _top_level_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _dotted_exists(dotted: str) -> bool:
    parts = dotted.removeprefix("kyoso.").split(".")
    base = ROOT / "src" / "kyoso"
    for i in range(len(parts), 0, -1):
        module = base.joinpath(*parts[:i])
        rest = parts[i:]
        for candidate in (module.with_suffix(".py"), module / "__init__.py"):
            if candidate.is_file():
                return not rest or rest[0] in _top_level_names(candidate)
        if module.is_dir() and not rest:
            return True
    return False


def named_paths_missing(text: str) -> list[str]:
    missing = []
    text = re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)  # code blocks are checked verbatim below
    for span in re.findall(r"`([^`]+)`", text):
        name = re.split(r"[\s(]", span.strip(), maxsplit=1)[0]
        if "<" in name or "*" in name:
            continue  # a pattern such as <app>/selectors.py
        if MODULE_PATH.match(name):
            rel, _, func = name.partition("::")
            found = _find_file(rel)
            if found is None:
                missing.append(f"{name}: no such file")
            elif func and func not in _top_level_names(found):
                missing.append(f"{name}: {found.name} defines no {func}")
        elif DOTTED.match(name) and not _dotted_exists(name):
            missing.append(f"{name}: no such module or name")
    return missing


def test_paths_and_names_in_the_contributors_guide_exist() -> None:
    guide = (ROOT / "docs" / "CONVENTIONS-for-contributors.md").read_text(encoding="utf-8")
    missing = named_paths_missing(guide)
    assert not missing, "\n".join(missing)


def test_the_guide_check_catches_a_name_that_does_not_exist() -> None:
    text = (
        "`kyoso/accounts/scoping.py`, `kyoso.core.errors.DomainError(message)`, `tests/conftest.py`,"
        " `kyoso/accounts/nothing_here.py`, `kyoso.core.errors.NoSuchError`,"
        " `projects/views/project.py::_no_such_function`, `<app>/services.py`"
    )
    assert named_paths_missing(text) == [
        "kyoso/accounts/nothing_here.py: no such file",
        "kyoso.core.errors.NoSuchError: no such module or name",
        "projects/views/project.py::_no_such_function: project.py defines no _no_such_function",
    ]


def test_the_code_examples_in_the_guide_are_quoted_from_the_code() -> None:
    """Each Python block of the guide appears, line for line, in the module it says it comes from."""
    guide = (ROOT / "docs" / "CONVENTIONS-for-contributors.md").read_text(encoding="utf-8")
    blocks = re.findall(r"From `([^`]+\.py)`[^\n]*:\n\n```python\n(.*?)```", guide, re.S)
    assert len(blocks) >= 4, "the guide should quote a selector, a service, a view and an API route"
    for rel, block in blocks:
        path = _find_file(rel)
        assert path is not None, f"{rel}: no such file"
        source = path.read_text(encoding="utf-8")
        assert block.strip("\n") in source, f"the example said to come from {rel} is not in it verbatim"

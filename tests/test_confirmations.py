"""Destructive and mass actions ask first, naming what they do.

Every template form that posts to a delete, remove, revoke, withdraw, leave, end-sessions or
publish action carries `data-confirm` (kyoso.js asks with it before the submit). Pages that are
themselves the confirmation step (erase pages with a typed confirmation) post to their own URL and
are not matched.
"""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "kyoso"
DESTRUCTIVE = re.compile(
    r"{% url '[a-z_]+:[a-z_]*(delete|remove|revoke|publish|leave|end_sessions|sessions_end)[a-z_]*'"
    r"|'(delete)'"  # action names passed as an argument (webhook_action ... 'delete')
)
FORM = re.compile(r"<form\b[^>]*>(?:(?!</form>).)*?(?:</form>|$)", re.S)


def _destructive_forms() -> list[tuple[str, str]]:
    found = []
    for path in SRC.rglob("*.html"):
        text = path.read_text()
        for form in FORM.finditer(text):
            tag = re.match(r"<form\b[^>]*>", form.group(0)).group(0)
            action = re.search(r'action="([^"]*)"', tag)
            withdraw = 'name="change" value="withdraw"' in form.group(0)
            if (action and DESTRUCTIVE.search(action.group(1))) or withdraw:
                found.append((f"{path.relative_to(SRC)}", tag))
    return found


def test_the_check_finds_the_known_destructive_forms():
    files = {name for name, _tag in _destructive_forms()}
    for expected in (
        "projects/templates/projects/del.html",
        "projects/templates/projects/vis.html",
        "events/templates/events/run.html",
        "partners/templates/partners/organisation_detail.html",
        "accounts/templates/accounts/members.html",
    ):
        assert expected in files


def test_every_destructive_form_asks_for_confirmation():
    missing = [f"{name}: {tag}" for name, tag in _destructive_forms() if "data-confirm=" not in tag]
    assert not missing, "forms without data-confirm:\n" + "\n".join(missing)

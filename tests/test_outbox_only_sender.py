"""Every e-mail leaves through the outbox: no module but `kyoso.outbox` touches Django's mail API.

The outbox writes each message as a row and the worker sends it with retries and a record; a module
that sent directly would skip both (and the recipient's language the outbox row carries).
"""

from __future__ import annotations

import ast
from pathlib import Path

import kyoso

SRC = Path(kyoso.__file__).parent
MAIL_NAMES = {
    "send_mail",
    "send_mass_mail",
    "mail_admins",
    "mail_managers",
    "EmailMessage",
    "EmailMultiAlternatives",
    "get_connection",
}


def direct_senders(root: Path) -> list[str]:
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if rel.parts[0] == "outbox":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("django.core.mail"):
                problems.append(f"{rel}:{node.lineno} imports from {node.module}")
            elif isinstance(node, ast.Import) and any(
                a.name.startswith("django.core.mail") for a in node.names
            ):
                problems.append(f"{rel}:{node.lineno} imports django.core.mail")
            elif isinstance(node, ast.Attribute) and node.attr in MAIL_NAMES:
                if "mail" in ast.unparse(node.value):
                    problems.append(f"{rel}:{node.lineno} calls {ast.unparse(node)}")
    return problems


def test_only_the_outbox_sends_mail() -> None:
    assert direct_senders(SRC) == []


def test_the_check_finds_a_direct_sender(tmp_path: Path) -> None:
    (tmp_path / "outbox").mkdir()
    (tmp_path / "outbox" / "services.py").write_text("from django.core.mail import EmailMessage\n")
    (tmp_path / "a.py").write_text(
        "from django.core.mail import send_mail\nsend_mail('s', 'b', None, ['x'])\n"
    )
    (tmp_path / "b.py").write_text("import django.core.mail\n")
    (tmp_path / "c.py").write_text("from django.core import mail\nmail.EmailMessage('s').send()\n")
    found = direct_senders(tmp_path)
    assert [p.split(":")[0] for p in found] == ["a.py", "b.py", "c.py"]

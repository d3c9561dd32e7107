"""`kyoso import organisations FILE [--workspace SLUG]` (docs/formats.md#partner-import).

All or nothing: on any bad row nothing is written, the report (one line per bad row, naming the
row, the column and the reason) goes to stderr and the exit status is 2.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from kyoso.core.errors import DomainError
from kyoso.core.imports import ImportRejected
from kyoso.partners import search, services
from kyoso.partners.management.workspace_option import UsageError, ensure_database, resolve_workspace

WHAT = ("organisations",)


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = (
        "Import organisations from CSV (UTF-8, with or without BOM) or XLSX: kyoso import organisations FILE."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=WHAT, help="What to import (organisations).")
        parser.add_argument("file", help="A .csv or .xlsx file with a header row.")
        parser.add_argument("--workspace", help="Workspace slug (default: the only workspace).")
        parser.add_argument(
            "--lang", choices=["ja", "en"], default="en", help="Language of messages (default en)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(options["lang"])
        path = Path(options["file"])
        if not path.is_file():
            raise UsageError(f"{path}: no such file")
        ensure_database()
        workspace, created = resolve_workspace(options["workspace"], create_if_none=True)
        if created:
            self.stdout.write(f"Created workspace {workspace.slug!r} (no workspace existed).")
        try:
            result = services.import_organisations(
                workspace=workspace, data=path.read_bytes(), filename=path.name, by=None
            )
        except ImportRejected as exc:
            lines = [f"{path}: {len(exc.errors)} problem(s); nothing was imported."]
            lines += [f"{path}: {error}" for error in exc.errors]
            sys.stderr.write("\n".join(lines) + "\n")
            raise SystemExit(2) from None
        except DomainError as exc:
            sys.stderr.write(f"{path}: {exc.message}\n")
            raise SystemExit(2) from None
        documents = search.refresh(workspace.pk)
        for note in result.notes:
            self.stdout.write(note)
        self.stdout.write(
            f"{path.name}: {result.rows} rows imported into {workspace.slug!r}: "
            f"{result.created} created, {result.updated} updated. "
            f"Search index: {documents} organisations."
        )

"""`kyoso export-snapshot PROJECT_ID [--out FILE] [--as-of DATE]`: a stored project as snapshot v1 (docs/formats.md#project-snapshot)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction
from kyoso.projects.models import Project
from kyoso.projects.snapshot import build_snapshot, snapshot_queryset


class Command(BaseCommand):
    help = "Write a stored project as a diagnosis snapshot (JSON, kyoso_snapshot 1)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project_id", help="id of the project")
        parser.add_argument("--out", help="write to FILE instead of stdout")
        parser.add_argument(
            "--as-of", dest="as_of", help="date the snapshot describes (default today, YYYY-MM-DD)"
        )

    def _fail(self, message: str) -> None:
        sys.stderr.write(f"kyoso export-snapshot: {message}\n")
        sys.exit(2)

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["project_id"])
        if not raw.isdigit():
            self._fail(f"PROJECT_ID: expected a project id (a whole number), got {raw!r}")
        as_of = None
        if options.get("as_of"):
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                self._fail(f"--as-of: expected a date YYYY-MM-DD, got {options['as_of']!r}")
        project = snapshot_queryset(Project.objects.all()).filter(pk=int(raw)).first()
        if project is None:
            self._fail(f"PROJECT_ID: no project with id {raw}")
        assert project is not None
        data = build_snapshot(project, as_of=as_of)
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        audit.record(
            actor=None,
            action=AuditAction.EXPORT,
            obj=project,
            changes={"via": "cli", "out": options.get("out") or "stdout"},
        )
        if options.get("out"):
            try:
                with open(options["out"], "w", encoding="utf-8") as fh:
                    fh.write(text)
            except OSError as exc:
                self._fail(f"--out {options['out']}: cannot write ({exc.strerror})")
        else:
            self.stdout.write(text, ending="")

"""`kyoso export-person EMAIL`: everything stored about one person (an APPI disclosure request)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyoso.accounts.models import User, Workspace
from kyoso.accounts.privacy import export_file, export_person, person_files
from kyoso.core.errors import DomainError
from kyoso.core.personal_data import Person


class Command(BaseCommand):
    help = "Write everything stored about one person as JSON (a ZIP when they uploaded files)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The person's e-mail address (account, contact or participant).")
        parser.add_argument("--workspace", help="Only this workspace's records (its slug).")
        parser.add_argument("-o", "--output", help="File to write (default: JSON on standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = None
        if options["workspace"]:
            workspace = Workspace.objects.filter(slug=options["workspace"]).first()
            if workspace is None:
                raise CommandError(f"no workspace with the short name {options['workspace']!r}")
        try:
            data = export_person(by=None, email=options["email"], workspace=workspace)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        if not options["output"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
            return
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        files = person_files(Person(email=options["email"], user=user, workspace=workspace)) if user else []
        output = Path(options["output"])
        name, _type, content = export_file(data, files, stem=output.stem)
        target = output.with_name(name) if output.suffix not in {".json", ".zip"} or files else output
        target.write_bytes(content)
        self.stdout.write(f"written to {target}")

"""`kyoso export-workspace SLUG FILE.zip`: write a whole workspace as an archive (docs/formats.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyoso.accounts.models import Workspace
from kyoso.core.errors import DomainError
from kyoso.transfer.services import export_to


class Command(BaseCommand):
    help = "Export a whole workspace (records and uploaded files) as a ZIP archive another instance imports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="the workspace's slug")
        parser.add_argument("file", help="the archive to write (.zip)")

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["slug"]).first()
        if workspace is None:
            raise CommandError(f"no workspace with the slug {options['slug']!r}")
        try:
            with open(options["file"], "wb") as out:
                result = export_to(workspace=workspace, out=out)
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from None
        except DomainError as exc:
            raise CommandError(exc.message) from None
        total = sum(result.counts.values())
        self.stdout.write(
            f"{options['file']}: workspace {workspace.slug}, {total} records in "
            f"{len(result.counts)} models, {result.files} files"
        )

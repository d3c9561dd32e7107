"""`kyoso import-workspace FILE.zip [--slug NEW]`: create a workspace from an archive (docs/formats.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyoso.core.errors import DomainError
from kyoso.transfer.archive import rebuild_derived_now
from kyoso.transfer.services import import_from


class Command(BaseCommand):
    help = (
        "Import a workspace archive as a new workspace, all or nothing. The archive's slug must be free "
        "on this instance; give --slug to import it under another one (a second copy)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the archive written by export-workspace (.zip)")
        parser.add_argument("--slug", default="", help="the new workspace's slug (default: the archive's)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with open(options["file"], "rb") as source:
                result = import_from(source=source, slug=options["slug"])
        except OSError as exc:
            raise CommandError(f"{options['file']}: {exc.strerror or exc}") from None
        except DomainError as exc:
            prefix = "--slug: " if exc.field == "slug" else ""
            raise CommandError(f"{prefix}{exc.message}") from None
        total = sum(result.counts.values())
        self.stdout.write(
            f"imported workspace {result.workspace.slug}: {total} records, {result.files} files, "
            f"{len(result.users_linked)} people linked to existing accounts, "
            f"{len(result.users_created)} accounts created (they sign in after a password reset)"
        )
        for email in result.users_created:
            self.stdout.write(f"  new account: {email}")
        # a worker would rebuild the search index and the risk diagnosis too; here it is done at once
        rebuild_derived_now(result.workspace.pk)

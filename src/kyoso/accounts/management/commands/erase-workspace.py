"""`kyoso erase-workspace SLUG`: delete a workspace and everything in it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyoso.accounts.models import Workspace
from kyoso.accounts.privacy import erase_workspace
from kyoso.core.errors import DomainError


class Command(BaseCommand):
    help = "Delete a workspace and every record and file in it (members' accounts stay)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The workspace's short name (slug).")
        parser.add_argument("--yes", action="store_true", help="Do not ask to type the name.")

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["slug"]).first()
        if workspace is None:
            raise CommandError(f"no workspace with the short name {options['slug']!r}")
        confirm = (
            workspace.name if options["yes"] else input(f"Type the workspace's name ({workspace.name}): ")
        )
        try:
            erase_workspace(by=None, workspace=workspace, confirm_name=confirm)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"workspace {options['slug']} erased")

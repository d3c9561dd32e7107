"""The `--workspace SLUG` option shared by `kyoso import` and `kyoso search`."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from kyoso.accounts.models import Workspace

DEFAULT_SLUG = "default"


class UsageError(CommandError):
    """Bad input: the command prints the message on stderr and exits with status 2."""

    def __init__(self, message: str) -> None:
        super().__init__(message, returncode=2)


def ensure_database() -> None:
    """Apply pending migrations, so `kyoso import` works on a fresh machine like `kyoso demo` does."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)


def resolve_workspace(slug: str | None, *, create_if_none: bool = False) -> tuple[Workspace, bool]:
    """The workspace named by --workspace, else the only one; (workspace, created)."""
    if slug:
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            slugs = list(Workspace.objects.order_by("slug").values_list("slug", flat=True)[:50])
            raise UsageError(
                f"--workspace: no workspace with slug {slug!r}; existing: {', '.join(slugs) or '(none)'}"
            )
        return workspace, False
    workspaces = list(Workspace.objects.order_by("slug")[:51])
    if len(workspaces) == 1:
        return workspaces[0], False
    if not workspaces:
        if create_if_none:
            return Workspace.objects.create(name="Kyoso", slug=DEFAULT_SLUG), True
        raise UsageError("no workspace exists yet; import organisations first or run `kyoso demo`")
    raise UsageError(
        "several workspaces exist; choose one with --workspace SLUG: "
        + ", ".join(w.slug for w in workspaces[:50])
    )

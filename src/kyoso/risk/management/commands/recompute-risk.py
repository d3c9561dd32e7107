"""`kyoso recompute-risk`: diagnose every project again (run nightly by cron).

Warnings such as "no contact for 30 days" or "milestone overdue" appear by
time passing alone, with no save to trigger a recompute; this command catches
them. Unchanged snapshots are skipped, so running it often is cheap. Afterwards the people of each
workspace get one e-mail digest of the warnings raised since the last digest (--no-digest to skip).

    crontab:  15 6 * * *  kyoso recompute-risk
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyoso.accounts.models import Workspace
from kyoso.risk.services import recompute_all, send_warning_digests


class Command(BaseCommand):
    help = "Recompute the failure-risk diagnosis and warnings of every project (run nightly)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", help="only this workspace (slug)")
        parser.add_argument("--as-of", help="diagnose as of this date (YYYY-MM-DD); default today")
        parser.add_argument("--force", action="store_true", help="recompute even unchanged snapshots")
        parser.add_argument(
            "--no-digest", action="store_true", help="do not e-mail the digest of new warnings"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = None
        if options["workspace"]:
            workspace = Workspace.objects.filter(slug=options["workspace"]).first()
            if workspace is None:
                raise CommandError(f"--workspace: no workspace with the slug {options['workspace']!r}")
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of: expected a date YYYY-MM-DD, got {options['as_of']!r}") from None
        started = time.perf_counter()
        counts = recompute_all(workspace=workspace, as_of=as_of, force=options["force"])
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"{counts['projects']} projects, {counts['changed']} recomputed, "
            f"{counts['raised']} warnings raised, {counts['errors']} errors, in {seconds:.1f} s"
        )
        if not options["no_digest"]:
            emails = send_warning_digests(workspace=workspace)
            self.stdout.write(f"{emails} warning digest e-mails sent")
        if counts["errors"]:
            raise CommandError(f"{counts['errors']} projects could not be diagnosed; see the log")

"""`kyoso send-digest`: the weekly digest e-mail (run weekly from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kyoso.reports.digest import send_weekly_digests


class Command(BaseCommand):
    help = (
        "E-mail every active workspace member their weekly digest (open warnings, gates due within "
        "14 days, overdue milestones, new retrospectives). Meant for weekly cron, e.g. "
        "'0 7 * * 1 kyoso send-digest'. People with nothing to report or who unsubscribed get none."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_weekly_digests()
        self.stdout.write(f"sent {sent} digest e-mail(s)")

"""`kyoso prune-audit`: pseudonymise e-mail and IP addresses in old audit entries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from kyoso.accounts.privacy import prune_audit


class Command(BaseCommand):
    help = "Replace e-mail and IP addresses in audit entries older than KYOSO_AUDIT_PII_DAYS by pseudonyms."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="Retention in days (default: KYOSO_AUDIT_PII_DAYS)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.KYOSO_AUDIT_PII_DAYS
        changed = prune_audit(days=days)
        self.stdout.write(f"{changed} audit entries older than {days} days pseudonymised")

"""`kyoso erase-user EMAIL`: erase one person's account data (an APPI deletion request)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kyoso.accounts.models import User
from kyoso.accounts.privacy import erase_user
from kyoso.core.errors import DomainError


class Command(BaseCommand):
    help = "Erase a user's personal data; kept records (log entries, decisions, audit) show a pseudonym."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="The account's e-mail address.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip()).first()
        if user is None:
            raise CommandError(f"no account with the e-mail address {options['email']!r}")
        if not options["yes"]:
            answer = input(f"Erase the account {user.email} for good? Type yes: ")
            if answer.strip().lower() != "yes":
                raise CommandError("nothing erased")
        try:
            label = erase_user(by=None, user=user)
        except DomainError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"erased; kept records now show {label}")

"""`kyoso demo`: one command from a fresh machine to a running app with Japanese demo data."""

from __future__ import annotations

import os
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from kyoso.accounts.demo_data import demo_exists, load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from kyoso.core.worker import start_worker_thread


def served_site_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches `runserver host:port` at.

    A wildcard bind (0.0.0.0, ::) has no address of its own, so links point at the loopback
    address; serving other machines then needs SITE_URL set to the name they use.
    """
    if host in {"", "0.0.0.0", "::", "[::]"}:
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = "Create the database if missing, load Japanese demo data when empty, and serve the app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (default 8000).")
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (default 127.0.0.1).")
        parser.add_argument("--no-serve", action="store_true", help="Prepare the database, then exit.")
        parser.add_argument("--no-worker", action="store_true", help="Do not run the in-process worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        database = settings.DATABASES["default"]
        self.stdout.write(f"Database: {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}")
        call_command("migrate", interactive=False, verbosity=0)
        if demo_exists():
            self.stdout.write("Demo data already present; keeping it.")
        else:
            self.stdout.write("Loading Japanese demo data…")
            load_demo()
        # Mails sent by the in-process worker (agendas, digests) link to SITE_URL; its default
        # names port 8000, so without this `demo --port 8106` would mail dead links.
        if not os.environ.get("SITE_URL"):
            settings.SITE_URL = served_site_url(options["host"], options["port"])
        self.stdout.write(
            self.style.SUCCESS(
                "\nLog in at http://{host}:{port}/ with\n"
                "  owner:        {owner} / {password}\n"
                "  partner user: {partner} / {password}\n".format(
                    host=options["host"],
                    port=options["port"],
                    owner=DEMO_OWNER_EMAIL,
                    partner=DEMO_PARTNER_EMAIL,
                    password=DEMO_PASSWORD,
                )
            )
        )
        self.stdout.write(f"Links in e-mails point to {settings.SITE_URL} (set SITE_URL to change).")
        if options["no_serve"]:
            return
        # The demo's privacy notice names who runs it, as an operator's must (APPI); a real
        # operator sets these in the environment (docs/privacy.md).
        settings.KYOSO_OPERATOR_NAME = settings.KYOSO_OPERATOR_NAME or "Kyoso デモ運営事務局"
        settings.KYOSO_PRIVACY_CONTACT = settings.KYOSO_PRIVACY_CONTACT or "privacy@demo.kyoso.example"
        connection.close()
        stop = threading.Event()
        if not options["no_worker"]:
            start_worker_thread(stop)
        try:
            call_command(
                "runserver",
                f"{options['host']}:{options['port']}",
                use_reloader=False,
                use_threading=True,
                skip_checks=True,
            )
        finally:
            stop.set()

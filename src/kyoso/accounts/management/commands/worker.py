"""`kyoso worker`: run background tasks from the database queue until stopped.

Several workers, on several machines, may share one PostgreSQL queue: each
claims a task with SELECT … FOR UPDATE SKIP LOCKED.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kyoso.core.worker import make_worker, run_forever


class Command(BaseCommand):
    help = "Run background tasks (schedule solves, diagnosis recomputes, imports, webhooks, digests)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls when idle.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch"]:
            make_worker(interval=0, batch=True).run()
            return
        run_forever(interval=options["interval"])

"""`kyoso generate-data`: realistic data at any size into the current DATABASE_URL (see core.datagen)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = (
        "Generate realistic Japanese/English data (organisations, projects, communication logs, events) "
        "into the current database, reproducible from --seed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisations", type=int, default=1000, help="Organisations in the directory.")
        parser.add_argument("--projects", type=int, default=100, help="Collaboration projects.")
        parser.add_argument("--log-entries", type=int, default=5000, help="Communication-log entries in all.")
        parser.add_argument(
            "--events", type=int, default=1, help="Matchmaking events, each with a placed schedule."
        )
        parser.add_argument("--workspace", default="generated", help="Workspace slug (created when missing).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed: same arguments, same data.")
        parser.add_argument(
            "--event-corporates", type=int, default=None, help="Corporates per event (default ≤ 1000)."
        )
        parser.add_argument(
            "--event-startups", type=int, default=None, help="Startups per event (default ≤ 5000)."
        )
        parser.add_argument(
            "--event-requests", type=int, default=None, help="Meeting requests per event (default ≤ 30000)."
        )
        parser.add_argument("--event-slots", type=int, default=20, help="Time slots per event.")
        parser.add_argument("--event-tables", type=int, default=None, help="Tables per slot.")
        parser.add_argument(
            "--diagnoses",
            type=int,
            default=None,
            help="Run the diagnosis engine for this many projects (default: all; 0 = none).",
        )
        parser.add_argument("--no-search-index", action="store_true", help="Do not build the search index.")

    def handle(self, *args: Any, **options: Any) -> None:
        from kyoso.core import datagen

        for name in ("organisations", "projects", "log_entries", "events"):
            if options[name] < 0:
                raise CommandError(f"--{name.replace('_', '-')} must be 0 or more (got {options[name]}).")
        if options["log_entries"] and not options["projects"]:
            raise CommandError("--log-entries needs at least one project (--projects).")

        def say(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        datagen.migrate_if_needed(say)
        say(
            f"generate-data: {options['organisations']:,} organisations, {options['projects']:,} projects, "
            f"{options['log_entries']:,} log entries, {options['events']} event(s), seed {options['seed']}, "
            f"workspace '{options['workspace']}'"
        )
        report = datagen.generate(
            organisations=options["organisations"],
            projects=options["projects"],
            log_entries=options["log_entries"],
            events=options["events"],
            workspace=options["workspace"],
            seed=options["seed"],
            event_corporates=options["event_corporates"],
            event_startups=options["event_startups"],
            event_requests=options["event_requests"],
            event_slots=options["event_slots"],
            event_tables=options["event_tables"],
            diagnoses=options["diagnoses"],
            search_index=not options["no_search_index"],
            say=say,
        )
        say(f"Log in as owner@{options['workspace']}.example with password '{datagen.PASSWORD}'.")
        for line in report.skipped:
            say(f"note: {line}")

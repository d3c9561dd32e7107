"""The `kyoso` console script.

Commands that need no database (`diagnose`, `schedule`) run without loading
Django, so they start fast and work on a machine with nothing configured.
Everything else is a Django management command: the project's own
(`demo`, `import`, `search`, `export-snapshot`, `worker`, ...) and Django's.
"""

from __future__ import annotations

import importlib
import os
import sys

# name -> (module with `main(argv) -> int`, one-line help)
PURE_COMMANDS: dict[str, tuple[str, str]] = {
    "diagnose": ("kyoso.engine.diagnosis.cli", "Diagnose failure risks of a project snapshot (JSON)."),
    "schedule": ("kyoso.engine.scheduling.cli", "Schedule the 1:1 meetings of a matchmaking event (JSON)."),
}

OWN_COMMANDS: dict[str, str] = {
    "demo": "Create the demo database if missing and serve the app.",
    "worker": "Run background tasks (schedule solves, recomputes, webhooks, digests).",
    "import": "Import organisations from CSV or XLSX: kyoso import organisations FILE.",
    "search": "Rank organisations for a free-text need (Japanese or English).",
    "export-snapshot": "Write a stored project as a diagnosis snapshot (JSON).",
    "generate-data": "Generate realistic data at any size into the current database.",
    "erase-user": "Erase a person's account data (APPI deletion): kyoso erase-user EMAIL.",
    "erase-workspace": "Delete a workspace and everything in it: kyoso erase-workspace SLUG.",
    "export-person": "Everything stored about one person as JSON: kyoso export-person EMAIL.",
    "prune-audit": "Pseudonymise e-mail and IP addresses in audit entries past KYOSO_AUDIT_PII_DAYS.",
    "export-workspace": "Write a whole workspace as a ZIP archive: kyoso export-workspace SLUG FILE.zip.",
    "import-workspace": "Create a workspace from an archive: kyoso import-workspace FILE.zip [--slug NEW].",
}


def _print_help() -> None:
    print("usage: kyoso <command> [options]\n")
    print("Kyoso commands:")
    for name, (_, text) in PURE_COMMANDS.items():
        print(f"  {name:<16} {text}")
    for name, text in OWN_COMMANDS.items():
        print(f"  {name:<16} {text}")
    print("\nDjango commands (kyoso <command> --help for details):")
    print("  migrate, createsuperuser, check, makemessages, compilemessages, shell, ...")
    print("  kyoso help --commands lists all of them.")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        _print_help()
        return 0
    if args[0] in PURE_COMMANDS:
        module = importlib.import_module(PURE_COMMANDS[args[0]][0])
        return int(module.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    from kyoso.settings_errors import SettingsError

    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["kyoso", *args])
    except SettingsError as exc:
        print(f"kyoso: configuration error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`kyoso search "QUERY" [--kind startup] [--top N] [--workspace SLUG] [--format json]` (INTERFACES.md §3).

JSON: `[{"name": …, "score": …, "reasons": […]}]`, best first (plus `id`, `kind`, `website`).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kyoso.partners import search
from kyoso.partners.management.workspace_option import UsageError, resolve_workspace
from kyoso.partners.models import Organisation, OrganisationKind


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Rank organisations for a free-text need (Japanese or English)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help="The need in free text, Japanese or English.")
        parser.add_argument(
            "--kind", choices=OrganisationKind.values, help="Only organisations of this kind."
        )
        parser.add_argument("--top", type=int, default=10, help="How many results (default 10).")
        parser.add_argument("--workspace", help="Workspace slug (default: the only workspace).")
        parser.add_argument("--format", choices=["json", "text"], default="text")
        parser.add_argument(
            "--lang", choices=["ja", "en"], help="Language of the reasons (default: the query's)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        query = options["query"].strip()
        if not query:
            raise UsageError("QUERY: expected a non-empty search text")
        if options["top"] < 1:
            raise UsageError("--top: expected a positive number")
        workspace, _ = resolve_workspace(options["workspace"])
        allowed = None
        if options["kind"]:
            allowed = set(
                Organisation.objects.filter(workspace=workspace, kind=options["kind"]).values_list(
                    "pk", flat=True
                )
            )
        lang = search.language_of(query, options["lang"])
        hits = search.search(workspace.pk, query, top=options["top"], allowed_ids=allowed, lang=lang)
        orgs = Organisation.objects.filter(workspace=workspace).in_bulk([h.doc_id for h in hits])
        results = [
            {
                "name": orgs[h.doc_id].name,
                "score": round(float(h.score), 4),
                "reasons": list(h.reasons),
                "id": orgs[h.doc_id].pk,
                "kind": orgs[h.doc_id].kind,
                "website": orgs[h.doc_id].website,
            }
            for h in hits
            if h.doc_id in orgs
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            return
        if not results:
            self.stdout.write("No organisation matches." if lang == "en" else "一致する組織はありません。")
            return
        for rank, r in enumerate(results, start=1):
            self.stdout.write(f"{rank:>3}. {r['name']}  ({r['kind']}, score {r['score']:.2f})")
            for reason in r["reasons"]:
                self.stdout.write(f"       - {reason}")

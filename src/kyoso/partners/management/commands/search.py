"""`kyoso search "QUERY" [--kind startup] [--top N] [--workspace SLUG] [--format json] [--all] [--hide-engaged]`.

JSON: `[{"name": …, "score": …, "reasons": […]}]`, best first (plus `id`, `kind`, `website`).
The workspace's own company is never listed; organisations scoring below a share of the best hit
are left out unless `--all` is given, and their number is reported (text: a closing line;
JSON: on standard error, so standard output stays the list).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kyoso.partners import search
from kyoso.partners.management.workspace_option import UsageError, resolve_workspace
from kyoso.partners.models import Organisation, OrganisationKind
from kyoso.partners.selectors import not_partners


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
        parser.add_argument(
            "--all", action="store_true", help="Also list weakly related organisations (no cut-off)."
        )
        parser.add_argument(
            "--hide-engaged",
            action="store_true",
            help="Leave out organisations that are a party of an active project.",
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
        hits, _, _, hidden = search.search_page(
            workspace.pk,
            query,
            window=options["top"],
            limit=options["top"],
            allowed_ids=allowed,
            exclude_ids=not_partners(workspace.pk, hide_engaged=options["hide_engaged"]),
            lang=lang,
            min_relative=0.0 if options["all"] else search.WEAK_CUTOFF,
        )
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
        note = (
            f"{hidden} more weakly related organisations hidden (--all shows them)."
            if lang == "en"
            else f"関連の弱い組織 {hidden} 件を省略しました（--all で表示）。"
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
            if hidden:
                self.stderr.write(note)
            return
        if not results:
            self.stdout.write("No organisation matches." if lang == "en" else "一致する組織はありません。")
        for rank, r in enumerate(results, start=1):
            self.stdout.write(f"{rank:>3}. {r['name']}  ({r['kind']}, score {r['score']:.2f})")
            for reason in r["reasons"]:
                self.stdout.write(f"       - {reason}")
        if hidden:
            self.stdout.write(note)

"""Indexes: EXPLAIN every query the main pages and their filters issue, on the full-size PostgreSQL data.

    .venv/bin/python bench/explain_queries.py [--database-url URL] [--min-rows 10000] [--json FILE]

Loads each page (portfolio and its filters and sorts, directory and its filters, search, project
page, heat map, warnings, event grid, lessons library, API lists) through Django's test Client as
the workspace owner, captures the SQL it runs, and asks PostgreSQL for each SELECT's plan
(`EXPLAIN (FORMAT JSON)`, not ANALYZE, so nothing is written). Reports every Seq Scan on a table
holding at least --min-rows rows — a filter or ordering without a usable index — with the page and
the query. A Seq Scan is fine on small tables (the planner prefers it) and is not reported there; one that
returns most of its table (an unselective filter, e.g. a workspace holding every row) is reported
but marked as such: only a selective Seq Scan (< 20% of the rows) points at a missing index.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

PAGES = [
    "/projects/",
    "/projects/?stage=poc",
    "/projects/?sort=title",
    "/partners/",
    "/partners/?kind=startup",
    "/partners/?stage=seed",
    "/partners/?country=日本",
    "/partners/?industry=製造業",
    "/partners/?kind=corporate&page=50",
    "/partners/search/?q=画像認識",
    "/partners/needs/",
    "/partners/offers/",
    "/search/?q=画像認識",
    "/projects/{project}/",
    "/risk/",
    "/risk/?sort=communication",
    "/risk/warnings/",
    "/events/{event}/runs/{run}/",
    "/events/{event}/participants/",
    "/events/{event}/requests/",
    "/lessons/",
    "/lessons/?cause=ip_contract",
    "/",
    "/api/v1/projects/",
    "/api/v1/partners/organisations",
    "/api/v1/risk/heatmap",
    "/api/v1/risk/warnings",
]


def seq_scans(plan: dict[str, Any]) -> list[tuple[str, str, float]]:
    found = []
    if plan.get("Node Type") == "Seq Scan":
        found.append(
            (plan.get("Relation Name", "?"), plan.get("Filter", ""), float(plan.get("Plan Rows", 0)))
        )
    for child in plan.get("Plans", []):
        found.extend(seq_scans(child))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=benchlib.DEFAULT_PG)
    parser.add_argument("--workspace", default=benchlib.BENCH_WORKSPACE)
    parser.add_argument("--organisations", type=int, default=benchlib.FULL_SIZE["organisations"])
    parser.add_argument("--projects", type=int, default=benchlib.FULL_SIZE["projects"])
    parser.add_argument("--log-entries", type=int, default=benchlib.FULL_SIZE["log_entries"])
    parser.add_argument("--min-rows", type=int, default=10_000, help="Report Seq Scans on tables this big.")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)

    if not args.database_url.startswith("postgres"):
        raise SystemExit("EXPLAIN is checked on PostgreSQL (--database-url postgres://...)")
    benchlib.ensure_postgres_database(args.database_url)
    benchlib.setup_django(args.database_url)
    benchlib.ensure_dataset(
        organisations=args.organisations,
        projects=args.projects,
        log_entries=args.log_entries,
        workspace=args.workspace,
    )
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import Resolver404, resolve

    from kyoso.accounts.models import User
    from kyoso.events.models import Event
    from kyoso.projects.models import Project

    with connection.cursor() as cur:
        cur.execute("ANALYZE")
        cur.execute(
            "SELECT relname, reltuples::bigint FROM pg_class WHERE relkind = 'r' AND relnamespace = "
            "'public'::regnamespace"
        )
        sizes = dict(cur.fetchall())
    busiest = (
        Project.objects.filter(workspace__slug=args.workspace)
        .annotate(n=Count("log_entries"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    event = (
        Event.objects.filter(workspace__slug=args.workspace).exclude(current_run=None).order_by("pk").first()
    )
    ids = {"project": busiest, "event": event.pk if event else 0, "run": event.current_run_id if event else 0}
    client = Client()
    client.force_login(
        User.objects.get(email=f"owner@{args.workspace}.example"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    findings: list[dict[str, Any]] = []
    checked = 0
    pages_checked = []
    for template in PAGES:
        url = template.format(**ids)
        try:
            resolve(url.split("?")[0])
        except Resolver404:
            print(f"skip {url}: not mounted")
            continue
        if "search" in url:
            client.get(url)  # warm the search index, so only the steady-state queries are explained
        with CaptureQueriesContext(connection) as ctx:
            status = client.get(url).status_code
        pages_checked.append({"url": url, "status": status, "queries": len(ctx.captured_queries)})
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            checked += 1
            with connection.cursor() as cur:
                cur.execute("EXPLAIN (FORMAT JSON) " + sql)
                plan = cur.fetchone()[0]
            plan = plan if isinstance(plan, list) else json.loads(plan)
            for table, flt, expected in seq_scans(plan[0]["Plan"]):
                rows = sizes.get(table, 0)
                if rows >= args.min_rows:
                    # A scan the planner expects to return most of its table is the right plan (no
                    # index would help); one returning a small part of it lacks an index.
                    share = expected / rows if rows else 0.0
                    findings.append(
                        {
                            "url": url,
                            "table": table,
                            "rows": rows,
                            "filter": flt,
                            "sql": sql[:600],
                            "expected_rows": expected,
                            "share": share,
                            "selective": share < 0.2,
                            "cost": plan[0]["Plan"].get("Total Cost"),
                        }
                    )
    print(f"\n{len(pages_checked)} pages, {checked} SELECTs explained; tables ≥ {args.min_rows:,} rows:")
    big = {t: n for t, n in sizes.items() if n >= args.min_rows}
    print("  " + ", ".join(f"{t} {n:,}" for t, n in sorted(big.items(), key=lambda kv: -kv[1])))
    if not findings:
        print("no Seq Scan on a large table")
    seen = set()
    for f in findings:
        key = (f["url"], f["table"], f["filter"])
        if key in seen:
            continue
        seen.add(key)
        verdict = "MISSING INDEX? returns" if f["selective"] else "reads most of the table:"
        print(
            f"\nSEQ SCAN {f['table']} ({f['rows']:,} rows) on {f['url']}  filter: {f['filter'] or '-'}  "
            f"[{verdict} ~{f['share']:.0%} of its rows]"
        )
        print(f"  {f['sql'][:400]}")
    benchlib.write_json(
        args.json,
        {
            "benchmark": "explain_queries",
            "pages": pages_checked,
            "selects": checked,
            "seq_scans": findings,
            "large_tables": big,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Page latency at full scale on PostgreSQL, as a ratio to a bare Django view in the same run.

    .venv/bin/python bench/page_latency.py [--database-url postgres://postgres@127.0.0.1:5432/kyoso_bench]
        [--organisations 100000 --projects 10000 --log-entries 1000000] [--requests 40] [--json FILE]

Builds the database with `kyoso generate-data` (or reuses it when it already holds the sizes), then
requests each page through Django's test Client as the workspace owner — the whole middleware
stack, templates and queries, no network — alternating with a bare view that reads one row
through the same middleware (mounted only here, by a urlconf override). Reports p50/p95 per page
and their ratio to the bare view's. Goals (issue 10): ≤ 3× the bare view, p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import sys
import time
import types
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402


def _bare_urlconf() -> str:
    from django.http import HttpResponse
    from django.urls import include, path

    def bare(request: Any) -> HttpResponse:
        from kyoso.partners.models import Organisation

        name = Organisation.objects.values_list("name", flat=True).order_by("pk").first()
        return HttpResponse(f"<p>{name}</p>")

    module = types.ModuleType("bench_page_latency_urls")
    module.urlpatterns = [path("__bench_bare__/", bare), path("", include("kyoso.urls"))]  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    return module.__name__


def pages(workspace: str) -> list[tuple[str, str]]:
    from django.db.models import Count

    from kyoso.events.models import Event
    from kyoso.projects.models import Project

    busiest = (
        Project.objects.filter(workspace__slug=workspace)
        .annotate(n=Count("log_entries"))
        .order_by("-n", "pk")
        .values_list("pk", "n")
        .first()
    )
    event = Event.objects.filter(workspace__slug=workspace).exclude(current_run=None).order_by("pk").first()
    out = [
        ("portfolio", "/projects/"),
        ("directory", "/partners/"),
        ("directory search", "/partners/search/?q=画像認識 外観検査"),
        ("directory search (en)", "/partners/search/?q=computer vision inspection"),
        (
            f"project page ({busiest[1]:,} log rows)" if busiest else "project page",
            f"/projects/{busiest[0]}/",
        ),
        ("heat map", "/risk/"),
    ]
    if event is not None:
        out.append(("event grid", f"/events/{event.pk}/runs/{event.current_run_id}/"))
    return [p for p in out if "None" not in p[1]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=benchlib.DEFAULT_PG)
    parser.add_argument("--workspace", default=benchlib.BENCH_WORKSPACE)
    parser.add_argument("--organisations", type=int, default=benchlib.FULL_SIZE["organisations"])
    parser.add_argument("--projects", type=int, default=benchlib.FULL_SIZE["projects"])
    parser.add_argument("--log-entries", type=int, default=benchlib.FULL_SIZE["log_entries"])
    parser.add_argument("--requests", type=int, default=40, help="Timed requests per page (at most).")
    parser.add_argument(
        "--budget",
        type=float,
        default=45.0,
        help="Seconds per page; a slower page gets fewer requests (3 at least).",
    )
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--json", default=None, help="Also write the results to this file.")
    args = parser.parse_args(argv)

    if args.database_url.startswith("postgres"):
        benchlib.ensure_postgres_database(args.database_url)
    benchlib.setup_django(args.database_url)
    dataset = benchlib.ensure_dataset(
        organisations=args.organisations,
        projects=args.projects,
        log_entries=args.log_entries,
        workspace=args.workspace,
    )
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from kyoso.accounts.models import User

    with override_settings(ROOT_URLCONF=_bare_urlconf()):
        client = Client()
        client.force_login(
            User.objects.get(email=f"owner@{args.workspace}.example"),
            backend="django.contrib.auth.backends.ModelBackend",
        )
        bare_url = "/__bench_bare__/"
        targets = pages(args.workspace)
        for name, url in [("bare", bare_url), *targets]:
            started = time.perf_counter()
            for _ in range(
                args.warmup if name in ("bare", "directory search", "directory search (en)") else 1
            ):
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{name}: GET {url} answered {response.status_code}")
            print(
                f"warm-up {name:<34} {(time.perf_counter() - started) * 1000 / args.warmup:8.1f} ms/request"
            )

        bare: list[float] = []
        results: dict[str, dict[str, Any]] = {}
        for name, url in targets:
            times: list[float] = []
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            queries = len(ctx.captured_queries)
            reset_queries()
            page_started = time.perf_counter()
            for i in range(args.requests):
                if i >= 3 and time.perf_counter() - page_started > args.budget:
                    break
                # alternate with the bare view, so both see the same noise on a shared machine
                started = time.perf_counter()
                client.get(bare_url)
                bare.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            results[name] = {"url": url, "queries": queries, **benchlib.summary(times)}

    base = benchlib.summary(bare)
    print(f"\n{args.workspace}: {dataset}")
    print(
        f"bare view (one row through the same middleware): p50 {base['p50']:.1f} ms, p95 {base['p95']:.1f} ms\n"
    )
    print(f"{'page':<36} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50/bare':>9} {'p95/bare':>9}  goal")
    for name, r in results.items():
        r["p50_ratio"] = r["p50"] / base["p50"]
        r["p95_ratio"] = r["p95"] / base["p95"]
        r["meets_goal"] = r["p50_ratio"] <= 3 and r["p95"] < 200
        print(
            f"{name:<36} {r['queries']:>7} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p50_ratio']:>8.1f}x "
            f"{r['p95_ratio']:>8.1f}x  {'ok' if r['meets_goal'] else 'MISSED'}"
        )
    benchlib.write_json(
        args.json,
        {
            "benchmark": "page_latency",
            "dataset": dataset,
            "bare": base,
            "pages": results,
            "requests": args.requests,
        },
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The web recompute of stored projects: snapshot from the database, engine, stored diagnosis, warnings.

    .venv/bin/python bench/risk_recompute.py [--projects 10000] [--database-url URL]

Generates the projects (with `kyoso generate-data`'s generator) into a fresh SQLite file unless a
database URL is given, then times, in the same run:

* baseline — the engine alone on the same snapshots (built beforehand, kept in memory);
* measured — `risk.services.recompute_all(force=True)`: the nightly `kyoso recompute-risk` path,
  which reads every project in a fixed number of queries per chunk, runs the engine, stores the
  diagnosis and raises or resolves warnings.

The issue asks for 10,000 stored projects to be timed separately from the engine benchmark.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--database-url", default="", help="Default: a fresh SQLite file in a temp folder.")
    args = parser.parse_args(argv)

    tmp = tempfile.mkdtemp(prefix="kyoso-risk-bench-")
    url = args.database_url or f"sqlite:///{tmp}/bench.sqlite3"
    if url.startswith("postgres"):
        benchlib.ensure_postgres_database(url)
    benchlib.setup_django(url)

    from kyoso.core import datagen
    from kyoso.engine.diagnosis import diagnose, parse_snapshot
    from kyoso.projects.models import Project
    from kyoso.projects.snapshot import build_snapshot, snapshot_queryset
    from kyoso.risk.services import recompute_all

    datagen.migrate_if_needed(say=lambda _m: None)
    if not Project.objects.exists():
        started = time.perf_counter()
        datagen.generate(
            workspace="risk-bench",
            organisations=max(200, args.projects // 5),
            projects=args.projects,
            log_entries=args.projects * 20,
            events=0,
            diagnoses=0,
            search_index=False,
            seed=11,
            say=lambda _m: None,
        )
        print(f"generated {args.projects:,} projects in {time.perf_counter() - started:.1f} s")
    count = Project.objects.count()

    snapshots = [build_snapshot(p) for p in snapshot_queryset().order_by("pk").iterator(chunk_size=200)]
    started = time.perf_counter()
    for snapshot in snapshots:
        diagnose(parse_snapshot(snapshot), lang="ja").to_json()
    engine_seconds = time.perf_counter() - started

    started = time.perf_counter()
    counts = recompute_all(force=True)
    web_seconds = time.perf_counter() - started

    print(f"projects                       {count:,}")
    print(f"baseline: engine only          {engine_seconds:8.1f} s  {count / engine_seconds:8.0f} projects/s")
    print(f"recompute_all (web path)       {web_seconds:8.1f} s  {count / web_seconds:8.0f} projects/s")
    print(f"ratio web / engine             {web_seconds / engine_seconds:8.2f}x")
    print(f"stored: {counts}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Shared by the database benchmarks (page_latency, import_speed, worker_memory, load_test).

Each benchmark is one command; this module only sets Django up on the chosen database, builds or
reuses the generated data set, and formats numbers. Nothing here sends traffic anywhere: the load
test talks to 127.0.0.1 only.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kyoso_bench"
BENCH_WORKSPACE = "bench"
FULL_SIZE = {"organisations": 100_000, "projects": 10_000, "log_entries": 1_000_000}

if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))


def setup_django(database_url: str) -> None:
    """Point Django at `database_url` (its own data dir, a test host allowed) and set it up."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("KYOSO_DATA_DIR", "/tmp/kyoso-bench")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kyoso.settings")
    hosts = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost")
    if "testserver" not in hosts:
        os.environ["ALLOWED_HOSTS"] = hosts + ",testserver"
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


def ensure_postgres_database(database_url: str) -> None:
    """CREATE DATABASE when it does not exist yet (loopback PostgreSQL, trust auth)."""
    import psycopg

    name = database_url.rsplit("/", 1)[-1]
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_dataset(
    *, organisations: int, projects: int, log_entries: int, workspace: str = BENCH_WORKSPACE, seed: int = 7
) -> dict[str, Any]:
    """Reuse the generated workspace when it holds at least the asked sizes, else generate it."""
    from kyoso.core import datagen
    from kyoso.partners.models import Organisation
    from kyoso.projects.models import LogEntry, Project

    datagen.migrate_if_needed()
    have = {
        "organisations": Organisation.objects.filter(workspace__slug=workspace).count(),
        "projects": Project.objects.filter(workspace__slug=workspace).count(),
        "log_entries": LogEntry.objects.filter(project__workspace__slug=workspace).count(),
    }
    want = {"organisations": organisations, "projects": projects, "log_entries": log_entries}
    if all(have[k] >= want[k] for k in want):
        print(f"reusing workspace '{workspace}': " + ", ".join(f"{v:,} {k}" for k, v in have.items()))
        return {"generated": False, **have}
    if any(have.values()):
        raise SystemExit(
            f"workspace '{workspace}' holds {have}, less than {want}: drop the database or pass --workspace"
        )
    print(f"generating workspace '{workspace}' ({want}) — this takes minutes at full size")
    started = time.perf_counter()
    datagen.generate(workspace=workspace, seed=seed, events=1, **want)
    return {"generated": True, "generate_seconds": time.perf_counter() - started, **want}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def summary(values: list[float]) -> dict[str, float]:
    return {
        "n": len(values),
        "p50": percentile(values, 50),
        "p95": percentile(values, 95),
        "mean": statistics.fmean(values) if values else float("nan"),
    }


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    pg = ""
    try:
        out = subprocess.run(["psql", "--version"], capture_output=True, text=True, timeout=5).stdout.strip()
        pg = f", {out.replace('psql (PostgreSQL) ', 'PostgreSQL ')}"
    except (OSError, subprocess.SubprocessError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}{pg}"


def write_json(path: str | None, data: dict[str, Any]) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str))

"""Speed of `kyoso generate-data` into a fresh SQLite database, against a raw bulk_create baseline.

    .venv/bin/python bench/generate_speed.py [--quick] [--json FILE]

Runs the command exactly as a user would (`kyoso generate-data --organisations 100000 --projects
10000 --log-entries 1000000`, fresh SQLite file, migrations included) and reads its per-part
timings. Baseline in the same run and the same database file: `bulk_create` of 100,000 bare
communication-log rows with constant values (no generation at all). Prints the command's wall time
and the ratio of its log-entry rate to the baseline's.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
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
    parser.add_argument(
        "--quick", action="store_true", help="10k organisations / 1k projects / 100k log rows"
    )
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)
    sizes = (10_000, 1_000, 100_000) if args.quick else (100_000, 10_000, 1_000_000)
    tmp = Path(tempfile.mkdtemp(prefix="kyoso-generate-"))
    db = tmp / "generated.sqlite3"
    env = dict(os.environ)
    env.update(DATABASE_URL=f"sqlite:///{db}", KYOSO_DATA_DIR=str(tmp))
    env["PYTHONPATH"] = os.pathsep.join([str(benchlib.SRC), env.get("PYTHONPATH", "")])
    cmd = [
        sys.executable,
        "-c",
        "from kyoso.cli import main; raise SystemExit(main())",
        "generate-data",
        "--organisations",
        str(sizes[0]),
        "--projects",
        str(sizes[1]),
        "--log-entries",
        str(sizes[2]),
        "--events",
        "1",
        "--seed",
        "7",
    ]
    shown = (
        f"kyoso generate-data --organisations {sizes[0]} --projects {sizes[1]} --log-entries {sizes[2]} "
        "--events 1 --seed 7"
    )
    print(f"$ DATABASE_URL=sqlite:///{db} {shown}", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    print(proc.stdout)
    if proc.returncode != 0:
        print(proc.stderr[-3000:])
        return proc.returncode
    parts = {
        m.group(1).strip(): (int(m.group(2).replace(",", "")), float(m.group(3)))
        for m in re.finditer(r"^  (.+?)\s+([\d,]+) (?:rows|docs)\s+([\d.]+) s", proc.stdout, re.M)
    }

    # baseline: constant rows, bulk_create only, same database file
    benchlib.setup_django(f"sqlite:///{db}")
    from django.db import transaction

    from kyoso.projects.models import LogEntry, Project

    project_id = Project.objects.values_list("pk", flat=True).first()
    n = 100_000
    started = time.perf_counter()
    with transaction.atomic():
        LogEntry.objects.bulk_create(
            (LogEntry(project_id=project_id, date="2025-01-01", note="baseline") for _ in range(n)),
            batch_size=5000,
        )
    baseline = n / (time.perf_counter() - started)
    logs = parts.get("communication log", (0, 0.0))
    orgs = parts.get("organisations", (0, 0.0))
    figures = {
        "command": shown,
        "wall_seconds": wall,
        "parts": parts,
        "baseline_bulk_create_rows_per_s": baseline,
        "log_rows_per_s": logs[0] / logs[1] if logs[1] else None,
        "organisation_rows_per_s": orgs[0] / orgs[1] if orgs[1] else None,
        "ratio_log_vs_baseline": (baseline / (logs[0] / logs[1])) if logs[1] else None,
        "database_mb": db.stat().st_size / 1e6,
    }
    print(f"generate-data wall time {wall:.0f} s (SQLite file {figures['database_mb']:.0f} MB)")
    print(f"baseline: bulk_create of constant log rows  {baseline:,.0f} rows/s")
    if logs[1]:
        print(
            f"generated log rows  {figures['log_rows_per_s']:,.0f} rows/s  "
            f"({figures['ratio_log_vs_baseline']:.1f}x the baseline's time per row)"
        )
    benchlib.write_json(args.json, {"benchmark": "generate_speed", **figures})
    db.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

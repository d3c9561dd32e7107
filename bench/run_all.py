"""Run every benchmark and write docs/benchmarks.md with the numbers, the commands, date and machine.

    .venv/bin/python bench/run_all.py [--quick] [--only NAME,...] [--database-url URL] [--out docs/benchmarks.md]

Full size (the default) needs PostgreSQL on 127.0.0.1:5432 and takes 15–40 minutes the first time:
the 100k-organisation / 10k-project / 1M-log database is generated once (`kyoso_bench`) and reused
by later runs. `--quick` runs every benchmark at a small size (a few minutes) to check that they
work; its numbers are not the ones the goals are about. Each benchmark's full output is kept under
bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

ROOT = benchlib.ROOT
PY = ".venv/bin/python"


def plan(args: argparse.Namespace) -> list[tuple[str, list[str]]]:
    db = ["--database-url", args.database_url]
    size: list[str] = []
    if args.quick:
        size = [
            "--workspace",
            "quick",
            "--organisations",
            "3000",
            "--projects",
            "300",
            "--log-entries",
            "30000",
        ]
    return [
        (
            "page_latency",
            ["bench/page_latency.py", *db, *size, *(["--requests", "15"] if args.quick else [])],
        ),
        ("explain_queries", ["bench/explain_queries.py", *db, *size]),
        ("import_speed", ["bench/import_speed.py", *(["--rows", "3000"] if args.quick else [])]),
        (
            "worker_memory",
            [
                "bench/worker_memory.py",
                *db,
                *size,
                *(["--recomputes", "30", "--time-limit", "10"] if args.quick else []),
            ],
        ),
        (
            "load_test",
            [
                "bench/load_test.py",
                *db,
                *(["--requests", "400", "--users", "8"] if args.quick else []),
            ],
        ),
        (
            "search_speed",
            ["bench/search_speed.py", *(["--sizes", "10000", "--repeat", "1"] if args.quick else [])],
        ),
        ("search_quality", ["bench/search_quality.py"]),
        ("diagnosis_speed", ["bench/diagnosis_speed.py", *(["--n", "1000"] if args.quick else [])]),
        (
            "diagnosis_calibration",
            ["bench/diagnosis_calibration.py", *(["--n", "20"] if args.quick else [])],
        ),
        (
            "risk_recompute",
            ["bench/risk_recompute.py", "--projects", "1000" if args.quick else "10000"],
        ),
        ("schedule_quality", ["bench/schedule_quality.py", *(["--quick"] if args.quick else [])]),
        ("generate_sqlite", ["bench/generate_speed.py", *(["--quick"] if args.quick else [])]),
    ]


def run(name: str, argv: list[str], results: Path) -> dict[str, Any]:
    json_path = results / f"{name}.json"
    json_path.unlink(missing_ok=True)
    takes_json = name not in {
        "search_speed",
        "search_quality",
        "diagnosis_speed",
        "diagnosis_calibration",
        "schedule_quality",
        "risk_recompute",
    }
    cmd = [sys.executable, *argv, *(["--json", str(json_path)] if takes_json else [])]
    shown = " ".join(shlex.quote(c) for c in [PY, *argv])
    print(f"\n=== {name}: {shown}", flush=True)
    started = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    (results / f"{name}.log").write_text(proc.stdout + proc.stderr)
    tail = proc.stdout.strip().splitlines()[-40:]
    print("\n".join(tail[-12:]), flush=True)
    if proc.returncode not in (0,):
        print(f"{name}: exit {proc.returncode}\n{proc.stderr[-1500:]}", flush=True)
    data = json.loads(json_path.read_text()) if json_path.exists() else {}
    return {
        "name": name,
        "command": shown,
        "seconds": seconds,
        "exit": proc.returncode,
        "data": data,
        "stdout": proc.stdout,
        "stderr": proc.stderr[-3000:],
    }


def fence(text: str, lines: int = 40) -> str:
    body = "\n".join(text.strip().splitlines()[-lines:])
    return f"```\n{body}\n```"


def write_doc(
    out: Path, runs: dict[str, dict[str, Any]], args: argparse.Namespace, started: dt.datetime
) -> None:
    from benchmarks_doc import render  # type: ignore[import-not-found]

    out.write_text(render(runs, quick=args.quick, started=started, machine=benchlib.machine(), fence=fence))
    print(f"\nwrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--only", default="", help="Comma-separated benchmark names (others keep old results)."
    )
    parser.add_argument("--database-url", default=benchlib.DEFAULT_PG)
    parser.add_argument("--out", default=str(ROOT / "docs/benchmarks.md"))
    args = parser.parse_args(argv)
    results = ROOT / "bench/results"
    results.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("KYOSO_DATA_DIR", "/tmp/kyoso-bench")
    started = dt.datetime.now().astimezone()
    only = {n for n in args.only.split(",") if n}
    runs: dict[str, dict[str, Any]] = {}
    saved = results / "runs.json"
    if only and saved.exists():
        runs = json.loads(saved.read_text())
    for name, argv_ in plan(args):
        if only and name not in only:
            continue
        runs[name] = run(name, argv_, results)
        runs[name]["date"] = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        saved.write_text(json.dumps(runs, ensure_ascii=False, indent=1, default=str))
    write_doc(Path(args.out), runs, args, started)
    return 0 if all(r["exit"] == 0 for r in runs.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())

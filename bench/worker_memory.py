"""Memory of one `kyoso worker` process running a schedule solve and diagnosis recomputes.

    .venv/bin/python bench/worker_memory.py [--database-url URL] [--recomputes 300] [--time-limit 30]
        [--json FILE]

Uses the generated full-size database (see page_latency.py; built when missing). Queues, on the
database queue the product uses (django-tasks-db): one full schedule solve of the generated
ILS-size event (1,000 corporates × 5,000 startups, 20 slots, 30,000 requests) and N diagnosis
recomputes of the busiest projects (their stored hash is marked stale so the engine really runs).
Then starts `kyoso worker --batch` as a separate process and samples its resident memory from
/proc every 0.1 s until the queue is empty. Baseline, same run: the same command with an empty
queue (Django, the apps and the engines imported, no task). Goal: < 500 MB peak RSS.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402


def run_worker(env: dict[str, str]) -> tuple[float, float, float]:
    """Run `kyoso worker --batch`; return (peak RSS MB, final VmHWM MB, seconds)."""
    cmd = [sys.executable, "-c", "from kyoso.cli import main; raise SystemExit(main())", "worker", "--batch"]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    hwm = 0.0
    status = Path(f"/proc/{proc.pid}/status")
    while proc.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    peak = max(peak, int(line.split()[1]) / 1024)
                elif line.startswith("VmHWM:"):
                    hwm = max(hwm, int(line.split()[1]) / 1024)
        except (OSError, ValueError):
            pass
        time.sleep(0.1)
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"worker exited with {proc.returncode}:\n{err[-2000:]}")
    return peak, max(hwm, peak), time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=benchlib.DEFAULT_PG)
    parser.add_argument("--workspace", default=benchlib.BENCH_WORKSPACE)
    parser.add_argument("--organisations", type=int, default=benchlib.FULL_SIZE["organisations"])
    parser.add_argument("--projects", type=int, default=benchlib.FULL_SIZE["projects"])
    parser.add_argument("--log-entries", type=int, default=benchlib.FULL_SIZE["log_entries"])
    parser.add_argument("--recomputes", type=int, default=300)
    parser.add_argument("--time-limit", type=float, default=30.0, help="Schedule solve time limit (s).")
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)

    if args.database_url.startswith("postgres"):
        benchlib.ensure_postgres_database(args.database_url)
    benchlib.setup_django(args.database_url)
    benchlib.ensure_dataset(
        organisations=args.organisations,
        projects=args.projects,
        log_entries=args.log_entries,
        workspace=args.workspace,
    )
    from django.db.models import Count
    from django_tasks_db.models import DBTaskResult

    from kyoso.events import services as event_services
    from kyoso.events.models import Event, RunStatus, ScheduleRun
    from kyoso.projects.models import Project
    from kyoso.risk.models import Diagnosis
    from kyoso.risk.tasks import recompute_project

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(benchlib.SRC), env.get("PYTHONPATH", "")])
    DBTaskResult.objects.filter(status__in=["READY"]).delete()  # nothing left over from an earlier run

    baseline_peak, _, baseline_seconds = run_worker(env)
    print(
        f"baseline: idle worker (empty queue)  peak RSS {baseline_peak:7.1f} MB  ({baseline_seconds:.1f} s)"
    )

    event = Event.objects.filter(workspace__slug=args.workspace).order_by("pk").first()
    if event is None:
        raise SystemExit("the generated workspace has no event")
    counts = {
        "participants": event.participants.count(),
        "requests": event.requests.count(),
        "slots": event.slots.count(),
    }
    run = event_services.start_schedule(event=event, by=None, time_limit=args.time_limit)
    projects = list(
        Project.objects.filter(workspace__slug=args.workspace)
        .annotate(n=Count("log_entries"))
        .order_by("-n", "pk")
        .values_list("pk", flat=True)[: args.recomputes]
    )
    Diagnosis.objects.filter(project_id__in=projects, is_current=True).update(snapshot_hash="stale")
    for pk in projects:
        recompute_project.enqueue(pk)
    print(
        f"queued: 1 schedule solve ({counts['participants']:,} participants, {counts['requests']:,} requests, "
        f"{counts['slots']} slots, limit {args.time_limit:.0f} s) + {len(projects)} diagnosis recomputes"
    )

    peak, hwm, seconds = run_worker(env)
    run = ScheduleRun.objects.get(pk=run.pk)
    recomputed = Diagnosis.objects.filter(project_id__in=projects, is_current=True).exclude(
        snapshot_hash="stale"
    )
    figures = {
        "baseline_idle_worker_mb": baseline_peak,
        "peak_rss_mb": max(peak, hwm),
        "ratio_vs_idle": max(peak, hwm) / baseline_peak,
        "worker_seconds": seconds,
        "schedule_status": run.status,
        "schedule_solve_seconds": run.solve_seconds,
        "schedule_objective": run.objective,
        "schedule_bound": run.upper_bound,
        "schedule_gap_percent": run.gap_percent,
        "meetings": run.meetings.count(),
        "recomputes": recomputed.count(),
        **counts,
    }
    print(
        f"worker:   solve + {figures['recomputes']} recomputes  peak RSS {figures['peak_rss_mb']:7.1f} MB  "
        f"({seconds:.1f} s)  {figures['ratio_vs_idle']:.1f}x idle; goal < 500 MB: "
        f"{'ok' if figures['peak_rss_mb'] < 500 else 'MISSED'}"
    )
    gap = f"{run.gap_percent:.1f}%" if run.gap_percent is not None else "n/a"
    print(
        f"schedule: {run.status}, {figures['meetings']:,} meetings, solve {run.solve_seconds or 0:.1f} s, "
        f"gap to proven bound {gap}"
    )
    if run.status != RunStatus.DONE:
        print(f"schedule error: {run.error}")
    benchlib.write_json(args.json, {"benchmark": "worker_memory", **figures})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

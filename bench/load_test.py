"""Load test on loopback: gunicorn (several workers) + PostgreSQL, mixed reads and writes.

    .venv/bin/python bench/load_test.py [--requests 3000] [--users 16] [--workers 4]
        [--database-url postgres://postgres@127.0.0.1:5432/kyoso_bench] [--json FILE]

Starts `gunicorn -c deploy/gunicorn.conf.py kyoso.wsgi` bound to 127.0.0.1 on a free port, logs
in the generated workspace's members through the real login form (one session per user), then
runs a fixed number of requests from a pool of threads (one thread per user, plain urllib): ~70%
page reads (portfolio, directory, search, project pages, heat map, event grid) and ~30% writes
(communication-log entries posted through the project page's form, each with a unique marker).
Counts throughput, errors (any status other than the expected one, or a failed connection) and
lost writes: marked rows found in the database afterwards against the writes the server
acknowledged with its redirect. Baseline in the same run: the same client against the bare
/healthz endpoint, which answers without touching the database.

By default it runs in a mid-size workspace of its own ("load": 3,000 organisations, 300 projects,
30,000 log rows, generated on first use in the same database), because at full size two pages
still take tens of seconds (see page_latency.py and docs/scaling.md).

Traffic goes to 127.0.0.1 only; the script refuses any other host.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402

HOST = "127.0.0.1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Session:
    """One logged-in user: a cookie jar and an opener that never follows redirects."""

    def __init__(self, base: str) -> None:
        if urllib.parse.urlsplit(base).hostname != HOST:
            raise SystemExit("load_test: only 127.0.0.1 may be targeted")
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, bytes]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.csrf()}).encode() if data else None
        req = urllib.request.Request(self.base + path, data=body, method="POST" if data else "GET")
        if data is not None:
            req.add_header("Referer", self.base + path)
        try:
            with self.opener.open(req, timeout=60) as resp:
                return resp.status, resp.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()

    def login(self, email: str, password: str) -> None:
        self.request("/accounts/login/")
        status, _ = self.request("/accounts/login/", {"username": email, "password": password})
        if status != 302:
            raise SystemExit(f"login of {email} answered {status}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_ready(base: str, proc: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"gunicorn exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise SystemExit("gunicorn did not answer /healthz in time")


def drive(
    sessions: list[Session], total: int, pick: Any, seed: int
) -> tuple[list[tuple[str, int, float, bool]], float]:
    """Send `total` requests from one thread per session; returns (kind, status, ms, ok) rows."""
    lock = threading.Lock()
    counter = [0]
    results: list[tuple[str, int, float, bool]] = []

    def worker(i: int, session: Session) -> None:
        rng = random.Random(seed * 1000 + i)
        while True:
            with lock:
                if counter[0] >= total:
                    return
                counter[0] += 1
            kind, path, data, expected = pick(rng)
            started = time.perf_counter()
            try:
                status, _ = session.request(path, data)
            except OSError:
                status = 0
            ms = (time.perf_counter() - started) * 1000
            with lock:
                results.append((kind, status, ms, status == expected))

    threads = [threading.Thread(target=worker, args=(i, s)) for i, s in enumerate(sessions)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=benchlib.DEFAULT_PG)
    # A workspace of its own, mid-size: at full size the portfolio and project pages take tens of
    # seconds each (see page_latency) and a load test would only measure those two pages. Pass
    # --workspace bench (and the full sizes) to load-test the full-size workspace.
    parser.add_argument("--workspace", default="load")
    parser.add_argument("--organisations", type=int, default=3_000)
    parser.add_argument("--projects", type=int, default=300)
    parser.add_argument("--log-entries", type=int, default=30_000)
    parser.add_argument(
        "--requests", type=int, default=2000, help="Fixed number of requests in the mixed run."
    )
    parser.add_argument("--users", type=int, default=16, help="Concurrent logged-in users (client threads).")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes.")
    parser.add_argument("--threads", type=int, default=2, help="Threads per gunicorn worker.")
    parser.add_argument("--write-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", default=None)
    args = parser.parse_args(argv)

    if not args.database_url.startswith("postgres"):
        raise SystemExit("the load test runs on PostgreSQL (--database-url postgres://...)")
    benchlib.ensure_postgres_database(args.database_url)
    benchlib.setup_django(args.database_url)
    dataset = benchlib.ensure_dataset(
        organisations=args.organisations,
        projects=args.projects,
        log_entries=args.log_entries,
        workspace=args.workspace,
    )
    from django.utils import timezone

    from kyoso.core.datagen import PASSWORD
    from kyoso.events.models import Event
    from kyoso.projects.models import LogEntry, Project

    project_ids = list(
        Project.objects.filter(workspace__slug=args.workspace)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    event = (
        Event.objects.filter(workspace__slug=args.workspace).exclude(current_run=None).order_by("pk").first()
    )
    emails = [f"owner@{args.workspace}.example"] + [
        f"user{i}@{args.workspace}.example" for i in range(2, 12)
    ]  # user1 is the executive (read-only)
    marker = f"loadtest-{uuid.uuid4().hex[:12]}"
    today = timezone.localdate().isoformat()
    reads = [
        ("portfolio", lambda rng: "/projects/"),
        ("directory", lambda rng: "/partners/"),
        (
            "directory search",
            lambda rng: (
                "/partners/search/?q="
                + urllib.parse.quote(rng.choice(["画像認識", "IoT 物流", "LLM", "蓄電池"]))
            ),
        ),
        ("project page", lambda rng: f"/projects/{rng.choice(project_ids)}/"),
        ("heat map", lambda rng: "/risk/"),
    ]
    if event is not None:
        reads.append(("event grid", lambda rng: f"/events/{event.pk}/runs/{event.current_run_id}/"))
    write_counter = iter(range(10**9))
    write_lock = threading.Lock()

    def pick_read(rng: random.Random) -> tuple[str, str, dict[str, str] | None, int]:
        name, make = reads[rng.randrange(len(reads))]
        return name, make(rng), None, 200

    def pick(rng: random.Random) -> tuple[str, str, dict[str, str] | None, int]:
        if rng.random() < args.write_share:
            with write_lock:
                n = next(write_counter)
            data = {
                "date": today,
                "kind": "call",
                "parties": "both",
                "attendees": "負荷試験",
                "note": f"{marker} #{n} 進捗確認の電話",
                "visibility": "internal",
            }
            return "write: log entry", f"/projects/{rng.choice(project_ids)}/communication/log/", data, 302
        return pick_read(rng)

    port = free_port()
    base = f"http://{HOST}:{port}"
    env = dict(os.environ)
    env.update(
        KYOSO_BIND=f"{HOST}:{port}",
        WEB_CONCURRENCY=str(args.workers),
        KYOSO_THREADS=str(args.threads),
        DATABASE_URL=args.database_url,
        DEBUG="0",
        ALLOWED_HOSTS=HOST,
        SECRET_KEY="load-test-" + uuid.uuid4().hex,
        PYTHONPATH=os.pathsep.join([str(benchlib.SRC), env.get("PYTHONPATH", "")]),
    )
    log_path = Path(os.environ["KYOSO_DATA_DIR"]) / "gunicorn-load-test.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115
    gunicorn = [
        sys.executable,
        "-m",
        "gunicorn",
        "-c",
        str(benchlib.ROOT / "deploy/gunicorn.conf.py"),
        "kyoso.wsgi",
    ]
    env["GUNICORN_CMD_ARGS"] = "--access-logfile /dev/null"
    proc = subprocess.Popen(gunicorn, env=env, stdout=log, stderr=log, cwd=benchlib.ROOT)
    try:
        wait_ready(base, proc)
        sessions = []
        for i in range(args.users):
            session = Session(base)
            session.login(emails[i % len(emails)], PASSWORD)
            sessions.append(session)
        # warm every worker's caches (search index, templates) before timing
        drive(sessions, args.workers * 3 * len(reads), pick_read, args.seed + 1)

        base_rows, base_seconds = drive(
            sessions, min(args.requests, 1000), lambda rng: ("healthz", "/healthz", None, 200), args.seed + 2
        )
        rows, seconds = drive(sessions, args.requests, pick, args.seed)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()

    acknowledged = sum(1 for kind, status, _, ok in rows if kind.startswith("write") and ok)
    written = LogEntry.objects.filter(note__startswith=marker + " ").count()
    numbers = {
        int(m)
        for m in re.findall(
            rf"{marker} #(\d+)",
            " ".join(LogEntry.objects.filter(note__startswith=marker + " ").values_list("note", flat=True)),
        )
    }
    errors = [(kind, status) for kind, status, _, ok in rows if not ok]
    by_kind: dict[str, list[float]] = {}
    for kind, _, ms, _ in rows:
        by_kind.setdefault(kind, []).append(ms)
    figures = {
        "requests": len(rows),
        "users": args.users,
        "gunicorn_workers": args.workers,
        "gunicorn_threads": args.threads,
        "seconds": seconds,
        "throughput_rps": len(rows) / seconds,
        "baseline_healthz_rps": len(base_rows) / base_seconds,
        "ratio_vs_healthz": (len(base_rows) / base_seconds) / (len(rows) / seconds),
        "errors": len(errors),
        "error_kinds": sorted({f"{k}: {s}" for k, s in errors}),
        "writes_acknowledged": acknowledged,
        "rows_written": written,
        "distinct_rows_written": len(numbers),
        "lost_writes": max(0, acknowledged - written),
        "latency_ms": {k: benchlib.summary(v) for k, v in sorted(by_kind.items())},
        "dataset": dataset,
    }
    print(f"\nbaseline /healthz: {figures['baseline_healthz_rps']:.0f} req/s ({len(base_rows)} requests)")
    print(
        f"mixed run: {len(rows):,} requests from {args.users} users in {seconds:.1f} s = "
        f"{figures['throughput_rps']:.1f} req/s ({figures['ratio_vs_healthz']:.1f}x slower than /healthz), "
        f"gunicorn {args.workers} workers × {args.threads} threads"
    )
    print(f"errors: {len(errors)} {figures['error_kinds'] if errors else ''}")
    print(
        f"writes: {acknowledged} acknowledged, {written} rows written ({len(numbers)} distinct), "
        f"lost: {figures['lost_writes']}"
    )
    print(f"{'request':<22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8}")
    for kind, s in figures["latency_ms"].items():
        print(f"{kind:<22} {s['n']:>6} {s['p50']:>8.1f} {s['p95']:>8.1f}")
    benchlib.write_json(args.json, {"benchmark": "load_test", **figures})
    return 0 if not errors and figures["lost_writes"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Renders docs/benchmarks.md from bench/run_all.py's results (kept apart so the layout is easy to read)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any


def _f(value: Any, fmt: str = "{:,.1f}") -> str:
    if value is None or value == "":
        return "–"
    try:
        return fmt.format(value)
    except (ValueError, TypeError):
        return str(value)


def _ok(flag: bool | None) -> str:
    return "–" if flag is None else ("met" if flag else "**missed**")


def _engine_rows(runs: dict[str, dict[str, Any]]) -> list[str]:
    rows = []
    speed = runs.get("search_speed", {}).get("stdout", "")
    for size, p50, p95 in re.findall(
        r"([\d,]+) organisations\n(?:.*\n)*?\s+query latency\s+p50 ([\d.]+) ms, p95 ([\d.]+) ms", speed
    ):
        rows.append(
            f"| search engine latency, {size} organisations (top 10) | p50 {p50} / p95 {p95} ms | – | – | "
            f"p95 < 50 ms | {_ok(float(p95) < 50)} |"
        )
    quality = runs.get("search_quality", {}).get("stdout", "")
    pattern = (
        r"^(ja|en|cross ja->en|cross en->ja)\s+\d+\s+([\d.]+)\s+[\d.]+\s+([\d.]+)\s+(?:[\d.]+\s+){5}([\d.]+)x"
    )
    for view, base, ours, ratio in re.findall(pattern, quality, re.M):
        rows.append(
            f"| search quality nDCG@10, {view} queries | {ours} | baseline {base} | {ratio}× | – | – |"
        )
    diag = runs.get("diagnosis_speed", {}).get("stdout", "")
    m = re.search(
        r"baseline.*?([\d,]+) snapshots/s\n.*?full.*?([\d,]+) snapshots/s\n.*?([\d.]+)x", diag, re.S
    )
    if m:
        rows.append(
            f"| diagnosis throughput (engine: parse + diagnose + JSON) | {m.group(2)} snapshots/s | parse only "
            f"{m.group(1)}/s | {m.group(3)}× the time | 10,000 in < 30 s | {_ok(int(m.group(2).replace(',', '')) > 334)} |"
        )
    sched = runs.get("schedule_quality", {}).get("stdout", "")
    pattern = r"^(.+?): generated.*\n\s+kyoso\s+objective\s+([\d.]+)\s+bound\s+([\d.]+)\s+gap\s+([\d.]+)%\s+([\d.]+)s"
    for name, obj, _bound, gap, secs in re.findall(pattern, sched, re.M):
        greedy = re.search(re.escape(name) + r": kyoso/greedy = ([\d.]+)", sched)
        ratio = greedy.group(1) if greedy else None
        rows.append(
            f"| schedule, {name} | objective {float(obj):,.0f}, gap {gap}% to the proven bound, {secs} s | "
            f"first-fit greedy | {ratio or '–'}× greedy | never below greedy | "
            f"{_ok(float(ratio) >= 1 if ratio else None)} |"
        )
    minimums = (
        r"\[(.+?) seed (\d+)\] (.+?): objective (\d+)\s+interest bound (\d+)\s+gap ([\d.]+)%.*\n"
        r"\s+at minimum (\d+) of (\d+) \(proven maximum (\d+)"
    )
    for label, seed, kind, obj, _bound, gap, reached, _n, most in re.findall(minimums, sched):
        rows.append(
            f"| schedule minimums, 10x {kind} ({label} seed {seed}) | {int(reached):,} at minimum, "
            f"objective {int(obj):,}, gap {gap}% to the interest bound | proven maximum {int(most):,} | – | "
            f"every possible minimum met | {_ok(reached == most)} |"
        )
    return rows


def render(
    runs: dict[str, dict[str, Any]],
    *,
    quick: bool,
    started: dt.datetime,
    machine: str,
    fence: Callable[[str, int], str],
) -> str:
    out: list[str] = []
    add = out.append
    add("# Benchmarks")
    add("")
    add(
        "Written by `scripts/benchmarks` (`bench/run_all.py`); every figure below was measured on this "
        "machine by the command shown beside it, and each is set against a baseline measured in the same run "
        "(the machine is shared and noisy: compare ratios, not absolute times between runs)."
    )
    add("")
    dates = sorted(r.get("date", "") for r in runs.values() if r.get("date"))
    when = f"{dates[0]} – {dates[-1]}" if dates else f"{started:%Y-%m-%d %H:%M %Z}"
    add(f"- **Measured:** {when}{' — QUICK run (small sizes, not the goal sizes)' if quick else ''}")
    add(f"- **Machine:** {machine}")
    add(
        "- **Database:** PostgreSQL on 127.0.0.1 for the page, worker, EXPLAIN and load benchmarks; SQLite for `generate-data` speed."
    )
    add("")
    add(
        "Where a goal is missed, `docs/scaling.md` (*What breaks first*) names the cause and the fix. Pages are "
        "timed with a per-page budget (a page slower than the budget gets fewer samples, never fewer than 3). "
        "The load test runs in its own mid-size workspace (3,000 organisations, 300 projects, 30,000 log rows) "
        "of the same PostgreSQL database, because at full size two pages alone would take the whole run."
    )
    add("")
    add("## Summary")
    add("")
    add("| figure | measured | baseline (same run) | ratio | goal | |")
    add("|---|---|---|---|---|---|")

    pl = runs.get("page_latency", {}).get("data") or {}
    if pl:
        bare = pl["bare"]
        for name, r in pl["pages"].items():
            add(
                f"| page `{name}` p50 / p95 | {_f(r['p50'])} / {_f(r['p95'])} ms ({r['queries']} queries) | bare view "
                f"{_f(bare['p50'])} / {_f(bare['p95'])} ms | {_f(r['p50_ratio'])}× / {_f(r['p95_ratio'])}× | "
                f"≤ 3× bare, p95 < 200 ms | {_ok(r['meets_goal'])} |"
            )
    lt = runs.get("load_test", {}).get("data") or {}
    if lt:
        add(
            f"| load test: {lt['requests']:,} mixed requests, {lt['users']} users, gunicorn {lt['gunicorn_workers']}×"
            f"{lt['gunicorn_threads']} | {_f(lt['throughput_rps'])} req/s, {lt['errors']} errors | /healthz "
            f"{_f(lt['baseline_healthz_rps'], '{:,.0f}')} req/s | {_f(lt['ratio_vs_healthz'])}× slower | 0 errors | "
            f"{_ok(lt['errors'] == 0)} |"
        )
        add(
            f"| load test: writes | {lt['writes_acknowledged']:,} acknowledged, {lt['rows_written']:,} rows written | – | "
            f"lost {lt['lost_writes']} | 0 lost | {_ok(lt['lost_writes'] == 0)} |"
        )
    wm = runs.get("worker_memory", {}).get("data") or {}
    if wm:
        add(
            f"| worker peak RSS: schedule solve ({wm['participants']:,} participants, {wm['requests']:,} requests) + "
            f"{wm['recomputes']} diagnosis recomputes | {_f(wm['peak_rss_mb'], '{:,.0f}')} MB | idle worker "
            f"{_f(wm['baseline_idle_worker_mb'], '{:,.0f}')} MB | {_f(wm['ratio_vs_idle'])}× | < 500 MB | "
            f"{_ok(wm['peak_rss_mb'] < 500)} |"
        )
        add(
            f"| schedule solve in the worker | {_f(wm['schedule_solve_seconds'])} s, {wm['meetings']:,} meetings, gap "
            f"{_f(wm['schedule_gap_percent'], '{:.2f}')}% to the proven bound | – | – | – | {wm['schedule_status']} |"
        )
    im = runs.get("import_speed", {}).get("data") or {}
    if im:
        add(
            f"| CSV import, {im['rows']:,} new rows | {_f(im['csv_import_rows_per_s'], '{:,.0f}')} rows/s | raw bulk_create "
            f"{_f(im['raw_bulk_create_rows_per_s'], '{:,.0f}')} rows/s | {_f(im['ratio_import_vs_raw'])}× the time | – | – |"
        )
        add(
            f"| CSV re-import, {im['rows']:,} rows all updated | {_f(im['csv_reimport_update_rows_per_s'], '{:,.0f}')} rows/s "
            f"| raw bulk_create {_f(im['raw_bulk_create_rows_per_s'], '{:,.0f}')} rows/s | "
            f"{_f(im['ratio_reimport_vs_raw'])}× the time | – | – |"
        )
    gs = runs.get("generate_sqlite", {}).get("data") or {}
    if gs:
        add(
            f"| `{gs['command']}` on a fresh SQLite file | {_f(gs['wall_seconds'], '{:,.0f}')} s in all; log rows "
            f"{_f(gs['log_rows_per_s'], '{:,.0f}')}/s | bulk_create of constant rows "
            f"{_f(gs['baseline_bulk_create_rows_per_s'], '{:,.0f}')}/s | {_f(gs['ratio_log_vs_baseline'])}× the time per row "
            f"| minutes, not hours | {_ok(gs['wall_seconds'] < 3600)} |"
        )
    ex = runs.get("explain_queries", {}).get("data") or {}
    if ex:
        selective = sorted({s["table"] for s in ex["seq_scans"] if s.get("selective", True)})
        broad = sorted({s["table"] for s in ex["seq_scans"] if not s.get("selective", True)})
        add(
            f"| EXPLAIN of {ex['selects']} SELECTs on {len(ex['pages'])} pages | selective Seq Scans (missing index) on "
            f"{', '.join(selective) or 'none'}; scans of most of a table on {', '.join(broad) or 'none'} | – | – | "
            f"no selective Seq Scan on a large table | {_ok(not selective)} |"
        )
    for row in _engine_rows(runs):
        add(row)
    add("")
    add(
        "Engine benchmarks (search speed and quality, diagnosis throughput, schedule quality) print their own"
    )
    add("baselines; the rows above are read from their output, which is quoted in full below.")
    add("")

    sections = [
        ("page_latency", "Page latency at 100k organisations / 10k projects / 1M log rows (PostgreSQL)"),
        ("load_test", "Load test: gunicorn + PostgreSQL on 127.0.0.1"),
        ("worker_memory", "Memory per worker"),
        ("explain_queries", "Indexes: EXPLAIN of the main pages' queries"),
        ("import_speed", "Import speed"),
        ("generate_sqlite", "generate-data speed (SQLite)"),
        ("search_speed", "Search latency"),
        ("search_quality", "Search quality"),
        ("diagnosis_speed", "Diagnosis throughput"),
        ("diagnosis_calibration", "Diagnosis calibration (false alarms, main cause first)"),
        ("risk_recompute", "Web recompute of stored projects (issue 5)"),
        ("schedule_quality", "Schedule quality and time"),
    ]
    for key, title in sections:
        run = runs.get(key)
        if not run:
            continue
        add(f"## {title}")
        add("")
        add(
            f"Command: `{run['command']}` — {run.get('date', '')}, {run['seconds']:.0f} s wall, exit {run['exit']}."
        )
        add("")
        data = run.get("data") or {}
        if key == "load_test" and data:
            add("| request | n | p50 ms | p95 ms |")
            add("|---|---|---|---|")
            for kind, s in data["latency_ms"].items():
                add(f"| {kind} | {s['n']} | {_f(s['p50'])} | {_f(s['p95'])} |")
            add("")
        if key == "explain_queries" and data:
            if data["seq_scans"]:
                add("| page | table (rows) | filter | returns | verdict |")
                add("|---|---|---|---|---|")
                seen = set()
                for s in sorted(
                    data["seq_scans"], key=lambda s: (not s.get("selective", True), s["table"], s["url"])
                ):
                    k = (s["url"], s["table"], s["filter"])
                    if k in seen:
                        continue
                    seen.add(k)
                    flt = (s["filter"] or "–").replace("|", "\\|")
                    verdict = "**index missing**" if s.get("selective", True) else "reads most of the table"
                    add(
                        f"| `{s['url']}` | {s['table']} ({s['rows']:,}) | `{flt[:120]}` | "
                        f"~{s.get('share', 0):.0%} | {verdict} |"
                    )
                add("")
            else:
                add("No Seq Scan on a table of 10,000 rows or more.")
                add("")
        add(fence(run["stdout"] or run.get("stderr", ""), 45))
        add("")
        if key == "risk_recompute":
            add(
                "The nightly `kyoso recompute-risk` path reads projects in chunks of 200 with a fixed number of\n"
                "queries each; most of the difference to the engine alone is writing the diagnosis rows and\n"
                "raising the warnings one transaction per project. Unchanged projects are skipped by their\n"
                "snapshot hash, so a normal night recomputes only what changed or what time made stale."
            )
            add("")
    return "\n".join(out) + "\n"

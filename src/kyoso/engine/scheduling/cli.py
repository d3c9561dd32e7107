"""`kyoso schedule EVENT.json [--out SCHEDULE.json] [--time-limit SECONDS] [--seed N]
[--previous SCHEDULE.json] [--fairness-budget SHARE] [--no-minimums] [--quiet]`

Exit status: 0 on success, 2 on bad input (one message on stderr naming the file, the JSON path
and what was expected), 1 if the output cannot be written.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from typing import NoReturn

from .problem import EventError, load_event
from .reschedule import reschedule
from .schedule import Schedule, meetings_from_json
from .solver import schedule_meetings
from .state import build_instance

DEFAULT_TIME_LIMIT = 30.0
OUTPUT_RESERVE = 0.25  # seconds kept for writing the result


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"kyoso schedule: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="kyoso schedule",
        description="Choose and place the 1:1 meetings of a matchmaking event (kyoso_event JSON).",
    )
    p.add_argument("event", metavar="EVENT.json")
    p.add_argument("--out", metavar="FILE", help="write the schedule here instead of stdout")
    p.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help=f"wall-clock limit for the whole solve (default {DEFAULT_TIME_LIMIT:g})",
    )
    p.add_argument("--seed", type=int, default=0, help="seed for randomised phases (default 0)")
    p.add_argument(
        "--previous",
        metavar="SCHEDULE.json",
        help="a published schedule: keep its unaffected meetings in place (rescheduling)",
    )
    p.add_argument(
        "--fairness-budget",
        type=float,
        default=0.0025,
        metavar="SHARE",
        help="share of the total weight that min_meetings floors may cost (default 0.0025; 1 = floors first)",
    )
    p.add_argument(
        "--no-minimums",
        action="store_true",
        help="treat min_meetings as reporting only (by default the most participants reach theirs first)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return p


def _fail(message: str) -> int:
    print(f"kyoso schedule: {message}", file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    started = time.monotonic()
    args = _parser().parse_args(argv)
    if not math.isfinite(args.time_limit) or args.time_limit <= 0:
        return _fail(f"--time-limit: expected a positive number of seconds, got {args.time_limit}")
    if not 0 <= args.fairness_budget <= 1:
        return _fail(f"--fairness-budget: expected a share between 0 and 1, got {args.fairness_budget}")
    try:
        event = load_event(args.event)
    except EventError as exc:
        return _fail(str(exc))
    inst = build_instance(event)
    if inst.K == 0:
        return _fail(
            f"{args.event}: requests: no feasible meeting (expected at least one request with both "
            "interests > 0, a slot both sides are available in and max_meetings > 0 on both sides)"
        )
    previous = None
    if args.previous:
        try:
            with open(args.previous, encoding="utf-8-sig") as fh:
                doc = json.load(fh)
        except OSError as exc:
            return _fail(f"{args.previous}: cannot read: {exc.strerror or exc}")
        except json.JSONDecodeError as exc:
            return _fail(f"{args.previous}: invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")
        except UnicodeDecodeError as exc:
            return _fail(f"{args.previous}: expected UTF-8 text ({exc.reason})")
        try:
            previous = meetings_from_json(doc)
        except EventError as exc:
            return _fail(f"{args.previous}: {exc}")

    verbose = not args.quiet

    def progress(phase: str, elapsed: float, objective: float, bound: float) -> None:
        if verbose and (elapsed >= 1.0 or phase == "cp-sat polish"):
            gap = 100.0 * (bound - objective) / bound if bound > 0 else 0.0
            print(
                f"kyoso schedule: {elapsed:6.1f}s {phase:<14} objective {objective:.1f} "
                f"bound {bound:.1f} gap {gap:.2f}%",
                file=sys.stderr,
            )

    # the limit covers the whole command: reading, solving and writing
    budget = max(0.05, args.time_limit - (time.monotonic() - started) - OUTPUT_RESERVE)
    result: Schedule
    if previous is not None:
        result = reschedule(
            event,
            previous,
            time_limit=budget,
            seed=args.seed,
            on_progress=progress,
            fairness_budget=args.fairness_budget,
            minimums=not args.no_minimums,
        )
    else:
        result = schedule_meetings(
            event,
            time_limit=budget,
            seed=args.seed,
            on_progress=progress,
            fairness_budget=args.fairness_budget,
            minimums=not args.no_minimums,
        )
    text = json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n"
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            print(f"kyoso schedule: {args.out}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0

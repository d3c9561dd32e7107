"""``kyoso diagnose SNAPSHOT.json [--format json|text] [--lang ja|en] [--out FILE]`` (docs/formats.md#project-snapshot).

No Django. Exit 0 on success; exit 2 with one message on stderr naming the file, the JSON path (or
line and column) and what was expected when the input is bad.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, NoReturn

from .engine import diagnose
from .report import render_json, render_text
from .snapshot import SnapshotError, parse_snapshot
from .texts import Lang

PROG = "kyoso diagnose"
USAGE = f"{PROG} SNAPSHOT.json [--format json|text] [--lang ja|en] [--out FILE]"


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def _parser() -> _Parser:
    p = _Parser(prog=PROG, description="Diagnose the failure risks of one open-innovation project snapshot.")
    p.add_argument(
        "snapshot", metavar="SNAPSHOT.json", help="snapshot file (kyoso_snapshot 1); - reads stdin"
    )
    p.add_argument("--format", choices=("json", "text"), default="json", help="output format (default json)")
    p.add_argument(
        "--lang", choices=("ja", "en"), default="ja", help="language of evidence and countermeasures"
    )
    p.add_argument("--out", metavar="FILE", help="write the output to FILE instead of stdout")
    return p


class InputError(Exception):
    """Bad input, with the one-line message the CLI prints."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_snapshot_file(path: str) -> Any:
    """Read and decode a snapshot file; raise InputError naming the file and the position."""
    try:
        if path == "-":
            raw = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as fh:
                raw = fh.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the file: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: expected UTF-8 text, found an invalid byte at offset {exc.start}"
        ) from None
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}") from None
    except ValueError as exc:
        raise InputError(f"{path}: invalid JSON: {exc}") from None


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except _UsageError as exc:
        print(f"{PROG}: {exc} (usage: {USAGE})", file=sys.stderr)
        return 2
    lang: Lang = "en" if args.lang == "en" else "ja"
    try:
        data = load_snapshot_file(args.snapshot)
        snapshot = parse_snapshot(data)
    except InputError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return 2
    except SnapshotError as exc:
        print(f"{PROG}: {args.snapshot}: {exc.path}: {exc.message}", file=sys.stderr)
        return 2
    result = diagnose(snapshot, lang)
    output = render_text(result, lang) if args.format == "text" else render_json(result, lang)
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(output)
        except OSError as exc:
            print(f"{PROG}: {args.out}: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
            return 2
    else:
        sys.stdout.write(output)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))

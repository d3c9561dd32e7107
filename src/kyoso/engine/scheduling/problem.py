"""Event model (frozen dataclasses) and the one parser/validator of `kyoso_event` version 1.

Every input error raises :class:`EventError` carrying the JSON path of the offending
item and what was expected, e.g. ``requests[17].startup: unknown participant "u9"``.
Unknown fields are ignored. Duplicate requests for the same (corporate, startup) pair
are an error (the path names both occurrences): silently merging two different
interest declarations would hide a data problem from the organiser.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

EVENT_VERSION = 1
SIDES = ("corporate", "startup")


class EventError(ValueError):
    """Bad event input. ``path`` is a JSON path such as ``requests[3].weight``."""

    def __init__(self, path: str, message: str, *, file: str | None = None) -> None:
        self.path = path
        self.message = message
        self.file = file
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [x for x in (self.file, self.path, self.message) if x]
        return ": ".join(parts)


@dataclass(frozen=True, slots=True)
class Slot:
    id: str
    start: str | None
    end: str | None
    tables: int


@dataclass(frozen=True, slots=True)
class Participant:
    id: str
    side: str  # "corporate" | "startup"
    name: str
    unavailable: frozenset[str] = frozenset()
    max_meetings: int | None = None
    min_meetings: int = 0


@dataclass(frozen=True, slots=True)
class Request:
    corporate: str
    startup: str
    corporate_interest: int
    startup_interest: int
    weight: float

    @property
    def consented(self) -> bool:
        """Both sides want the meeting (an interest of 0 on either side vetoes it)."""
        return self.corporate_interest > 0 and self.startup_interest > 0


@dataclass(frozen=True, slots=True)
class Event:
    slots: tuple[Slot, ...]
    participants: tuple[Participant, ...]
    requests: tuple[Request, ...]
    _participant_index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    _slot_index: Mapping[str, int] = field(default_factory=dict, repr=False, compare=False)
    _request_index: Mapping[tuple[str, str], int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self._participant_index:
            object.__setattr__(self, "_participant_index", {p.id: i for i, p in enumerate(self.participants)})
        if not self._slot_index:
            object.__setattr__(self, "_slot_index", {s.id: i for i, s in enumerate(self.slots)})
        if not self._request_index:
            object.__setattr__(
                self, "_request_index", {(r.corporate, r.startup): i for i, r in enumerate(self.requests)}
            )

    def participant(self, pid: str) -> Participant | None:
        i = self._participant_index.get(pid)
        return None if i is None else self.participants[i]

    def slot_position(self, sid: str) -> int | None:
        return self._slot_index.get(sid)

    def request_for(self, corporate: str, startup: str) -> Request | None:
        i = self._request_index.get((corporate, startup))
        return None if i is None else self.requests[i]

    def request_position(self, corporate: str, startup: str) -> int | None:
        return self._request_index.get((corporate, startup))


# --------------------------------------------------------------------------- parsing helpers


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if isinstance(value, str | int | float | bool) else None
    return text if text is not None else _type_name(value)


def _obj(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise EventError(path, f"expected an object, got {_type_name(value)}")
    return value


def _list(value: object, path: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise EventError(path, f"expected a list, got {_type_name(value)}")
    return value


def _id(value: object, path: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise EventError(path, f"expected a non-empty string id, got {_show(value)}")
    text = str(value)
    if not text.strip():
        raise EventError(path, "expected a non-empty string id, got an empty string")
    return text


def _int(value: object, path: str, *, lo: int | None = None, hi: int | None = None, what: str = "") -> int:
    ok = isinstance(value, int) and not isinstance(value, bool)
    if not ok and isinstance(value, float) and value.is_integer():
        value, ok = int(value), True
    rng = what or (
        f"an integer {lo}–{hi}"
        if lo is not None and hi is not None
        else f"an integer >= {lo}"
        if lo is not None
        else "an integer"
    )
    if not ok:
        raise EventError(path, f"expected {rng}, got {_show(value)}")
    assert isinstance(value, int)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise EventError(path, f"expected {rng}, got {value}")
    return value


def _time(value: object, path: str) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise EventError(path, f"expected an ISO 8601 date-time string, got {_show(value)}")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise EventError(
            path, f"expected an ISO 8601 date-time such as 2026-12-01T10:00, got {_show(value)}"
        ) from None


# --------------------------------------------------------------------------- the parser


def parse_event(data: object) -> Event:
    """Validate a decoded ``kyoso_event`` document and build the immutable :class:`Event`.

    Raises :class:`EventError` (a ``ValueError``) on the first problem found.
    """
    root = _obj(data, "$")
    if "kyoso_event" not in root:
        raise EventError("kyoso_event", f"missing; expected the format version {EVENT_VERSION}")
    version = root["kyoso_event"]
    if isinstance(version, bool) or version != EVENT_VERSION:
        raise EventError(
            "kyoso_event", f"expected {EVENT_VERSION} (the supported version), got {_show(version)}"
        )

    slots: list[Slot] = []
    slot_seen: dict[str, int] = {}
    for i, raw in enumerate(_list(root.get("slots"), "slots")):
        path = f"slots[{i}]"
        item = _obj(raw, path)
        sid = _id(item.get("id"), f"{path}.id")
        if sid in slot_seen:
            raise EventError(f"{path}.id", f'duplicate slot id "{sid}" (first at slots[{slot_seen[sid]}])')
        slot_seen[sid] = i
        start = _time(item.get("start"), f"{path}.start")
        end = _time(item.get("end"), f"{path}.end")
        if start is not None and end is not None:
            try:
                before = end <= start
            except TypeError:
                raise EventError(f"{path}.end", "expected the same time-zone style as start") from None
            if before:
                raise EventError(
                    f"{path}.end",
                    f"expected a time after start {item.get('start')}, got {_show(item.get('end'))}",
                )
        if "tables" not in item or item["tables"] is None:
            raise EventError(f"{path}.tables", "missing; expected an integer >= 1")
        tables = _int(item["tables"], f"{path}.tables", lo=1)
        slots.append(Slot(sid, item.get("start"), item.get("end"), tables))
    if not slots:
        raise EventError("slots", "expected at least one slot")

    participants: list[Participant] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(_list(root.get("participants"), "participants")):
        path = f"participants[{i}]"
        item = _obj(raw, path)
        pid = _id(item.get("id"), f"{path}.id")
        if pid in seen:
            raise EventError(
                f"{path}.id", f'duplicate participant id "{pid}" (first at participants[{seen[pid]}])'
            )
        seen[pid] = i
        side = item.get("side")
        if side not in SIDES:
            raise EventError(f"{path}.side", f'expected "corporate" or "startup", got {_show(side)}')
        name = item.get("name")
        if name is not None and not isinstance(name, str):
            raise EventError(f"{path}.name", f"expected a string, got {_show(name)}")
        unavailable: set[str] = set()
        raw_unavail = item.get("unavailable")
        if raw_unavail is not None:
            for j, s in enumerate(_list(raw_unavail, f"{path}.unavailable")):
                spath = f"{path}.unavailable[{j}]"
                sid = _id(s, spath)
                if sid not in slot_seen:
                    raise EventError(spath, f'unknown slot "{sid}"')
                unavailable.add(sid)
        max_m = item.get("max_meetings")
        max_meetings = None if max_m is None else _int(max_m, f"{path}.max_meetings", lo=0)
        min_m = item.get("min_meetings")
        min_meetings = 0 if min_m is None else _int(min_m, f"{path}.min_meetings", lo=0)
        participants.append(
            Participant(pid, str(side), name or "", frozenset(unavailable), max_meetings, min_meetings)
        )

    side_of = {p.id: p.side for p in participants}
    requests: list[Request] = []
    pair_seen: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(_list(root.get("requests"), "requests")):
        path = f"requests[{i}]"
        item = _obj(raw, path)
        ends: list[str] = []
        for role in SIDES:
            pid = _id(item.get(role), f"{path}.{role}")
            side = side_of.get(pid)
            if side is None:
                raise EventError(f"{path}.{role}", f'unknown participant "{pid}"')
            if side != role:
                raise EventError(f"{path}.{role}", f'expected a {role} participant, "{pid}" is a {side}')
            ends.append(pid)
        pair = (ends[0], ends[1])
        if pair in pair_seen:
            raise EventError(
                path,
                f'duplicate request for the pair ("{pair[0]}", "{pair[1]}") (first at requests[{pair_seen[pair]}]); '
                "expected one request per pair",
            )
        pair_seen[pair] = i
        ci = _int(item.get("corporate_interest"), f"{path}.corporate_interest", lo=0, hi=3)
        si = _int(item.get("startup_interest"), f"{path}.startup_interest", lo=0, hi=3)
        raw_w = item.get("weight")
        if raw_w is None:
            weight = float(ci + si)
        else:
            if isinstance(raw_w, bool) or not isinstance(raw_w, int | float) or not math.isfinite(raw_w):
                raise EventError(f"{path}.weight", f"expected a finite number >= 0, got {_show(raw_w)}")
            if raw_w < 0:
                raise EventError(f"{path}.weight", f"expected a finite number >= 0, got {raw_w}")
            if raw_w > 1e12:
                raise EventError(f"{path}.weight", f"expected a number <= 1e12, got {raw_w}")
            weight = float(raw_w)
        requests.append(Request(pair[0], pair[1], ci, si, weight))

    return Event(tuple(slots), tuple(participants), tuple(requests))


def load_event(path: str) -> Event:
    """Read and parse an event file. Errors name the file: ``EVENT.json: requests[3].weight: ...``."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            text = fh.read()
    except OSError as exc:
        raise EventError("", f"cannot read: {exc.strerror or exc}", file=path) from exc
    except UnicodeDecodeError as exc:
        raise EventError("", f"expected UTF-8 text ({exc.reason} at byte {exc.start})", file=path) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EventError(
            "", f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=path
        ) from exc
    try:
        return parse_event(data)
    except EventError as exc:
        raise EventError(exc.path, exc.message, file=path) from exc

"""The event parser: every bad input names its JSON path and what was expected."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kyoso.engine.scheduling import EventError, load_event, parse_event

BASE: dict[str, Any] = {
    "kyoso_event": 1,
    "slots": [
        {"id": "s01", "start": "2026-12-01T10:00", "end": "2026-12-01T10:30", "tables": 2},
        {"id": "s02", "start": "2026-12-01T10:30", "end": "2026-12-01T11:00", "tables": 2},
    ],
    "participants": [
        {"id": "c1", "side": "corporate", "name": "A", "unavailable": ["s02"], "max_meetings": 2},
        {"id": "u1", "side": "startup", "name": "B", "min_meetings": 1},
    ],
    "requests": [{"corporate": "c1", "startup": "u1", "corporate_interest": 3, "startup_interest": 2}],
    "extra_field": {"ignored": True},
}


def bad(mutate: Any) -> EventError:
    doc = copy.deepcopy(BASE)
    mutate(doc)
    with pytest.raises(EventError) as info:
        parse_event(doc)
    return info.value


def test_valid_event_defaults() -> None:
    ev = parse_event(BASE)
    assert ev.requests[0].weight == 5.0
    assert ev.participants[0].unavailable == frozenset({"s02"})
    assert ev.participants[1].max_meetings is None
    assert ev.participants[1].min_meetings == 1
    assert ev.participants[0].min_meetings == 0


@pytest.mark.parametrize(
    ("mutate", "path", "words"),
    [
        (lambda d: d.update(kyoso_event=2), "kyoso_event", "expected 1"),
        (lambda d: d.pop("kyoso_event"), "kyoso_event", "missing"),
        (lambda d: d["requests"][0].update(startup="u9"), "requests[0].startup", 'unknown participant "u9"'),
        (lambda d: d["requests"][0].update(corporate="u1"), "requests[0].corporate", "expected a corporate"),
        (lambda d: d["requests"][0].update(startup="c1"), "requests[0].startup", "expected a startup"),
        (lambda d: d["requests"][0].update(corporate_interest=4), "requests[0].corporate_interest", "0–3"),
        (lambda d: d["requests"][0].update(startup_interest=-1), "requests[0].startup_interest", "0–3"),
        (lambda d: d["requests"][0].update(startup_interest="2"), "requests[0].startup_interest", "0–3"),
        (lambda d: d["requests"][0].update(weight=-1), "requests[0].weight", ">= 0"),
        (lambda d: d["requests"].append(dict(d["requests"][0])), "requests[1]", "duplicate request"),
        (
            lambda d: d["participants"].append({"id": "c1", "side": "startup"}),
            "participants[2].id",
            "duplicate",
        ),
        (
            lambda d: d["participants"][0].update(side="vc"),
            "participants[0].side",
            '"corporate" or "startup"',
        ),
        (
            lambda d: d["participants"][0].update(unavailable=["s09"]),
            "participants[0].unavailable[0]",
            "unknown slot",
        ),
        (lambda d: d["participants"][0].update(max_meetings=-2), "participants[0].max_meetings", ">= 0"),
        (lambda d: d["slots"][0].update(tables=0), "slots[0].tables", ">= 1"),
        (lambda d: d["slots"][0].update(tables=-3), "slots[0].tables", ">= 1"),
        (lambda d: d["slots"][0].pop("tables"), "slots[0].tables", "missing"),
        (lambda d: d["slots"][1].update(id="s01"), "slots[1].id", "duplicate slot"),
        (lambda d: d["slots"][0].update(end="2026-12-01T09:00"), "slots[0].end", "after start"),
        (lambda d: d["slots"][0].update(start="tomorrow"), "slots[0].start", "ISO 8601"),
        (lambda d: d.update(slots=[]), "slots", "at least one slot"),
        (lambda d: d.update(requests={}), "requests", "expected a list"),
        (lambda d: d["requests"].__setitem__(0, 7), "requests[0]", "expected an object"),
    ],
)
def test_bad_input_names_path(mutate: Any, path: str, words: str) -> None:
    err = bad(mutate)
    assert err.path == path
    assert words in str(err)
    assert str(err).startswith(path + ":")


def test_load_event_names_file_and_json_position(tmp_path: Path) -> None:
    f = tmp_path / "ev.json"
    f.write_text('{"kyoso_event": 1,\n  "slots": [,]}', encoding="utf-8")
    with pytest.raises(EventError) as info:
        load_event(str(f))
    assert str(info.value).startswith(f"{f}: invalid JSON at line 2, column")
    doc = copy.deepcopy(BASE)
    doc["requests"][0]["startup"] = "u9"
    f.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(EventError) as info:
        load_event(str(f))
    assert str(info.value) == f'{f}: requests[0].startup: unknown participant "u9"'

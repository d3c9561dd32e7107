"""`kyoso schedule`: output shape, exit 2 with one clear message for bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kyoso.cli import main as kyoso_main
from kyoso.engine.scheduling import generate_event, parse_event, validate_schedule
from kyoso.engine.scheduling.cli import main


def write(tmp_path: Path, doc: Any, name: str = "event.json") -> Path:
    f = tmp_path / name
    f.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return f


def test_schedule_to_out_file(tmp_path: Path) -> None:
    doc = generate_event(15, 40, 5, 150, seed=3)
    f = write(tmp_path, doc)
    out = tmp_path / "s.json"
    assert kyoso_main(["schedule", str(f), "--out", str(out), "--time-limit", "5", "--quiet"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert validate_schedule(parse_event(doc), data) == []
    assert data["upper_bound"] >= data["objective"] > 0
    assert {"corporate", "startup", "slot", "table"} == set(data["meetings"][0])


def test_minimums_fields_and_no_minimums_flag(tmp_path: Path) -> None:
    doc = {
        "kyoso_event": 1,
        "slots": [{"id": "s0", "tables": 1}, {"id": "s1", "tables": 1}],
        "participants": [
            {"id": "c0", "side": "corporate"},
            {"id": "c1", "side": "corporate"},
            {"id": "u0", "side": "startup"},
            {"id": "u1", "side": "startup", "min_meetings": 1},
            {"id": "u2", "side": "startup", "min_meetings": 1},
        ],
        "requests": [
            {"corporate": "c0", "startup": "u0", "corporate_interest": 3, "startup_interest": 3},
            {"corporate": "c1", "startup": "u0", "corporate_interest": 3, "startup_interest": 3},
            {"corporate": "c1", "startup": "u1", "corporate_interest": 1, "startup_interest": 1},
        ],
    }
    f = write(tmp_path, doc)
    out = tmp_path / "s.json"
    assert main([str(f), "--out", str(out), "--quiet"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert validate_schedule(parse_event(doc), data) == []
    assert data["objective"] == 8 and data["objective_without_minimums"] == 12
    assert data["below_min"] == [
        {"participant": "u2", "meetings": 0, "min_meetings": 1, "reason": "no_request"}
    ]
    assert data["fairness"]["price"] == 4 and data["fairness"]["at_minimum"] == 1
    assert main([str(f), "--out", str(out), "--quiet", "--no-minimums", "--fairness-budget", "0"]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["objective"] == 12
    assert [(b["participant"], b["reason"]) for b in data["below_min"]] == [
        ("u1", "no_free_slot"),
        ("u2", "no_request"),
    ]


def test_schedule_to_stdout_and_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = generate_event(10, 30, 4, 100, seed=4)
    f = write(tmp_path, doc)
    assert main([str(f), "--time-limit", "3", "--seed", "2"]) == 0
    first = json.loads(capsys.readouterr().out)
    prev = write(tmp_path, first, "prev.json")
    assert main([str(f), "--time-limit", "3", "--previous", str(prev)]) == 0
    second = json.loads(capsys.readouterr().out)
    assert second["stats"]["moved"] == 0
    assert {json.dumps(m) for m in first["meetings"]} <= {json.dumps(m) for m in second["meetings"]}


BASE: dict[str, Any] = {
    "kyoso_event": 1,
    "slots": [{"id": "s1", "tables": 1}],
    "participants": [{"id": "c1", "side": "corporate"}, {"id": "u1", "side": "startup"}],
    "requests": [{"corporate": "c1", "startup": "u1", "corporate_interest": 1, "startup_interest": 1}],
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"kyoso_event": 3}, "kyoso_event: expected 1"),
        (
            {"requests": [{**BASE["requests"][0], "startup": "u9"}]},
            'requests[0].startup: unknown participant "u9"',
        ),
        (
            {"requests": [{**BASE["requests"][0], "corporate": "u1"}]},
            "requests[0].corporate: expected a corporate",
        ),
        ({"requests": [{**BASE["requests"][0], "startup_interest": 5}]}, "requests[0].startup_interest"),
        (
            {"participants": BASE["participants"] + [{"id": "u1", "side": "startup"}]},
            "participants[2].id: duplicate",
        ),
        ({"slots": [{"id": "s1", "tables": -1}]}, "slots[0].tables: expected an integer >= 1"),
        (
            {
                "participants": [
                    {"id": "c1", "side": "corporate", "unavailable": ["zz"]},
                    BASE["participants"][1],
                ]
            },
            'participants[0].unavailable[0]: unknown slot "zz"',
        ),
        ({"requests": [{**BASE["requests"][0], "corporate_interest": 0}]}, "requests: no feasible meeting"),
    ],
)
def test_bad_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, Any], expected: str
) -> None:
    f = write(tmp_path, {**BASE, **change})
    assert main([str(f)]) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert str(f) in err
    assert err.count("\n") == 1


def test_invalid_json_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path, '{\n  "kyoso_event": 1,\n  "slots": [}\n')
    assert main([str(f)]) == 2
    err = capsys.readouterr().err
    assert f"{f}: invalid JSON at line 3, column 13" in err


def test_missing_file_and_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "nope.json: cannot read" in capsys.readouterr().err
    f = write(tmp_path, BASE)
    assert main([str(f), "--time-limit", "0"]) == 2
    assert "--time-limit" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:
        main([str(f), "--time-limit", "soon"])
    assert info.value.code == 2


def test_bad_previous_schedule_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path, BASE)
    prev = write(
        tmp_path, {"meetings": [{"corporate": "c1", "startup": "u1", "slot": "s1", "table": 0}]}, "p.json"
    )
    assert main([str(f), "--previous", str(prev)]) == 2
    err = capsys.readouterr().err
    assert f"{prev}: meetings[0].table: expected an integer >= 1" in err
    broken = write(tmp_path, "{", "broken.json")
    assert main([str(f), "--previous", str(broken)]) == 2
    assert "invalid JSON at line 1" in capsys.readouterr().err


def test_progress_lines_go_to_stderr_only(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    f = write(tmp_path, generate_event(30, 80, 4, 600, seed=8, tables_ratio=1.0))
    assert main([str(f), "--time-limit", "4"]) == 0
    out, _ = capfd.readouterr()
    data = json.loads(out)
    assert data["upper_bound"] >= data["objective"]

"""`kyoso diagnose` as a user runs it: output formats, languages, --out, and exit 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kyoso.engine.diagnosis.cli import main

CASES = Path(__file__).parent / "cases"
CASE_A = str(CASES / "case_a_culture_mismatch.json")


def test_json_is_the_default_and_japanese_by_default(capsys):
    assert main([CASE_A]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["causes"][0]["id"] == "partner_fit"
    assert "90日対7日" in out["causes"][0]["evidence"][0]


def test_english_text_report(capsys):
    assert main([CASE_A, "--format", "text", "--lang", "en"]) == 0
    text = capsys.readouterr().out
    assert "Failure-risk diagnosis" in text
    assert "Decision lead time differs 90 vs 7 days (about 13x)." in text
    assert "[partner_fit]" in text and "Countermeasure 2" in text


def test_japanese_text_report(capsys):
    assert main([CASE_A, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "失敗リスク診断" in text and "対策2" in text


def test_out_writes_the_file_and_nothing_to_stdout(tmp_path, capsys):
    target = tmp_path / "result.json"
    assert main([CASE_A, "--out", str(target), "--lang", "en"]) == 0
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["overall"]["level"] in {"high", "critical"}


def test_two_runs_give_identical_output(capsys):
    main([str(CASES / "interfaces_example.json")])
    first = capsys.readouterr().out
    main([str(CASES / "interfaces_example.json")])
    assert capsys.readouterr().out == first


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"kyoso_snapshot": 1,\n  "as_of": "2026-06-30",,\n}', "line 2 column 25: invalid JSON"),
        ('{"kyoso_snapshot": 2}', "kyoso_snapshot: expected 1"),
        (
            '{"kyoso_snapshot": 1, "as_of": "2026-13-01"}',
            'as_of: expected an ISO 8601 date (YYYY-MM-DD), got "2026-13-01"',
        ),
        (
            '{"kyoso_snapshot": 1, "project": {"contracts": [{"terms": {"foreground_ip_owner": "x"}}]}}',
            'project.contracts[0].terms.foreground_ip_owner: expected one of corporate|partner|joint|undecided, got "x"',
        ),
        (
            '{"kyoso_snapshot": 1, "alignment": {"partner": {"budget_jpy": -5}}}',
            "alignment.partner.budget_jpy",
        ),
        ('{"kyoso_snapshot": 1, "as_of": NaN}', "invalid JSON"),
        ("[1, 2]", "$: expected a JSON object"),
    ],
)
def test_bad_input_exits_2_with_one_message_naming_file_and_path(tmp_path, capsys, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    assert main([str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert str(bad) in lines[0] and expected in lines[0], lines[0]


def test_missing_file_and_binary_file(tmp_path, capsys):
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "nope.json: cannot read the file" in capsys.readouterr().err
    binary = tmp_path / "bin.json"
    binary.write_bytes(b"\xff\xfe\x00")
    assert main([str(binary)]) == 2
    assert "expected UTF-8" in capsys.readouterr().err


def test_bad_options_exit_2(capsys):
    assert main([CASE_A, "--format", "xml"]) == 2
    assert main([]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("kyoso diagnose:") for line in err)


def test_utf8_bom_is_accepted(tmp_path, capsys):
    f = tmp_path / "bom.json"
    f.write_bytes("\ufeff".encode() + b'{"kyoso_snapshot": 1}')
    assert main([str(f)]) == 0


def test_console_script_runs_without_django(tmp_path):
    """The installed `kyoso diagnose` path imports no Django (it must work with nothing configured)."""
    code = (
        f"import sys; from kyoso.cli import main; rc = main(['diagnose', {CASE_A!r}, '--lang', 'en']); "
        "assert 'django' not in sys.modules, 'django imported'; sys.exit(rc)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={"PATH": "/usr/bin"}
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["causes"][0]["id"] == "partner_fit"

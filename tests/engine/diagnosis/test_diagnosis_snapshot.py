"""Reading snapshots: one clear error naming the JSON path; unknown fields ignored; null = unknown."""

from __future__ import annotations

import datetime as dt

import pytest

from kyoso.engine.diagnosis import SnapshotError, parse_snapshot


@pytest.mark.parametrize(
    ("data", "path", "expected"),
    [
        ([], "$", "expected a JSON object"),
        ({}, "kyoso_snapshot", "missing"),
        ({"kyoso_snapshot": 2}, "kyoso_snapshot", "expected 1"),
        ({"kyoso_snapshot": "1"}, "kyoso_snapshot", 'got "1"'),
        ({"kyoso_snapshot": True}, "kyoso_snapshot", "got true"),
        ({"kyoso_snapshot": 1, "as_of": "2026-13-01"}, "as_of", "no such date"),
        ({"kyoso_snapshot": 1, "as_of": "30/06/2026"}, "as_of", "YYYY-MM-DD"),
        ({"kyoso_snapshot": 1, "project": []}, "project", "expected an object"),
        ({"kyoso_snapshot": 1, "project": {"stage": "launch"}}, "project.stage", "exploration|poc|pilot"),
        (
            {"kyoso_snapshot": 1, "project": {"contracts": [{}, {"terms": {"foreground_ip_owner": "x"}}]}},
            "project.contracts[1].terms.foreground_ip_owner",
            'expected one of corporate|partner|joint|undecided, got "x"',
        ),
        (
            {"kyoso_snapshot": 1, "project": {"contracts": [{"terms": {"exclusivity": {"months": -3}}}]}},
            "project.contracts[0].terms.exclusivity.months",
            "expected a number >= 0, got -3",
        ),
        (
            {"kyoso_snapshot": 1, "project": {"communication": {"cadence_days": 7.5}}},
            "project.communication.cadence_days",
            "whole number",
        ),
        (
            {"kyoso_snapshot": 1, "project": {"communication": {"log": [{"date": "2026-02-30"}]}}},
            "project.communication.log[0].date",
            "no such date",
        ),
        ({"kyoso_snapshot": 1, "project": {"milestones": {}}}, "project.milestones", "expected a list"),
        ({"kyoso_snapshot": 1, "project": {"gates": ["poc"]}}, "project.gates[0]", "expected an object"),
        (
            {"kyoso_snapshot": 1, "project": {"charter": {"stakeholders": ["a", 3]}}},
            "project.charter.stakeholders[1]",
            "expected a string",
        ),
        (
            {"kyoso_snapshot": 1, "parties": {"partner": {"company_wide_support": "yes"}}},
            "parties.partner.company_wide_support",
            "expected true, false or null",
        ),
        (
            {"kyoso_snapshot": 1, "parties": {"partner": {"oi_experience_count": -1}}},
            "parties.partner.oi_experience_count",
            ">= 0",
        ),
        (
            {"kyoso_snapshot": 1, "alignment": {"partner": {"budget_jpy": True}}},
            "alignment.partner.budget_jpy",
            "expected a number, got true",
        ),
        (
            {"kyoso_snapshot": 1, "alignment": {"corporate": {"goal_type": "grow"}}},
            "alignment.corporate.goal_type",
            "improve_existing|replace|new_market|explore",
        ),
    ],
)
def test_bad_input_names_the_path_and_the_expectation(data, path, expected):
    with pytest.raises(SnapshotError) as err:
        parse_snapshot(data)
    assert err.value.path == path
    assert expected in err.value.message
    assert str(err.value).startswith(f"{path}: ")


def test_unknown_fields_are_ignored():
    snap = parse_snapshot(
        {"kyoso_snapshot": 1, "extra": {"x": 1}, "project": {"stage": "poc", "colour": "red"}}
    )
    assert snap.project is not None and snap.project.stage == "poc"


def test_missing_and_null_both_mean_unknown():
    a = parse_snapshot({"kyoso_snapshot": 1, "project": {"sponsor": None, "stage": None}})
    b = parse_snapshot({"kyoso_snapshot": 1, "project": {}})
    assert a == b


def test_null_exclusivity_months_means_no_time_limit():
    snap = parse_snapshot(
        {"kyoso_snapshot": 1, "project": {"contracts": [{"terms": {"exclusivity": {"months": None}}}]}}
    )
    terms = snap.project.contracts[0].terms
    assert terms.exclusivity is not None and terms.exclusivity.months is None


def test_as_of_defaults_to_the_latest_past_event_not_planned_dates_nor_the_clock():
    snap = parse_snapshot(
        {
            "kyoso_snapshot": 1,
            "project": {
                "stage_entered": "2026-01-10",
                "milestones": [{"due": "2027-01-01", "done_on": "2026-03-01"}],
                "sponsor": {"last_engaged": "2026-02-01", "budget_committed_until": "2028-01-01"},
                "communication": {"log": [{"date": "2026-04-02"}]},
                "contracts": [{"signed_on": "2026-01-05", "terms": {"end_date": "2027-06-30"}}],
            },
        }
    )
    assert snap.effective_as_of() == dt.date(2026, 4, 2)
    assert parse_snapshot({"kyoso_snapshot": 1}).effective_as_of() is None
    explicit = parse_snapshot(
        {"kyoso_snapshot": 1, "as_of": "2026-06-30", "project": {"stage_entered": "2026-01-10"}}
    )
    assert explicit.effective_as_of() == dt.date(2026, 6, 30)


def test_interfaces_example_parses():
    import json
    from pathlib import Path

    data = json.loads(
        (Path(__file__).parent / "cases" / "interfaces_example.json").read_text(encoding="utf-8")
    )
    snap = parse_snapshot(data)
    assert snap.project.contracts[0].terms.exclusivity.months == 36

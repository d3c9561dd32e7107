"""Alignment gaps (C4) and early warnings (C5) of docs/product.md#capabilities as the web app and the CLI show them."""

from __future__ import annotations

import pytest

from kyoso.engine.diagnosis import alignment_gaps, diagnose, parse_snapshot


def gaps(corporate: dict, partner: dict) -> dict[str, str]:
    snap = parse_snapshot({"kyoso_snapshot": 1, "alignment": {"corporate": corporate, "partner": partner}})
    return {g.question: g.severity for g in alignment_gaps(snap.alignment)}


@pytest.mark.parametrize(
    ("question", "corporate", "partner", "severity"),
    [
        ("goal_type", "improve_existing", "replace", "critical"),
        ("goal_type", "improve_existing", "new_market", "high"),
        ("goal_type", "replace", "new_market", "medium"),
        ("goal_type", "explore", "new_market", "low"),
        ("first_result_months", 12, 3, "critical"),
        ("first_result_months", 9, 3, "high"),
        ("first_result_months", 6, 4, "medium"),
        ("first_result_months", 6, 5, "low"),
        ("decision_lead_days", 90, 7, "critical"),
        ("decision_lead_days", 30, 7, "high"),
        ("decision_lead_days", 14, 7, "medium"),
        ("quality_approach", "verify_first", "ship_and_iterate", "high"),
        ("quality_approach", "verify_first", "balanced", "low"),
        ("result_owner", "corporate", "partner", "critical"),
        ("result_owner", "corporate", "joint", "high"),
        ("result_owner", "undecided", "partner", "medium"),
        ("budget_jpy", 50_000_000, 200_000_000, "critical"),
        ("budget_jpy", 0, 1, "critical"),
        ("budget_jpy", 50_000_000, 60_000_000, "low"),
        ("success_kpi", "検出率95%", "売上1億円", "medium"),
    ],
)
def test_gap_severity(question, corporate, partner, severity):
    assert gaps({question: corporate}, {question: partner}) == {question: severity}


def test_equal_or_one_sided_answers_are_not_gaps():
    assert (
        gaps(
            {"goal_type": "replace", "success_kpi": " 検出率 95% "},
            {"goal_type": "replace", "success_kpi": "検出率95%"},
        )
        == {}
    )
    assert gaps({"goal_type": "replace"}, {}) == {}


def test_gaps_are_listed_most_severe_first_with_both_answers_in_json():
    snap = parse_snapshot(
        {
            "kyoso_snapshot": 1,
            "alignment": {
                "corporate": {
                    "budget_jpy": 50_000_000,
                    "quality_approach": "verify_first",
                    "goal_type": "replace",
                },
                "partner": {
                    "budget_jpy": 60_000_000,
                    "quality_approach": "ship_and_iterate",
                    "goal_type": "improve_existing",
                },
            },
        }
    )
    out = diagnose(snap, "en").to_json()["gaps"]
    assert [g["question"] for g in out] == ["goal_type", "quality_approach", "budget_jpy"]
    assert out[2]["corporate"] == 50_000_000 and out[2]["partner"] == 60_000_000
    assert "¥50M" in out[2]["message"] and "¥60M" in out[2]["message"]


BASE = {
    "kyoso_snapshot": 1,
    "as_of": "2026-06-30",
    "project": {
        "stage": "poc",
        "stage_entered": "2026-01-10",
        "sponsor": {
            "name": "山田役員",
            "level": "executive",
            "last_engaged": "2026-03-01",
            "budget_committed_until": "2026-05-31",
        },
        "gates": [{"stage": "poc", "criteria": [], "decision": None, "due": "2026-06-15"}],
        "milestones": [{"title": "プロトタイプ完成", "due": "2026-04-30", "done_on": None}],
        "communication": {
            "cadence_days": 14,
            "log": [{"date": "2026-03-02", "parties": ["corporate", "partner"]}],
        },
        "contracts": [
            {
                "kind": "poc",
                "status": "signed",
                "signed_on": "2026-01-10",
                "terms": {"foreground_ip_owner": "undecided", "end_date": "2026-05-31", "fee_jpy": 1000000},
            },
        ],
    },
}


def warnings(lang: str = "en") -> list[dict]:
    return diagnose(parse_snapshot(BASE), lang).to_json()["warnings"]


def test_warnings_cover_every_overdue_thing_with_its_date():
    found = {(w["kind"], w["since"]) for w in warnings()}
    assert {
        ("ip_open_at_signature", "2026-01-10"),
        ("no_contact", "2026-03-02"),
        ("sponsor_silent", "2026-03-01"),
        ("milestone_overdue", "2026-04-30"),
        ("budget_expired", "2026-05-31"),
        ("poc_overrun", "2026-05-31"),  # PoC contract ended
        ("poc_overrun", "2026-06-15"),  # gate due, no decision
        ("poc_overrun", "2026-07-12"),  # would be 6 months; not yet on 2026-06-30
    } - {("poc_overrun", "2026-07-12")} <= found
    assert ("gate_without_criteria", "2026-01-10") in found


def test_warnings_are_oldest_first_and_in_the_asked_language():
    en = warnings("en")
    assert [w["since"] for w in en] == sorted(w["since"] for w in en)
    assert any("120 days ago (plan: every 14 days)" in w["message"] for w in en)
    ja = warnings("ja")
    assert any("プロトタイプ完成" in w["message"] and "61日" in w["message"] for w in ja)


def test_poc_past_six_months_is_an_overrun():
    import copy

    data = copy.deepcopy(BASE)
    data["as_of"] = "2026-08-01"
    kinds = [w for w in diagnose(parse_snapshot(data)).to_json()["warnings"] if w["kind"] == "poc_overrun"]
    assert any("6-month" in w["message"] or "6か月" in w["message"] for w in kinds)


def test_stopped_projects_raise_no_activity_warnings():
    import copy

    data = copy.deepcopy(BASE)
    data["project"]["stage"] = "stopped"
    kinds = {w["kind"] for w in diagnose(parse_snapshot(data)).to_json()["warnings"]}
    assert kinds <= {"ip_open_at_signature", "alignment_gap_critical"}

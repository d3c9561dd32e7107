"""Short-termism signals of countermeasure 6, 対策6 (issue 16): financial gates and KPIs judged
within months, early benefits, a budget shorter than the plan, early gates and early stops."""

from __future__ import annotations

from typing import Any

import pytest

from kyoso.engine.diagnosis import diagnose, parse_snapshot
from kyoso.engine.diagnosis.rules.short_termism import financial_term


def run(data: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    return diagnose(parse_snapshot(data), lang).to_json()


def rules(out: dict[str, Any], cause: str) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for c in out["causes"] if c["id"] == cause for r in c["rules"]}


def revenue_poc(case) -> dict[str, Any]:
    """The issue's example: a PoC judged on revenue, a revenue KPI over 3 months, benefits due within
    months, a budget that ends before the milestones, a first result expected in 2 months."""
    data = case("healthy_poc")
    p = data["project"]
    p["charter"]["purpose_category"] = "improve_existing"
    p["charter"]["expected_benefits"] = [
        {"metric": "売上", "target": 30_000_000, "unit": "円", "by": "2026-07-31"}
    ]
    p["gates"][0]["criteria"] = ["PoC期間中の売上3,000万円"]
    p["kpis"] = [{"name": "売上", "target": 30_000_000, "unit": "円", "horizon_months": 3}]
    p["sponsor"]["budget_committed_until"] = "2026-07-15"
    for side in ("corporate", "partner"):
        data["alignment"][side]["goal_type"] = "improve_existing"
        data["alignment"][side]["first_result_months"] = 2
    return data


def test_the_issues_revenue_poc_is_high_on_short_termism(case):
    ja, en = run(revenue_poc(case), "ja"), run(revenue_poc(case), "en")
    assert ja["causes"][0]["id"] == "short_termism"
    top = ja["causes"][0]
    assert top["score"] >= 50 and top["level"] in ("high", "critical")  # was 15
    got = rules(ja, "short_termism")
    assert {
        "short_termism.financial_gate_criteria",
        "short_termism.financial_kpi_short",
        "short_termism.benefits_due_soon",
        "short_termism.budget_before_milestones",
        "short_termism.first_result_too_soon",
    } <= set(got)
    for rule_id, r in got.items():
        assert r["evidence"]["ja"] and r["evidence"]["en"], rule_id
        assert any(k in r["countermeasure"]["ja"] for k in ("対策6", "ポイント"))
        assert "Countermeasure 6" in r["countermeasure"]["en"] or "Point" in r["countermeasure"]["en"]
    assert any("売上" in e for e in top["evidence"])
    assert any(
        "revenue" in m or "financial" in m
        for m in en["causes"][0]["countermeasures"] + en["causes"][0]["evidence"]
    )


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("月間売上1,000万円", "売上"),
        ("営業利益の黒字化", "利益"),
        ("単月黒字", "黒字"),
        ("収益化の目処", "収益"),
        ("Revenue of 20M JPY", "Revenue"),
        ("ROI above 1.5", "ROI"),
        ("first sales in the pilot", "sales"),
        ("break-even in six months", "break-even"),
        ("ROI1.5倍以上", "ROI"),
        ("gross margin above 30%", "gross margin"),
        ("検出率95%以上", None),
        ("error margin under 5%", None),
        ("heroic field tests", None),
        ("Forecast error (MAPE) under 15%", None),
        ("Pilot users keep using it weekly", None),
    ],
)
def test_financial_outcomes_are_recognised_in_both_languages(text, word):
    assert financial_term(text) == word


def test_financial_criteria_are_fine_at_the_commercialisation_gate(case):
    data = case("healthy_pilot")
    data["project"]["gates"].append(
        {"stage": "commercialisation", "criteria": ["年間売上1億円"], "decision": None}
    )
    assert "short_termism.financial_gate_criteria" not in rules(run(data), "short_termism")


def test_a_revenue_kpi_over_a_year_is_not_short_termism(case):
    data = case("healthy_pilot")
    data["project"]["kpis"].append({"name": "Revenue", "target": 1e8, "unit": "JPY", "horizon_months": 12})
    assert "short_termism.financial_kpi_short" not in rules(run(data), "short_termism")


def test_benefits_a_year_or_more_after_the_start_are_fine(case):
    data = case("healthy_poc")  # started 2026-02-01 (NDA), benefits by 2027-03-31
    assert "short_termism.benefits_due_soon" not in rules(run(data), "short_termism")
    data["project"]["charter"]["expected_benefits"][0]["by"] = "2027-01-31"
    got = rules(run(data), "short_termism")["short_termism.benefits_due_soon"]
    assert "約11か月後" in got["evidence"]["ja"] and "about 11 months" in got["evidence"]["en"]


def test_a_budget_that_ends_before_the_milestones_is_short_termism_not_internal_structure(case):
    data = case("healthy_poc")
    data["project"]["sponsor"]["budget_committed_until"] = "2026-08-01"
    out = run(data)
    got = rules(out, "short_termism")["short_termism.budget_before_milestones"]
    assert "2026-08-01" in got["evidence"]["ja"] and "2件" in got["evidence"]["ja"]
    assert "PoCの終了、2026-08-31" in got["evidence"]["ja"]
    assert "2 item(s) fall after it, the last the end of the PoC on 2026-08-31" in got["evidence"]["en"]
    data["project"]["sponsor"]["budget_committed_until"] = "2026-08-25"
    got = rules(run(data), "short_termism")["short_termism.budget_before_milestones"]
    assert "1件" in got["evidence"]["ja"]
    assert "internal_structure.budget_not_committed" not in rules(out, "internal_structure")


def test_a_gate_planned_weeks_after_the_stage_began(case):
    data = case("healthy_poc")  # PoC entered 2026-03-01
    data["project"]["gates"][0]["due"] = "2026-04-20"
    got = rules(run(data), "short_termism")["short_termism.gate_too_soon"]
    assert "50日後" in got["evidence"]["ja"] and "50 days after the stage began" in got["evidence"]["en"]
    data["project"]["gates"][0]["due"] = "2026-05-15"  # 75 days: room for one loop
    assert "short_termism.gate_too_soon" not in rules(run(data), "short_termism")


def test_a_stage_stopped_soon_after_it_started_before_the_kpis_horizon(case):
    data = case("healthy_pilot")  # pilot entered 2026-04-01 after a go on 2026-03-25
    p = data["project"]
    p["stage"], p["stage_entered"] = "stopped", "2026-05-20"
    pilot_gate = next(g for g in p["gates"] if g["stage"] == "pilot")
    pilot_gate.update(decision="no_go", decided_on="2026-05-20")
    got = rules(run(data), "short_termism")["short_termism.stopped_soon"]
    assert "56日で中止" in got["evidence"]["ja"] and "KPIの評価期間（12か月）" in got["evidence"]["ja"]
    assert "stopped 56 days after it began" in got["evidence"]["en"] and "12 months" in got["evidence"]["en"]


def test_a_stage_stopped_at_its_planned_end_is_not_short_termism(case):
    data = case("healthy_pilot")
    p = data["project"]
    p["stage"], p["stage_entered"] = "stopped", "2026-09-30"
    data["as_of"] = "2026-10-10"
    next(g for g in p["gates"] if g["stage"] == "pilot").update(decision="no_go", decided_on="2026-09-30")
    assert "short_termism.stopped_soon" not in rules(run(data), "short_termism")


def test_an_early_stop_names_the_kpi_it_left_unmet(case):
    data = case("healthy_pilot")
    p = data["project"]
    p["stage"], p["stage_entered"] = "stopped", "2026-05-20"
    next(g for g in p["gates"] if g["stage"] == "pilot").update(decision="no_go", decided_on="2026-05-20")
    p["kpis"][0].update(actual=8, higher_is_better=True)  # target 20
    got = rules(run(data), "short_termism")["short_termism.stopped_soon"]
    assert "KPI「停止時間削減」は8で目標20に未達" in got["evidence"]["ja"]
    assert "The KPI '停止時間削減' stood at 8 against a target of 20." in got["evidence"]["en"]
    p["kpis"][0].update(actual=25)  # met: no KPI named as unmet
    got = rules(run(data), "short_termism")["short_termism.stopped_soon"]
    assert "未達" not in got["evidence"]["ja"]

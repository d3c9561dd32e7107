"""Absent is unknown, not a defect; superseded contracts are judged on what outlives them (issue 16)."""

from __future__ import annotations

from typing import Any

from kyoso.engine.diagnosis import RULES, diagnose, parse_snapshot
from kyoso.engine.diagnosis.report import render_text
from kyoso.engine.diagnosis.rules.base import DATA_PROMPT_POINTS


def run(data: dict[str, Any], lang: str = "ja") -> dict[str, Any]:
    return diagnose(parse_snapshot(data), lang).to_json()


def scores(out: dict[str, Any]) -> dict[str, int]:
    return {c["id"]: c["score"] for c in out["causes"]}


def fired(out: dict[str, Any]) -> set[str]:
    return {r["id"] for c in out["causes"] for r in c["rules"]}


def contract(data: dict[str, Any], kind: str) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in data["project"]["contracts"] if c["kind"] == kind)
    return found


def past_poc(case) -> dict[str, Any]:
    """The issue's healthy project past the PoC: NDA, PoC and joint development signed, owner, scope,
    fees and background IP recorded; the PoC lacks deliverable, end date and decision deadline, the
    NDA its decision deadline."""
    data = case("healthy_pilot")
    for key in ("deliverable", "end_date", "decision_deadline_days"):
        contract(data, "poc")["terms"].pop(key)
    contract(data, "nda")["terms"].pop("decision_deadline_days")
    return data


def test_healthy_project_past_the_poc_scores_low(case):
    out = run(past_poc(case))
    assert scores(out)["ip_contract"] < 25  # was 54 (high)
    assert out["overall"]["level"] == "low"  # was 42
    # Superseded process terms are neither risks nor data to complete.
    assert out["data_to_complete"] == []


def test_absent_optional_terms_are_data_to_complete_not_risks(case):
    data = case("healthy_poc")
    terms = contract(data, "poc")["terms"]
    for key in ("deliverable", "end_date", "decision_deadline_days"):
        terms.pop(key)
    ja, en = run(data, "ja"), run(data, "en")
    assert not {"ip_contract.decision_deadline", "ip_contract.poc_too_long"} & fired(ja)
    fields = [d["field"] for d in ja["data_to_complete"]]
    assert fields == [
        "project.contracts[1].terms.deliverable",
        "project.contracts[1].terms.end_date",
        "project.contracts[1].terms.decision_deadline_days",
    ]
    assert all(
        d["cause"] == "ip_contract" and d["points"] == DATA_PROMPT_POINTS for d in ja["data_to_complete"]
    )
    assert "成果物" in ja["data_to_complete"][0]["message"]
    assert "Record the deliverable" in en["data_to_complete"][0]["message"]
    assert (
        "2か月" in ja["data_to_complete"][2]["message"] and "2 months" in en["data_to_complete"][2]["message"]
    )
    assert scores(ja)["ip_contract"] < 25


def test_a_prompt_weighs_far_below_any_explicit_gap(case):
    smallest_rule = 5  # partner_fit.checklist_open, per unknown item; most rules give 15-60
    assert DATA_PROMPT_POINTS * 3 <= smallest_rule * 2
    data = case("healthy_poc")
    contract(data, "poc")["terms"].pop("deliverable")
    unknown = scores(run(data))["ip_contract"]
    data = case("healthy_poc")
    contract(data, "poc")["terms"]["foreground_ip_owner"] = "undecided"  # an explicit gap, signed
    explicit = scores(run(data))["ip_contract"]
    assert explicit >= 10 * max(unknown, 1)
    assert {r.id for r in RULES}.isdisjoint({"ip_contract.poc_no_deliverable", "ip_contract.poc_no_end_date"})


def test_data_to_complete_is_a_new_field_beside_the_existing_ones(case):
    out = run(case("healthy_poc"))
    assert list(out) == [
        "overall",
        "causes",
        "gaps",
        "warnings",
        "data_to_complete",
        "as_of",
        "lang",
        "engine_version",
    ]


def test_the_text_report_lists_data_to_complete_apart_from_risks(case):
    data = case("healthy_poc")
    contract(data, "poc")["terms"].pop("end_date")
    text = render_text(diagnose(parse_snapshot(data), "en"), "en")
    assert "Data to complete (not risks):" in text
    assert "project.contracts[1].terms.end_date" in text


def test_a_superseded_poc_is_judged_on_ownership_not_on_its_process_terms(case):
    data = case("healthy_pilot")
    poc = contract(data, "poc")["terms"]
    poc.update(decision_deadline_days=150, fee_jpy=0, end_date="2027-12-31", deliverable=None)
    out = run(data)
    assert not {
        "ip_contract.decision_deadline",
        "ip_contract.poc_unpaid",
        "ip_contract.poc_too_long",
    } & fired(out)
    assert out["data_to_complete"] == []
    # Who owns the PoC's results still matters after joint development is signed.
    poc["foreground_ip_owner"] = "undecided"
    assert "ip_contract.foreground_undecided" in fired(run(data))


def test_the_same_poc_terms_count_while_the_poc_is_the_current_step(case):
    data = case("healthy_poc")
    contract(data, "poc")["terms"].update(decision_deadline_days=150, fee_jpy=0)
    assert {"ip_contract.decision_deadline", "ip_contract.poc_unpaid"} <= fired(run(data))


def test_an_ndas_next_step_deadline_matters_only_while_exploring(case):
    data = case("healthy_exploration")
    nda = {
        "kind": "nda",
        "status": "signed",
        "signed_on": "2026-05-01",
        "terms": {"decision_deadline_days": 120},
    }
    data["project"]["contracts"] = [nda]
    assert "ip_contract.decision_deadline" in fired(run(data))
    nda["terms"].pop("decision_deadline_days")
    assert "project.contracts[0].terms.decision_deadline_days" in {
        d["field"] for d in run(data)["data_to_complete"]
    }
    # Once the PoC is under way the NDA's deadline has done its job.
    data = case("healthy_poc")
    contract(data, "nda")["terms"]["decision_deadline_days"] = 120
    out = run(data)
    assert "ip_contract.decision_deadline" not in fired(out)
    contract(data, "nda")["terms"].pop("decision_deadline_days")
    assert not [d for d in run(data)["data_to_complete"] if "decision_deadline" in d["field"]]


def test_docs_data_to_complete_table_matches_the_registry():
    from pathlib import Path

    from kyoso.engine.diagnosis.rules import prompt_table_markdown

    doc = (Path(__file__).resolve().parents[3] / "docs" / "diagnosis-rules.md").read_text(encoding="utf-8")
    table = doc.split("<!-- prompts:start -->\n", 1)[1].split("<!-- prompts:end -->", 1)[0]
    assert table == prompt_table_markdown(), "regenerate the table in docs/diagnosis-rules.md"


def test_signed_nda_and_licence_without_an_owner_raise_no_ip_warning(case):
    data = case("healthy_pilot")
    contract(data, "nda")["terms"] = {}
    data["project"]["contracts"].append(
        {
            "kind": "license",
            "status": "signed",
            "signed_on": "2026-06-01",
            "terms": {"license_scope": "自社工場"},
        }
    )
    out = run(data)
    assert "ip_open_at_signature" not in {w["kind"] for w in out["warnings"]}
    assert "ip_contract.foreground_undecided" not in fired(out)
    # A signed PoC without an owner is still both a risk and a warning.
    contract(data, "poc")["terms"].pop("foreground_ip_owner")
    out = run(data)
    assert "ip_open_at_signature" in {w["kind"] for w in out["warnings"]}
    assert "ip_contract.foreground_undecided" in fired(out)

"""One test per rule: start from a healthy project, introduce the signal, see the rule fire with its values.

Every registered rule must be exercised here (test_every_rule_is_covered).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from kyoso.engine.diagnosis import RULES, diagnose, parse_snapshot

HEALTHY = json.loads((Path(__file__).parent / "cases" / "healthy_poc.json").read_text(encoding="utf-8"))
Snap = dict[str, Any]


def P(s: Snap) -> Snap:
    return s["project"]


def contract(s: Snap, kind: str) -> Snap:
    return next(c for c in P(s)["contracts"] if c["kind"] == kind)


def terms(s: Snap, kind: str) -> Snap:
    return contract(s, kind)["terms"]


def add_jd(s: Snap, **t: Any) -> None:
    base = {"foreground_ip_owner": "partner", "background_ip_listed": True, "publication": "allowed"}
    base.update(t)
    P(s)["contracts"].append(
        {"kind": "joint_development", "status": "signed", "signed_on": "2026-04-01", "terms": base}
    )


def setp(path: str, value: Any) -> Callable[[Snap], None]:
    def apply(s: Snap) -> None:
        *parents, last = path.split(".")
        node: Any = s
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return apply


def do(*steps: Callable[[Snap], None]) -> Callable[[Snap], None]:
    def apply(s: Snap) -> None:
        for step in steps:
            step(s)

    return apply


# (rule id, mutation of the healthy PoC, substrings expected in the ja and en evidence)
CASES: list[tuple[str, Callable[[Snap], None], str, str]] = [
    ("purpose.no_goal", setp("project.charter.goal", " "), "ゴール", "no concrete goal"),
    ("purpose.no_goal", lambda s: P(s).pop("charter"), "ゴール", "no concrete goal"),
    (
        "purpose.benefits_without_numbers",
        setp("project.charter.expected_benefits.0.target", None),
        "1件のうち1件",
        "1 of 1",
    ),
    (
        "purpose.benefits_without_numbers",
        setp("project.charter.expected_benefits", []),
        "期待効果",
        "expected benefit",
    ),
    (
        "purpose.stakeholders_not_acknowledged",
        setp("project.charter.acknowledged_by", ["物流部長"]),
        "2名のうち1名",
        "1 of 2",
    ),
    ("purpose.no_why_partner", setp("project.charter.why_partner", None), "なぜ他社", "why a partner"),
    ("purpose.goal_type_mismatch", setp("alignment.partner.goal_type", "replace"), "置き換え", "'replace'"),
    (
        "purpose.charter_contradicts_answers",
        do(
            setp("project.charter.purpose_category", "improve_existing"),
            setp("alignment.corporate.goal_type", "new_market"),
        ),
        "新市場",
        "new market",
    ),
    (
        "partner_fit.decision_speed_ratio",
        setp("parties.corporate.culture.decision_lead_days", 90),
        "90日対7日で約13倍",
        "90 vs 7 days (about 13x)",
    ),
    (
        "partner_fit.decision_speed_ratio",
        do(
            lambda s: s["parties"]["corporate"].pop("culture"),
            setp("alignment.corporate.decision_lead_days", 60),
            setp("alignment.partner.decision_lead_days", 10),
        ),
        "60日対",
        "60 vs 7 days",
    ),
    (
        "partner_fit.quality_approach_opposite",
        do(
            setp("parties.corporate.culture.quality_approach", "verify_first"),
            setp("parties.partner.culture.quality_approach", "ship_and_iterate"),
        ),
        "検証してから出す",
        "'ship and iterate'",
    ),
    (
        "partner_fit.risk_appetite_gap",
        setp("parties.corporate.culture.risk_appetite", "low"),
        "正反対",
        "opposite",
    ),
    (
        "partner_fit.partner_no_oi_experience",
        setp("parties.partner.oi_experience_count", 0),
        "0件",
        "0 projects",
    ),
    (
        "partner_fit.partner_no_company_support",
        setp("parties.partner.company_wide_support", False),
        "社内全体",
        "as a whole",
    ),
    ("partner_fit.checklist_open", lambda s: s["parties"].pop("partner"), "OI経験", "OI experience"),
    ("internal_structure.no_sponsor", lambda s: P(s).pop("sponsor"), "スポンサー", "no executive sponsor"),
    (
        "internal_structure.sponsor_below_executive",
        setp("project.sponsor.level", "manager"),
        "課長級",
        "manager",
    ),
    (
        "internal_structure.sponsor_silent",
        setp("project.sponsor.last_engaged", "2026-03-01"),
        "121日",
        "121 days",
    ),
    (
        "internal_structure.sponsor_silent",
        setp("project.sponsor.last_engaged", None),
        "記録がありません",
        "no record",
    ),
    (
        "internal_structure.budget_not_committed",
        setp("project.sponsor.budget_committed_until", "2026-05-31"),
        "2026-05-31",
        "2026-05-31",
    ),
    (
        "short_termism.budget_before_milestones",
        setp("project.sponsor.budget_committed_until", "2026-07-31"),
        "2026-08-31",
        "before the planned work",
    ),
    (
        "internal_structure.charter_not_acknowledged",
        setp("project.charter.acknowledged_by", []),
        "誰も",
        "None of the 2",
    ),
    (
        "internal_structure.charter_not_acknowledged",
        setp("project.charter.stakeholders", None),
        "関係者",
        "No internal",
    ),
    (
        "internal_structure.no_company_wide_support",
        setp("parties.corporate.company_wide_support", False),
        "自社",
        "own",
    ),
    (
        "internal_structure.corporate_no_oi_experience",
        setp("parties.corporate.oi_experience_count", 0),
        "0件",
        "0 projects",
    ),
    ("communication.no_plan", lambda s: P(s).pop("communication"), "計画も", "no communication plan"),
    ("communication.no_plan", setp("project.communication.cadence_days", None), "頻度", "No meeting cadence"),
    ("communication.contact_gap", setp("project.communication.log", []), "1件も", "Not a single"),
    (
        "communication.contact_gap",
        lambda s: P(s)["communication"].update(
            log=[e for e in P(s)["communication"]["log"] if e["date"] < "2026-05-01"]
        ),
        "2026-06-30まで",
        "to 2026-06-30",
    ),
    (
        "communication.one_sided",
        lambda s: [e.update(parties=["corporate"]) for e in P(s)["communication"]["log"][2:]],
        "両社が参加したのは2件",
        "Only 2 of",
    ),
    (
        "communication.alignment_not_done",
        lambda s: s["alignment"].pop("partner"),
        "認識合わせ",
        "alignment check",
    ),
    (
        "communication.gap_goal_type",
        setp("alignment.partner.goal_type", "replace"),
        "目指すもの",
        "Goal type",
    ),
    (
        "communication.gap_first_result_months",
        setp("alignment.partner.first_result_months", 1),
        "6か月、連携先は1か月",
        "6 months, the partner 1 months",
    ),
    (
        "communication.gap_result_owner",
        setp("alignment.corporate.result_owner", "corporate"),
        "成果の帰属",
        "Owner",
    ),
    ("communication.gap_budget_jpy", setp("alignment.partner.budget_jpy", 200000000), "2億円", "¥200M"),
    (
        "communication.gap_success_kpi",
        setp("alignment.partner.success_kpi", "売上1億円"),
        "売上1億円",
        "売上1億円",
    ),
    ("ip_contract.no_contract", setp("project.contracts", []), "1件も", "no contract recorded"),
    (
        "ip_contract.no_contract",
        lambda s: [c.update(status="negotiating") for c in P(s)["contracts"]],
        "締結済み",
        "no contract is signed",
    ),
    ("ip_contract.no_contract", lambda s: P(s)["contracts"].pop(1), "秘密保持契約だけ", "only an NDA"),
    (
        "ip_contract.foreground_undecided",
        lambda s: terms(s, "poc").update(foreground_ip_owner="undecided"),
        "未定",
        "undecided in the PoC contract",
    ),
    (
        "ip_contract.foreground_undecided",
        lambda s: terms(s, "poc").pop("foreground_ip_owner"),
        "記録されていません",
        "not recorded",
    ),
    (
        "ip_contract.foreground_all_corporate",
        lambda s: terms(s, "poc").update(foreground_ip_owner="corporate"),
        "すべて",
        "All results go to the corporate",
    ),
    (
        "ip_contract.co_ownership_without_consent",
        lambda s: terms(s, "poc").update(foreground_ip_owner="joint"),
        "共有",
        "co-owned",
    ),
    (
        "ip_contract.background_not_listed",
        lambda s: terms(s, "poc").update(background_ip_listed=False),
        "バックグラウンド",
        "Background IP",
    ),
    (
        "ip_contract.exclusivity_unlimited",
        lambda s: add_jd(s, exclusivity={"field": "物流", "months": None}),
        "期限がありません",
        "no time limit",
    ),
    (
        "ip_contract.exclusivity_unlimited",
        lambda s: add_jd(s, exclusivity={"field": "物流", "months": 72}),
        "72か月",
        "72 months",
    ),
    (
        "ip_contract.publication_undecided",
        lambda s: terms(s, "poc").update(publication="undecided"),
        "未定",
        "undecided",
    ),
    ("ip_contract.poc_unpaid", lambda s: terms(s, "poc").update(fee_jpy=0), "0円", "fee ¥0"),
    (
        "ip_contract.poc_unpaid",
        lambda s: terms(s, "poc").update(fee_jpy=None),
        "記録されていません",
        "no fee recorded",
    ),
    (
        "ip_contract.poc_too_long",
        lambda s: terms(s, "poc").update(end_date="2027-03-01"),
        "約12か月",
        "about 12 months",
    ),
    (
        "ip_contract.decision_deadline",
        lambda s: terms(s, "poc").update(decision_deadline_days=120),
        "120日",
        "120 days",
    ),
    (
        "ip_contract.decision_deadline",
        do(
            setp("project.stage", "exploration"),
            lambda s: contract(s, "poc").update(status="draft", signed_on=None),
            lambda s: terms(s, "nda").update(decision_deadline_days=90),
        ),
        "90日",
        "90 days",
    ),
    ("ip_contract.nda_one_way", lambda s: terms(s, "nda").update(mutual=False), "片務", "one-way"),
    (
        "ip_contract.oral_not_covered",
        lambda s: terms(s, "nda").update(oral_disclosures_covered=False),
        "口頭",
        "oral",
    ),
    (
        "ip_contract.purpose_not_limited",
        lambda s: terms(s, "nda").update(purpose_limited=False),
        "目的",
        "purpose",
    ),
    (
        "ip_contract.grant_back_one_sided",
        lambda s: terms(s, "poc").update(improvements_grant_back="partner_only"),
        "片務的",
        "only the partner",
    ),
    (
        "ip_contract.grant_back_one_sided",
        lambda s: terms(s, "poc").update(improvements_grant_back="none"),
        "定められて",
        "no improvements clause",
    ),
    (
        "ip_contract.free_license_demand",
        lambda s: terms(s, "poc").update(free_license_to_corporate=True),
        "無償",
        "free licence",
    ),
    (
        "ip_contract.short_confidentiality",
        lambda s: terms(s, "nda").update(confidential_months_after_end=12),
        "12か月",
        "12 months",
    ),
    (
        "ip_contract.non_compete_survives",
        lambda s: add_jd(s, non_compete_months_after_end=6),
        "6か月",
        "6 months",
    ),
    (
        "ip_contract.license_scope_open",
        lambda s: P(s)["contracts"].append(
            {"kind": "license", "status": "signed", "signed_on": "2026-05-01", "terms": {}}
        ),
        "許諾範囲",
        "licence scope",
    ),
    (
        "ip_contract.result_owner_disputed",
        setp("alignment.corporate.result_owner", "corporate"),
        "大企業側",
        "'corporate'",
    ),
    (
        "short_termism.first_result_too_soon",
        setp("alignment.corporate.first_result_months", 2),
        "2か月",
        "2 months",
    ),
    ("short_termism.kpi_horizon_short", setp("project.kpis.0.horizon_months", 1), "1か月", "1 months"),
    (
        "short_termism.no_kpis_or_milestones",
        do(setp("project.kpis", []), setp("project.milestones", [])),
        "KPI、マイルストーン",
        "No KPIs and milestones",
    ),
    (
        "short_termism.milestones_slipping",
        do(setp("project.milestones.0.done_on", "2026-05-01"), setp("project.milestones.1.done_on", None)),
        "3件のうち2件",
        "2 of 3",
    ),
    (
        "short_termism.poc_window_short",
        lambda s: terms(s, "poc").update(end_date="2026-04-15"),
        "45日",
        "45 days",
    ),
    (
        "short_termism.gave_up_early",
        lambda s: P(s).update(
            stage="stopped",
            gates=[{"stage": "poc", "criteria": ["x"], "decision": "no_go", "decided_on": "2026-05-01"}],
        ),
        "2026-05-01",
        "before the planned end (2026-08-31)",
    ),
    (
        "short_termism.gave_up_early",
        lambda s: P(s).update(stage="stopped", gates=[]),
        "ゲート判断",
        "without a recorded",
    ),
    (
        "short_termism.gate_without_criteria",
        setp("project.gates.0.criteria", []),
        "判断基準のないゲート",
        "Gates without",
    ),
    (
        "short_termism.gate_without_criteria",
        setp("project.gates", []),
        "設定されていません",
        "No go/no-go gate",
    ),
    (
        "short_termism.financial_gate_criteria",
        setp("project.gates.0.criteria", ["月間売上1,000万円以上"]),
        "財務成果（「売上」）",
        "financial outcome ('売上')",
    ),
    (
        "short_termism.financial_gate_criteria",
        setp("project.gates.0.criteria", ["Pilot customers generate revenue of 10M JPY"]),
        "「revenue」",
        "'Pilot customers generate revenue of 10M JPY'",
    ),
    (
        "short_termism.financial_kpi_short",
        setp("project.kpis", [{"name": "営業利益", "target": 5_000_000, "unit": "円", "horizon_months": 3}]),
        "「営業利益」は財務成果（「利益」）を3か月",
        "over 3 months (under 12)",
    ),
    (
        "short_termism.financial_kpi_short",
        setp("project.kpis", [{"name": "Monthly ROI", "target": 1.2, "unit": "x", "horizon_months": 6}]),
        "6か月",
        "('ROI') over 6 months",
    ),
    (
        "short_termism.financial_kpi_short",
        setp(
            "project.kpis", [{"name": "Pilot contracts", "target": 1e7, "unit": "JPY", "horizon_months": 4}]
        ),
        "（「JPY」）",
        "('JPY') over 4 months",
    ),
    (
        "short_termism.benefits_due_soon",
        setp("project.charter.expected_benefits.0.by", "2026-06-30"),
        "約4か月後",
        "about 4 months after the project started (2026-02-01)",
    ),
    (
        "short_termism.gate_too_soon",
        setp("project.gates.0.due", "2026-04-10"),
        "40日後",
        "40 days after the stage began",
    ),
    (
        "short_termism.stopped_soon",
        do(setp("project.gates.0.decision", "no_go"), setp("project.gates.0.decided_on", "2026-04-15")),
        "45日で中止",
        "stopped 45 days after it began",
    ),
]


def findings(data: Snap) -> dict[str, dict[str, Any]]:
    out = diagnose(parse_snapshot(data)).to_json()
    return {r["id"]: r for c in out["causes"] for r in c["rules"]}


@pytest.mark.parametrize(
    ("rule_id", "mutate", "ja", "en"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_fires_with_its_values_and_raises_its_cause(rule_id, mutate, ja, en):
    base = copy.deepcopy(HEALTHY)
    assert rule_id not in findings(base)
    data = copy.deepcopy(HEALTHY)
    mutate(data)
    fired = findings(data)
    assert rule_id in fired, sorted(fired)
    f = fired[rule_id]
    assert ja in f["evidence"]["ja"], f["evidence"]["ja"]
    assert en in f["evidence"]["en"], f["evidence"]["en"]
    assert 0 < f["points"] <= 100
    assert any(k in f["countermeasure"]["ja"] for k in ("対策", "ポイント"))
    cause = rule_id.split(".")[0]
    before = {c["id"]: c["score"] for c in diagnose(parse_snapshot(base)).to_json()["causes"]}
    after = {c["id"]: c["score"] for c in diagnose(parse_snapshot(data)).to_json()["causes"]}
    assert after[cause] > before[cause]


def test_every_rule_is_covered():
    assert {r.id for r in RULES} == {c[0] for c in CASES}


def test_exploration_with_little_data_is_not_alarming():
    data = {"kyoso_snapshot": 1, "project": {"stage": "exploration", "title": "探索"}}
    out = diagnose(parse_snapshot(data)).to_json()
    assert out["overall"]["score"] == 0
    assert out["warnings"] == []


def test_same_empty_project_in_poc_is_a_risk_because_unknown_is_information():
    data = {
        "kyoso_snapshot": 1,
        "as_of": "2026-06-30",
        "project": {"stage": "poc", "stage_entered": "2026-01-01"},
    }
    out = diagnose(parse_snapshot(data)).to_json()
    ids = {r["id"] for c in out["causes"] for r in c["rules"]}
    assert {"ip_contract.no_contract", "internal_structure.no_sponsor", "purpose.no_goal"} <= ids
    assert "no_contract" in {w["kind"] for w in out["warnings"]}


def test_deciding_the_foreground_owner_never_raises_ip_score():
    data = copy.deepcopy(HEALTHY)
    terms(data, "poc")["foreground_ip_owner"] = "undecided"
    undecided = diagnose(parse_snapshot(data)).cause("ip_contract").score
    for owner in ("corporate", "partner", "joint"):
        terms(data, "poc")["foreground_ip_owner"] = owner
        assert diagnose(parse_snapshot(data)).cause("ip_contract").score <= undecided


def test_findings_inside_a_cause_are_strongest_first():
    data = copy.deepcopy(HEALTHY)
    terms(data, "nda").update(mutual=False, oral_disclosures_covered=False)
    terms(data, "poc").update(fee_jpy=0)
    rules = diagnose(parse_snapshot(data)).to_json()["causes"][0]["rules"]
    assert [r["points"] for r in rules] == sorted((r["points"] for r in rules), reverse=True)


def test_docs_rule_table_matches_the_registry():
    from kyoso.engine.diagnosis.rules import rule_table_markdown

    doc = (Path(__file__).resolve().parents[3] / "docs" / "diagnosis-rules.md").read_text(encoding="utf-8")
    table = doc.split("<!-- rules:start -->\n", 1)[1].split("<!-- rules:end -->", 1)[0]
    assert table == rule_table_markdown(), (
        "regenerate the table in docs/diagnosis-rules.md from rule_table_markdown()"
    )

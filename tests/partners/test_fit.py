"""Fit score of a need × candidate with its reasons, in the user's language."""

from __future__ import annotations

from kyoso.partners import search, selectors, services
from kyoso.partners.models import ChecklistAnswer, Organisation

from .factories import org


def setup_case_a(workspace):
    corporate = org(
        workspace,
        "大手製造",
        kind="corporate",
        decision_lead_days=90,
        quality_approach="verify_first",
        risk_appetite="low",
    )
    fast = org(
        workspace,
        "ビジョンテック",
        description="画像認識AIによる外観検査",
        technologies=["画像認識"],
        decision_lead_days=7,
        quality_approach="ship_and_iterate",
        risk_appetite="high",
    )
    similar = org(
        workspace,
        "検証型AI",
        description="画像認識による外観検査の品質保証",
        technologies=["画像認識"],
        decision_lead_days=60,
        quality_approach="verify_first",
        risk_appetite="low",
    )
    need = services.create_need(
        workspace=workspace,
        by=None,
        organisation=corporate,
        title="外観検査の自動化",
        description="画像認識で外観検査を自動化したい",
        goal_type="improve_existing",
        first_result_months=6,
        budget_max_jpy=50_000_000,
    )
    return need, fast, similar


def test_culture_gap_lowers_fit_and_is_explained(workspace):
    need, fast, similar = setup_case_a(workspace)
    rows = selectors.ranked_candidates(need, Organisation.objects.filter(workspace=workspace), lang="ja")
    by_name = {r.organisation.name: r for r in rows}
    assert set(by_name) == {"ビジョンテック", "検証型AI"}
    assert (
        by_name["検証型AI"].fit.component("culture").value
        > by_name["ビジョンテック"].fit.component("culture").value
    )
    culture_ja = by_name["ビジョンテック"].fit.component("culture").reason("ja")
    assert "意思決定" in culture_ja and "品質" in culture_ja
    reasons_en = [reason for _id, _pct, reason in by_name["ビジョンテック"].reasons("en")]
    assert any(r.startswith("Technology relevance") for r in reasons_en)
    assert any("decision lead time" in r for r in reasons_en)


def test_checklist_answers_move_the_score(workspace):
    need, fast, _similar = setup_case_a(workspace)
    before = search.fit(need, fast, technology_relevance=0.8, offers=[], answers=[])
    for item in (
        "oi_experience",
        "company_wide_enthusiasm",
        "technology_fits_purpose",
        "met_in_person",
        "ir_checked",
    ):
        services.answer_checklist(organisation=fast, item=item, answer="yes", by=None)
    after = search.fit(
        need,
        fast,
        technology_relevance=0.8,
        offers=[],
        answers=list(ChecklistAnswer.objects.filter(organisation=fast)),
    )
    assert after.score > before.score
    assert after.component("checklist").value == 1.0


def test_expectation_gap_case_c(workspace):
    bank = org(workspace, "銀行", kind="corporate")
    fintech = org(workspace, "フィンテック", description="ブロックチェーン決済")
    services.create_offer(
        organisation=fintech,
        by=None,
        title="全面置き換え",
        goal_type="replace",
        first_result_months=3,
        budget_jpy=200_000_000,
    )
    need = services.create_need(
        workspace=workspace,
        by=None,
        organisation=bank,
        title="決済の段階的改善",
        description="ブロックチェーン決済",
        goal_type="improve_existing",
        first_result_months=12,
        budget_max_jpy=50_000_000,
    )
    result = search.fit(
        need, fintech, technology_relevance=1.0, offers=list(fintech.offers.all()), answers=[]
    )
    expectation = result.component("expectation")
    assert expectation.value < 0.3
    assert "目指す方向が異なります" in expectation.reason("ja")

"""Fit score: components, explanations in both languages, bounds and monotonicity."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kyoso.engine.text import Checklist, CultureProfile, Expectation, FitInput, fit_score
from kyoso.engine.text.fit import COMPONENT_WEIGHTS, culture_fit

CASE_A_CORPORATE = CultureProfile(decision_lead_days=90, quality_approach="verify_first", risk_appetite="low")
CASE_A_STARTUP = CultureProfile(
    decision_lead_days=7, quality_approach="ship_and_iterate", risk_appetite="high"
)


def test_seed_case_a_culture_mismatch_is_explained() -> None:
    result = fit_score(
        FitInput(
            need_text="画像認識AIによる外観検査",
            candidate_text="Computer vision for visual inspection",
            corporate_culture=CASE_A_CORPORATE,
            candidate_culture=CASE_A_STARTUP,
        )
    )
    culture = result.component("culture")
    assert culture.value < 0.2
    assert "90日" in culture.reason_ja and "7日" in culture.reason_ja
    assert "verify first" in culture.reason_en and "ship and iterate" in culture.reason_en
    assert result.component("technology").value > 0.3


def test_components_weights_and_reasons() -> None:
    result = fit_score(FitInput())
    assert [c.id for c in result.components] == list(COMPONENT_WEIGHTS)
    assert all(c.reason_ja and c.reason_en for c in result.components)
    assert result.score == 50  # everything unknown is neutral
    assert not any(c.known for c in result.components)
    assert "不明" in result.component("culture").reason("ja")


def test_seed_case_c_goal_mismatch_lowers_expectation_fit() -> None:
    aligned = fit_score(
        FitInput(
            need_expectation=Expectation("improve_existing", 6),
            candidate_expectation=Expectation("improve_existing", 6),
        )
    )
    replace = fit_score(
        FitInput(
            need_expectation=Expectation("improve_existing", 12),
            candidate_expectation=Expectation("replace", 3),
        )
    )
    assert replace.component("expectation").value < aligned.component("expectation").value
    assert replace.score < aligned.score
    assert "置き換え" in replace.component("expectation").reason_ja


def test_checklist_answers_move_the_score() -> None:
    yes = fit_score(FitInput(checklist=Checklist("yes", "yes", "yes", "yes", "yes")))
    no = fit_score(FitInput(checklist=Checklist("no", "no", "no", "no", "no")))
    unknown = fit_score(FitInput())
    assert no.score < unknown.score < yes.score
    assert "未確認" in unknown.component("checklist").reason_ja
    assert "met in person" in no.component("checklist").reason_en


def test_technology_relevance_from_the_index_is_used() -> None:
    high = fit_score(FitInput(technology_relevance=1.0))
    low = fit_score(FitInput(technology_relevance=0.0))
    assert high.score - low.score == round(100 * COMPONENT_WEIGHTS["technology"])


days = st.floats(min_value=0.5, max_value=1000, allow_nan=False)
quality = st.sampled_from(["verify_first", "balanced", "ship_and_iterate", None])
risk = st.sampled_from(["low", "medium", "high", None])


@given(corp=days, near=days, far=days, q1=quality, q2=quality, r1=risk, r2=risk)
def test_closer_decision_lead_times_never_lower_culture_fit(
    corp: float, near: float, far: float, q1: str | None, q2: str | None, r1: str | None, r2: str | None
) -> None:
    import math

    if abs(math.log(near / corp)) > abs(math.log(far / corp)):
        near, far = far, near
    a = culture_fit(CultureProfile(corp, q1, r1), CultureProfile(near, q2, r2))  # type: ignore[arg-type]
    b = culture_fit(CultureProfile(corp, q1, r1), CultureProfile(far, q2, r2))  # type: ignore[arg-type]
    assert a.value >= b.value


checklist = st.sampled_from(["yes", "no", "unknown"])


@given(
    rel=st.one_of(st.none(), st.floats(min_value=-1, max_value=2, allow_nan=False)),
    d1=st.one_of(st.none(), days),
    d2=st.one_of(st.none(), days),
    q1=quality,
    q2=quality,
    r1=risk,
    r2=risk,
    g1=st.sampled_from(["improve_existing", "replace", "new_market", "explore", None]),
    g2=st.sampled_from(["improve_existing", "replace", "new_market", "explore", None]),
    m1=st.one_of(st.none(), st.floats(min_value=0, max_value=120)),
    m2=st.one_of(st.none(), st.floats(min_value=0, max_value=120)),
    b1=st.one_of(st.none(), st.floats(min_value=0, max_value=1e10)),
    b2=st.one_of(st.none(), st.floats(min_value=0, max_value=1e10)),
    c=st.tuples(checklist, checklist, checklist, checklist, checklist),
)
def test_score_is_always_between_0_and_100(rel, d1, d2, q1, q2, r1, r2, g1, g2, m1, m2, b1, b2, c) -> None:  # type: ignore[no-untyped-def]
    result = fit_score(
        FitInput(
            technology_relevance=rel,
            corporate_culture=CultureProfile(d1, q1, r1),
            candidate_culture=CultureProfile(d2, q2, r2),
            need_expectation=Expectation(g1, m1, b1),
            candidate_expectation=Expectation(g2, m2, b2),
            checklist=Checklist(*c),
        )
    )
    assert 0 <= result.score <= 100
    assert all(0.0 <= comp.value <= 1.0 for comp in result.components)


def test_a_translated_match_is_not_diluted_by_the_other_translations() -> None:
    from kyoso.engine.text.fit import text_similarity

    # 外観検査 has many synonyms and translations; one of them matching is one concept matched
    # (the need's vector has one dimension per concept, not one per translation)
    assert text_similarity("外観検査", "visual inspection") > 0.4
    assert text_similarity("外観検査", "payment apps for retail shops") == 0.0

"""The pure similarity module: cosine of cause patterns, context, ranking and reasons in both languages."""

from __future__ import annotations

import math

from kyoso.knowledge.similarity import LiveCase, PastCase, compare, cosine, rank, stage_closeness


def test_cosine_of_identical_directions_is_one_and_of_disjoint_causes_zero() -> None:
    assert math.isclose(cosine({"purpose": 80, "partner_fit": 40}, {"purpose": 2, "partner_fit": 1}), 1.0)
    assert cosine({"purpose": 90}, {"ip_contract": 3}) == 0.0
    assert cosine({}, {"purpose": 3}) == 0.0


def test_stage_closeness() -> None:
    assert stage_closeness("poc", "poc") == 1.0
    assert stage_closeness("poc", "pilot") == 0.5
    assert stage_closeness("exploration", "commercialisation") == 0.0
    assert stage_closeness("", "poc") == 0.0


def test_the_case_with_the_same_main_cause_and_context_ranks_first_with_reasons() -> None:
    live = LiveCase(
        scores={"partner_fit": 85, "internal_structure": 60, "ip_contract": 20},
        industries=frozenset({"製造業", "AI"}),
        partner_kind="startup",
        stage="poc",
    )
    culture = PastCase(
        1, {"partner_fit": 3, "internal_structure": 2}, industry="製造業", partner_kind="startup", stage="poc"
    )
    ip = PastCase(
        2,
        {"ip_contract": 3, "communication": 1},
        industry="モビリティ",
        partner_kind="startup",
        stage="pilot",
    )
    research = PastCase(
        3, {"short_termism": 3}, industry="素材", partner_kind="university", stage="exploration"
    )
    matches = rank(live, [ip, research, culture])
    assert [m.id for m in matches][0] == 1
    assert 3 not in [m.id for m in matches]
    first = matches[0]
    ja = [r.ja for r in first.reasons]
    en = [r.en for r in first.reasons]
    assert any("連携先とのミスマッチ" in r and "重み3/3" in r for r in ja)
    assert "Same industry (製造業)." in en
    assert any("same kind (startup)" in r for r in en)
    assert any("same stage (PoC)" in r for r in en)
    assert 0 < first.score <= 1


def test_context_alone_does_not_make_a_case_similar_without_a_shared_pattern() -> None:
    live = LiveCase(scores={"purpose": 90}, partner_kind="startup", stage="poc")
    other = PastCase(9, {"ip_contract": 3}, partner_kind="startup", stage="poc")
    m = compare(live, other)
    assert m.pattern == 0.0
    assert m.score == 0.3 * (0.3 + 0.3)
    assert rank(live, [other]) == []


def test_ranking_is_deterministic_on_ties() -> None:
    live = LiveCase(scores={"communication": 80})
    cases = [PastCase(i, {"communication": 3}) for i in (5, 3, 4)]
    assert [m.id for m in rank(live, cases)] == [3, 4, 5]

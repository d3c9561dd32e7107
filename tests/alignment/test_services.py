"""The alignment check's rules: separate answers, reveal when both are in, rounds over time."""

from __future__ import annotations

import pytest

from kyoso.accounts.scoping import Visibility
from kyoso.alignment import selectors, services
from kyoso.alignment.models import AlignmentAnswer, AlignmentRound, Side
from kyoso.alignment.snapshot import answers_for_snapshot
from kyoso.core.errors import DomainError
from tests.alignment.conftest import CORPORATE, PARTNER

pytestmark = pytest.mark.django_db


def test_the_corporate_answer_stays_internal_until_the_partner_has_answered(project, owner, partner_user):
    answer = services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)

    assert answer.visibility == Visibility.INTERNAL
    assert not answer.round.is_revealed
    assert not AlignmentAnswer.objects.for_partner(partner_user, project).exists()


def test_when_both_have_answered_the_round_is_revealed_and_both_answers_are_shared(
    project, owner, partner_user
):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)

    round_ = AlignmentRound.objects.get(project=project)
    assert round_.is_revealed
    seen = AlignmentAnswer.objects.for_partner(partner_user, project)
    assert {a.side for a in seen} == {Side.CORPORATE, Side.PARTNER}


def test_the_gaps_and_their_severity_come_from_the_engine(project, owner, partner_user):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)

    view = selectors.round_view(AlignmentRound.objects.get(project=project), side=Side.PARTNER)
    severity = {g["question"]: g["severity"] for g in view.gaps}
    assert severity["goal_type"] == "critical"  # case C: improve vs replace
    assert severity["result_owner"] == "critical"  # case B: both claim the results
    assert view.worst == "critical"
    assert [r.question for r in view.rows][0] == "goal_type"


def test_before_the_reveal_neither_side_sees_the_others_answer(project, owner, partner_user):
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    round_ = AlignmentRound.objects.get(project=project)

    view = selectors.round_view(round_, side=Side.CORPORATE)
    assert view.theirs is None and view.other_submitted
    assert all(row.theirs_display == "" for row in view.rows)
    assert view.gaps == []


def test_a_revealed_round_is_closed_and_a_new_round_checks_again(project, owner, partner_user):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)

    with pytest.raises(DomainError, match="新しい回|new round"):
        services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)

    round2 = services.open_round(project=project, by=owner, label="PoCゲート前")
    assert round2.number == 2
    with pytest.raises(DomainError):
        services.open_round(project=project, by=owner)
    services.submit_answer(
        project=project, side=Side.CORPORATE, answers={**CORPORATE, "goal_type": "replace"}, by=owner
    )
    # The history keeps round 1 as it was.
    first = AlignmentAnswer.objects.get(round__number=1, side=Side.CORPORATE)
    assert first.goal_type == "improve_existing"


def test_a_side_may_correct_its_answers_before_the_reveal(project, owner):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(
        project=project, side=Side.CORPORATE, answers={**CORPORATE, "budget_jpy": 1}, by=owner
    )
    assert AlignmentAnswer.objects.get().budget_jpy == 1


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({"goal_type": "conquer"}, "goal_type"),
        ({"decision_lead_days": -3}, "decision_lead_days"),
        ({"budget_jpy": "lots"}, "budget_jpy"),
        ({}, "goal_type"),
    ],
)
def test_bad_answers_name_the_question_and_write_nothing(project, owner, answers, field):
    with pytest.raises(DomainError) as exc:
        services.submit_answer(project=project, side=Side.CORPORATE, answers=answers, by=owner)
    assert exc.value.field == field
    assert not AlignmentAnswer.objects.exists()
    assert not AlignmentRound.objects.exists()


def test_the_snapshot_gets_both_sides_only_once_revealed(project, owner, partner_user):
    assert answers_for_snapshot(project) is None

    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    assert answers_for_snapshot(project) is None  # the partner's unrevealed answers never reach the diagnosis

    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    both = answers_for_snapshot(project)
    assert both["corporate"]["goal_type"] == "improve_existing"
    assert both["partner"]["goal_type"] == "replace"

    services.open_round(project=project, by=owner)
    services.submit_answer(project=project, side=Side.CORPORATE, answers={"goal_type": "explore"}, by=owner)
    # Round 2 is not revealed: the diagnosis keeps using round 1, the last comparison both made.
    assert answers_for_snapshot(project)["corporate"]["goal_type"] == "improve_existing"


def test_the_corporate_answer_alone_feeds_the_snapshot(project, owner):
    services.submit_answer(project=project, side=Side.CORPORATE, answers={"first_result_months": 2}, by=owner)
    assert answers_for_snapshot(project) == {"corporate": {"first_result_months": 2}, "partner": None}


def test_build_snapshot_includes_the_alignment_section(project, owner, partner_user):
    from kyoso.projects.snapshot import build_snapshot

    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    snapshot = build_snapshot(project)
    assert snapshot["alignment"]["partner"]["budget_jpy"] == 200_000_000

"""Reads of the alignment check: whether the corporate has answered, and the round as the partner sees it."""

from __future__ import annotations

import pytest

from kyoso.alignment import selectors, services
from kyoso.alignment.models import AlignmentAnswer, Side
from tests.alignment.conftest import CORPORATE, PARTNER

pytestmark = pytest.mark.django_db


def test_the_corporate_has_answered_only_once_it_submitted(project, owner, partner_user):
    round_ = services.open_round(project=project, by=owner)
    assert selectors.corporate_has_answered(round_) is False

    # The partner's answer is not the corporate's.
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    assert selectors.corporate_has_answered(round_) is False

    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    assert selectors.corporate_has_answered(round_) is True


def test_an_unsubmitted_corporate_answer_does_not_count(project, owner):
    round_ = services.open_round(project=project, by=owner)
    AlignmentAnswer.objects.create(round=round_, side=Side.CORPORATE, goal_type="replace", submitted_at=None)

    assert selectors.corporate_has_answered(round_) is False


def test_the_answered_fact_is_per_round(project, owner, partner_user):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    first = services.latest_round(project)
    second = services.open_round(project=project, by=owner, label="ゲート前")

    assert selectors.corporate_has_answered(first) is True
    assert selectors.corporate_has_answered(second) is False


def test_the_partner_knows_the_corporate_answered_but_not_what(project, owner, partner_user):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    round_ = services.latest_round(project)

    view = selectors.partner_round_view(round_, user=partner_user, project=project)

    assert view.side == Side.PARTNER
    assert view.other_submitted is True
    assert view.mine is None and view.theirs is None
    assert all(row.theirs is None and row.theirs_display == "" for row in view.rows)


def test_the_partner_sees_both_answers_and_the_gaps_once_both_answered(project, owner, partner_user):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    round_ = services.latest_round(project)

    view = selectors.partner_round_view(round_, user=partner_user, project=project, lang="en")

    assert view.other_submitted is True
    assert view.mine.side == Side.PARTNER and view.theirs.side == Side.CORPORATE
    assert {g["question"]: g["severity"] for g in view.gaps}["goal_type"] == "critical"


def test_before_the_corporate_answers_the_partner_is_told_nobody_else_answered(project, partner_user):
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    round_ = services.latest_round(project)

    view = selectors.partner_round_view(round_, user=partner_user, project=project)

    assert view.other_submitted is False
    assert view.mine.side == Side.PARTNER and view.theirs is None

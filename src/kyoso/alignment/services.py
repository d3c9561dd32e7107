"""Writes of the alignment check: opening rounds and submitting one side's answers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction
from kyoso.accounts.scoping import Visibility
from kyoso.alignment.models import QUESTIONS, AlignmentAnswer, AlignmentRound, Side
from kyoso.core.errors import DomainError
from kyoso.projects.signals import notify_project_changed

NUMBER_LIMITS = {
    "first_result_months": 600,  # 50 years: anything beyond is a typo
    "decision_lead_days": 3650,
    "budget_jpy": 10**13,  # 10 兆円
}


def latest_round(project: Any) -> AlignmentRound | None:
    return AlignmentRound.objects.filter(project=project).order_by("-number").first()


@transaction.atomic
def open_round(*, project: Any, by: Any, label: str = "") -> AlignmentRound:
    """Start the next round (a re-check, e.g. before a gate). Only one round may be open."""
    # Lock the project's rounds so two people opening at once cannot both succeed.
    rounds = list(AlignmentRound.objects.select_for_update().filter(project=project).order_by("-number"))
    if rounds and not rounds[0].is_revealed:
        raise DomainError(
            _("Round %(number)s is still waiting for answers. Finish it before opening another.")
            % {"number": rounds[0].number},
            field="label",
        )
    round_ = AlignmentRound.objects.create(
        project=project,
        number=(rounds[0].number + 1) if rounds else 1,
        label=label.strip()[:200],
        opened_by=by,
    )
    audit.record(actor=by, action=AuditAction.CREATE, obj=round_)
    return round_


def _clean(answers: dict[str, Any], comments: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    from kyoso.alignment.models import GoalType, QualityApproach, ResultOwner

    choices = {
        "goal_type": GoalType.values,
        "quality_approach": QualityApproach.values,
        "result_owner": ResultOwner.values,
    }
    clean: dict[str, Any] = {}
    for question in QUESTIONS:
        value = answers.get(question)
        if value in (None, ""):
            clean[question] = None if question in NUMBER_LIMITS else ""
            continue
        if question in choices:
            if value not in choices[question]:
                raise DomainError(
                    _("Choose one of the listed answers (got %(value)s).") % {"value": value}, field=question
                )
            clean[question] = value
        elif question in NUMBER_LIMITS:
            try:
                number = int(value)
            except (TypeError, ValueError):
                raise DomainError(_("Enter a whole number."), field=question) from None
            if number < 0:
                raise DomainError(_("Enter a number of zero or more."), field=question)
            if number > NUMBER_LIMITS[question]:
                raise DomainError(_("This number is too large."), field=question)
            clean[question] = number
        else:
            clean[question] = str(value).strip()[:300]
    if not any(clean[q] not in (None, "") for q in QUESTIONS):
        raise DomainError(_("Answer at least one question."), field="goal_type")
    clean_comments = {
        q: str(comments.get(q, "")).strip()[:1000]
        for q in QUESTIONS
        if str(comments.get(q, "") or "").strip()
    }
    return clean, clean_comments


@transaction.atomic
def submit_answer(
    *,
    project: Any,
    side: str,
    answers: dict[str, Any],
    comments: dict[str, Any] | None = None,
    by: Any,
) -> AlignmentAnswer:
    """Submit (or, before the reveal, correct) one side's answers in the project's open round.

    The partner's answer is shared from the start (the partner wrote it); the corporate's stays
    internal. When both sides have submitted, the round is revealed and the corporate's answer is
    flipped to shared in this same transaction, so neither side ever sees the other's answers alone.
    """
    if side not in Side.values:
        raise DomainError(_("Unknown side."), field="side")
    clean, clean_comments = _clean(answers, comments or {})
    round_ = AlignmentRound.objects.select_for_update().filter(project=project).order_by("-number").first()
    if round_ is None:
        round_ = AlignmentRound.objects.create(project=project, number=1, opened_by=by)
    elif round_.is_revealed:
        raise DomainError(
            _("Both sides have already answered round %(number)s. Open a new round to check again.")
            % {"number": round_.number},
            field="goal_type",
        )
    now = timezone.now()
    answer, created = AlignmentAnswer.objects.get_or_create(
        round=round_,
        side=side,
        defaults={"visibility": Visibility.SHARED if side == Side.PARTNER else Visibility.INTERNAL},
    )
    before = {q: getattr(answer, q) for q in QUESTIONS}
    for question, value in clean.items():
        setattr(answer, question, value)
    answer.comments = clean_comments
    answer.submitted_by = by
    answer.submitted_at = now
    answer.visibility = Visibility.SHARED if side == Side.PARTNER else Visibility.INTERNAL
    answer.save()
    audit.record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=answer,
        changes=audit.changed_fields(before, clean) if not created else {},
    )
    other = (
        AlignmentAnswer.objects.filter(round=round_).exclude(side=side).exclude(submitted_at=None).exists()
    )
    if other:
        _reveal(round_, at=now)
    # Answers feed the diagnosis snapshot: the projects app's signal tells the risk app to recompute.
    notify_project_changed(project)
    return answer


def _reveal(round_: AlignmentRound, *, at: Any) -> None:
    """Both sides answered: open the answers to both (called inside submit_answer's transaction)."""
    round_.revealed_at = at
    round_.save(update_fields=["revealed_at"])
    AlignmentAnswer.objects.filter(round=round_).update(visibility=Visibility.SHARED)

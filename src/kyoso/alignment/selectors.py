"""Reads of the alignment check: what each side may see, and the gaps (from the engine).

The HTML pages and the API read the same way: the corporate side through the member's scope,
the partner side through the partner audience of the projects whose shared space it entered."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kyoso.alignment.models import QUESTIONS, AlignmentAnswer, AlignmentRound, Side
from kyoso.core.money import format_yen


def _project_model() -> Any:
    return apps.get_model("projects", "Project")


def partner_projects(user: Any) -> QuerySet[Any]:
    """The projects whose shared space the partner user entered."""
    return _project_model().objects.for_partner(user)  # type: ignore[no-any-return]


def partner_project(user: Any, pk: int) -> Any | None:
    return partner_projects(user).filter(pk=pk).first()


def project_and_side(user: Any, workspace: Any, pk: int) -> tuple[Any, str] | None:
    """The project and the side `user` answers for: a member answers for the corporate side."""
    if workspace is not None:
        project = _project_model().objects.for_member(user, workspace).filter(pk=pk).first()
        if project is not None:
            return project, Side.CORPORATE
    project = partner_project(user, pk)
    return (project, Side.PARTNER) if project is not None else None


def rounds_for(user: Any, workspace: Any, project: Any, side: str) -> QuerySet[AlignmentRound]:
    """The rounds of `project` `user` may see from `side`."""
    if side == Side.CORPORATE:
        return AlignmentRound.objects.for_member(user, workspace).filter(project=project)
    return AlignmentRound.objects.for_partner(user, project)


def partner_rounds_of(user: Any, projects: list[Any]) -> QuerySet[AlignmentRound]:
    return AlignmentRound.objects.for_partner(user).filter(project__in=projects)


SEVERITY_ORDER = ("low", "medium", "high", "critical")
SEVERITY_LABELS = {"low": _("Low"), "medium": _("Medium"), "high": _("High"), "critical": _("Critical")}


@dataclass
class Row:
    question: str
    label: str
    mine: Any
    mine_display: str
    mine_comment: str
    theirs: Any = None
    theirs_display: str = ""
    theirs_comment: str = ""
    severity: str | None = None
    message: str = ""
    severity_label: str = ""


@dataclass
class RoundView:
    """One round as `side` may see it: its own answer always, the other's only once revealed."""

    round: AlignmentRound
    side: str
    mine: AlignmentAnswer | None
    theirs: AlignmentAnswer | None  # None until revealed
    other_submitted: bool
    gaps: list[dict[str, Any]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    @property
    def revealed(self) -> bool:
        return self.round.is_revealed

    @property
    def worst(self) -> str | None:
        ranks = [
            SEVERITY_ORDER.index(g["severity"]) for g in self.gaps if g.get("severity") in SEVERITY_ORDER
        ]
        return SEVERITY_ORDER[max(ranks)] if ranks else None


def _display(answer: AlignmentAnswer | None, question: str) -> str:
    if answer is None:
        return ""
    value = getattr(answer, question)
    if value in (None, ""):
        return ""
    getter = getattr(answer, f"get_{question}_display", None)
    if getter is not None:
        return str(getter())
    if question == "budget_jpy":
        return format_yen(value)
    return str(value)


def gaps_for(corporate: dict[str, Any], partner: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The engine's alignment gaps (severity and what to talk about next), most severe first."""
    from kyoso.engine.diagnosis import diagnose, parse_snapshot

    snapshot = parse_snapshot(
        {"kyoso_snapshot": 1, "alignment": {"corporate": corporate, "partner": partner}}
    )
    return list(diagnose(snapshot, lang="en" if lang == "en" else "ja").to_json()["gaps"])


def round_view(
    round_: AlignmentRound,
    *,
    side: str,
    lang: str = "ja",
    answers: list[AlignmentAnswer] | None = None,
    other_submitted: bool | None = None,
) -> RoundView:
    """`answers`: the answers the viewer may see (default: all of the round, for the corporate team)."""
    by_side = {a.side: a for a in (round_.answers.all() if answers is None else answers)}
    answers_ = by_side
    mine = answers_.get(side)
    other_side = Side.PARTNER if side == Side.CORPORATE else Side.CORPORATE
    other = answers_.get(other_side)
    if other_submitted is None:
        other_submitted = other is not None and other.is_submitted
    theirs = other if round_.is_revealed else None
    view = RoundView(round=round_, side=side, mine=mine, theirs=theirs, other_submitted=other_submitted)
    if theirs is not None and mine is not None:
        c, p = (mine, theirs) if side == Side.CORPORATE else (theirs, mine)
        view.gaps = gaps_for(c.engine_answers(), p.engine_answers(), lang)
        for gap in view.gaps:
            gap["severity_label"] = str(SEVERITY_LABELS.get(gap["severity"], gap["severity"]))
    by_question = {g["question"]: g for g in view.gaps}
    for question in QUESTIONS:
        gap = by_question.get(question, {})
        view.rows.append(
            Row(
                question=question,
                label=str(AlignmentAnswer._meta.get_field(question).verbose_name),
                mine=getattr(mine, question, None),
                mine_display=_display(mine, question),
                mine_comment=(mine.comments.get(question, "") if mine else ""),
                theirs=getattr(theirs, question, None),
                theirs_display=_display(theirs, question),
                theirs_comment=(theirs.comments.get(question, "") if theirs else ""),
                severity=gap.get("severity"),
                message=gap.get("message", ""),
                severity_label=gap.get("severity_label", ""),
            )
        )
    return view


def corporate_has_answered(round_: AlignmentRound) -> bool:
    """Whether the corporate side has submitted its answers in `round_`.

    A fact the partner may know (the pages and the API tell them "the other side has answered"),
    unlike the answers themselves, which stay hidden from the partner until the reveal.
    """
    return round_.answers.filter(side=Side.CORPORATE).exclude(submitted_at=None).exists()


def partner_round_view(round_: AlignmentRound, *, user: Any, project: Any, lang: str = "ja") -> RoundView:
    """`round_` as the partner user `user` may see it, for the shared-space pages and the API.

    Only the answers the scoping lets the partner see (their own, the corporate's once revealed);
    whether the corporate has answered comes from `corporate_has_answered`.
    """
    visible = list(AlignmentAnswer.objects.for_partner(user, project).filter(round=round_))
    return round_view(
        round_,
        side=Side.PARTNER,
        lang=lang,
        answers=visible,
        other_submitted=corporate_has_answered(round_),
    )


def rounds_of(queryset: Any) -> list[AlignmentRound]:
    """Rounds with their answers in two queries, newest first."""
    return list(queryset.prefetch_related("answers").order_by("-number"))


def answers_for_snapshot(project: Any) -> dict[str, Any] | None:
    """The snapshot's `alignment` section for the risk diagnosis (docs/formats.md#project-snapshot).

    The latest round both sides answered. Before any such round, only the corporate's own submitted
    answers (partner: None) — the partner's unrevealed answers never reach the corporate's diagnosis.
    """
    rounds = AlignmentRound.objects.filter(project=project).prefetch_related("answers").order_by("-number")
    corporate_only: dict[str, Any] | None = None
    for round_ in rounds:
        answers = {a.side: a for a in round_.answers.all() if a.is_submitted}
        if round_.is_revealed and Side.CORPORATE in answers and Side.PARTNER in answers:
            return {
                "corporate": answers[Side.CORPORATE].engine_answers(),
                "partner": answers[Side.PARTNER].engine_answers(),
            }
        if corporate_only is None and Side.CORPORATE in answers:
            corporate_only = answers[Side.CORPORATE].engine_answers()
    if corporate_only is None:
        return None
    return {"corporate": corporate_only, "partner": None}

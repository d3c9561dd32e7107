"""Alignment check API: read and submit one side's answers, open rounds, read the gaps.

The caller's side follows who they are: a member of the project's workspace answers for the
corporate side, a partner user invited to the project's shared space for the partner side. The same
rule as the pages holds: the other side's answers are null until both have answered.
"""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from kyoso.alignment import selectors, services
from kyoso.alignment.models import QUESTIONS, AlignmentAnswer, AlignmentRound, Side
from kyoso.api.alignment_schemas import AnswersIn, AnswersOut, GapOut, RoundIn, RoundOut
from kyoso.api.auth import Caller, Forbidden, NotFound, caller
from kyoso.api.conventions import KyosoPagination, errors

router = Router()


def _project_and_side(c: Caller, project_id: int) -> tuple[Any, str]:
    found = selectors.project_and_side(c.user, c.workspace, project_id)
    if found is None:
        raise NotFound()
    return found


def _rounds(c: Caller, project: Any, side: str) -> Any:
    return selectors.rounds_for(c.user, c.workspace, project, side)


def _answers_out(answer: AlignmentAnswer | None) -> dict[str, Any] | None:
    if answer is None:
        return None
    out: dict[str, Any] = {
        q: (getattr(answer, q) if getattr(answer, q) not in ("",) else None) for q in QUESTIONS
    }
    out.update(side=answer.side, comments=answer.comments or {}, submitted_at=answer.submitted_at)
    return out


def _round_out(c: Caller, project: Any, side: str, round_: AlignmentRound, lang: str) -> dict[str, Any]:
    if side == Side.PARTNER:
        view = selectors.partner_round_view(round_, user=c.user, project=project, lang=lang)
    else:
        view = selectors.round_view(round_, side=side, lang=lang)
    return {
        "number": round_.number,
        "label": round_.label,
        "opened_at": round_.opened_at,
        "revealed_at": round_.revealed_at,
        "side": side,
        "mine": _answers_out(view.mine),
        "theirs": _answers_out(view.theirs),
        "other_submitted": view.other_submitted,
        "gaps": view.gaps,
    }


@router.get(
    "/projects/{project_id}/rounds", response=list[RoundOut], summary="List the alignment rounds of a project"
)
@paginate(KyosoPagination)
def list_rounds(request: HttpRequest, project_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    c = caller(request)
    project, side = _project_and_side(c, project_id)
    rounds = selectors.rounds_of(_rounds(c, project, side))
    return [_round_out(c, project, side, r, lang) for r in rounds]


@router.get(
    "/projects/{project_id}/current",
    response={200: RoundOut, **errors(404)},
    summary="The current round, as my side sees it",
)
def current_round(request: HttpRequest, project_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    c = caller(request)
    project, side = _project_and_side(c, project_id)
    round_ = _rounds(c, project, side).order_by("-number").first()
    if round_ is None:
        raise NotFound("No alignment round yet: submit answers to start one.")
    return _round_out(c, project, side, round_, lang)


@router.get(
    "/projects/{project_id}/gaps",
    response={200: list[GapOut], **errors(404)},
    summary="Gaps of the latest round both sides answered",
)
def gaps(request: HttpRequest, project_id: int, lang: Literal["ja", "en"] = "ja") -> Any:
    c = caller(request)
    project, side = _project_and_side(c, project_id)
    round_ = _rounds(c, project, side).exclude(revealed_at=None).order_by("-number").first()
    if round_ is None:
        return []
    return _round_out(c, project, side, round_, lang)["gaps"]


@router.post(
    "/projects/{project_id}/answers",
    response={200: RoundOut, **errors(404, 422)},
    summary="Submit (or correct, before both answered) my side's answers",
)
def submit_answers(
    request: HttpRequest, project_id: int, data: AnswersIn, lang: Literal["ja", "en"] = "ja"
) -> Any:
    c = caller(request)
    project, side = _project_and_side(c, project_id)
    if side == Side.CORPORATE:
        c.require("alignment:write")
    elif not c.has_scope("alignment:write"):
        raise Forbidden("This token lacks the 'alignment:write' scope.")
    payload = data.dict()
    comments = payload.pop("comments") or {}
    answer = services.submit_answer(project=project, side=side, answers=payload, comments=comments, by=c.user)
    return _round_out(c, project, side, answer.round, lang)


@router.post(
    "/projects/{project_id}/rounds",
    response={201: RoundOut, **errors(404, 422)},
    summary="Open a new round to check again (corporate side)",
)
def open_round(request: HttpRequest, project_id: int, data: RoundIn) -> Any:
    c = caller(request)
    project, side = _project_and_side(c, project_id)
    if side != Side.CORPORATE:
        raise Forbidden("Only the corporate team opens a new round.")
    c.require("alignment:write")
    round_ = services.open_round(project=project, by=c.user, label=data.label)
    return Status(201, _round_out(c, project, side, round_, "ja"))


__all__ = ["AnswersOut", "router"]

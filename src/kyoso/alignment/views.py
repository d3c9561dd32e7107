"""Pages of the alignment check: the corporate side under the project, the partner side in the shared space."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kyoso.accounts.access import member_view, scoped
from kyoso.alignment import selectors, services
from kyoso.alignment.forms import AnswerForm, RoundForm
from kyoso.alignment.models import AlignmentAnswer, AlignmentRound, Side
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.language import current_language


def project_model() -> Any:
    return apps.get_model("projects", "Project")


def _form_for(view: selectors.RoundView | None, data: Any = None) -> AnswerForm:
    instance = view.mine if view is not None and view.mine is not None else AlignmentAnswer()
    return AnswerForm(data, instance=instance)


def _submit(request: HttpRequest, project: Any, side: str, form: AnswerForm) -> bool:
    if not form.is_valid():
        return False
    try:
        answer = services.submit_answer(
            project=project,
            side=side,
            answers=form.answers(),
            comments=form.comments(),
            by=request.user,
        )
    except DomainError as exc:
        add_form_error(form, exc)
        return False
    if answer.round.is_revealed:
        messages.success(request, _("Both sides have answered. Here are the answers side by side."))
    else:
        messages.success(
            request,
            _("Your answers are saved. You will see the other side's answers once they have answered too."),
        )
    return True


# --------------------------------------------------------------------------- corporate side


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Members: every project of the workspace with its latest round. Partner users: their shared projects."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if getattr(request, "membership", None) is None:
        return _partner_index(request)
    return _member_index(request)


@member_view()
def _member_index(request: HttpRequest) -> HttpResponse:
    projects = list(scoped(request, project_model()).order_by("title")[:500])
    rounds = scoped(request, AlignmentRound).filter(project__in=projects).prefetch_related("answers")
    return render(request, "alignment/index.html", {"rows": _rows(projects, rounds), "side": Side.CORPORATE})


def _partner_index(request: HttpRequest) -> HttpResponse:
    projects = list(selectors.partner_projects(request.user).order_by("title")[:500])
    if not projects:
        return redirect("accounts:workspace_create")
    rounds = selectors.partner_rounds_of(request.user, projects).prefetch_related("answers")
    return render(request, "alignment/index.html", {"rows": _rows(projects, rounds), "side": Side.PARTNER})


def _rows(projects: list[Any], rounds: Any) -> list[dict[str, Any]]:
    # Only whether each side has submitted is shown here, never the answers themselves.
    latest: dict[int, AlignmentRound] = {}
    for round_ in rounds:
        if round_.project_id not in latest or round_.number > latest[round_.project_id].number:
            latest[round_.project_id] = round_
    rows = []
    for project in projects:
        round_ = latest.get(project.pk)
        sides = {a.side for a in round_.answers.all() if a.is_submitted} if round_ else set()
        rows.append(
            {
                "project": project,
                "round": round_,
                "corporate_done": Side.CORPORATE in sides,
                "partner_done": Side.PARTNER in sides,
            }
        )
    return rows


@member_view(write=True)
@require_http_methods(["GET", "POST"])
def project_alignment(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(scoped(request, project_model()), pk=project_id)
    rounds = selectors.rounds_of(scoped(request, AlignmentRound).filter(project=project))
    current = rounds[0] if rounds else None
    view = selectors.round_view(current, side=Side.CORPORATE, lang=current_language()) if current else None
    form = _form_for(view)
    if request.method == "POST":
        form = _form_for(view, request.POST)
        if _submit(request, project, Side.CORPORATE, form):
            return redirect("alignment:project", project_id=project.pk)
    return render(
        request,
        "alignment/project.html",
        {
            "project": project,
            "view": view,
            "form": form,
            "round_form": RoundForm(),
            "history": rounds[1:],
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
            "side": Side.CORPORATE,
        },
        status=400 if request.method == "POST" else 200,
    )


@member_view(write=True)
@require_POST
def round_new(request: HttpRequest, project_id: int) -> HttpResponse:
    project = get_object_or_404(scoped(request, project_model()), pk=project_id)
    form = RoundForm(request.POST)
    if form.is_valid():
        try:
            round_ = services.open_round(project=project, by=request.user, label=form.cleaned_data["label"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, _("Round %(number)s is open. Both sides can answer now.") % {"number": round_.number}
            )
    return redirect("alignment:project", project_id=project.pk)


@member_view()
@require_safe
def round_detail(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    project = get_object_or_404(scoped(request, project_model()), pk=project_id)
    round_ = get_object_or_404(
        scoped(request, AlignmentRound).prefetch_related("answers"), project=project, number=number
    )
    view = selectors.round_view(round_, side=Side.CORPORATE, lang=current_language())
    return render(request, "alignment/round.html", {"project": project, "view": view, "side": Side.CORPORATE})


# --------------------------------------------------------------------------- partner side (shared space)


def _partner_project(request: HttpRequest, project_id: int) -> Any:
    project = selectors.partner_project(request.user, project_id)
    if project is None:
        raise Http404
    return project


def _partner_round_view(request: HttpRequest, project: Any, round_: AlignmentRound) -> selectors.RoundView:
    return selectors.partner_round_view(round_, user=request.user, project=project, lang=current_language())


@require_http_methods(["GET", "POST"])
def shared(request: HttpRequest, project_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _partner_project(request, project_id)
    rounds = list(selectors.rounds_for(request.user, None, project, Side.PARTNER).order_by("-number"))
    current = rounds[0] if rounds else None
    view = _partner_round_view(request, project, current) if current else None
    form = _form_for(view)
    if request.method == "POST":
        form = _form_for(view, request.POST)
        if _submit(request, project, Side.PARTNER, form):
            return redirect("alignment:shared", project_id=project.pk)
    return render(
        request,
        "alignment/shared.html",
        {
            "project": project,
            "view": view,
            "form": form,
            "history": rounds[1:],
            "can_write": True,
            "side": Side.PARTNER,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_safe
def shared_round(request: HttpRequest, project_id: int, number: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    project = _partner_project(request, project_id)
    round_ = selectors.rounds_for(request.user, None, project, Side.PARTNER).filter(number=number).first()
    if round_ is None:
        raise Http404
    view = _partner_round_view(request, project, round_)
    return render(request, "alignment/round.html", {"project": project, "view": view, "side": Side.PARTNER})

"""Needs (募集テーマ): list, create/edit, and the need page with candidates ranked by fit score."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.reauth import sensitive
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.language import current_language
from kyoso.partners import search, selectors, services
from kyoso.partners.forms import NeedForm
from kyoso.partners.models import (
    Candidate,
    CandidateStatus,
    ChecklistAnswer,
    Need,
    NeedStatus,
    Offer,
    Organisation,
)


@member_view()
def need_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = scoped(request, Need).select_related("organisation").order_by("-created_at", "-pk")
    if status in NeedStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "partners/need_list.html",
        {
            "page": page,
            "query": f"status={status}" if status else "",
            "statuses": NeedStatus.choices,
            "status": status,
        },
    )


@member_view()
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(scoped(request, Need).select_related("organisation"), pk=pk)
    lang = current_language()
    rows = selectors.ranked_candidates(need, scoped(request, Organisation), lang=lang)
    return render(
        request,
        "partners/need_detail.html",
        {
            "need": need,
            "rows": rows,
            "lang": lang,
            "statuses": CandidateStatus.choices,
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
        },
    )


@member_view()
def fit_detail(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    """One need × organisation: the fit score with every component and its reason."""
    need = get_object_or_404(scoped(request, Need).select_related("organisation"), pk=pk)
    org = get_object_or_404(scoped(request, Organisation), pk=org_pk)
    lang = current_language()
    relevance = search.relevance(need.workspace_id, need.search_text, [org.pk]).get(org.pk, 0.0)
    result = search.fit(
        need,
        org,
        technology_relevance=relevance,
        offers=list(scoped(request, Offer).filter(organisation=org).order_by("pk")),
        answers=list(scoped(request, ChecklistAnswer).filter(organisation=org)),
    )
    candidate = scoped(request, Candidate).filter(need=need, organisation=org).first()
    return render(
        request,
        "partners/fit_detail.html",
        {
            "need": need,
            "org": org,
            "fit": result,
            "components": [
                (c.id, round(c.value * 100), round(c.weight * 100), c.reason(lang)) for c in result.components
            ],
            "candidate": candidate,
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
        },
    )


def _need_form(request: HttpRequest, instance: Need | None = None) -> NeedForm:
    return NeedForm(request.POST or None, instance=instance, organisations=scoped(request, Organisation))


@member_view(write=True, form=True)
def need_create(request: HttpRequest) -> HttpResponse:
    form = _need_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            need = services.create_need(
                workspace=request.workspace,
                by=request.user,
                **form.cleaned_data,  # type: ignore[attr-defined]
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Need saved. Here are the candidates that fit it best."))
            return redirect("partners:need_detail", pk=need.pk)
    return render(
        request, "partners/need_form.html", {"form": form, "need": None}, status=400 if form.errors else 200
    )


@member_view(write=True, form=True)
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(scoped(request, Need), pk=pk)
    form = _need_form(request, need)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_need(need=need, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:need_detail", pk=need.pk)
    return render(
        request, "partners/need_form.html", {"form": form, "need": need}, status=400 if form.errors else 200
    )


@member_view(write=True)
@require_POST
@sensitive
def need_delete(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(scoped(request, Need), pk=pk)
    services.delete_need(need=need, by=request.user)
    messages.success(request, _("Need deleted."))
    return redirect("partners:need_list")


@member_view(write=True)
@require_POST
def shortlist(request: HttpRequest, pk: int, org_pk: int) -> HttpResponse:
    need = get_object_or_404(scoped(request, Need), pk=pk)
    org = get_object_or_404(scoped(request, Organisation), pk=org_pk)
    score = request.POST.get("fit_score")
    try:
        services.shortlist(
            need=need,
            organisation=org,
            by=request.user,
            fit_score=int(score) if score and score.isdigit() else None,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s is on the shortlist.") % {"name": org.name})
    return redirect("partners:need_detail", pk=need.pk)


@member_view(write=True)
@require_POST
def candidate_status(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(scoped(request, Candidate), pk=pk)
    try:
        services.set_candidate_status(
            candidate=candidate, status=request.POST.get("status", ""), by=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status changed."))
    return redirect("partners:need_detail", pk=candidate.need_id)


@member_view(write=True)
@require_POST
def candidate_remove(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = get_object_or_404(scoped(request, Candidate), pk=pk)
    need_id = candidate.need_id
    services.remove_candidate(candidate=candidate, by=request.user)
    messages.success(request, _("Removed from the shortlist."))
    return redirect("partners:need_detail", pk=need_id)

"""Directory list, organisation page, create/edit/delete, checklist answers (htmx) and contacts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts import audit
from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.models import AuditAction
from kyoso.accounts.reauth import sensitive
from kyoso.core.errors import DomainError, add_form_error
from kyoso.partners import selectors, services
from kyoso.partners.forms import ChecklistForm, ContactForm, DirectoryFilterForm, OfferForm, OrganisationForm
from kyoso.partners.models import ChecklistAnswer, ChecklistItem, Contact, Organisation, YesNoUnknown

PAGE_SIZE = 25


def _filters(request: HttpRequest) -> tuple[DirectoryFilterForm, dict[str, str]]:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return form, {k: v for k, v in filters.items() if v}


@member_view()
def directory(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    if filters.get("q"):
        return redirect(f"{reverse('partners:search')}?{request.GET.urlencode()}")
    base = scoped(request, Organisation)
    qs = selectors.filter_directory(base, filters)
    total, facets = selectors.directory_summary(qs, getattr(request, "workspace", None), filters)
    paginator = Paginator(selectors.list_columns(qs).order_by("name", "pk"), PAGE_SIZE)
    paginator.count = total  # cached with the facets: no COUNT(*) per request
    page = paginator.get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items()})
    return render(
        request,
        "partners/directory.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "facets": facets,
            "filters": filters,
            "any_organisation": page.paginator.count > 0 or base.exists(),
        },
    )


def _checklist_rows(org: Organisation, answers: list[ChecklistAnswer]) -> list[dict[str, object]]:
    by_item = {a.item: a for a in answers}
    return [
        {"item": value, "label": label, "answer": by_item.get(value), "organisation": org}
        for value, label in ChecklistItem.choices
    ]


@member_view()
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(selectors.with_detail(scoped(request, Organisation)), pk=pk)
    if org.internal_notes:
        audit.record(
            actor=request.user,
            action=AuditAction.VIEW,
            obj=org,
            changes={"viewed": "internal_notes"},
        )
    return render(
        request,
        "partners/organisation_detail.html",
        {
            "org": org,
            "past_collaborations": selectors.past_collaborations(org),
            "checklist": _checklist_rows(org, list(org.checklist_answers.all())),
            "answers": YesNoUnknown.choices,
            "contact_form": ContactForm(),
            "offer_form": OfferForm(),
            "can_write": request.membership.can_write,  # type: ignore[attr-defined]
        },
    )


@member_view(write=True, form=True)
def organisation_create(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        try:
            org = services.create_organisation(
                workspace=request.workspace,
                by=request.user,
                **form.cleaned_data,  # type: ignore[attr-defined]
            )
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("%(name)s was added to the directory.") % {"name": org.name})
            return redirect("partners:organisation_detail", pk=org.pk)
    return render(
        request,
        "partners/organisation_form.html",
        {"form": form, "org": None},
        status=400 if form.errors else 200,
    )


@member_view(write=True, form=True)
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(scoped(request, Organisation), pk=pk)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organisation(organisation=org, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:organisation_detail", pk=org.pk)
    return render(
        request,
        "partners/organisation_form.html",
        {"form": form, "org": org},
        status=400 if form.errors else 200,
    )


@member_view(write=True)
@require_POST
@sensitive
def organisation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(scoped(request, Organisation), pk=pk)
    name = org.name
    services.delete_organisation(organisation=org, by=request.user)
    messages.success(request, _("%(name)s was removed from the directory.") % {"name": name})
    return redirect("partners:directory")


@member_view(write=True)
@require_POST
def checklist_answer(request: HttpRequest, pk: int, item: str) -> HttpResponse:
    org = get_object_or_404(scoped(request, Organisation), pk=pk)
    if item not in ChecklistItem.values:
        return HttpResponse(status=404)
    form = ChecklistForm(request.POST)
    error = None
    answer = None
    if form.is_valid():
        try:
            answer = services.answer_checklist(
                organisation=org,
                item=item,
                answer=form.cleaned_data["answer"],
                note=form.cleaned_data["note"],
                answered_on=form.cleaned_data["answered_on"],
                by=request.user,
            )
        except DomainError as exc:
            error = exc.message
    else:
        error = "; ".join(str(e) for errors in form.errors.values() for e in errors)
    if request.headers.get("HX-Request"):
        row = {
            "item": item,
            "label": ChecklistItem(item).label,
            "organisation": org,
            "answer": answer or selectors.checklist_answer(org, item),
        }
        return render(
            request,
            "partners/partials/checklist_row.html",
            {
                "row": row,
                "answers": YesNoUnknown.choices,
                "can_write": True,
                "error": error,
                "saved": error is None,
            },
            status=400 if error else 200,
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Checklist answer saved."))
    return redirect("partners:organisation_detail", pk=org.pk)


@member_view(write=True)
@require_POST
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(scoped(request, Organisation), pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.add_contact(organisation=org, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Contact added."))
    else:
        messages.error(
            request,
            _("Check the contact: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[f].label}: {' '.join(e)}"
                    for f, e in form.errors.items()
                    if f in form.fields
                )
            },
        )
    return redirect("partners:organisation_detail", pk=org.pk)


@member_view(write=True)
@require_POST
@sensitive
def contact_delete(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(scoped(request, Contact).select_related("organisation"), pk=pk)
    org_pk = contact.organisation_id
    services.delete_contact(contact=contact, by=request.user)
    messages.success(request, _("Contact removed."))
    return redirect("partners:organisation_detail", pk=org_pk)

"""Offers: a startup's technology or product, listed on its organisation page and in the offer list."""

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
from kyoso.partners import services
from kyoso.partners.forms import OfferForm
from kyoso.partners.models import Offer, Organisation


@member_view()
def offer_list(request: HttpRequest) -> HttpResponse:
    qs = scoped(request, Offer).select_related("organisation").order_by("-updated_at", "-pk")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(request, "partners/offer_list.html", {"page": page, "query": ""})


@member_view(write=True, form=True)
def offer_create(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(scoped(request, Organisation), pk=pk)
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_offer(organisation=org, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Offer added."))
            return redirect("partners:organisation_detail", pk=org.pk)
    return render(
        request,
        "partners/offer_form.html",
        {"form": form, "org": org, "offer": None},
        status=400 if form.errors else 200,
    )


@member_view(write=True, form=True)
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(scoped(request, Offer).select_related("organisation"), pk=pk)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_offer(offer=offer, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("partners:organisation_detail", pk=offer.organisation_id)
    return render(
        request,
        "partners/offer_form.html",
        {"form": form, "org": offer.organisation, "offer": offer},
        status=400 if form.errors else 200,
    )


@member_view(write=True)
@require_POST
@sensitive
def offer_delete(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(scoped(request, Offer).select_related("organisation"), pk=pk)
    org_pk = offer.organisation_id
    services.delete_offer(offer=offer, by=request.user)
    messages.success(request, _("Offer removed."))
    return redirect("partners:organisation_detail", pk=org_pk)

"""A contact person's personal data (APPI): erase it, or export it on request (owners)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.models import Role
from kyoso.accounts.privacy import export_file
from kyoso.accounts.views.privacy import download
from kyoso.core.errors import DomainError, add_form_error
from kyoso.partners import services
from kyoso.partners.forms import EraseContactForm
from kyoso.partners.models import Contact


@member_view(roles=frozenset({Role.OWNER}))
@require_http_methods(["GET", "POST"])
def contact_erase(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(scoped(request, Contact).select_related("organisation"), pk=pk)
    form = EraseContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm_name"].strip() != contact.name.strip():
            add_form_error(
                form,
                DomainError(
                    _("Type the contact's name exactly as shown to confirm: %(name)s")
                    % {"name": contact.name},
                    field="confirm_name",
                ),
            )
        else:
            label = services.erase_contact(by=request.user, contact=contact)  # type: ignore[arg-type]
            messages.success(
                request, _("Personal data erased; the contact now shows as %(label)s.") % {"label": label}
            )
            return redirect("partners:organisation_detail", pk=contact.organisation_id)
    return render(
        request,
        "partners/contact_erase.html",
        {"contact": contact, "form": form},
        status=400 if form.errors else 200,
    )


@member_view(roles=frozenset({Role.OWNER}))
def contact_data(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(scoped(request, Contact).select_related("organisation__workspace"), pk=pk)
    data = services.export_contact(by=request.user, contact=contact)  # type: ignore[arg-type]
    return download(*export_file(data, [], stem=f"kyoso-contact-{contact.pk}"))

"""The audit log, for workspace owners."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kyoso.accounts import selectors
from kyoso.accounts.access import owner_view
from kyoso.accounts.forms import AuditFilterForm

PAGE_SIZE = 50


@owner_view
def audit_log(request: HttpRequest) -> HttpResponse:
    events = selectors.audit_events(request.user, getattr(request, "workspace", None))
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["user"]:
            events = events.filter(user_email__icontains=data["user"].strip())
        if data["model"]:
            events = events.filter(model__icontains=data["model"].strip())
        if data["since"]:
            events = events.filter(at__date__gte=data["since"])
        if data["until"]:
            events = events.filter(at__date__lte=data["until"])
    page = Paginator(events.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/audit_log.html", {"form": form, "page": page, "query": query.urlencode()}
    )

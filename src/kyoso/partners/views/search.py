"""Search page: free-text needs in Japanese or English, with filters, facets and highlighted reasons."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kyoso.accounts.access import member_view, scoped
from kyoso.core.language import current_language
from kyoso.partners import selectors
from kyoso.partners.forms import PartnerSearchForm
from kyoso.partners.models import Organisation

PAGE_SIZE = 20


@member_view()
def search_page(request: HttpRequest) -> HttpResponse:
    form = PartnerSearchForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    query = filters.pop("q", "").strip()
    hide_engaged = bool(filters.pop("hide_engaged", False))
    show_weak = bool(filters.pop("weak", False))
    lang = current_language()
    results: selectors.SearchResults | None = None
    page: Page | None = None
    if query:
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        results = selectors.search_directory(
            scoped(request, Organisation),
            request.workspace.pk,  # type: ignore[attr-defined]
            query,
            filters,
            lang=lang,
            offset=(number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
            hide_engaged=hide_engaged,
            show_weak=show_weak,
        )
        page = Paginator(range(min(results.total, selectors.SEARCH_WINDOW)), PAGE_SIZE).get_page(number)
    base = {"q": query, **filters, **({"hide_engaged": "on"} if hide_engaged else {})}
    return render(
        request,
        "partners/search.html",
        {
            "form": form,
            "q": query,
            "rows": results.rows if results else [],
            "total": results.total if results else 0,
            "hidden": results.hidden if results else 0,
            "show_weak": show_weak,
            "facets": results.facets if results else {},
            "filters": filters,
            "page": page,
            "query": urlencode({**base, **({"weak": "on"} if show_weak else {})}),
            "weak_query": urlencode({**base, "weak": "on"}),
        },
    )

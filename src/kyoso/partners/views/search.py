"""Search page: free-text needs in Japanese or English, with filters, facets and highlighted reasons."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kyoso.accounts.access import member_view, scoped
from kyoso.core.language import current_language
from kyoso.partners import selectors
from kyoso.partners.forms import DirectoryFilterForm
from kyoso.partners.models import Organisation

PAGE_SIZE = 20


@member_view()
def search_page(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    query = filters.pop("q", "").strip()
    lang = current_language()
    rows: list[selectors.SearchRow] = []
    total = 0
    facets: dict[str, list[dict[str, object]]] = {}
    page: Page | None = None
    if query:
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        rows, total, facets = selectors.search_directory(
            scoped(request, Organisation),
            request.workspace.pk,
            query,
            filters,
            lang=lang,  # type: ignore[attr-defined]
            offset=(number - 1) * PAGE_SIZE,
            limit=PAGE_SIZE,
        )
        page = Paginator(range(min(total, selectors.SEARCH_WINDOW)), PAGE_SIZE).get_page(number)
    return render(
        request,
        "partners/search.html",
        {
            "form": form,
            "q": query,
            "rows": rows,
            "total": total,
            "facets": facets,
            "filters": filters,
            "page": page,
            "query": urlencode({"q": query, **filters}),
        },
    )

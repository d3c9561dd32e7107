"""Report pages (htmx sections with inline SVG charts and tables) and their Excel/PDF exports."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from kyoso.accounts import audit
from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.models import AuditAction, Membership
from kyoso.core.downloads import as_attachment
from kyoso.reports import exports, sections, selectors
from kyoso.reports.selectors import ReportFilters

FORMATS = {"xlsx": exports.XLSX_TYPE, "pdf": exports.PDF_TYPE}


def _filters(request: HttpRequest) -> ReportFilters:
    return ReportFilters.from_params(request.GET)


def _filter_choices(request: HttpRequest, src: sections.Sources) -> dict[str, Any]:
    members = list(
        scoped(request, Membership).select_related("user").order_by("user__name", "user__email")[:300]
    )
    units = list(
        src.projects.exclude(business_unit="")
        .values_list("business_unit", flat=True)
        .distinct()
        .order_by("business_unit")[:200]
    )
    return {"members": members, "units": units}


def _describe(request: HttpRequest, f: ReportFilters) -> str:
    parts = []
    if f.period_from or f.period_to:
        parts.append(
            _("period %(start)s – %(end)s")
            % {
                "start": f.period_from.isoformat() if f.period_from else "…",
                "end": f.period_to.isoformat() if f.period_to else "…",
            }
        )
    if f.owner:
        m = scoped(request, Membership).filter(user_id=f.owner).select_related("user").first()
        parts.append(_("owner %(name)s") % {"name": m.user if m else f.owner})
    if f.business_unit:
        parts.append(_("business unit %(name)s") % {"name": f.business_unit})
    return ", ".join(parts)


def _sponsor_membership(request: HttpRequest, user_id: int) -> Membership:
    m = scoped(request, Membership).filter(user_id=user_id).select_related("user").first()
    if m is None:
        raise Http404
    return m


@member_view()
def index(request: HttpRequest) -> HttpResponse:
    f = _filters(request)
    src = sections.sources_for_request(request)
    return render(
        request,
        "reports/index.html",
        {
            "filters": f,
            "query": f.as_query(),
            "titles": sections.titles(),
            **_filter_choices(request, src),
            "is_executive": request.membership.role == "executive",
        },  # type: ignore[attr-defined]
    )


@member_view()
def section(request: HttpRequest, key: str) -> HttpResponse:
    if key not in sections.SECTION_KEYS:
        raise Http404
    f = _filters(request)
    src = sections.sources_for_request(request)
    result = sections.build(key, src, f)
    context = {"section": result, "filters": f, "query": f.as_query()}
    if request.headers.get("HX-Request"):
        return render(request, "reports/_section.html", context)
    return render(
        request,
        "reports/section.html",
        {**context, **_filter_choices(request, src), "titles": sections.titles()},
    )


@member_view()
def my_sponsor_view(request: HttpRequest) -> HttpResponse:
    """Executives land here: their own one-pager if they sponsor anything, else the list of sponsors."""
    src = sections.sources_for_request(request)
    if src.projects.filter(sponsor_user=request.user).exists():
        return redirect("reports:sponsor", user_id=request.user.pk)
    return redirect("reports:section", key="sponsors")


@member_view()
def sponsor(request: HttpRequest, user_id: int) -> HttpResponse:
    membership = _sponsor_membership(request, user_id)
    f = _filters(request)
    src = sections.sources_for_request(request)
    result = sections.sponsor(src, f, user_id=user_id, name=str(membership.user))
    return render(
        request,
        "reports/sponsor.html",
        {"section": result, "sponsor": membership.user, "filters": f, "query": f.as_query()},
    )


def _export_response(
    request: HttpRequest, parts: list[sections.Section], *, key: str, title: str, fmt: str, f: ReportFilters
) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    now = timezone.localtime()
    meta = exports.Meta(
        title=title,
        workspace=request.workspace.name,  # type: ignore[attr-defined]
        author=str(request.user),
        generated=now,
        filters=_describe(request, f),
        labels=exports.cover_labels(),
    )
    content = exports.to_xlsx(parts, meta) if fmt == "xlsx" else exports.to_pdf(parts, meta)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        workspace=request.workspace,  # type: ignore[attr-defined]
        model=f"reports.{key}",
        object_repr=title,
        changes={"format": fmt, "filters": f.describe()},
    )
    response = HttpResponse(content, content_type=FORMATS[fmt])
    as_attachment(response, f"kyoso-{key}-{now:%Y%m%d}.{fmt}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@member_view()
def export(request: HttpRequest, key: str, fmt: str) -> HttpResponse:
    if key != "portfolio" and key not in sections.SECTION_KEYS:
        raise Http404
    f = _filters(request)
    parts, title = exports.export_parts(key, sections.sources_for_request(request), f)
    return _export_response(request, parts, key=key, title=title, fmt=fmt, f=f)


@member_view()
def sponsor_export(request: HttpRequest, user_id: int, fmt: str) -> HttpResponse:
    membership = _sponsor_membership(request, user_id)
    f = _filters(request)
    part = sections.sponsor(
        sections.sources_for_request(request), f, user_id=user_id, name=str(membership.user)
    )
    return _export_response(request, [part], key="sponsor", title=part.title, fmt=fmt, f=f)


def dashboard_panel_context(request: HttpRequest) -> dict[str, Any] | None:
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    src = sections.sources_for_request(request)
    data = selectors.funnel(src.projects, ReportFilters())
    if not data["total"]:
        return None
    rows = [{**r, "label": sections.stage_label(r["stage"])} for r in data["rows"]]
    return {
        "rows": rows,
        "total": data["total"],
        "stopped": data["stopped"],
        "is_executive": membership.role == "executive",
    }


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Public (no login): the signed link in the weekly digest names the person; the token is the authority.

    GET (and HEAD) only asks: mail scanners and link previewers follow links, so opening the link must
    change nothing. The button on that page POSTs (with the usual CSRF token) and records the opt-out.
    A mail client's RFC 8058 one-click POST (body `List-Unsubscribe=One-Click`, announced by the
    digest's List-Unsubscribe-Post header) carries no CSRF token and needs none: it comes from the
    mail, not from a page, and the signed token alone decides who is unsubscribed.
    """
    from kyoso.reports import digest

    if request.method == "POST" and request.POST.get("List-Unsubscribe") == "One-Click":
        user = digest.user_from_token(token)
        if user is None:
            return HttpResponse(status=400)
        digest.unsubscribe(user)
        return HttpResponse(status=200)
    return _unsubscribe_page(request, token)


@csrf_protect
def _unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    from kyoso.reports import digest

    template = "reports/digest_unsubscribe.html"
    user = digest.user_from_token(token)
    if user is None:
        return render(request, template, {"state": "invalid"}, status=400)
    if request.method == "POST":
        digest.unsubscribe(user)
        return render(request, template, {"state": "done"})
    return render(request, template, {"state": "already" if digest.is_unsubscribed(user) else "confirm"})

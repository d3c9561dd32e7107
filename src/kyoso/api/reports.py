"""Reports API: each report's data as JSON, and its Excel/PDF export as a file (audited like the browser's)."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Router

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Membership
from kyoso.api.auth import NotFound, caller
from kyoso.api.conventions import errors
from kyoso.api.reports_schemas import ReportOut
from kyoso.core.downloads import as_attachment
from kyoso.reports import exports, sections
from kyoso.reports.selectors import ReportFilters

router = Router()

ReportKey = Literal["pipeline", "time", "risk", "sponsors", "events", "lessons"]
ExportKey = Literal["portfolio", "pipeline", "time", "risk", "sponsors", "events", "lessons"]


def _filters(
    date_from: str | None, date_to: str | None, owner: int | None, business_unit: str
) -> ReportFilters:
    return ReportFilters.from_params(
        {
            "from": date_from or "",
            "to": date_to or "",
            "owner": str(owner or ""),
            "business_unit": business_unit,
        }
    )


def _json(section: sections.Section, f: ReportFilters) -> dict[str, Any]:
    return {
        "key": section.key,
        "title": section.title,
        "filters": f.describe(),
        "data": section.data,
        "notes": section.notes,
        "tables": [
            {
                "title": t.title,
                "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in t.columns],
                "rows": t.rows,
            }
            for t in section.tables
        ],
    }


def _member(request: HttpRequest) -> Any:
    c = caller(request)
    c.require("reports:read")
    return c


@router.get(
    "/{key}",
    response={200: ReportOut, **errors(404)},
    summary="A report's data (pipeline, time, risk, sponsors, events, lessons)",
)
def report(
    request: HttpRequest,
    key: ReportKey,
    date_from: str | None = None,
    date_to: str | None = None,
    owner: int | None = None,
    business_unit: str = "",
) -> Any:
    c = _member(request)
    f = _filters(date_from, date_to, owner, business_unit)
    return _json(sections.build(key, sections.sources_for_caller(c), f), f)


@router.get(
    "/sponsors/{user_id}", response={200: ReportOut, **errors(404)}, summary="Sponsor one-pager of a member"
)
def sponsor(
    request: HttpRequest, user_id: int, date_from: str | None = None, date_to: str | None = None
) -> Any:
    c = _member(request)
    membership = c.scoped(Membership).filter(user_id=user_id).select_related("user").first()
    if membership is None:
        raise NotFound()
    f = _filters(date_from, date_to, None, "")
    return _json(
        sections.sponsor(sections.sources_for_caller(c), f, user_id=user_id, name=str(membership.user)), f
    )


@router.get(
    "/export/{key}/{fmt}",
    response={200: None, **errors(404)},
    summary="Download a report (or the whole portfolio) as Excel or PDF",
)
def export(
    request: HttpRequest,
    key: ExportKey,
    fmt: Literal["xlsx", "pdf"],
    date_from: str | None = None,
    date_to: str | None = None,
    owner: int | None = None,
    business_unit: str = "",
    lang: Literal["ja", "en"] = "ja",
) -> Any:
    from django.utils import translation

    c = _member(request)
    f = _filters(date_from, date_to, owner, business_unit)
    with translation.override(lang):
        parts, title = exports.export_parts(key, sections.sources_for_caller(c), f)
        now = timezone.localtime()
        meta = exports.Meta(
            title=title,
            workspace=c.workspace.name,
            author=str(c.user),
            generated=now,
            filters=f.as_query(),
            labels=exports.cover_labels(),
        )
        content = exports.to_xlsx(parts, meta) if fmt == "xlsx" else exports.to_pdf(parts, meta)
    audit.record(
        actor=c.user,
        action=AuditAction.EXPORT,
        workspace=c.workspace,
        model=f"reports.{key}",
        object_repr=title,
        changes={"format": fmt, "filters": f.describe(), "via": "api"},
    )
    response = HttpResponse(content, content_type=exports.XLSX_TYPE if fmt == "xlsx" else exports.PDF_TYPE)
    as_attachment(response, f"kyoso-{key}-{now:%Y%m%d}.{fmt}")
    return response

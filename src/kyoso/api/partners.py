"""Partner directory API: organisations, checklist, needs, offers, search, fit, import.

Everything is internal to the workspace (scope `partners:read` / `partners:write`); partner users
have no workspace and get 403/404. Writes go through `kyoso.partners.services`, search and fit
through `kyoso.partners.search` / `selectors` — the same code as the browser and the CLI.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from kyoso.accounts.models import Role
from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import KyosoPagination, errors, ordered, raise_validation
from kyoso.api.partners_schemas import (
    ChecklistAnswerOut,
    ChecklistIn,
    ContactOut,
    FitOut,
    ImportResultOut,
    NeedIn,
    NeedOut,
    OfferIn,
    OfferOut,
    OrganisationDetailOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    SearchHitOut,
)
from kyoso.core import uploads
from kyoso.core.language import current_language
from kyoso.partners import search, selectors, services
from kyoso.partners.models import (
    ChecklistAnswer,
    Contact,
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Source,
)

TAG = "partners"
router = Router()


def _lang(lang: str | None) -> str:
    if lang in {"ja", "en"}:
        return lang
    return current_language()


class DirectoryFilters(Schema):
    kind: str | None = None
    industry: str | None = None
    stage: str | None = None
    country: str | None = None
    checklist: str | None = None
    ordering: str | None = None


# ---------------------------------------------------------------------- organisations


@router.get("/organisations", response=list[OrganisationOut], summary="List organisations")
@paginate(KyosoPagination)
@require_scope("partners:read")
def list_organisations(request: HttpRequest, filters: Query[DirectoryFilters]) -> Any:
    c = caller(request)
    qs = selectors.filter_directory(c.scoped(Organisation), filters.dict(exclude_none=True))
    # OrganisationOut includes oi_experience_text: load it with the rows (not one query per row).
    return ordered(
        qs.defer("internal_notes", "industry_keys"),
        filters.ordering,
        allowed=["name", "created_at", "updated_at", "kind"],
        default="name",
    )


def _detail(org: Organisation) -> dict[str, Any]:
    data = OrganisationOut.from_orm(org).dict()
    data["internal_notes"] = org.internal_notes
    data["checklist"] = [ChecklistAnswerOut.from_orm(a).dict() for a in org.checklist_answers.all()]
    return data


@router.post("/organisations", response={201: OrganisationDetailOut}, summary="Create an organisation")
@require_scope("partners:write")
def create_organisation(request: HttpRequest, data: OrganisationIn) -> Any:
    c = caller(request)
    org = services.create_organisation(workspace=c.workspace, by=c.user, source=Source.API, **data.dict())
    return Status(201, _detail(org))


@router.get("/organisations/{organisation_id}", response=OrganisationDetailOut, summary="One organisation")
@require_scope("partners:read")
def get_organisation(request: HttpRequest, organisation_id: int) -> Any:
    return _detail(caller(request).get(Organisation, pk=organisation_id))


@router.patch(
    "/organisations/{organisation_id}", response=OrganisationDetailOut, summary="Change an organisation"
)
@require_scope("partners:write")
def update_organisation(request: HttpRequest, organisation_id: int, data: OrganisationPatch) -> Any:
    c = caller(request)
    org = c.get(Organisation, pk=organisation_id)
    changes = data.dict(exclude_unset=True)
    org = services.update_organisation(organisation=org, by=c.user, **changes)
    return _detail(org)


# ---------------------------------------------------------------------- contact persons


@router.get(
    "/organisations/{organisation_id}/contacts",
    response=list[ContactOut],
    summary="List an organisation's contact persons",
)
@paginate(KyosoPagination)
@require_scope("partners:read")
def list_contacts(request: HttpRequest, organisation_id: int) -> Any:
    return selectors.contacts_of(caller(request).get(Organisation, pk=organisation_id))


def _contact(request: HttpRequest, contact_id: int) -> Contact:
    c = caller(request)
    return c.get(c.scoped(Contact).select_related("organisation__workspace"), pk=contact_id)


@router.get(
    "/contacts/{contact_id}/personal-data",
    response={200: dict[str, Any], **errors(404)},
    summary="Export a contact person's personal data (owners)",
    description="What the workspace stores about this contact person, for a disclosure request (APPI): "
    "the same data as the contact list's download (records found by the contact's e-mail address).",
)
@require_scope("partners:read", roles={Role.OWNER})
def export_contact(request: HttpRequest, contact_id: int) -> Any:
    return services.export_contact(by=caller(request).user, contact=_contact(request, contact_id))


@router.post(
    "/contacts/{contact_id}/erase",
    response={200: dict[str, str | int], **errors(404)},
    summary="Erase a contact person's personal data (owners)",
    description="Blanks the contact's name, title, e-mail, phone and note and replaces the name where it "
    "was typed into the workspace's records by a pseudonym, returned as `label`. Cannot be undone.",
)
@require_scope("partners:write", roles={Role.OWNER})
def erase_contact(request: HttpRequest, contact_id: int) -> Any:
    contact = _contact(request, contact_id)
    label = services.erase_contact(by=caller(request).user, contact=contact)
    return {"contact": contact.pk, "label": label}


@router.delete("/organisations/{organisation_id}", response={204: None}, summary="Delete an organisation")
@require_scope("partners:write", sensitive=True)
def delete_organisation(request: HttpRequest, organisation_id: int) -> Any:
    c = caller(request)
    services.delete_organisation(organisation=c.get(Organisation, pk=organisation_id), by=c.user)
    return Status(204, None)


@router.put(
    "/organisations/{organisation_id}/checklist/{item}",
    response=ChecklistAnswerOut,
    summary="Answer a checklist question",
)
@require_scope("partners:write")
def answer_checklist(request: HttpRequest, organisation_id: int, item: str, data: ChecklistIn) -> Any:
    c = caller(request)
    org = c.get(Organisation, pk=organisation_id)
    return services.answer_checklist(organisation=org, item=item, by=c.user, **data.dict())


# ---------------------------------------------------------------------- needs and offers


@router.get("/needs", response=list[NeedOut], summary="List needs")
@paginate(KyosoPagination)
@require_scope("partners:read")
def list_needs(request: HttpRequest, status: str | None = None, ordering: str | None = None) -> Any:
    qs = caller(request).scoped(Need)
    if status:
        qs = qs.filter(status=status)
    return ordered(qs, ordering, allowed=["created_at", "updated_at", "title"], default="-created_at")


def _need_data(c: Any, data: dict[str, Any]) -> dict[str, Any]:
    org_id = data.pop("organisation_id", None)
    if "organisation_id" in data or org_id is not None:
        data["organisation"] = c.get(Organisation, pk=org_id) if org_id is not None else None
    return data


@router.post("/needs", response={201: NeedOut}, summary="Create a need")
@require_scope("partners:write")
def create_need(request: HttpRequest, data: NeedIn) -> Any:
    c = caller(request)
    return Status(201, services.create_need(workspace=c.workspace, by=c.user, **_need_data(c, data.dict())))


@router.get("/needs/{need_id}", response=NeedOut, summary="One need")
@require_scope("partners:read")
def get_need(request: HttpRequest, need_id: int) -> Any:
    return caller(request).get(Need, pk=need_id)


@router.put("/needs/{need_id}", response=NeedOut, summary="Replace a need")
@require_scope("partners:write")
def update_need(request: HttpRequest, need_id: int, data: NeedIn) -> Any:
    c = caller(request)
    need = c.get(Need, pk=need_id)
    values = data.dict()
    org_id = values.pop("organisation_id")
    values["organisation"] = c.get(Organisation, pk=org_id) if org_id is not None else None
    return services.update_need(need=need, by=c.user, **values)


@router.delete("/needs/{need_id}", response={204: None}, summary="Delete a need")
@require_scope("partners:write", sensitive=True)
def delete_need(request: HttpRequest, need_id: int) -> Any:
    c = caller(request)
    services.delete_need(need=c.get(Need, pk=need_id), by=c.user)
    return Status(204, None)


@router.get("/needs/{need_id}/fit", response=list[FitOut], summary="Candidates of a need ranked by fit score")
@require_scope("partners:read")
def need_fit(request: HttpRequest, need_id: int, top: int = 20, lang: str | None = None) -> Any:
    c = caller(request)
    need = c.get(Need, pk=need_id)
    language = _lang(lang)
    rows = selectors.ranked_candidates(need, c.scoped(Organisation), lang=language, top=max(1, min(top, 100)))
    return [
        {
            "organisation_id": r.organisation.pk,
            "name": r.organisation.name,
            "score": r.fit.score,
            "shortlisted": r.candidate is not None,
            "components": [
                {
                    "id": x.id,
                    "weight": x.weight,
                    "value": round(x.value, 4),
                    "known": x.known,
                    "reason": x.reason(language),
                }
                for x in r.fit.components
            ],
        }
        for r in rows
    ]


@router.post(
    "/needs/{need_id}/shortlist/{organisation_id}", response={201: dict}, summary="Shortlist a candidate"
)
@require_scope("partners:write")
def shortlist(request: HttpRequest, need_id: int, organisation_id: int) -> Any:
    c = caller(request)
    candidate = services.shortlist(
        need=c.get(Need, pk=need_id), organisation=c.get(Organisation, pk=organisation_id), by=c.user
    )
    return Status(201, {"id": candidate.pk, "status": candidate.status})


@router.get("/offers", response=list[OfferOut], summary="List offers")
@paginate(KyosoPagination)
@require_scope("partners:read")
def list_offers(request: HttpRequest, organisation_id: int | None = None) -> Any:
    qs = caller(request).scoped(Offer)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.order_by("pk")


@router.post("/offers", response={201: OfferOut}, summary="Create an offer")
@require_scope("partners:write")
def create_offer(request: HttpRequest, data: OfferIn) -> Any:
    c = caller(request)
    values = data.dict()
    org = c.get(Organisation, pk=values.pop("organisation_id"))
    return Status(201, services.create_offer(organisation=org, by=c.user, **values))


@router.delete("/offers/{offer_id}", response={204: None}, summary="Delete an offer")
@require_scope("partners:write", sensitive=True)
def delete_offer(request: HttpRequest, offer_id: int) -> Any:
    c = caller(request)
    services.delete_offer(offer=c.get(Offer, pk=offer_id), by=c.user)
    return Status(204, None)


# ---------------------------------------------------------------------- search and import


@router.get(
    "/search",
    response=list[SearchHitOut],
    summary="Rank organisations for a free-text need (ja/en); weakly related ones are counted in X-Kyoso-Hidden-Count",
)
@require_scope("partners:read")
def search_organisations(
    request: HttpRequest,
    response: HttpResponse,
    q: str,
    kind: str | None = None,
    top: int = 10,
    lang: str | None = None,
    weak: bool = False,
    hide_engaged: bool = False,
) -> Any:
    """The workspace's own company is never listed. Organisations scoring below a share of the best
    hit are left out unless `weak=true`; their number is in the `X-Kyoso-Hidden-Count` header.
    `hide_engaged=true` leaves out organisations that are a party of an active project."""
    c = caller(request)
    if not q.strip():
        raise_validation(["query", "q"], "Enter a search text.")
    if kind is not None and kind not in OrganisationKind.values:
        raise_validation(["query", "kind"], f"Choose one of: {', '.join(OrganisationKind.values)}.")
    scoped = c.scoped(Organisation)
    allowed = set(scoped.filter(kind=kind).values_list("pk", flat=True)) if kind else None
    language = search.language_of(q, lang)
    top = max(1, min(top, 100))
    hits, _, _, hidden = search.search_page(
        c.workspace.pk,
        q,
        window=top,
        limit=top,
        allowed_ids=allowed,
        exclude_ids=selectors.not_partners(c.workspace.pk, hide_engaged=hide_engaged),
        lang=language,
        min_relative=0.0 if weak else search.WEAK_CUTOFF,
    )
    response["X-Kyoso-Hidden-Count"] = str(hidden)
    orgs = scoped.in_bulk([h.doc_id for h in hits])
    return [
        {
            "id": h.doc_id,
            "name": orgs[h.doc_id].name,
            "kind": orgs[h.doc_id].kind,
            "score": h.score,
            "reasons": h.reasons,
            "matched": h.matched,
        }
        for h in hits
        if h.doc_id in orgs
    ]


@router.post(
    "/import",
    response={200: ImportResultOut},
    summary="Import organisations from CSV or XLSX (all or nothing; 422 lists every bad row)",
)
@require_scope("partners:write")
def import_organisations(request: HttpRequest, file: File[UploadedFile]) -> Any:
    c = caller(request)
    # the size is checked before the file is read into memory
    uploads.check(uploads.IMPORTS, name=file.name, size=file.size)
    # a bad file raises ImportRejected: 422, one detail entry per bad row (kyoso.api.core)
    result = services.import_organisations(
        workspace=c.workspace,
        data=file.read(),
        filename=file.name or "upload.csv",
        by=c.user,
    )
    return {"created": result.created, "updated": result.updated, "rows": result.rows, "notes": result.notes}


__all__ = ["router", "ChecklistAnswer"]

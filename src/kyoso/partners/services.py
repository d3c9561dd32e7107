"""Writes to the partner directory. Every write that changes an organisation's search document
stamps it for the search index (`partners.search.mark_changed`) in the same transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Workspace
from kyoso.core import uploads
from kyoso.core.errors import DomainError, check_fields
from kyoso.partners import search
from kyoso.partners.importing import ImportResult, OrganisationImport
from kyoso.partners.models import (
    Candidate,
    CandidateStatus,
    ChecklistAnswer,
    ChecklistItem,
    Contact,
    ImportJob,
    ImportStatus,
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Source,
    YesNoUnknown,
    industry_keys,
)

ORGANISATION_FIELDS = [
    "name",
    "kind",
    "description",
    "industries",
    "technologies",
    "tags",
    "website",
    "country",
    "founded",
    "employees",
    "stage",
    "oi_experience_count",
    "oi_experience_text",
    "company_wide_support",
    "decision_lead_days",
    "quality_approach",
    "risk_appetite",
    "internal_notes",
    "is_own",
]
NEED_FIELDS = [
    "organisation",
    "title",
    "description",
    "why",
    "budget_min_jpy",
    "budget_max_jpy",
    "timeline",
    "first_result_months",
    "goal_type",
    "desired_traits",
    "decision_lead_days",
    "quality_approach",
    "risk_appetite",
    "status",
]
OFFER_FIELDS = ["title", "description", "technologies", "goal_type", "first_result_months", "budget_jpy"]


def _snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    return {k: v for k, v in model_to_dict(obj, fields=fields).items()}


def _clean_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace("；", ";").split(";")
    return list(dict.fromkeys(str(v).strip() for v in (value or []) if str(v).strip()))


def _check_organisation(data: dict[str, Any]) -> None:
    if not str(data.get("name") or "").strip():
        raise DomainError(_("Enter the organisation's name."), field="name")
    if data.get("kind") not in OrganisationKind.values:
        raise DomainError(
            _("Choose one of: %(kinds)s.") % {"kinds": ", ".join(OrganisationKind.values)}, field="kind"
        )


@transaction.atomic
def create_organisation(
    *,
    workspace: Workspace,
    by: Any,
    source: str = Source.MANUAL,
    **data: Any,
) -> Organisation:
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    for key in ("industries", "technologies", "tags"):
        data[key] = _clean_list(data.get(key))
    _check_organisation(data)
    org = Organisation(
        workspace=workspace,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        source=source,
        **data,
    )
    org.name = org.name.strip()
    org.industry_keys = industry_keys(org.industries)
    org.full_clean(exclude=["workspace", "created_by"])
    org.save()
    search.mark_changed(workspace.pk, [org.pk])
    audit.record(actor=by, action=AuditAction.CREATE, obj=org)
    return org


@transaction.atomic
def update_organisation(*, organisation: Organisation, by: Any, **data: Any) -> Organisation:
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    before = _snapshot(organisation, ORGANISATION_FIELDS)
    for key in ("industries", "technologies", "tags"):
        if key in data:
            data[key] = _clean_list(data[key])
    for key, value in data.items():
        setattr(organisation, key, value)
    _check_organisation(_snapshot(organisation, ["name", "kind"]))
    organisation.industry_keys = industry_keys(organisation.industries)
    organisation.full_clean(exclude=["workspace", "created_by"])
    organisation.save()
    search.mark_changed(organisation.workspace_id, [organisation.pk])
    changes = audit.changed_fields(before, _snapshot(organisation, ORGANISATION_FIELDS))
    if changes:
        audit.record(actor=by, action=AuditAction.UPDATE, obj=organisation, changes=changes)
    return organisation


@transaction.atomic
def delete_organisation(*, organisation: Organisation, by: Any) -> None:
    workspace_id, pk = organisation.workspace_id, organisation.pk
    audit.record(actor=by, action=AuditAction.DELETE, obj=organisation)
    organisation.delete()
    search.mark_removed(workspace_id, [pk])


# ---------------------------------------------------------------------- contacts


@transaction.atomic
def add_contact(
    *,
    organisation: Organisation,
    by: Any,
    name: str,
    title: str = "",
    email: str = "",
    phone: str = "",
    note: str = "",
) -> Contact:
    if not name.strip():
        raise DomainError(_("Enter the contact's name."), field="name")
    contact = Contact(
        organisation=organisation, name=name.strip(), title=title, email=email, phone=phone, note=note
    )
    contact.full_clean(exclude=["organisation"])
    contact.save()
    audit.record(actor=by, action=AuditAction.CREATE, obj=contact)
    return contact


@transaction.atomic
def delete_contact(*, contact: Contact, by: Any) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=contact)
    contact.delete()


# ---------------------------------------------------------------------- checklist


@transaction.atomic
def answer_checklist(
    *,
    organisation: Organisation,
    item: str,
    answer: str,
    by: Any,
    note: str = "",
    answered_on: date | None = None,
) -> ChecklistAnswer:
    if item not in ChecklistItem.values:
        raise DomainError(_("Unknown checklist question."), field="item")
    if answer not in YesNoUnknown.values:
        raise DomainError(_("Answer yes, no or unknown."), field="answer")
    row, _created = ChecklistAnswer.objects.select_for_update().get_or_create(
        organisation=organisation, item=item
    )
    before = {"answer": row.answer, "note": row.note, "answered_on": row.answered_on}
    row.answer = answer
    row.note = note[:500]
    row.answered_on = answered_on or (timezone.localdate() if answer != YesNoUnknown.UNKNOWN else None)
    row.answered_by = by if getattr(by, "is_authenticated", False) else None
    row.save()
    changes = audit.changed_fields(
        before, {"answer": row.answer, "note": row.note, "answered_on": row.answered_on}
    )
    if changes:
        # The directory's checklist filter (and its cached counts) depend on the answers.
        search.bump_version(organisation.workspace_id)
        audit.record(actor=by, action=AuditAction.UPDATE, obj=row, changes=changes)
    return row


# ---------------------------------------------------------------------- needs and offers


def _check_need(need: Need) -> None:
    check_fields(need, exclude=("workspace", "organisation", "created_by"))
    if not need.title.strip():
        raise DomainError(_("Enter a title."), field="title")
    if not need.description.strip():
        raise DomainError(_("Describe what you look for."), field="description")
    if need.organisation is not None:
        if need.organisation.workspace_id != need.workspace_id:
            raise DomainError(_("Choose an organisation of this workspace."), field="organisation")
        if need.organisation.kind not in {OrganisationKind.CORPORATE, OrganisationKind.PUBLIC}:
            raise DomainError(_("A need belongs to a corporate or a public body."), field="organisation")
    if (
        need.budget_min_jpy is not None
        and need.budget_max_jpy is not None
        and need.budget_min_jpy > need.budget_max_jpy
    ):
        raise DomainError(_("The budget's upper end is below its lower end."), field="budget_max_jpy")


@transaction.atomic
def create_need(*, workspace: Workspace, by: Any, **data: Any) -> Need:
    need = Need(
        workspace=workspace, created_by=by if getattr(by, "is_authenticated", False) else None, **data
    )
    _check_need(need)
    need.save()
    if need.organisation_id:
        search.mark_changed(workspace.pk, [need.organisation_id])
    audit.record(actor=by, action=AuditAction.CREATE, obj=need)
    return need


@transaction.atomic
def update_need(*, need: Need, by: Any, **data: Any) -> Need:
    before = _snapshot(need, NEED_FIELDS)
    old_org = need.organisation_id
    for key, value in data.items():
        setattr(need, key, value)
    _check_need(need)
    need.save()
    search.mark_changed(need.workspace_id, [i for i in {old_org, need.organisation_id} if i])
    changes = audit.changed_fields(before, _snapshot(need, NEED_FIELDS))
    if changes:
        audit.record(actor=by, action=AuditAction.UPDATE, obj=need, changes=changes)
    return need


@transaction.atomic
def delete_need(*, need: Need, by: Any) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=need)
    org_id, workspace_id = need.organisation_id, need.workspace_id
    need.delete()
    if org_id:
        search.mark_changed(workspace_id, [org_id])


@transaction.atomic
def create_offer(*, organisation: Organisation, by: Any, **data: Any) -> Offer:
    data["technologies"] = _clean_list(data.get("technologies"))
    offer = Offer(organisation=organisation, **data)
    if not offer.title.strip():
        raise DomainError(_("Enter a title."), field="title")
    offer.save()
    search.mark_changed(organisation.workspace_id, [organisation.pk])
    audit.record(actor=by, action=AuditAction.CREATE, obj=offer)
    return offer


@transaction.atomic
def update_offer(*, offer: Offer, by: Any, **data: Any) -> Offer:
    before = _snapshot(offer, OFFER_FIELDS)
    if "technologies" in data:
        data["technologies"] = _clean_list(data["technologies"])
    for key, value in data.items():
        setattr(offer, key, value)
    if not offer.title.strip():
        raise DomainError(_("Enter a title."), field="title")
    offer.save()
    search.mark_changed(offer.organisation.workspace_id, [offer.organisation_id])
    changes = audit.changed_fields(before, _snapshot(offer, OFFER_FIELDS))
    if changes:
        audit.record(actor=by, action=AuditAction.UPDATE, obj=offer, changes=changes)
    return offer


@transaction.atomic
def delete_offer(*, offer: Offer, by: Any) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=offer)
    workspace_id, org_id = offer.organisation.workspace_id, offer.organisation_id
    offer.delete()
    search.mark_changed(workspace_id, [org_id])


# ---------------------------------------------------------------------- candidates


@transaction.atomic
def shortlist(
    *,
    need: Need,
    organisation: Organisation,
    by: Any,
    fit_score: int | None = None,
) -> Candidate:
    if organisation.workspace_id != need.workspace_id:
        raise DomainError(_("Choose an organisation of this workspace."), field="organisation")
    if need.organisation_id == organisation.pk:
        raise DomainError(_("The need's own organisation cannot be its candidate."), field="organisation")
    candidate, created = Candidate.objects.get_or_create(
        need=need,
        organisation=organisation,
        defaults={"added_by": by if getattr(by, "is_authenticated", False) else None, "fit_score": fit_score},
    )
    if created:
        audit.record(actor=by, action=AuditAction.CREATE, obj=candidate)
    return candidate


@transaction.atomic
def set_candidate_status(*, candidate: Candidate, status: str, by: Any, note: str | None = None) -> Candidate:
    if status not in CandidateStatus.values:
        raise DomainError(_("Unknown status."), field="status")
    before = {"status": candidate.status, "note": candidate.note}
    candidate.status = status
    if note is not None:
        candidate.note = note[:500]
    candidate.save()
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=candidate,
        changes=audit.changed_fields(before, {"status": candidate.status, "note": candidate.note}),
    )
    return candidate


@transaction.atomic
def remove_candidate(*, candidate: Candidate, by: Any) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=candidate)
    candidate.delete()


# ---------------------------------------------------------------------- import

# Files with more rows than this are imported by a background task with a progress page.
BACKGROUND_IMPORT_ROWS = 2000


def import_organisations(*, workspace: Workspace, data: bytes, filename: str, by: Any) -> ImportResult:
    """Check and import a file at once (CLI, API, small uploads). Raises ImportRejected."""
    uploads.check(uploads.IMPORTS, name=filename, size=len(data))
    importer = OrganisationImport(workspace=workspace, data=data, filename=filename, by=by)
    result = importer.run()
    audit.record(
        actor=by,
        action=AuditAction.CREATE,
        workspace=workspace,
        model="partners.OrganisationImport",
        object_repr=filename,
        changes={"created": result.created, "updated": result.updated},
    )
    return result


def prepare_import(*, workspace: Workspace, data: bytes, filename: str, by: Any) -> ImportJob:
    """Check an uploaded file's rows and keep it for the confirmation step (nothing imported yet)."""
    uploads.check(uploads.IMPORTS, name=filename, size=len(data))
    importer = OrganisationImport(workspace=workspace, data=data, filename=filename, by=by)
    valid = importer.check()
    job = ImportJob(
        workspace=workspace,
        created_by=by if getattr(by, "is_authenticated", False) else None,
        filename=filename[:255],
        status=ImportStatus.VALIDATED if valid else ImportStatus.INVALID,
        errors=[e.as_dict() | {"text": str(e)} for e in importer.errors],
        notes=list(importer.notes),
    )
    if valid:
        creates, updates = importer.counts()
        job.data = data
        job.total_rows = len(importer.rows)
        job.created_count, job.updated_count = creates, updates
        job.preview = importer.preview()
    job.save()
    return job


def confirm_import(*, job: ImportJob, by: Any) -> ImportJob:
    """Import a checked upload: inline when small, as a background task when large."""
    if job.status != ImportStatus.VALIDATED:
        raise DomainError(_("This file was already imported or has errors; upload it again."))
    if job.total_rows > BACKGROUND_IMPORT_ROWS:
        from kyoso.partners.tasks import run_import

        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
        run_import.enqueue(job.pk)
        job.refresh_from_db()
        return job
    run_import_job(job_id=job.pk)
    job.refresh_from_db()
    if job.status == ImportStatus.DONE:
        audit.record(
            actor=by,
            action=AuditAction.CREATE,
            workspace=job.workspace,
            model="partners.OrganisationImport",
            object_repr=job.filename,
            changes={"created": job.created_count, "updated": job.updated_count},
        )
    return job


def run_import_job(*, job_id: int) -> None:
    """Idempotent: a job that is not waiting to run is left alone."""
    from django.utils import timezone

    from kyoso.core.imports import ImportRejected

    claimed = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.VALIDATED, ImportStatus.QUEUED]
    ).update(status=ImportStatus.RUNNING)
    if not claimed:
        return
    job = ImportJob.objects.select_related("workspace", "created_by").get(pk=job_id)
    importer = OrganisationImport(
        workspace=job.workspace, data=bytes(job.data or b""), filename=job.filename, by=job.created_by
    )

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(processed_rows=done, total_rows=total)

    try:
        result = importer.run(progress=progress)
    except ImportRejected as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportStatus.INVALID,
            errors=[e.as_dict() | {"text": str(e)} for e in exc.errors],
            data=None,
            finished_at=timezone.now(),
        )
        return
    except Exception:
        ImportJob.objects.filter(pk=job_id).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.DONE,
        created_count=result.created,
        updated_count=result.updated,
        processed_rows=result.rows,
        total_rows=result.rows,
        data=None,
        finished_at=timezone.now(),
    )
    if result.rows > BACKGROUND_IMPORT_ROWS:
        # Bring the stored index up to date now rather than on the next search.
        search.refresh(job.workspace_id)

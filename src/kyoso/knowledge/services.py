"""Writes for retrospectives and partner views. Keyword-only, one transaction each, DomainError for user mistakes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, User
from kyoso.accounts.scoping import Visibility
from kyoso.core import uploads
from kyoso.core.errors import DomainError
from kyoso.knowledge.causes import CAUSES
from kyoso.knowledge.models import (
    Outcome,
    PartnerKind,
    PartnerView,
    Retrospective,
    RetrospectiveAttachment,
    RetrospectiveCause,
    StageReached,
)
from kyoso.partners.models import Organisation

TEXT_FIELDS = ("headline", "what_worked", "what_failed", "lessons", "countermeasure")
CONTEXT_FIELDS = ("industry", "partner_name", "partner_kind", "stage_reached", "business_unit")
STAGE_ORDER = ["exploration", "poc", "pilot", "commercialisation"]


def clean_causes(causes: Mapping[str, Any] | None, *, field: str = "causes") -> dict[str, int]:
    """{cause: weight 1–3}; a weight of 0/None/"" drops the cause; unknown ids and other weights are errors."""
    cleaned: dict[str, int] = {}
    for cause, raw in (causes or {}).items():
        if cause not in CAUSES:
            raise DomainError(_("Unknown cause: %(cause)s") % {"cause": cause}, field=field)
        if raw in (None, "", 0, "0"):
            continue
        try:
            weight = int(raw)
        except (TypeError, ValueError):
            weight = -1
        if weight not in (1, 2, 3):
            raise DomainError(
                _("The weight of a cause is 1, 2 or 3 (%(cause)s).") % {"cause": cause}, field=field
            )
        cleaned[cause] = weight
    return cleaned


def project_context(project: Any) -> dict[str, str]:
    """What the project looked like when it closed: partner, kind, industry, stage reached, business unit."""
    from kyoso.projects.models import ProjectParty, StageHistory

    party = ProjectParty.objects.filter(project=project, side="partner").only("name", "kind").first()
    reached = set(StageHistory.objects.filter(project=project).values_list("stage", flat=True))
    reached.add(project.stage)
    stage = ""
    for s in STAGE_ORDER:
        if s in reached:
            stage = s
    industry = ""
    if party is not None:
        industry = partner_industries(project.workspace_id, [party.name]).get(party.name, [""])[0]
    return {
        "partner_name": party.name if party else "",
        "partner_kind": party.kind if party and party.kind in PartnerKind.values else "",
        "industry": industry,
        "stage_reached": stage,
        "business_unit": project.business_unit or "",
    }


def partner_industries(workspace_id: int, names: list[str]) -> dict[str, list[str]]:
    """Industries of the directory's organisations with these names (one query)."""
    found: dict[str, list[str]] = {}
    for name, industries in Organisation.objects.filter(
        workspace_id=workspace_id, name__in=names
    ).values_list("name", "industries")[:200]:
        if industries:
            found.setdefault(name, [str(i) for i in industries if i])
    return found


def _validate(fields: Mapping[str, Any]) -> None:
    if "headline" in fields and not str(fields.get("headline") or "").strip():
        raise DomainError(_("Write the lesson in one line."), field="headline")
    if "outcome" in fields and fields["outcome"] not in Outcome.values:
        raise DomainError(_("Choose an outcome: commercialised, stopped or paused."), field="outcome")
    if fields.get("partner_kind") and fields["partner_kind"] not in PartnerKind.values:
        raise DomainError(_("Choose one of the partner kinds."), field="partner_kind")
    if fields.get("stage_reached") and fields["stage_reached"] not in StageReached.values:
        raise DomainError(_("Choose one of the stages."), field="stage_reached")
    written_on = fields.get("written_on")
    if isinstance(written_on, dt.date) and written_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field="written_on")


def _replace_causes(retro: Retrospective, causes: dict[str, int]) -> None:
    RetrospectiveCause.objects.filter(retrospective=retro).delete()
    RetrospectiveCause.objects.bulk_create(
        [RetrospectiveCause(retrospective=retro, cause=c, weight=w) for c, w in causes.items()]
    )


@transaction.atomic
def create_retrospective(
    *,
    project: Any,
    by: User,
    outcome: str,
    headline: str,
    causes: Mapping[str, Any],
    what_worked: str = "",
    what_failed: str = "",
    lessons: str = "",
    countermeasure: str = "",
    written_on: dt.date | None = None,
    **context: Any,
) -> Retrospective:
    """A retrospective tagged with at least one cause; context defaults to what the project shows now."""
    unknown = set(context) - set(CONTEXT_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(name)s") % {"name": ", ".join(sorted(unknown))})
    fields: dict[str, Any] = {
        "outcome": outcome,
        "headline": (headline or "").strip(),
        "what_worked": what_worked.strip(),
        "what_failed": what_failed.strip(),
        "lessons": lessons.strip(),
        "countermeasure": countermeasure.strip(),
        "written_on": written_on or timezone.localdate(),
    }
    _validate({**fields, **context})
    tags = clean_causes(causes)
    if not tags and outcome != Outcome.COMMERCIALISED:
        raise DomainError(
            _("Tag at least one of the six causes, so the library can find this lesson."), field="causes"
        )
    defaults = project_context(project)
    defaults.update({k: (v or "") for k, v in context.items() if v not in (None, "")})
    retro = Retrospective.objects.create(project=project, written_by=by, **fields, **defaults)
    _replace_causes(retro, tags)
    audit.record(actor=by, action=AuditAction.CREATE, obj=retro, changes={"causes": tags})
    return retro


@transaction.atomic
def update_retrospective(
    *,
    retrospective: Retrospective,
    by: User,
    causes: Mapping[str, Any] | None = None,
    **fields: Any,
) -> Retrospective:
    allowed = {"outcome", "written_on", *TEXT_FIELDS, *CONTEXT_FIELDS}
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("Unknown field: %(name)s") % {"name": ", ".join(sorted(unknown))})
    _validate(fields)
    before = {k: getattr(retrospective, k) for k in fields}
    for name, value in fields.items():
        setattr(retrospective, name, value.strip() if isinstance(value, str) else value)
    changes = audit.changed_fields(before, {k: getattr(retrospective, k) for k in fields})
    if causes is not None:
        tags = clean_causes(causes)
        if not tags and retrospective.outcome != Outcome.COMMERCIALISED:
            raise DomainError(
                _("Tag at least one of the six causes, so the library can find this lesson."), field="causes"
            )
        old = {c.cause: c.weight for c in retrospective.causes.all()}
        if old != tags:
            _replace_causes(retrospective, tags)
            changes["causes"] = [str(old), str(tags)]
    retrospective.save()  # bumps updated_at, so the library index re-reads it
    if changes:
        audit.record(actor=by, action=AuditAction.UPDATE, obj=retrospective, changes=changes)
    return retrospective


@transaction.atomic
def delete_retrospective(*, retrospective: Retrospective, by: User) -> None:
    audit.record(actor=by, action=AuditAction.DELETE, obj=retrospective)
    project = retrospective.project
    retrospective.delete()
    _sync_exchange(project)


@transaction.atomic
def add_attachment(*, retrospective: Retrospective, by: User, file: UploadedFile) -> RetrospectiveAttachment:
    if file is None:
        raise DomainError(_("Choose a file."), field="file")
    uploads.check(uploads.ATTACHMENTS, name=file.name, size=file.size)
    name = os.path.basename(file.name or "file")[:200]
    attachment = RetrospectiveAttachment(
        retrospective=retrospective,
        name=name,
        size=file.size or 0,
        content_type=getattr(file, "content_type", "") or "",
        uploaded_by=by,
    )
    attachment.file.save(name, file, save=False)
    attachment.save()
    audit.record(actor=by, action=AuditAction.CREATE, obj=attachment)
    return attachment


# --------------------------------------------------------------------------- the exchange with the partner


def _sync_exchange(project: Any) -> bool:
    """Apply both sides' agreement (call inside a transaction); returns whether views are exchanged.

    A retrospective is shared with the partner only while both its own flag and the
    partner's flag are set; the partner's view reaches the team only then too.
    """
    view = PartnerView.objects.select_for_update().filter(project=project).first()
    retros = list(Retrospective.objects.select_for_update().filter(project=project))
    partner_agreed = bool(view and view.share_agreed)
    exchanged = False
    for retro in retros:
        visibility = Visibility.SHARED if (partner_agreed and retro.share_agreed) else Visibility.INTERNAL
        exchanged = exchanged or visibility == Visibility.SHARED
        if retro.visibility != visibility:
            Retrospective.objects.filter(pk=retro.pk).update(visibility=visibility)
    if view is not None and view.exchanged != exchanged:
        PartnerView.objects.filter(pk=view.pk).update(exchanged=exchanged)
    return exchanged


@transaction.atomic
def set_corporate_agreement(*, retrospective: Retrospective, by: User, agreed: bool) -> bool:
    """The team agrees (or withdraws) to exchange this retrospective with the partner's view."""
    Retrospective.objects.filter(pk=retrospective.pk).update(share_agreed=agreed, updated_at=timezone.now())
    retrospective.share_agreed = agreed
    exchanged = _sync_exchange(retrospective.project)
    retrospective.refresh_from_db(fields=["visibility", "updated_at"])
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=retrospective,
        changes={"share_agreed": agreed, "exchanged": exchanged},
    )
    return exchanged


@transaction.atomic
def save_partner_view(
    *,
    project: Any,
    by: User,
    what_worked: str = "",
    what_failed: str = "",
    lessons: str = "",
    causes: Mapping[str, Any] | None = None,
    share_agreed: bool | None = None,
) -> PartnerView:
    """The partner writes (or rewrites) its own view; the caller checked the partner's access."""
    if not any(s.strip() for s in (what_worked, what_failed, lessons)):
        raise DomainError(_("Write at least what worked, what failed or a lesson."), field="lessons")
    tags = clean_causes(causes)
    view, created = PartnerView.objects.select_for_update().get_or_create(project=project)
    view.what_worked, view.what_failed, view.lessons = (
        what_worked.strip(),
        what_failed.strip(),
        lessons.strip(),
    )
    view.causes = tags
    view.written_by = by
    if share_agreed is not None:
        view.share_agreed = share_agreed
    view.save()
    exchanged = _sync_exchange(project)
    audit.record(
        actor=by,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=view,
        workspace=project.workspace,
        changes={"share_agreed": view.share_agreed, "exchanged": exchanged},
    )
    view.refresh_from_db(fields=["exchanged"])
    return view


@transaction.atomic
def set_partner_agreement(*, project: Any, by: User, agreed: bool) -> bool:
    view = PartnerView.objects.select_for_update().filter(project=project).first()
    if view is None:
        raise DomainError(
            _("Write your view first; then you can agree to exchange it."), field="share_agreed"
        )
    PartnerView.objects.filter(pk=view.pk).update(share_agreed=agreed, updated_at=timezone.now())
    exchanged = _sync_exchange(project)
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=view,
        workspace=project.workspace,
        changes={"share_agreed": agreed, "exchanged": exchanged},
    )
    return exchanged

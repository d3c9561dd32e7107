"""Writes for collaboration projects. Keyword-only, one transaction each, DomainError for user mistakes."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import WRITE_ROLES, AuditAction, Language, Role, User, Workspace
from kyoso.accounts.scoping import Visibility
from kyoso.accounts.services import INVITATION_LIMIT_MESSAGE, check_usable, find_usable_invitation
from kyoso.core import limits, uploads
from kyoso.core.errors import DomainError, check_fields
from kyoso.outbox import services as outbox
from kyoso.projects import signals
from kyoso.projects.models import (
    CONTRACT_FIELDS,
    STAGE_ORDER,
    Channel,
    Contract,
    ContractStatus,
    CriterionEvidence,
    Decision,
    Disclosure,
    Document,
    ExpectedBenefit,
    Gate,
    GateCriterion,
    GateDecision,
    Kpi,
    KpiMeasurement,
    LogEntry,
    Milestone,
    Note,
    PartnerAccess,
    PartnerInvitation,
    PartyKind,
    Project,
    ProjectParty,
    Side,
    Stage,
    StageHistory,
    Stakeholder,
    next_stage,
)

# Who may record a gate decision: the team, and the executives who sign decisions off.
GATE_SIGNERS = WRITE_ROLES | {Role.EXECUTIVE}

PROJECT_FIELDS = frozenset(
    {
        "title",
        "type",
        "summary",
        "internal_note",
        "owner",
        "business_unit",
        "status_colour",
        "budget_jpy",
        "poc_planned_end",
        "poc_deliverable",
    }
)


def _today() -> dt.date:
    return timezone.localdate()


def _record(by: Any, action: str, obj: models.Model, **changes: Any) -> None:
    audit.record(actor=by, action=action, obj=obj, changes=changes or None)


def _snapshot_of_fields(obj: models.Model, names: Iterable[str]) -> dict[str, Any]:
    return {
        n: getattr(obj, f"{n}_id" if isinstance(obj._meta.get_field(n), models.ForeignKey) else n)
        for n in names
    }


def _apply(obj: models.Model, fields: Mapping[str, Any], allowed: Collection[str]) -> dict[str, Any]:
    unknown = set(fields).difference(allowed)
    if unknown:
        raise DomainError(_("Unknown field: %(name)s") % {"name": ", ".join(sorted(unknown))})
    before = _snapshot_of_fields(obj, fields)
    for name, value in fields.items():
        setattr(obj, name, value)
    after = _snapshot_of_fields(obj, fields)
    return audit.changed_fields(before, after)


def _require(value: Any, field: str, message: str) -> None:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise DomainError(message, field=field)


def _partner_organisation(workspace: Workspace, organisation: Any) -> Any:
    """The directory organisation if it belongs to `workspace`; anything else is a user-fixable error."""
    if organisation is None:
        return None
    if getattr(organisation, "workspace_id", None) != workspace.pk:
        raise DomainError(_("Choose an organisation of your partner directory."), field="organisation")
    return organisation


def culture_from_organisation(organisation: Any) -> dict[str, Any]:
    """The party fields the partner directory knows about an organisation (name, kind and culture)."""
    support = {"yes": True, "no": False}.get(organisation.company_wide_support or "")
    return {
        "name": organisation.name,
        "kind": organisation.kind if organisation.kind in PartyKind.values else PartyKind.STARTUP,
        "oi_experience_count": organisation.oi_experience_count,
        "company_wide_support": support,
        "decision_lead_days": organisation.decision_lead_days,
        "quality_approach": organisation.quality_approach or "",
        "risk_appetite": organisation.risk_appetite or "",
    }


# --------------------------------------------------------------------------- project


@transaction.atomic
def create_project(
    *,
    workspace: Workspace,
    by: User,
    title: str,
    type: str = "inbound",
    summary: str = "",
    owner: User | None = None,
    business_unit: str = "",
    budget_jpy: int | None = None,
    stage: str = Stage.EXPLORATION,
    stage_entered: dt.date | None = None,
    partner_name: str = "",
    partner_kind: str = "startup",
    team: Iterable[User] = (),
    organisation: Any = None,
    need: Any = None,
    **extra: Any,
) -> Project:
    """Create a project; with `organisation` (partner directory) the partner side copies its name and culture,
    and with `need` as well the shortlisted candidate is marked as having started a project."""
    organisation = _partner_organisation(workspace, organisation)
    title = (title or "").strip()
    _require(title, "title", _("Give the project a title."))
    if stage not in Stage.values:
        raise DomainError(_("Choose one of the stages."), field="stage")
    if budget_jpy is not None and budget_jpy < 0:
        raise DomainError(_("The budget cannot be negative."), field="budget_jpy")
    entered = stage_entered or _today()
    if entered > _today():
        raise DomainError(_("The stage cannot have started in the future."), field="stage_entered")
    project = Project(
        workspace=workspace,
        title=title,
        type=type,
        summary=summary,
        owner=owner or by,
        business_unit=business_unit,
        budget_jpy=budget_jpy,
        stage=stage,
        stage_entered=entered,
        created_by=by,
    )
    _apply(
        project,
        extra,
        PROJECT_FIELDS | {"purpose_category", "goal", "why_partner", "cadence_days", "channels"},
    )
    check_fields(
        project,
        exclude=("workspace", "owner", "created_by", "sponsor_user", "comm_corporate_owner", "channels"),
    )
    project.save()
    if team:
        set_team(project=project, by=by, members=team)
    StageHistory.objects.create(project=project, stage=stage, entered_on=entered, changed_by=by)
    ProjectParty.objects.create(project=project, side=Side.CORPORATE, name=workspace.name, kind="corporate")
    if organisation is not None:
        culture = culture_from_organisation(organisation)
        if partner_name.strip():
            culture["name"] = partner_name.strip()
        ProjectParty.objects.create(project=project, side=Side.PARTNER, organisation=organisation, **culture)
        _mark_candidate_started(workspace=workspace, organisation=organisation, need=need, by=by)
    elif partner_name.strip():
        ProjectParty.objects.create(
            project=project, side=Side.PARTNER, name=partner_name.strip(), kind=partner_kind
        )
    _record(by, AuditAction.CREATE, project)
    signals.notify_project_changed(project)
    return project


def _mark_candidate_started(*, workspace: Workspace, organisation: Any, need: Any, by: User) -> None:
    if need is None or getattr(need, "workspace_id", None) != workspace.pk:
        return
    from kyoso.partners import services as partner_services
    from kyoso.partners.models import Candidate, CandidateStatus

    candidate = Candidate.objects.filter(need=need, organisation=organisation).first()
    if candidate is not None and candidate.status != CandidateStatus.PROJECT:
        partner_services.set_candidate_status(candidate=candidate, status=CandidateStatus.PROJECT, by=by)


@transaction.atomic
def update_project(*, project: Project, by: User, **fields: Any) -> Project:
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
        _require(fields["title"], "title", _("Give the project a title."))
    if fields.get("budget_jpy") is not None and fields["budget_jpy"] < 0:
        raise DomainError(_("The budget cannot be negative."), field="budget_jpy")
    changes = _apply(project, fields, PROJECT_FIELDS)
    project.save()
    if changes:
        _record(by, AuditAction.UPDATE, project, **changes)
        signals.notify_project_changed(project)
    return project


@transaction.atomic
def set_team(*, project: Project, by: User, members: Iterable[User]) -> None:
    """Set the project team (members of the project's workspace only); audited when it changes."""
    members = list(members)
    if any(not project.workspace.memberships.filter(user=u).exists() for u in members):
        raise DomainError(_("Choose team members of this workspace."), field="team")
    before = sorted(project.team.values_list("pk", flat=True))
    if before == sorted(u.pk for u in members):
        return
    project.team.set(members)
    _record(by, AuditAction.UPDATE, project, team=[str(u) for u in members])


@transaction.atomic
def save_project(
    *,
    project: Project,
    by: User,
    fields: Mapping[str, Any],
    team: Iterable[User] | None = None,
    stage: str | None = None,
    stage_reason: str = "",
) -> Project:
    """One save of a project from a page or the API, all or nothing: its fields, then (when given)
    its team and a change of stage."""
    if fields:
        update_project(project=project, by=by, **fields)
    if team is not None:
        set_team(project=project, by=by, members=team)
    if stage and stage != project.stage:
        try:
            change_stage(project=project, by=by, stage=stage, reason=stage_reason)
        except DomainError as exc:
            # the override's `reason` is this save's `stage_reason`
            raise DomainError(
                exc.message, field="stage_reason" if exc.field == "reason" else exc.field
            ) from None
    return project


@transaction.atomic
def change_stage(
    *,
    project: Project,
    stage: str,
    by: User,
    reason: str = "",
    on: dt.date | None = None,
) -> Project:
    """An owner's override: a stage change without a gate decision, recorded with its reason.

    Stages normally move through `decide_gate` (a Go on the current stage's gate); a direct change
    bypasses the criteria, so only workspace owners may make it and the history shows it as an override.
    """
    if not project.workspace.memberships.filter(user=by, role=Role.OWNER).exists():
        raise PermissionDenied(
            _("Only workspace owners can change the stage directly; record a decision on the stage's gate.")
        )
    if stage not in Stage.values:
        raise DomainError(_("Choose one of the stages."), field="stage")
    if stage == project.stage:
        raise DomainError(_("The project is already in this stage."), field="stage")
    if not reason.strip():
        raise DomainError(
            _("A direct stage change overrides the stage gate: say why it skips the gate decision."),
            field="reason",
        )
    _move_stage(project=project, stage=stage, by=by, reason=reason, on=on, is_override=True)
    return project


def _move_stage(
    *,
    project: Project,
    stage: str,
    by: User,
    reason: str = "",
    on: dt.date | None = None,
    decision: GateDecision | None = None,
    is_override: bool = False,
) -> None:
    on = on or _today()
    if on < project.stage_entered:
        raise DomainError(
            _("The new stage cannot start before the current one (%(date)s).")
            % {"date": project.stage_entered},
            field="on",
        )
    if on > _today():
        raise DomainError(_("The date cannot be in the future."), field="on")
    old = project.stage
    StageHistory.objects.filter(project=project, left_on__isnull=True).update(left_on=on)
    StageHistory.objects.create(
        project=project,
        stage=stage,
        entered_on=on,
        reason=reason.strip(),
        changed_by=by,
        decision=decision,
        is_override=is_override,
    )
    project.stage = stage
    project.stage_entered = on
    if stage == Stage.STOPPED:
        project.stopped_reason = reason.strip()
    project.save(update_fields=["stage", "stage_entered", "stopped_reason", "updated_at"])
    changes: dict[str, Any] = {"stage": [old, stage]}
    if is_override:
        changes["override"] = reason.strip()
    if decision is not None:
        changes["gate_decision"] = decision.pk
    _record(by, AuditAction.UPDATE, project, **changes)
    signals.send_on_commit(
        signals.stage_changed, Project, project=project, old_stage=old, new_stage=stage, by=by
    )
    signals.notify_project_changed(project)


# --------------------------------------------------------------------------- charter and sponsor


@transaction.atomic
def update_charter(
    *,
    project: Project,
    by: User,
    purpose_category: str,
    goal: str,
    why_partner: str,
) -> Project:
    changes = _apply(
        project,
        {"purpose_category": purpose_category, "goal": goal.strip(), "why_partner": why_partner.strip()},
        frozenset({"purpose_category", "goal", "why_partner"}),
    )
    project.save()
    if changes:
        _record(by, AuditAction.UPDATE, project, **changes)
        signals.notify_project_changed(project)
    return project


@transaction.atomic
def add_benefit(
    *,
    project: Project,
    by: User,
    metric: str,
    target: float | None,
    unit: str,
    by_date: dt.date | None,
) -> ExpectedBenefit:
    _require(metric, "metric", _("Name what the benefit measures."))
    if target is not None and not (unit or "").strip():
        raise DomainError(_("Give the unit of the target (%, 円, 時間…)."), field="unit")
    benefit = ExpectedBenefit.objects.create(
        project=project, metric=metric.strip(), target=target, unit=unit.strip(), by=by_date
    )
    _record(by, AuditAction.CREATE, benefit)
    signals.notify_project_changed(project)
    return benefit


@transaction.atomic
def add_stakeholder(*, project: Project, by: User, name: str, user: User | None = None) -> Stakeholder:
    _require(name, "name", _("Name the stakeholder (person or title)."))
    stakeholder = Stakeholder.objects.create(project=project, name=name.strip(), user=user)
    _record(by, AuditAction.CREATE, stakeholder)
    signals.notify_project_changed(project)
    return stakeholder


@transaction.atomic
def acknowledge(
    *, stakeholder: Stakeholder, by: User, on: dt.date | None = None, comment: str = ""
) -> Stakeholder:
    on = on or _today()
    if on > _today():
        raise DomainError(_("The acknowledgement date cannot be in the future."), field="acknowledged_on")
    stakeholder.acknowledged_on = on
    stakeholder.comment = comment.strip()
    stakeholder.save(update_fields=["acknowledged_on", "comment"])
    _record(by, AuditAction.UPDATE, stakeholder, acknowledged_on=str(on))
    signals.notify_project_changed(stakeholder.project)
    return stakeholder


@transaction.atomic
def update_sponsor(
    *,
    project: Project,
    by: User,
    user: User | None,
    name: str,
    level: str,
    budget_until: dt.date | None,
) -> Project:
    if user is None and not name.strip():
        raise DomainError(_("Choose a member or write the sponsor's name."), field="sponsor_name")
    changes = _apply(
        project,
        {
            "sponsor_user": user,
            "sponsor_name": name.strip(),
            "sponsor_level": level,
            "sponsor_budget_until": budget_until,
        },
        frozenset({"sponsor_user", "sponsor_name", "sponsor_level", "sponsor_budget_until"}),
    )
    project.save()
    _record(by, AuditAction.UPDATE, project, **changes)
    signals.notify_project_changed(project)
    return project


@transaction.atomic
def set_party(*, project: Project, by: User, side: str, **fields: Any) -> ProjectParty:
    """Save one side; linking a (new) directory organisation fills the fields left empty from its record."""
    if side not in Side.values:
        raise DomainError(_("Choose a side."), field="side")
    party = ProjectParty.objects.filter(project=project, side=side).order_by("id").first() or ProjectParty(
        project=project, side=side
    )
    if "organisation" in fields:
        organisation = _partner_organisation(project.workspace, fields["organisation"])
        if organisation is not None and organisation.pk != party.organisation_id:
            for key, value in culture_from_organisation(organisation).items():
                if fields.get(key) in (None, ""):
                    fields[key] = value
    _require(fields.get("name", party.name), "name", _("Give the organisation's name."))
    allowed = frozenset(
        {
            "name",
            "kind",
            "oi_experience_count",
            "company_wide_support",
            "decision_lead_days",
            "quality_approach",
            "risk_appetite",
            "organisation",
        }
    )
    for key, value in fields.items():
        if key not in allowed:
            raise DomainError(_("Unknown field: %(name)s") % {"name": key})
        setattr(party, key, value)
    created = party.pk is None
    party.save()
    _record(by, AuditAction.CREATE if created else AuditAction.UPDATE, party)
    signals.notify_project_changed(project)
    return party


# --------------------------------------------------------------------------- gates


@transaction.atomic
def create_gate(
    *,
    project: Project,
    by: User,
    stage: str,
    criteria: Iterable[str],
    due: dt.date | None = None,
) -> Gate:
    if stage not in STAGE_ORDER:
        raise DomainError(_("Choose the stage the criteria are for."), field="stage")
    texts = [c.strip() for c in criteria if c and c.strip()]
    if not texts:
        raise DomainError(_("Write at least one go/no-go criterion, one per line."), field="criteria")
    if Gate.objects.filter(project=project, stage=stage).exists():
        raise DomainError(_("This stage already has a gate; add criteria to it instead."), field="stage")
    gate = Gate.objects.create(project=project, stage=stage, due=due, created_by=by)
    GateCriterion.objects.bulk_create([GateCriterion(gate=gate, text=t[:300]) for t in texts])
    _record(by, AuditAction.CREATE, gate, criteria=texts)
    signals.notify_project_changed(project)
    return gate


@transaction.atomic
def add_criterion(*, gate: Gate, by: User, text: str) -> GateCriterion:
    _require(text, "text", _("Write the criterion."))
    if gate.decisions.exclude(decision=Decision.EXTEND).exists():
        raise DomainError(_("This gate is decided; criteria can no longer change."), field="text")
    criterion = GateCriterion.objects.create(gate=gate, text=text.strip()[:300])
    _record(by, AuditAction.CREATE, criterion)
    signals.notify_project_changed(gate.project)
    return criterion


@transaction.atomic
def decide_gate(
    *,
    gate: Gate,
    by: User,
    decision: str,
    decided_on: dt.date | None = None,
    note: str = "",
    evidence: Mapping[int, tuple[bool | None, str]] | None = None,
    extended_to: dt.date | None = None,
    sponsor_signed_off_on: dt.date | None = None,
) -> GateDecision:
    """Record a go / no-go / extend decision with evidence per criterion.

    The gate of a stage is decided at that stage's end: a Go moves the project to the next stage, a
    No-go stops it, an extension keeps it where it is with a new decision date. The sponsor's sign-off
    (a date; the sponsor deciding signs it) is kept on the decision and counts as engagement.
    """
    project = gate.project
    if not project.workspace.memberships.filter(user=by, role__in=GATE_SIGNERS).exists():
        raise PermissionDenied(_("Only members and executives may record a gate decision."))
    if decision not in Decision.values:
        raise DomainError(_("Choose go, no-go or extend."), field="decision")
    if gate.decisions.exclude(decision=Decision.EXTEND).exists():
        raise DomainError(_("This gate is already decided (Go or No-go)."), field="decision")
    criteria = list(gate.criteria.all())
    if not criteria:
        raise DomainError(_("This gate has no criteria: write them before deciding."), field="decision")
    if decision != Decision.EXTEND and project.stage != gate.stage:
        raise DomainError(
            _(
                "This is the %(gate)s gate but the project is in %(stage)s: go and no-go are decided "
                "on the gate of the current stage."
            )
            % {"gate": gate.get_stage_display(), "stage": project.get_stage_display()},
            field="decision",
        )
    decided_on = decided_on or _today()
    if decided_on > _today():
        raise DomainError(_("The decision date cannot be in the future."), field="decided_on")
    if decision == Decision.EXTEND:
        if extended_to is None:
            raise DomainError(_("Give the new decision date for the extension."), field="extended_to")
        if extended_to <= decided_on:
            raise DomainError(_("The new date must come after the decision date."), field="extended_to")
    if decision == Decision.NO_GO and not note.strip():
        raise DomainError(_("Say why the answer is no-go."), field="note")
    is_sponsor = project.sponsor_user_id is not None and project.sponsor_user_id == by.pk
    if is_sponsor and sponsor_signed_off_on is None:
        sponsor_signed_off_on = decided_on
    if sponsor_signed_off_on is not None:
        if not (project.sponsor_user_id or project.sponsor_name):
            raise DomainError(
                _("The project has no executive sponsor: name one on the charter tab first."),
                field="sponsor_signed_off_on",
            )
        if sponsor_signed_off_on > _today():
            raise DomainError(_("The sign-off date cannot be in the future."), field="sponsor_signed_off_on")
    evidence = evidence or {}
    known = {c.pk for c in criteria}
    if set(evidence) - known:
        raise DomainError(_("Evidence refers to a criterion of another gate."), field="evidence")
    record = GateDecision.objects.create(
        gate=gate,
        decision=decision,
        decided_on=decided_on,
        decided_by=by,
        note=note.strip(),
        extended_to=extended_to if decision == Decision.EXTEND else None,
        signed_by_sponsor=sponsor_signed_off_on is not None,
        sponsor_signed_off_on=sponsor_signed_off_on,
    )
    CriterionEvidence.objects.bulk_create(
        [
            CriterionEvidence(
                decision=record,
                criterion=c,
                met=evidence.get(c.pk, (None, ""))[0],
                evidence=(evidence.get(c.pk, (None, ""))[1] or "").strip(),
            )
            for c in criteria
        ]
    )
    if decision == Decision.EXTEND:
        gate.due = extended_to
        gate.save(update_fields=["due"])
    if sponsor_signed_off_on and (
        project.sponsor_last_engaged is None or project.sponsor_last_engaged < sponsor_signed_off_on
    ):
        project.sponsor_last_engaged = sponsor_signed_off_on
        project.save(update_fields=["sponsor_last_engaged", "updated_at"])
    _record(
        by,
        AuditAction.CREATE,
        record,
        decision=decision,
        gate=gate.stage,
        sponsor_signed_off_on=str(sponsor_signed_off_on or ""),
    )
    following = next_stage(gate.stage)
    if decision == Decision.GO and following:
        _move_stage(
            project=project,
            stage=following,
            by=by,
            on=max(decided_on, project.stage_entered),
            decision=record,
        )
    elif decision == Decision.NO_GO:
        _move_stage(
            project=project,
            stage=Stage.STOPPED,
            by=by,
            reason=note,
            on=max(decided_on, project.stage_entered),
            decision=record,
        )
    signals.send_on_commit(
        signals.gate_decided, GateDecision, project=project, gate=gate, decision=record, by=by
    )
    signals.notify_project_changed(project)
    return record


# --------------------------------------------------------------------------- milestones and KPIs


@transaction.atomic
def add_milestone(
    *,
    project: Project,
    by: User,
    title: str,
    due: dt.date | None,
    owner: User | None = None,
    owner_name: str = "",
    visibility: str = Visibility.INTERNAL,
) -> Milestone:
    _require(title, "title", _("Give the milestone a title."))
    if due is None:
        raise DomainError(_("Give the milestone a due date."), field="due")
    milestone = Milestone.objects.create(
        project=project,
        title=title.strip(),
        due=due,
        owner=owner,
        owner_name=owner_name.strip(),
        visibility=visibility,
    )
    _record(by, AuditAction.CREATE, milestone)
    signals.notify_project_changed(project)
    return milestone


@transaction.atomic
def complete_milestone(*, milestone: Milestone, by: User, done_on: dt.date | None = None) -> Milestone:
    done_on = done_on or _today()
    if done_on > _today():
        raise DomainError(_("The completion date cannot be in the future."), field="done_on")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    _record(by, AuditAction.UPDATE, milestone, done_on=str(done_on))
    signals.notify_project_changed(milestone.project)
    return milestone


@transaction.atomic
def add_kpi(
    *,
    project: Project,
    by: User,
    name: str,
    target: float | None,
    unit: str,
    horizon_months: int | None,
    higher_is_better: bool = True,
    visibility: str = Visibility.INTERNAL,
) -> Kpi:
    _require(name, "name", _("Name the KPI."))
    if target is None:
        raise DomainError(_("Give the KPI a numeric target."), field="target")
    _require(unit, "unit", _("Give the KPI a unit (%, 件, 円…)."))
    if not horizon_months or horizon_months < 1:
        raise DomainError(
            _("Give the horizon in months (1 or more): judge over the mid to long term."),
            field="horizon_months",
        )
    kpi = Kpi.objects.create(
        project=project,
        name=name.strip(),
        target=target,
        unit=unit.strip(),
        horizon_months=horizon_months,
        higher_is_better=higher_is_better,
        visibility=visibility,
    )
    _record(by, AuditAction.CREATE, kpi)
    signals.notify_project_changed(project)
    return kpi


@transaction.atomic
def add_measurement(
    *, kpi: Kpi, by: User, measured_on: dt.date | None, value: float | None, note: str = ""
) -> KpiMeasurement:
    if measured_on is None:
        raise DomainError(_("Give the date of the measurement."), field="measured_on")
    if measured_on > _today():
        raise DomainError(_("A measurement cannot be in the future."), field="measured_on")
    if value is None:
        raise DomainError(_("Give the measured value."), field="value")
    m = KpiMeasurement.objects.create(kpi=kpi, measured_on=measured_on, value=value, note=note.strip())
    _record(by, AuditAction.CREATE, m)
    signals.notify_project_changed(kpi.project)
    return m


# --------------------------------------------------------------------------- communication


@transaction.atomic
def update_communication_plan(
    *,
    project: Project,
    by: User,
    cadence_days: int | None,
    channels: list[str],
    corporate_owner: User | None,
    partner_owner: str,
) -> Project:
    if cadence_days is not None and not 1 <= cadence_days <= 365:
        raise DomainError(_("The cadence is a number of days between 1 and 365."), field="cadence_days")
    bad = [c for c in channels if c not in Channel.values]
    if bad:
        raise DomainError(_("Unknown channel: %(name)s") % {"name": ", ".join(bad)}, field="channels")
    changes = _apply(
        project,
        {
            "cadence_days": cadence_days,
            "channels": list(channels),
            "comm_corporate_owner": corporate_owner,
            "comm_partner_owner": partner_owner.strip(),
        },
        frozenset({"cadence_days", "channels", "comm_corporate_owner", "comm_partner_owner"}),
    )
    project.save()
    _record(by, AuditAction.UPDATE, project, **changes)
    signals.notify_project_changed(project)
    return project


@transaction.atomic
def add_log_entry(
    *,
    project: Project,
    by: User,
    date: dt.date | None,
    kind: str,
    parties: str,
    attendees: str = "",
    note: str = "",
    visibility: str = Visibility.INTERNAL,
    sponsor_attended: bool = False,
    files: Iterable[UploadedFile] = (),
    by_partner: bool = False,
) -> LogEntry:
    if date is None:
        raise DomainError(_("Give the date of the contact."), field="date")
    if date > _today():
        raise DomainError(
            _("A log entry records a contact that happened: the date cannot be in the future."), field="date"
        )
    if kind not in Channel.values:
        raise DomainError(_("Choose meeting, call, e-mail or chat."), field="kind")
    files = list(files)
    for f in files:
        uploads.check(uploads.DOCUMENTS, name=f.name, size=f.size, field="attachments")
    if by_partner:
        visibility = Visibility.SHARED
    entry = LogEntry.objects.create(
        project=project,
        date=date,
        kind=kind,
        parties=parties,
        attendees=attendees.strip(),
        note=note.strip(),
        visibility=visibility,
        sponsor_attended=sponsor_attended,
        author=by,
        by_partner=by_partner,
    )
    for f in files:
        _store_document(
            project=project, by=by, file=f, visibility=visibility, log_entry=entry, by_partner=by_partner
        )
    if (sponsor_attended or (project.sponsor_user_id and project.sponsor_user_id == by.pk)) and (
        project.sponsor_last_engaged is None or project.sponsor_last_engaged < date
    ):
        project.sponsor_last_engaged = date
        project.save(update_fields=["sponsor_last_engaged", "updated_at"])
    _record(by, AuditAction.CREATE, entry)
    signals.notify_project_changed(project)
    return entry


@transaction.atomic
def add_note(
    *,
    project: Project,
    by: User,
    body: str,
    visibility: str = Visibility.INTERNAL,
    by_partner: bool = False,
) -> Note:
    _require(body, "body", _("Write the comment."))
    if by_partner:
        visibility = Visibility.SHARED
    note = Note.objects.create(
        project=project, body=body.strip(), author=by, by_partner=by_partner, visibility=visibility
    )
    _record(by, AuditAction.CREATE, note)
    return note


def _store_document(
    *,
    project: Project,
    by: User,
    file: UploadedFile,
    visibility: str,
    log_entry: LogEntry | None = None,
    contract: Contract | None = None,
    by_partner: bool = False,
) -> Document:
    name = os.path.basename(file.name or "file")[:200]
    doc = Document(
        project=project,
        log_entry=log_entry,
        contract=contract,
        name=name,
        size=file.size or 0,
        content_type=(getattr(file, "content_type", "") or "")[:100],
        visibility=visibility,
        uploaded_by=by,
        by_partner=by_partner,
    )
    doc.file.save(name, file, save=False)
    doc.save()
    _record(by, AuditAction.CREATE, doc)
    return doc


@transaction.atomic
def upload_document(
    *,
    project: Project,
    by: User,
    file: UploadedFile | None,
    visibility: str = Visibility.INTERNAL,
    contract: Contract | None = None,
    by_partner: bool = False,
) -> Document:
    if file is None:
        raise DomainError(_("Choose a file to upload."), field="file")
    uploads.check(uploads.DOCUMENTS, name=file.name, size=file.size)
    if by_partner:
        visibility = Visibility.SHARED
    return _store_document(
        project=project, by=by, file=file, visibility=visibility, contract=contract, by_partner=by_partner
    )


# --------------------------------------------------------------------------- contracts


def _validate_contract(contract: Contract) -> None:
    if contract.status == ContractStatus.SIGNED and contract.signed_on is None:
        raise DomainError(_("A signed contract needs its signature date."), field="signed_on")
    if contract.signed_on and contract.signed_on > _today():
        raise DomainError(_("The signature date cannot be in the future."), field="signed_on")
    if contract.signed_on and contract.end_date and contract.end_date < contract.signed_on:
        raise DomainError(_("The end date comes before the signature date."), field="end_date")
    if contract.fee_jpy is not None and contract.fee_jpy < 0:
        raise DomainError(_("The fee cannot be negative."), field="fee_jpy")
    if not contract.exclusive and (contract.exclusivity_field or contract.exclusivity_months):
        raise DomainError(_("Tick 'exclusivity granted' before giving its field or term."), field="exclusive")


@transaction.atomic
def create_contract(*, project: Project, by: User, **fields: Any) -> Contract:
    contract = Contract(project=project)
    _apply(contract, fields, CONTRACT_FIELDS)
    if not contract.kind:
        raise DomainError(_("Choose the kind of contract."), field="kind")
    _validate_contract(contract)
    contract.save()
    _record(by, AuditAction.CREATE, contract)
    signals.notify_project_changed(project)
    return contract


@transaction.atomic
def update_contract(*, contract: Contract, by: User, **fields: Any) -> Contract:
    changes = _apply(contract, fields, CONTRACT_FIELDS)
    _validate_contract(contract)
    contract.save()
    if changes:
        _record(by, AuditAction.UPDATE, contract, **changes)
        signals.notify_project_changed(contract.project)
    return contract


@transaction.atomic
def add_disclosure(
    *,
    project: Project,
    by: User,
    disclosed_by: str,
    disclosed_on: dt.date | None,
    description: str,
    form: str,
    contract: Contract | None = None,
    marked_confidential: bool = False,
    confirmed_in_writing_on: dt.date | None = None,
    visibility: str = Visibility.INTERNAL,
) -> Disclosure:
    if disclosed_on is None:
        raise DomainError(_("Give the date of the disclosure."), field="disclosed_on")
    if disclosed_on > _today():
        raise DomainError(_("The disclosure date cannot be in the future."), field="disclosed_on")
    _require(description, "description", _("Describe what was disclosed."))
    if confirmed_in_writing_on and confirmed_in_writing_on < disclosed_on:
        raise DomainError(
            _("The written confirmation cannot come before the disclosure."), field="confirmed_in_writing_on"
        )
    if contract is not None and contract.project_id != project.pk:
        raise DomainError(_("Choose a contract of this project."), field="contract")
    d = Disclosure.objects.create(
        project=project,
        contract=contract,
        disclosed_by=disclosed_by,
        disclosed_on=disclosed_on,
        description=description.strip(),
        form=form,
        marked_confidential=marked_confidential,
        confirmed_in_writing_on=confirmed_in_writing_on,
        visibility=visibility,
        recorded_by=by,
    )
    _record(by, AuditAction.CREATE, d)
    return d


# --------------------------------------------------------------------------- generic


@transaction.atomic
def delete_record(*, obj: models.Model, project: Project, by: User) -> None:
    _record(by, AuditAction.DELETE, obj)
    if isinstance(obj, Document):
        obj.file.delete(save=False)
    obj.delete()
    signals.notify_project_changed(project)


@transaction.atomic
def set_visibility(*, obj: models.Model, by: User, visibility: str) -> None:
    if visibility not in Visibility.values:
        raise DomainError(_("Choose internal or shared."), field="visibility")
    old = obj.visibility  # type: ignore[attr-defined]
    obj.visibility = visibility  # type: ignore[attr-defined]
    obj.save(update_fields=["visibility"])
    _record(by, AuditAction.UPDATE, obj, visibility=[old, visibility])


# --------------------------------------------------------------------------- shared space


@transaction.atomic
def invite_partner(
    *,
    project: Project,
    email: str,
    by: User,
    organisation_name: str = "",
    language: str = "",
) -> tuple[PartnerInvitation, str]:
    """Invite a partner to the shared space; the e-mail is in `language`, else the inviter's."""
    email = (email or "").strip().lower()
    _require(email, "email", _("Give the partner's e-mail address."))
    language = language or by.language
    if language not in Language.values:
        raise DomainError(_("Choose Japanese or English for the e-mail."), field="language")
    if PartnerAccess.objects.filter(project=project, user__email=email, revoked_at__isnull=True).exists():
        raise DomainError(_("This person already has access to the shared space."), field="email")
    if project.workspace.memberships.filter(user__email=email).exists():
        raise DomainError(_("This person is a member of your workspace, not a partner."), field="email")
    Workspace.objects.select_for_update().filter(pk=project.workspace_id).first()
    limits.hourly_cap(
        PartnerInvitation.objects.filter(project__workspace_id=project.workspace_id),
        setting="KYOSO_INVITATIONS_PER_HOUR",
        message=INVITATION_LIMIT_MESSAGE,
    )
    PartnerInvitation.objects.filter(project=project, email=email, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token, token_hash, expires = PartnerInvitation.new_token_and_expiry()
    invitation = PartnerInvitation.objects.create(
        project=project,
        email=email,
        token_hash=token_hash,
        invited_by=by,
        expires_at=expires,
        organisation_name=organisation_name.strip(),
        language=language,
    )
    path = reverse("projects:partner_accept", args=[token])
    link = audit.absolute_url(path)
    with translation.override(language):
        subject = _("%(name)s invites you to the shared space of %(project)s on Kyoso") % {
            "name": by.display_name,
            "project": project.title,
        }
        body = _(
            '%(name)s of %(workspace)s invites you to the shared project space "%(project)s".\n\n'
            "Open this link within %(days)s days to join:\n%(link)s\n"
        ) % {
            "name": by.display_name,
            "workspace": project.workspace.name,
            "project": project.title,
            "days": settings.KYOSO_INVITATION_DAYS,
            "link": link,
        }
    outbox.send_one(
        workspace=project.workspace,
        kind="partner_invitation",
        key=f"partner_invitation:{invitation.pk}",
        to_email=email,
        language=language,
        subject=subject,
        body=body,
    )
    audit.record(
        actor=by,
        action=AuditAction.INVITE,
        obj=invitation,
        workspace=project.workspace,
    )
    return invitation, link


def _partner_organisation_id(project: Project) -> int | None:
    """The directory organisation of the project's partner side, recorded on the partner's access."""
    return (
        ProjectParty.objects.filter(project=project, side=Side.PARTNER, organisation__isnull=False)
        .order_by("id")
        .values_list("organisation_id", flat=True)
        .first()
    )


def find_partner_invitation(token: str) -> PartnerInvitation:
    return find_usable_invitation(
        PartnerInvitation.objects.select_related("project", "project__workspace", "invited_by"), token
    )


@transaction.atomic
def accept_partner_invitation(*, token: str, by: User) -> PartnerAccess:
    return accept_found_partner_invitation(invitation=find_partner_invitation(token), by=by)


@transaction.atomic
def accept_found_partner_invitation(*, invitation: PartnerInvitation, by: User) -> PartnerAccess:
    """The account `by` accepts an invitation already read (by its link, or from the invitations list)."""
    invitation = check_usable(
        PartnerInvitation.objects.select_for_update().select_related("project").get(pk=invitation.pk)
    )
    access = PartnerAccess.objects.filter(
        project=invitation.project, user=by, revoked_at__isnull=True
    ).first()
    if access is None:
        access = PartnerAccess.objects.create(
            project=invitation.project,
            user=by,
            invited_by=invitation.invited_by,
            organisation_name=invitation.organisation_name,
            organisation_id=_partner_organisation_id(invitation.project),
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(actor=by, action=AuditAction.JOIN, obj=access)
    return access


@transaction.atomic
def grant_partner_access(
    *, project: Project, user: User, by: User | None, organisation_name: str = ""
) -> PartnerAccess:
    """Direct grant (demo data, API, tests); the browser flow goes through `invite_partner`."""
    access, created = PartnerAccess.objects.get_or_create(
        project=project,
        user=user,
        revoked_at=None,
        defaults={
            "invited_by": by,
            "organisation_name": organisation_name,
            "organisation_id": _partner_organisation_id(project),
        },
    )
    if created:
        audit.record(actor=by, action=AuditAction.INVITE, obj=access, workspace=project.workspace)
    return access


@transaction.atomic
def revoke_partner_access(*, access: PartnerAccess, by: User) -> None:
    access.revoked_at = timezone.now()
    access.save(update_fields=["revoked_at"])
    _record(by, AuditAction.DELETE, access)


@transaction.atomic
def revoke_partner_invitation(*, invitation: PartnerInvitation, by: User) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    _record(by, AuditAction.DELETE, invitation)

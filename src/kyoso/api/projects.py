"""Projects API: projects, charter, gates and decisions, milestones, KPIs, communication log, contracts, snapshot.

Internal to the workspace (partner users have no workspace here: 404). Writes go through
`kyoso.projects.services`; DomainError becomes 422 with the field path.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from kyoso.accounts import audit
from kyoso.accounts.models import WRITE_ROLES, AuditAction, Role
from kyoso.api.auth import caller, require_scope
from kyoso.api.conventions import KyosoPagination, errors
from kyoso.api.projects_schemas import (
    BenefitIn,
    CharterIn,
    ContractIn,
    DecisionIn,
    GateIn,
    KpiIn,
    LogEntryIn,
    LogEntryOut,
    MeasurementIn,
    MilestoneIn,
    MilestoneOut,
    ProjectIn,
    ProjectOut,
    ProjectPatch,
)
from kyoso.core.errors import DomainError
from kyoso.projects import red_flags, selectors, services
from kyoso.projects.models import Contract, Gate, LogEntry, Milestone, Project
from kyoso.projects.snapshot import build_snapshot, contract_terms, snapshot_queryset

router = Router(tags=["projects"])


def _project(request: HttpRequest, project_id: int) -> Project:
    return caller(request).get(Project, pk=project_id)


@router.get(
    "/",
    response=list[ProjectOut],
    summary="List projects",
    description="Filters: stage, status, business_unit, partner, q.",
)
@paginate(KyosoPagination)
def list_projects(
    request: HttpRequest,
    stage: str = "",
    status: str = "",
    business_unit: str = "",
    partner: str = "",
    q: str = "",
) -> Any:
    return selectors.portfolio(
        caller(request).scoped(Project),
        stage=stage,
        status=status,
        business_unit=business_unit,
        partner=partner,
        q=q,
    )


@router.post("/", response={201: ProjectOut, **errors(403, 422)}, summary="Create a project")
@require_scope("projects:write")
def create_project(request: HttpRequest, data: ProjectIn) -> Any:
    c = caller(request)
    fields = data.dict()
    organisation = None
    if (org_id := fields.pop("organisation_id", None)) is not None:
        from kyoso.partners.models import Organisation

        organisation = c.scoped(Organisation).filter(pk=org_id).first()
        if organisation is None:
            raise DomainError(_("Choose an organisation of your partner directory."), field="organisation_id")
    return Status(
        201, services.create_project(workspace=c.workspace, by=c.user, organisation=organisation, **fields)
    )


@router.get(
    "/{project_id}",
    response={200: dict, **errors(404)},
    summary="A project with its charter, sponsor and plan",
)
def get_project(request: HttpRequest, project_id: int) -> Any:
    project = _project(request, project_id)
    snap = build_snapshot(snapshot_queryset(caller(request).scoped(Project)).get(pk=project.pk))
    return {
        "id": project.pk,
        **snap["project"],
        "parties": snap["parties"],
        "status_colour": project.status_colour,
        "business_unit": project.business_unit,
    }


@router.patch(
    "/{project_id}",
    response={200: ProjectOut, **errors(403, 404, 422)},
    summary="Change a project (a stage change here is an owner override)",
    description=(
        "Stages move through gate decisions: record a Go on the current stage's gate "
        "(`POST /{project_id}/gates/{gate_id}/decisions`) and the project moves to the next stage. "
        "Sending `stage` here overrides the gate: only workspace owners may (403 otherwise) and "
        "`stage_reason` is required (422 naming `stage_reason` without it); the history shows the "
        "change as an override with its reason."
    ),
)
@require_scope("projects:write")
def update_project(request: HttpRequest, project_id: int, data: ProjectPatch) -> Any:
    c = caller(request)
    project = _project(request, project_id)
    fields = data.dict(exclude_unset=True)
    stage = fields.pop("stage", None)
    reason = fields.pop("stage_reason", "")
    return services.save_project(project=project, by=c.user, fields=fields, stage=stage, stage_reason=reason)


@router.put(
    "/{project_id}/charter", response={200: dict, **errors(403, 404, 422)}, summary="Set the purpose charter"
)
@require_scope("projects:write")
def set_charter(request: HttpRequest, project_id: int, data: CharterIn) -> Any:
    c = caller(request)
    project = services.update_charter(project=_project(request, project_id), by=c.user, **data.dict())
    return {
        "purpose_category": project.purpose_category,
        "goal": project.goal,
        "why_partner": project.why_partner,
    }


@router.post(
    "/{project_id}/benefits", response={201: dict, **errors(403, 404, 422)}, summary="Add an expected benefit"
)
@require_scope("projects:write")
def add_benefit(request: HttpRequest, project_id: int, data: BenefitIn) -> Any:
    b = services.add_benefit(
        project=_project(request, project_id),
        by=caller(request).user,
        metric=data.metric,
        target=data.target,
        unit=data.unit,
        by_date=data.by,
    )
    return Status(201, {"id": b.pk, "metric": b.metric, "target": b.target, "unit": b.unit, "by": b.by})


def _gate_out(gate: Gate) -> dict[str, Any]:
    return {
        "id": gate.pk,
        "stage": gate.stage,
        "due": gate.due,
        "criteria": [{"id": c.pk, "text": c.text} for c in gate.criteria.all()],
        "decisions": [
            {
                "decision": d.decision,
                "decided_on": d.decided_on,
                "note": d.note,
                "decided_by": d.decided_by_id,
                "signed_by_sponsor": d.signed_by_sponsor,
                "sponsor_signed_off_on": d.sponsor_signed_off_on,
                "extended_to": d.extended_to,
            }
            for d in gate.decisions.all()
        ],
    }


@router.get(
    "/{project_id}/gates",
    response={200: list[dict], **errors(404)},
    summary="Stage gates with criteria and decisions",
)
def list_gates(request: HttpRequest, project_id: int) -> Any:
    project = _project(request, project_id)
    gates = caller(request).scoped(Gate).filter(project=project).prefetch_related("criteria", "decisions")
    return [_gate_out(g) for g in gates]


@router.post(
    "/{project_id}/gates",
    response={201: dict, **errors(403, 404, 422)},
    summary="Write a stage's go/no-go criteria",
)
@require_scope("projects:write")
def create_gate(request: HttpRequest, project_id: int, data: GateIn) -> Any:
    gate = services.create_gate(project=_project(request, project_id), by=caller(request).user, **data.dict())
    return Status(201, _gate_out(gate))


@router.post(
    "/{project_id}/gates/{gate_id}/decisions",
    response={201: dict, **errors(403, 404, 422)},
    summary="Record a gate decision (members and executives)",
    description=(
        "Go and No-go are decided on the gate of the project's current stage: a Go moves the project "
        "to the next stage, a No-go stops it (the stage history links the decision); an extension "
        "keeps the stage and sets the gate's new due date. `sponsor_signed_off_on` records the "
        "executive sponsor's sign-off."
    ),
)
@require_scope("projects:write", roles=WRITE_ROLES | {Role.EXECUTIVE})
def decide_gate(request: HttpRequest, project_id: int, gate_id: int, data: DecisionIn) -> Any:
    c = caller(request)
    project = _project(request, project_id)
    gate = c.get(c.scoped(Gate).filter(project=project), pk=gate_id)
    services.decide_gate(
        gate=gate,
        by=c.user,
        decision=data.decision,
        decided_on=data.decided_on,
        note=data.note,
        extended_to=data.extended_to,
        sponsor_signed_off_on=data.sponsor_signed_off_on,
        evidence={e.criterion_id: (e.met, e.evidence) for e in data.evidence},
    )
    return Status(201, _gate_out(gate))


@router.get(
    "/{project_id}/milestones", response={200: list[MilestoneOut], **errors(404)}, summary="Milestones"
)
def list_milestones(request: HttpRequest, project_id: int) -> Any:
    return caller(request).scoped(Milestone).filter(project=_project(request, project_id))


@router.post(
    "/{project_id}/milestones",
    response={201: MilestoneOut, **errors(403, 404, 422)},
    summary="Add a milestone",
)
@require_scope("projects:write")
def add_milestone(request: HttpRequest, project_id: int, data: MilestoneIn) -> Any:
    return Status(
        201,
        services.add_milestone(project=_project(request, project_id), by=caller(request).user, **data.dict()),
    )


@router.get(
    "/{project_id}/kpis", response={200: list[dict], **errors(404)}, summary="KPIs with their measurements"
)
def list_kpis(request: HttpRequest, project_id: int) -> Any:
    kpis = selectors.kpis_with_measurements(_project(request, project_id))
    return [
        {
            "id": k.pk,
            "name": k.name,
            "target": k.target,
            "unit": k.unit,
            "horizon_months": k.horizon_months,
            "visibility": k.visibility,
            "measurements": [
                {"measured_on": m.measured_on, "value": m.value, "note": m.note} for m in k.measurements.all()
            ],
        }
        for k in kpis
    ]


@router.post("/{project_id}/kpis", response={201: dict, **errors(403, 404, 422)}, summary="Add a KPI")
@require_scope("projects:write")
def add_kpi(request: HttpRequest, project_id: int, data: KpiIn) -> Any:
    k = services.add_kpi(project=_project(request, project_id), by=caller(request).user, **data.dict())
    return Status(
        201,
        {
            "id": k.pk,
            "name": k.name,
            "target": k.target,
            "unit": k.unit,
            "horizon_months": k.horizon_months,
        },
    )


@router.post(
    "/{project_id}/kpis/{kpi_id}/measurements",
    response={201: dict, **errors(403, 404, 422)},
    summary="Add a measurement",
)
@require_scope("projects:write")
def add_measurement(request: HttpRequest, project_id: int, kpi_id: int, data: MeasurementIn) -> Any:
    c = caller(request)
    kpi = c.get(selectors.kpis_in(_project(request, project_id)), pk=kpi_id)
    m = services.add_measurement(kpi=kpi, by=c.user, **data.dict())
    return Status(201, {"id": m.pk, "measured_on": m.measured_on, "value": m.value})


@router.get(
    "/{project_id}/log", response={200: list[LogEntryOut], **errors(404)}, summary="Communication log"
)
@paginate(KyosoPagination)
def list_log(request: HttpRequest, project_id: int) -> Any:
    return caller(request).scoped(LogEntry).filter(project=_project(request, project_id))


@router.post(
    "/{project_id}/log", response={201: LogEntryOut, **errors(403, 404, 422)}, summary="Log a contact"
)
@require_scope("projects:write")
def add_log(request: HttpRequest, project_id: int, data: LogEntryIn) -> Any:
    return Status(
        201,
        services.add_log_entry(project=_project(request, project_id), by=caller(request).user, **data.dict()),
    )


def _contract_out(contract: Contract, lang: str = "ja") -> dict[str, Any]:
    terms = contract_terms(contract)
    return {
        "id": contract.pk,
        "kind": contract.kind,
        "status": contract.status,
        "title": contract.title,
        "counterparty": contract.counterparty,
        "signed_on": contract.signed_on,
        "visibility": contract.visibility,
        "terms": terms,
        "open_terms": [t for t, decided in red_flags.term_states(contract.kind, terms) if not decided],
        "red_flags": [
            {
                "key": f.key,
                "severity": f.severity,
                "term": f.term,
                "reason": f.reason,
                "model_default": f.model_default,
            }
            for f in red_flags.red_flags(contract.kind, contract.status, terms, lang=lang)
        ],
    }


@router.get(
    "/{project_id}/contracts",
    response={200: list[dict], **errors(404)},
    summary="Contracts with terms and red flags",
)
def list_contracts(request: HttpRequest, project_id: int, lang: str = "ja") -> Any:
    c = caller(request)
    contracts = list(selectors.contracts_of(_project(request, project_id)))
    for contract in contracts:
        audit.record(actor=c.user, action=AuditAction.VIEW, obj=contract)
    return [_contract_out(x, "en" if lang == "en" else "ja") for x in contracts]


@router.post(
    "/{project_id}/contracts", response={201: dict, **errors(403, 404, 422)}, summary="Record a contract"
)
@require_scope("projects:write")
def create_contract(request: HttpRequest, project_id: int, data: ContractIn) -> Any:
    contract = services.create_contract(
        project=_project(request, project_id), by=caller(request).user, **data.dict()
    )
    return Status(201, _contract_out(contract))


@router.patch(
    "/{project_id}/contracts/{contract_id}",
    response={200: dict, **errors(403, 404, 422)},
    summary="Change a contract",
)
@require_scope("projects:write")
def update_contract(request: HttpRequest, project_id: int, contract_id: int, data: ContractIn) -> Any:
    c = caller(request)
    contract = c.get(selectors.contracts_of(_project(request, project_id)), pk=contract_id)
    services.update_contract(contract=contract, by=c.user, **data.dict(exclude_unset=True))
    return _contract_out(contract)


@router.get(
    "/{project_id}/snapshot",
    response={200: dict, **errors(404)},
    summary="The project as a diagnosis snapshot (kyoso_snapshot 1)",
)
def snapshot(request: HttpRequest, project_id: int) -> Any:
    c = caller(request)
    project = c.get(snapshot_queryset(c.scoped(Project)), pk=project_id)
    audit.record(actor=c.user, action=AuditAction.EXPORT, obj=project, changes={"via": "api"})
    return build_snapshot(project)

"""The one place that turns a stored project into the snapshot of docs/formats.md#project-snapshot (version 1).

`build_snapshot(project)` is used by `kyoso export-snapshot`, the API, and the
risk app (which feeds it to `kyoso.engine.diagnosis`). Queries are bounded:
one fetch of the project with its prefetched children, whatever their number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from kyoso.projects.models import (
    Contract,
    Decision,
    Gate,
    GateDecision,
    LogEntry,
    Project,
    ProjectParty,
    Side,
)

SNAPSHOT_VERSION = 1


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _num(value: float | int | None) -> float | int | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def snapshot_queryset(qs: QuerySet[Project] | None = None) -> QuerySet[Project]:
    """Projects with everything the snapshot reads, in a fixed number of queries."""
    qs = qs if qs is not None else Project.objects.all()
    return qs.select_related("sponsor_user", "workspace").prefetch_related(
        "benefits",
        "stakeholders",
        Prefetch(
            "gates",
            queryset=Gate.objects.prefetch_related(
                "criteria", Prefetch("decisions", queryset=GateDecision.objects.order_by("decided_on", "id"))
            ),
        ),
        "milestones",
        "kpis",
        Prefetch("log_entries", queryset=LogEntry.objects.order_by("date", "id")),
        "contracts",
        "parties",
    )


def contract_terms(contract: Contract) -> dict[str, Any]:
    """The contract's decision points as snapshot `terms` (None = open)."""
    c = contract
    terms: dict[str, Any] = {
        "foreground_ip_owner": c.foreground_ip_owner or None,
        "background_ip_listed": c.background_ip_listed,
        "license_scope": c.license_scope or None,
        "publication": c.publication or None,
        "fee_jpy": c.fee_jpy,
        "purpose_limited": c.purpose_limited,
        "mutual": c.mutual,
        "oral_disclosures_covered": c.oral_disclosures_covered,
        "confidential_months_after_end": c.confidential_months_after_end,
        "decision_deadline_days": c.decision_deadline_days,
        "deliverable": c.deliverable or None,
        "end_date": _iso(c.end_date),
        "co_owner_consent_to_license": c.co_owner_consent_to_license,
        "improvements_grant_back": c.improvements_grant_back or None,
        "non_compete_months_after_end": c.non_compete_months_after_end,
        "free_license_to_corporate": c.free_license_to_corporate,
    }
    if c.exclusive:
        terms["exclusivity"] = {"field": c.exclusivity_field or None, "months": c.exclusivity_months}
    elif c.exclusive is False:
        terms["exclusivity"] = None
        terms["exclusive"] = False
    return terms


def _gate(gate: Gate) -> dict[str, Any]:
    decisions = list(gate.decisions.all())
    last = decisions[-1] if decisions else None
    decision = last.decision if last and last.decision != Decision.EXTEND else None
    return {
        "stage": gate.stage,
        "criteria": [c.text for c in gate.criteria.all()],
        "decision": decision,
        "decided_on": _iso(last.decided_on) if decision else None,
        "due": _iso(last.extended_to if last and last.extended_to else gate.due),
        "outcome": last.decision if last else None,  # extension: go | no_go | extend
    }


def _party(party: ProjectParty | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {
        "name": party.name,
        "kind": party.kind or None,
        "oi_experience_count": party.oi_experience_count,
        "company_wide_support": party.company_wide_support,
        "culture": {
            "decision_lead_days": party.decision_lead_days,
            "quality_approach": party.quality_approach or None,
            "risk_appetite": party.risk_appetite or None,
        },
    }


AlignmentProvider = Callable[[Project], "dict[str, Any] | None"]
# The alignment answers live in a higher app; it registers its provider in AppConfig.ready(),
# so this module never imports it.
_alignment_provider: AlignmentProvider | None = None


def register_alignment_provider(provider: AlignmentProvider) -> None:
    global _alignment_provider
    _alignment_provider = provider


def alignment_for(project: Project) -> dict[str, Any] | None:
    """The snapshot's `alignment` section from the registered provider (None until one registers)."""
    if _alignment_provider is None:
        return None
    result = _alignment_provider(project)
    return result if isinstance(result, dict) else None


def build_snapshot(project: Project, *, as_of: dt.date | None = None) -> dict[str, Any]:
    """The project as a `kyoso_snapshot: 1` dict. Pass a project from `snapshot_queryset()` to keep queries flat."""
    p = project
    parties = list(p.parties.all())
    corporate = next((x for x in parties if x.side == Side.CORPORATE), None)
    partner = next((x for x in parties if x.side == Side.PARTNER), None)
    benefits = list(p.benefits.all())
    stakeholders = list(p.stakeholders.all())
    sponsor: dict[str, Any] | None = None
    if p.sponsor_display or p.sponsor_level:
        sponsor = {
            "name": p.sponsor_display or None,
            "level": p.sponsor_level or None,
            "last_engaged": _iso(p.sponsor_last_engaged),
            "budget_committed_until": _iso(p.sponsor_budget_until),
        }
    log = list(p.log_entries.all())
    snapshot: dict[str, Any] = {
        "kyoso_snapshot": SNAPSHOT_VERSION,
        "as_of": (as_of or timezone.localdate()).isoformat(),
        "project": {
            "title": p.title,
            "type": p.type,
            "stage": p.stage,
            "stage_entered": _iso(p.stage_entered),
            "charter": {
                "purpose_category": p.purpose_category or None,
                "goal": p.goal or None,
                "why_partner": p.why_partner or None,
                "expected_benefits": [
                    {"metric": b.metric, "target": _num(b.target), "unit": b.unit or None, "by": _iso(b.by)}
                    for b in benefits
                ],
                "stakeholders": [s.name for s in stakeholders],
                "acknowledged_by": [s.name for s in stakeholders if s.acknowledged_on],
            },
            "sponsor": sponsor,
            "gates": [_gate(g) for g in p.gates.all()],
            "milestones": [
                {"title": m.title, "due": _iso(m.due), "done_on": _iso(m.done_on)} for m in p.milestones.all()
            ],
            "kpis": [
                {"name": k.name, "target": _num(k.target), "unit": k.unit, "horizon_months": k.horizon_months}
                for k in p.kpis.all()
            ],
            "communication": {
                "cadence_days": p.cadence_days,
                "channels": list(p.channels or []),
                "log": [
                    {"date": _iso(e.date), "kind": e.kind, "parties": e.snapshot_parties, "note": e.note}
                    for e in log
                ],
            },
            "contracts": [
                {
                    "kind": c.kind,
                    "status": c.status,
                    "signed_on": _iso(c.signed_on),
                    "terms": contract_terms(c),
                }
                for c in p.contracts.all()
            ],
            # extensions (readers ignore unknown fields)
            "poc_planned_end": _iso(p.poc_planned_end),
            "poc_deliverable": p.poc_deliverable or None,
            "budget_jpy": p.budget_jpy,
        },
        "parties": {"corporate": _party(corporate), "partner": _party(partner)},
    }
    alignment = alignment_for(p)
    if alignment:
        snapshot["alignment"] = alignment
    return snapshot

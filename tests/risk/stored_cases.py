"""Store a snapshot (docs/formats.md#project-snapshot) as a project with the ORM (test data, dates may be in the future)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kyoso.accounts.scoping import Visibility
from kyoso.alignment.models import AlignmentAnswer, AlignmentRound, Side
from kyoso.projects.models import (
    Contract,
    ExpectedBenefit,
    Gate,
    GateCriterion,
    GateDecision,
    Kpi,
    LogEntry,
    Milestone,
    Project,
    ProjectParty,
    Stakeholder,
)


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def store_snapshot(snapshot: dict[str, Any], *, workspace: Any, by: Any) -> Project:
    p = snapshot.get("project", {})
    charter = p.get("charter") or {}
    sponsor = p.get("sponsor") or {}
    comm = p.get("communication") or {}
    project = Project.objects.create(
        workspace=workspace,
        title=p.get("title") or "case",
        type=p.get("type") or "inbound",
        stage=p.get("stage") or "exploration",
        stage_entered=_d(p.get("stage_entered")) or dt.date(2026, 1, 1),
        purpose_category=charter.get("purpose_category") or "",
        goal=charter.get("goal") or "",
        why_partner=charter.get("why_partner") or "",
        sponsor_name=sponsor.get("name") or "",
        sponsor_level=sponsor.get("level") or "",
        sponsor_last_engaged=_d(sponsor.get("last_engaged")),
        sponsor_budget_until=_d(sponsor.get("budget_committed_until")),
        cadence_days=comm.get("cadence_days"),
        channels=comm.get("channels") or [],
        created_by=by,
    )
    for b in charter.get("expected_benefits") or []:
        ExpectedBenefit.objects.create(
            project=project,
            metric=b.get("metric") or "",
            target=b.get("target"),
            unit=b.get("unit") or "",
            by=_d(b.get("by")),
        )
    acknowledged = set(charter.get("acknowledged_by") or [])
    for name in charter.get("stakeholders") or []:
        Stakeholder.objects.create(
            project=project, name=name, acknowledged_on=dt.date(2026, 1, 1) if name in acknowledged else None
        )
    for g in p.get("gates") or []:
        gate = Gate.objects.create(project=project, stage=g["stage"], due=_d(g.get("due")))
        for text in g.get("criteria") or []:
            GateCriterion.objects.create(gate=gate, text=text)
        if g.get("decision"):
            GateDecision.objects.create(gate=gate, decision=g["decision"], decided_on=_d(g.get("decided_on")))
    for m in p.get("milestones") or []:
        Milestone.objects.create(
            project=project, title=m["title"], due=_d(m["due"]), done_on=_d(m.get("done_on"))
        )
    for k in p.get("kpis") or []:
        Kpi.objects.create(
            project=project,
            name=k["name"],
            target=k.get("target") or 0,
            unit=k.get("unit") or "",
            horizon_months=int(k.get("horizon_months") or 0),
        )
    for e in comm.get("log") or []:
        parties = set(e.get("parties") or [])
        LogEntry.objects.create(
            project=project,
            date=_d(e["date"]),
            kind=e.get("kind") or "meeting",
            note=e.get("note") or "",
            parties="both" if parties == {"corporate", "partner"} else (parties.pop() if parties else "both"),
        )
    for c in p.get("contracts") or []:
        terms = dict(c.get("terms") or {})
        exclusivity = terms.pop("exclusivity", None)
        fields = {k: v for k, v in terms.items() if hasattr(Contract, k) and v is not None}
        if "end_date" in fields:
            fields["end_date"] = _d(fields["end_date"])
        for key in ("license_scope", "deliverable", "improvements_grant_back"):
            if key in terms and terms[key] is None:
                fields.pop(key, None)
        if exclusivity:
            fields.update(
                exclusive=True,
                exclusivity_field=exclusivity.get("field") or "",
                exclusivity_months=exclusivity.get("months"),
            )
        Contract.objects.create(
            project=project,
            kind=c["kind"],
            status=c.get("status") or "draft",
            signed_on=_d(c.get("signed_on")),
            **fields,
        )
    project.parties.all().delete()
    for side, party in (snapshot.get("parties") or {}).items():
        if not party:
            continue
        culture = party.get("culture") or {}
        ProjectParty.objects.create(
            project=project,
            side=side,
            name=party.get("name") or side,
            kind=party.get("kind") or "startup",
            oi_experience_count=party.get("oi_experience_count"),
            company_wide_support=party.get("company_wide_support"),
            decision_lead_days=culture.get("decision_lead_days"),
            quality_approach=culture.get("quality_approach") or "",
            risk_appetite=culture.get("risk_appetite") or "",
        )
    alignment = snapshot.get("alignment") or {}
    if alignment.get("corporate") and alignment.get("partner"):
        round_ = AlignmentRound.objects.create(
            project=project, number=1, revealed_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        )
        for side in (Side.CORPORATE, Side.PARTNER):
            AlignmentAnswer.objects.create(
                round=round_,
                side=side,
                visibility=Visibility.SHARED,
                submitted_at=round_.revealed_at,
                **{k: v for k, v in alignment[side].items() if v is not None},
            )
    return project

"""Schemas of the projects API."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

Stage = Literal["exploration", "poc", "pilot", "commercialisation", "stopped"]
Visibility = Literal["internal", "shared"]


class ProjectIn(Schema):
    title: str
    type: Literal["inbound", "outbound"] = "inbound"
    summary: str = ""
    business_unit: str = ""
    budget_jpy: int | None = None
    stage: Stage = "exploration"
    partner_name: str = ""
    partner_kind: Literal["corporate", "startup", "university", "public"] = "startup"
    organisation_id: int | None = None  # partner directory: the partner side copies its name and culture


class ProjectPatch(Schema):
    title: str | None = None
    summary: str | None = None
    business_unit: str | None = None
    budget_jpy: int | None = None
    status_colour: Literal["green", "amber", "red"] | None = None
    poc_planned_end: dt.date | None = None
    poc_deliverable: str | None = None
    stage: Stage | None = Field(
        None,
        description=(
            "A direct stage change is a workspace owner's override of the stage gate and needs "
            "`stage_reason`. Stages normally move by recording a gate decision "
            "(`POST /projects/{id}/gates/{gate_id}/decisions`: a Go moves to the next stage)."
        ),
    )
    stage_reason: str = Field(
        "", description="Why the stage changes without a gate decision (required with `stage`; owners only)."
    )


class ProjectOut(Schema):
    id: int
    title: str
    type: str
    stage: str
    stage_entered: dt.date
    status_colour: str
    business_unit: str
    budget_jpy: int | None
    owner_id: int | None
    updated_at: dt.datetime


class CharterIn(Schema):
    purpose_category: Literal["new_technology", "improve_existing", "new_business", "other", ""] = ""
    goal: str = ""
    why_partner: str = ""


class BenefitIn(Schema):
    metric: str
    target: float | None = None
    unit: str = ""
    by: dt.date | None = None


class GateIn(Schema):
    stage: Stage
    criteria: list[str]
    due: dt.date | None = None


class EvidenceIn(Schema):
    criterion_id: int
    met: bool | None = None
    evidence: str = ""


class DecisionIn(Schema):
    decision: Literal["go", "no_go", "extend"]
    decided_on: dt.date | None = None
    note: str = ""
    extended_to: dt.date | None = None
    sponsor_signed_off_on: dt.date | None = Field(
        None,
        description="When the project's executive sponsor signed the decision off; set automatically "
        "when the sponsor records it. Needs a sponsor on the project.",
    )
    evidence: list[EvidenceIn] = []


class MilestoneIn(Schema):
    title: str
    due: dt.date
    owner_name: str = ""
    visibility: Visibility = "internal"


class MilestoneOut(Schema):
    id: int
    title: str
    due: dt.date
    done_on: dt.date | None
    owner_name: str
    visibility: str


class KpiIn(Schema):
    name: str
    target: float | None = None
    unit: str = ""
    horizon_months: int | None = None
    # Omitted means higher is better, as before the web form made the direction a required
    # choice; clients measuring rates or costs should send false (docs/api.md).
    higher_is_better: bool = Field(
        True, description="true: higher values are better (default when omitted); false: lower is better"
    )
    visibility: Visibility = "internal"


class MeasurementIn(Schema):
    measured_on: dt.date
    value: float
    note: str = ""


class LogEntryIn(Schema):
    date: dt.date
    kind: Literal["meeting", "call", "email", "chat"] = "meeting"
    parties: Literal["corporate", "partner", "both"] = "both"
    attendees: str = ""
    note: str = ""
    sponsor_attended: bool = False
    visibility: Visibility = "internal"


class LogEntryOut(Schema):
    id: int
    date: dt.date
    kind: str
    parties: str
    attendees: str
    note: str
    visibility: str


class ContractIn(Schema):
    kind: Literal["nda", "poc", "joint_development", "license"]
    status: Literal["draft", "negotiating", "signed", "terminated"] = "draft"
    title: str = ""
    counterparty: str = ""
    signed_on: dt.date | None = None
    visibility: Visibility = "internal"
    foreground_ip_owner: Literal["corporate", "partner", "joint", "undecided"] = "undecided"
    background_ip_listed: bool | None = None
    license_scope: str = ""
    exclusive: bool | None = None
    exclusivity_field: str = ""
    exclusivity_months: int | None = None
    publication: Literal["allowed", "allowed_after_review", "forbidden", "undecided"] = "undecided"
    fee_jpy: int | None = None
    purpose_limited: bool | None = None
    mutual: bool | None = None
    oral_disclosures_covered: bool | None = None
    confidential_months_after_end: int | None = None
    decision_deadline_days: int | None = None
    deliverable: str = ""
    end_date: dt.date | None = None
    co_owner_consent_to_license: bool | None = None
    improvements_grant_back: Literal["mutual", "partner_only", "corporate_only", "none", ""] = ""
    non_compete_months_after_end: int | None = None
    free_license_to_corporate: bool | None = None

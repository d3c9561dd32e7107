"""Schemas of the events API (`kyoso.api.events`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.urls import reverse
from ninja import Field, Schema
from pydantic import field_validator

from kyoso.events.models import participant_code_problem


class EventIn(Schema):
    name: str
    date: date
    venue: str = ""
    description: str = ""
    default_max_meetings: int | None = Field(None, ge=0)
    default_min_meetings: int = Field(0, ge=0, le=1000)
    request_rule: Literal["both", "startups_apply", "corporates_invite"] = Field(
        "both", description="who marks interest first; a meeting always needs both sides' interest"
    )
    registration_deadline: datetime | None = Field(None, description="the public form closes at this time")
    time_zone: str = Field(
        "",
        description="IANA zone of the event's wall-clock times (empty = the server's zone); "
        "times without an offset are read in it",
    )


class EventOut(Schema):
    id: int
    name: str
    date: date
    venue: str
    description: str
    status: str
    default_max_meetings: int | None
    default_min_meetings: int = 0
    request_rule: str = "both"
    registration_deadline: datetime | None = None
    time_zone: str = ""
    current_run_id: int | None
    registration_path: str = Field(
        "", description="path of the public startup registration form (open while status is registration)"
    )

    @staticmethod
    def resolve_registration_path(obj: Any) -> str:
        return reverse("events:public_register", args=[obj.public_key])


class SlotIn(Schema):
    start: datetime
    end: datetime
    tables: int = Field(..., ge=1)
    code: str = ""


class SlotOut(Schema):
    id: int
    code: str
    start: datetime
    end: datetime
    tables: int
    closed: bool


class ParticipantIn(Schema):
    side: str = Field(..., description="corporate | startup")
    name: str
    code: str = ""
    contact_name: str = ""
    email: str = ""
    needs: str = ""
    application: str = ""
    max_meetings: int | None = Field(None, ge=0)
    min_meetings: int = Field(0, ge=0)
    language: Literal["", "ja", "en"] = Field(
        "", description="language of the participant's e-mails: ja | en | empty for the site's"
    )
    unavailable: list[str] = Field(default_factory=list, description="slot codes")

    @field_validator("code")
    @classmethod
    def _safe_code(cls, value: str) -> str:
        problem = participant_code_problem(value)
        if problem:
            raise ValueError(problem)
        return value


class ParticipantOut(Schema):
    id: int
    code: str
    side: str
    name: str
    contact_name: str
    email: str
    needs: str
    application: str
    max_meetings: int | None
    min_meetings: int
    withdrawn: bool
    checked_in_at: datetime | None = None
    no_show: bool = False
    language: str = Field("", description="language of the participant's e-mails (empty: the site's)")
    self_registered: bool = Field(False, description="registered through the public form")
    organisation_id: int | None = Field(None, description="organisation in the partner directory")
    has_portal_account: bool = Field(False, description="an account is linked to the participant page")

    @staticmethod
    def resolve_has_portal_account(obj: Any) -> bool:
        return obj.account_id is not None


class RequestIn(Schema):
    corporate: str = Field(..., description="participant code of the corporate")
    startup: str = Field(..., description="participant code of the startup")
    corporate_interest: int = Field(..., ge=0, le=3)
    startup_interest: int = Field(..., ge=0, le=3)
    weight: float | None = Field(None, ge=0)
    note: str = ""


class RequestOut(Schema):
    id: int
    corporate: str
    startup: str
    corporate_interest: int
    startup_interest: int
    weight: float
    note: str
    cancelled: bool


class RunIn(Schema):
    time_limit: float = Field(10.0, ge=0.5, le=120)


class RunOut(Schema):
    id: int
    kind: str
    status: str
    progress: int
    phase: str
    objective: float | None
    upper_bound: float | None
    gap_percent: float | None
    bound_method: str
    below_min: list[dict]
    fairness: dict | None = None
    solve_seconds: float | None
    changes: dict
    error: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    published_at: datetime | None


class PublishOut(Schema):
    run: RunOut
    notified: int


class MailFailureOut(Schema):
    to_email: str
    to_name: str
    error: str = Field(..., description="the mail server's last answer")
    attempts: int
    updated_at: datetime


class AgendaMailOut(Schema):
    total: int = Field(..., description="agenda e-mails of the run (0: it mailed no one)")
    queued: int
    sending: int
    sent: int
    failed: int
    done: bool = Field(..., description="nothing queued or being sent any more")
    failures: list[MailFailureOut] = Field(..., description="the failed ones (at most 200)")


class ResendOut(Schema):
    retried: int = Field(..., description="failed e-mails queued again")


class MeetingOut(Schema):
    id: int
    corporate: str
    corporate_name: str
    startup: str
    startup_name: str
    slot: str
    start: datetime
    end: datetime
    table: int
    outcome: str
    project_id: int | None
    corporate_rating: int | None = Field(None, description="1–5, recorded after the event")
    startup_rating: int | None = Field(None, description="1–5, recorded after the event")
    corporate_next_step: bool | None = None
    startup_next_step: bool | None = None
    lead: bool = Field(False, description="both sides want a next step")


class ImportErrorOut(Schema):
    detail: str
    errors: list[str]


class PortalInvitationOut(Schema):
    participant: str = Field(..., description="participant code")
    email: str
    expires_at: datetime

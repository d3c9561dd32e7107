"""Writes for matchmaking events: set-up, imports, schedule runs, changes, follow-up."""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Language, User, Workspace
from kyoso.core import domain_events
from kyoso.core.errors import DomainError, check_fields
from kyoso.core.imports import ImportRejected, RowError, UnreadableFile, csv_rows, is_blank
from kyoso.core.safe_urls import clean_web_url, safe_href
from kyoso.events import clock, engine_bridge, pdf, portal, selectors
from kyoso.events.models import (
    Event,
    EventStatus,
    Meeting,
    MeetingRequest,
    Outcome,
    Participant,
    PrintJob,
    PrintKind,
    PrintStatus,
    RequestRule,
    RunKind,
    RunStatus,
    ScheduleRun,
    Side,
    Slot,
    participant_code_problem,
)
from kyoso.outbox import services as outbox
from kyoso.projects import services as project_services

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 10.0
MAX_TIME_LIMIT = 120.0


# --------------------------------------------------------------------------- events and slots


def _editable(event: Event) -> None:
    if event.status == EventStatus.CLOSED:
        raise DomainError(_("This event is closed; reopen it to change it."), field="status")


@transaction.atomic
def create_event(
    *,
    workspace: Workspace,
    name: str,
    date: date,
    venue: str = "",
    description: str = "",
    default_max_meetings: int | None = None,
    default_min_meetings: int = 0,
    request_rule: str = RequestRule.BOTH,
    registration_deadline: datetime | None = None,
    time_zone: str = "",
    by: User,
) -> Event:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the event a name."), field="name")
    event = Event(
        workspace=workspace,
        name=name,
        date=date,
        venue=venue.strip(),
        description=description.strip(),
        default_max_meetings=default_max_meetings,
        default_min_meetings=default_min_meetings or 0,
        request_rule=request_rule or RequestRule.BOTH,
        time_zone=time_zone.strip() or clock.default_time_zone(),
        created_by=by,
    )
    if not clock.is_valid_zone(event.time_zone):
        raise DomainError(
            _("%(name)s is not a known time zone; use an IANA name such as Asia/Tokyo.")
            % {"name": event.time_zone},
            field="time_zone",
        )
    event.registration_deadline = _aware(registration_deadline, event) if registration_deadline else None
    check_fields(event, exclude=("workspace", "created_by", "current_run"))
    event.save()
    audit.record(actor=by, action=AuditAction.CREATE, obj=event)
    return event


@transaction.atomic
def update_event(*, event: Event, by: User, **fields: Any) -> Event:
    allowed = {
        "name",
        "date",
        "venue",
        "description",
        "status",
        "default_max_meetings",
        "default_min_meetings",
        "request_rule",
        "registration_deadline",
        "time_zone",
    }
    if "time_zone" in fields and not clock.is_valid_zone(fields["time_zone"] or ""):
        raise DomainError(
            _("%(name)s is not a known time zone; use an IANA name such as Asia/Tokyo.")
            % {"name": fields["time_zone"]},
            field="time_zone",
        )
    changes = {}
    for key, value in fields.items():
        if key not in allowed:
            raise DomainError(_("Unknown field."), field=key)
        if key == "registration_deadline" and value is not None:
            value = _aware(value, event)
        old = getattr(event, key)
        if old != value:
            changes[key] = [str(old), str(value)]
            setattr(event, key, value)
    if not event.name.strip():
        raise DomainError(_("Give the event a name."), field="name")
    check_fields(event, exclude=("workspace", "created_by", "current_run"))
    if event.status == EventStatus.PUBLISHED and event.current_run_id is None:
        raise DomainError(
            _("Publish a schedule first: run the scheduler, then publish its result."), field="status"
        )
    event.save()
    if changes:
        audit.record(actor=by, action=AuditAction.UPDATE, obj=event, changes=changes)
    return event


def _aware(value: datetime, event: Event) -> datetime:
    return clock.aware(value, event)


def _next_code(prefix: str, taken: Iterable[str]) -> str:
    taken = set(taken)
    n = len(taken) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


@transaction.atomic
def add_slot(*, event: Event, start: datetime, end: datetime, tables: int, code: str = "", by: User) -> Slot:
    _editable(event)
    start, end = _aware(start, event), _aware(end, event)
    if end <= start:
        raise DomainError(_("The slot must end after it starts."), field="end")
    if tables < 1:
        raise DomainError(_("A slot needs at least one table."), field="tables")
    codes = set(event.slots.values_list("code", flat=True))
    code = code.strip() or _next_code("s", codes)
    if code in codes:
        raise DomainError(_("Slot id %(code)s is already used in this event.") % {"code": code}, field="code")
    slot = Slot.objects.create(event=event, code=code, start=start, end=end, tables=tables)
    audit.record(actor=by, action=AuditAction.CREATE, obj=slot)
    return slot


@transaction.atomic
def generate_slots(
    *,
    event: Event,
    first_start: datetime,
    count: int,
    minutes: int,
    break_minutes: int = 0,
    tables: int,
    lunch_after: int | None = None,
    lunch_minutes: int = 60,
    by: User,
) -> list[Slot]:
    """A day plan: `count` slots of `minutes`, `break_minutes` apart, with an optional lunch break."""
    if count < 1 or count > 100:
        raise DomainError(_("Choose between 1 and 100 slots."), field="count")
    if minutes < 5:
        raise DomainError(_("A meeting lasts at least 5 minutes."), field="minutes")
    if tables < 1:
        raise DomainError(_("A slot needs at least one table."), field="tables")
    start = _aware(first_start, event)
    slots = []
    for i in range(count):
        end = start + timedelta(minutes=minutes)
        slots.append(add_slot(event=event, start=start, end=end, tables=tables, by=by))
        start = end + timedelta(minutes=break_minutes)
        if lunch_after and i + 1 == lunch_after:
            start += timedelta(minutes=lunch_minutes)
    return slots


# --------------------------------------------------------------------------- participants and requests


@transaction.atomic
def add_participant(
    *,
    event: Event,
    side: str,
    name: str,
    code: str = "",
    contact_name: str = "",
    email: str = "",
    needs: str = "",
    application: str = "",
    profile: str = "",
    website: str = "",
    organisation: Any = None,
    self_registered: bool = False,
    language: str = "",
    max_meetings: int | None = None,
    min_meetings: int = 0,
    unavailable: Iterable[Slot] = (),
    by: User | None,
) -> Participant:
    _editable(event)
    if side not in Side.values:
        raise DomainError(_("Choose corporate or startup."), field="side")
    name = name.strip()
    if not name:
        raise DomainError(_("Give the organisation's name."), field="name")
    if max_meetings is not None and min_meetings > max_meetings:
        raise DomainError(_("The minimum cannot exceed the maximum."), field="min_meetings")
    codes = set(event.participants.values_list("code", flat=True))
    code = code.strip() or _next_code("c" if side == Side.CORPORATE else "u", codes)
    problem = participant_code_problem(code)
    if problem:
        raise DomainError(problem, field="code")
    if code in codes:
        raise DomainError(
            _("Participant id %(code)s is already used in this event.") % {"code": code}, field="code"
        )
    participant = Participant.objects.create(
        event=event,
        side=side,
        name=name,
        code=code,
        contact_name=contact_name.strip(),
        email=email.strip(),
        needs=needs.strip(),
        application=application.strip(),
        profile=profile.strip(),
        website=clean_web_url(website, field="website", assume_scheme=True),
        language=language if language in Language.values else "",
        organisation=organisation,
        self_registered=self_registered,
        max_meetings=max_meetings,
        min_meetings=min_meetings,
    )
    unavailable = list(unavailable)
    if any(s.event_id != event.pk for s in unavailable):
        raise DomainError(_("Unknown slot."), field="unavailable_slots")
    participant.unavailable_slots.set(unavailable)
    audit.record(actor=by, action=AuditAction.CREATE, obj=participant)
    return participant


@transaction.atomic
def register_startup(
    *,
    event: Event,
    name: str,
    email: str,
    contact_name: str = "",
    website: str = "",
    profile: str = "",
    application: str = "",
    language: str = "",
) -> Participant:
    """A startup registers itself through the event's public form: one participant in this event only."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not event.registration_open:
        raise DomainError(_("Registration for this event is closed."), field=None)
    email = email.strip()
    if not email:
        raise DomainError(_("Give a contact e-mail address."), field="email")
    if event.participants.filter(email__iexact=email).exists():
        raise DomainError(
            _(
                "This e-mail address is already registered for this event. Contact the organiser to change it."
            ),
            field="email",
        )
    if not application.strip():
        raise DomainError(_("Describe what you offer."), field="application")
    participant = add_participant(
        event=event,
        side=Side.STARTUP,
        name=name,
        contact_name=contact_name,
        email=email,
        website=website,
        profile=profile,
        application=application,
        self_registered=True,
        language=language,
        by=None,
    )
    # One mail confirms the registration and carries the link to create the portal account.
    portal.invite_participant(participant=participant, by=None, registration=True)
    return participant


@dataclass(frozen=True)
class DirectoryImport:
    created: list[Participant]
    skipped: list[str]


DIRECTORY_SIDES = {
    "corporate": Side.CORPORATE,
    "public": Side.CORPORATE,
    "startup": Side.STARTUP,
    "university": Side.STARTUP,
}


def _offer_text(organisation: Any) -> str:
    lines = [f"{o.title}: {o.description}".strip().rstrip(":") for o in organisation.offers.all()]
    return "\n".join(lines) or organisation.description


def _needs_text(organisation: Any) -> str:
    lines = [f"{n.title}: {n.description}".strip() for n in organisation.needs.all() if n.status == "open"]
    return "\n".join(lines) or organisation.description


@transaction.atomic
def import_from_directory(*, event: Event, organisations: Sequence[Any], by: User) -> DirectoryImport:
    """Add partner-directory organisations as participants, linked; ones already in the event are skipped."""
    _editable(event)
    if not organisations:
        raise DomainError(_("Choose at least one organisation."), field="organisations")
    if any(o.workspace_id != event.workspace_id for o in organisations):
        raise DomainError(_("Unknown organisation."), field="organisations")
    linked = set(
        event.participants.filter(organisation__isnull=False).values_list("organisation_id", flat=True)
    )
    created: list[Participant] = []
    skipped: list[str] = []
    for org in organisations:
        if org.pk in linked:
            skipped.append(org.name)
            continue
        side = DIRECTORY_SIDES.get(org.kind, Side.STARTUP)
        contact = next(iter(org.contacts.all()), None)
        created.append(
            add_participant(
                event=event,
                side=side,
                name=org.name,
                contact_name=contact.name if contact else "",
                email=contact.email if contact else "",
                website=safe_href(org.website),
                profile=org.description,
                needs=_needs_text(org) if side == Side.CORPORATE else "",
                application=_offer_text(org) if side == Side.STARTUP else "",
                organisation=org,
                by=by,
            )
        )
        linked.add(org.pk)
    return DirectoryImport(created=created, skipped=skipped)


def _check_pair(event: Event, corporate: Participant, startup: Participant) -> None:
    if corporate.event_id != event.pk or startup.event_id != event.pk:
        raise DomainError(_("Both participants must take part in this event."), field="corporate")
    if corporate.side != Side.CORPORATE:
        raise DomainError(_("%(name)s is not a corporate.") % {"name": corporate.name}, field="corporate")
    if startup.side != Side.STARTUP:
        raise DomainError(_("%(name)s is not a startup.") % {"name": startup.name}, field="startup")


def _check_interest(value: int, field: str) -> None:
    if not 0 <= value <= 3:
        raise DomainError(_("Interest is 0 (no) to 3 (very high)."), field=field)


@transaction.atomic
def save_request(
    *,
    event: Event,
    corporate: Participant,
    startup: Participant,
    corporate_interest: int,
    startup_interest: int,
    weight: float | None = None,
    note: str = "",
    by: User | None,
) -> MeetingRequest:
    """Create or update the request of a pair."""
    _editable(event)
    _check_pair(event, corporate, startup)
    _check_interest(corporate_interest, "corporate_interest")
    _check_interest(startup_interest, "startup_interest")
    if weight is not None and weight < 0:
        raise DomainError(_("The weight cannot be negative."), field="weight")
    request, created = MeetingRequest.objects.update_or_create(
        corporate=corporate,
        startup=startup,
        defaults={
            "event": event,
            "corporate_interest": corporate_interest,
            "startup_interest": startup_interest,
            "weight": weight,
            "note": note.strip(),
            "cancelled": False,
        },
    )
    audit.record(actor=by, action=AuditAction.CREATE if created else AuditAction.UPDATE, obj=request)
    return request


@transaction.atomic
def mark_interest(
    *, event: Event, corporate: Participant, startup: Participant, side: str, interest: int, by: User | None
) -> MeetingRequest:
    """One side says how much it wants to meet the other (0–3); the other side's mark is kept."""
    _editable(event)
    _check_pair(event, corporate, startup)
    _check_interest(interest, "interest")
    request, _created = MeetingRequest.objects.get_or_create(
        corporate=corporate, startup=startup, defaults={"event": event}
    )
    first = event.first_side()
    if first is not None and side != first and interest > 0:
        # under this rule the other side speaks first; an answer needs their request
        theirs = request.corporate_interest if first == Side.CORPORATE else request.startup_interest
        if theirs == 0:
            raise DomainError(
                _("Under this event's rule, %(name)s must show interest first.")
                % {"name": (corporate if first == Side.CORPORATE else startup).name},
                field="interest",
            )
    if side == Side.CORPORATE:
        request.corporate_interest = interest
    elif side == Side.STARTUP:
        request.startup_interest = interest
    else:
        raise DomainError(_("Choose corporate or startup."), field="side")
    request.save(update_fields=["corporate_interest", "startup_interest"])
    return request


# --------------------------------------------------------------------------- imports and export


PARTICIPANT_COLUMNS = [
    "id",
    "side",
    "name",
    "contact_name",
    "email",
    "max_meetings",
    "min_meetings",
    "unavailable",
    "needs",
    "application",
]
REQUEST_COLUMNS = ["corporate", "startup", "corporate_interest", "startup_interest", "weight", "note"]
SIDE_WORDS = {
    "corporate": Side.CORPORATE,
    "startup": Side.STARTUP,
    "大企業": Side.CORPORATE,
    "事業会社": Side.CORPORATE,
    "スタートアップ": Side.STARTUP,
}


def _read_csv(text: str, required: Sequence[str], filename: str = "") -> list[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column: stripped cell}) of each non-blank data row.

    Headers are matched ignoring case and surrounding spaces; a missing required column, or a file
    that is not CSV text, rejects the import.
    """
    rows: list[tuple[int, dict[str, str]]] = []
    header: list[str] | None = None
    try:
        for number, cells in csv_rows(text):
            if is_blank(cells):
                continue
            if header is None:
                header = [cell.strip().lower() for cell in cells]
                missing = [c for c in required if c not in header]
                if missing:
                    raise ImportRejected(
                        [RowError(number, c, _("missing from the header row")) for c in missing],
                        filename,
                    )
                continue
            values = {
                name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header) if name
            }
            rows.append((number, values))
    except UnreadableFile as exc:
        raise ImportRejected([RowError(0, "", str(exc))], filename) from None
    if header is None:
        raise ImportRejected(
            [
                RowError(
                    0,
                    "",
                    _("The file is empty; row 1 must be the header row (%(columns)s).")
                    % {"columns": ", ".join(required)},
                )
            ],
            filename,
        )
    return rows


def _int_cell(
    value: str, row: int, column: str, errors: list[RowError], *, lo: int = 0, hi: int | None = None
) -> int | None:
    if value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        number = None
    if number is None or number < lo or (hi is not None and number > hi):
        expected = (
            _("an integer %(lo)s–%(hi)s") % {"lo": lo, "hi": hi}
            if hi is not None
            else _("an integer ≥ %(lo)s") % {"lo": lo}
        )
        errors.append(
            RowError(
                row,
                column,
                _("expected %(expected)s, got “%(value)s”") % {"expected": expected, "value": value},
            )
        )
        return None
    return number


# model field a service names in its DomainError -> the CSV column holding it
_CSV_COLUMN = {"code": "id", "unavailable_slots": "unavailable"}


def _row_rejected(row: int, exc: DomainError, filename: str) -> ImportRejected:
    """A service's refusal while writing row `row`, as the import's report (the transaction rolls back)."""
    column = _CSV_COLUMN.get(exc.field or "", exc.field or "")
    return ImportRejected([RowError(row, column, exc.message)], filename)


@transaction.atomic
def import_participants_csv(*, event: Event, text: str, by: User, filename: str = "") -> int:
    """All rows or none. Columns: id, side, name[, contact_name, email, max_meetings, min_meetings, unavailable, needs, application].

    Raises ImportRejected listing every bad row as RowError(row, column, message).
    """
    _editable(event)
    rows = _read_csv(text, ["side", "name"], filename)
    slots = {s.code: s for s in event.slots.all()}
    codes = set(event.participants.values_list("code", flat=True))
    errors: list[RowError] = []
    planned = []
    for i, row in rows:
        side = SIDE_WORDS.get(row.get("side", "").lower()) or SIDE_WORDS.get(row.get("side", ""))
        if side is None:
            errors.append(
                RowError(
                    i,
                    "side",
                    _("expected corporate or startup, got “%(value)s”") % {"value": row.get("side", "")},
                )
            )
        if not row.get("name"):
            errors.append(RowError(i, "name", _("required")))
        code = row.get("id", "")
        if code:
            problem = participant_code_problem(code)
            if problem:
                errors.append(RowError(i, "id", problem))
            if code in codes:
                errors.append(RowError(i, "id", _("%(code)s is already used") % {"code": code}))
            codes.add(code)
        email = row.get("email", "")
        if email and ("@" not in email or " " in email):
            errors.append(RowError(i, "email", _("not an e-mail address: “%(value)s”") % {"value": email}))
        max_m = _int_cell(row.get("max_meetings", ""), i, "max_meetings", errors)
        min_m = _int_cell(row.get("min_meetings", ""), i, "min_meetings", errors) or 0
        if max_m is not None and min_m > max_m:
            errors.append(
                RowError(
                    i,
                    "min_meetings",
                    _("%(min)s is above max_meetings %(max)s") % {"min": min_m, "max": max_m},
                )
            )
        unavailable = []
        for token in row.get("unavailable", "").replace(";", " ").replace(",", " ").split():
            if token not in slots:
                errors.append(RowError(i, "unavailable", _("unknown slot “%(value)s”") % {"value": token}))
            else:
                unavailable.append(slots[token])
        planned.append((i, row, side, code, max_m, min_m, unavailable))
    if not rows:
        errors.append(RowError(0, "", _("The file has no data rows.")))
    if errors:
        raise ImportRejected(errors, filename)
    for i, row, side, code, max_m, min_m, unavailable in planned:
        try:
            add_participant(
                event=event,
                side=side,
                name=row["name"],
                code=code,
                contact_name=row.get("contact_name", ""),
                email=row.get("email", ""),
                needs=row.get("needs", ""),
                application=row.get("application", ""),
                max_meetings=max_m,
                min_meetings=min_m,
                unavailable=unavailable,
                by=None,
            )
        except DomainError as exc:
            raise _row_rejected(i, exc, filename) from None
    audit.record(
        actor=by, action=AuditAction.CREATE, obj=event, changes={"imported_participants": len(planned)}
    )
    return len(planned)


@transaction.atomic
def import_requests_csv(*, event: Event, text: str, by: User, filename: str = "") -> int:
    """All rows or none. Columns: corporate, startup, corporate_interest, startup_interest[, weight, note].

    Raises ImportRejected listing every bad row as RowError(row, column, message).
    """
    _editable(event)
    rows = _read_csv(text, ["corporate", "startup", "corporate_interest", "startup_interest"], filename)
    people = {p.code: p for p in event.participants.all()}
    errors: list[RowError] = []
    planned = []
    seen: dict[tuple[str, str], int] = {}
    for i, row in rows:
        ends = []
        for column, side in (("corporate", Side.CORPORATE), ("startup", Side.STARTUP)):
            code = row.get(column, "")
            p = people.get(code)
            if p is None:
                errors.append(RowError(i, column, _("unknown participant “%(value)s”") % {"value": code}))
            elif p.side != side:
                errors.append(
                    RowError(
                        i,
                        column,
                        _("%(value)s is not a %(side)s") % {"value": code, "side": Side(side).label},
                    )
                )
                p = None
            ends.append(p)
        pair = (row.get("corporate", ""), row.get("startup", ""))
        if pair in seen:
            errors.append(
                RowError(
                    i,
                    "",
                    _("duplicate request for this pair (first in row %(first)s)") % {"first": seen[pair]},
                )
            )
        else:
            seen[pair] = i
        ci = _int_cell(row.get("corporate_interest", ""), i, "corporate_interest", errors, hi=3)
        si = _int_cell(row.get("startup_interest", ""), i, "startup_interest", errors, hi=3)
        weight = None
        if row.get("weight"):
            try:
                weight = float(row["weight"])
                if weight < 0 or weight != weight:
                    raise ValueError
            except ValueError:
                errors.append(
                    RowError(
                        i, "weight", _("expected a number ≥ 0, got “%(value)s”") % {"value": row["weight"]}
                    )
                )
        planned.append((i, ends, ci or 0, si or 0, weight, row.get("note", "")))
    if not rows:
        errors.append(RowError(0, "", _("The file has no data rows.")))
    if errors:
        raise ImportRejected(errors, filename)
    for i, (corporate, startup), ci, si, weight, note in planned:
        try:
            save_request(
                event=event,
                corporate=corporate,
                startup=startup,
                corporate_interest=ci,
                startup_interest=si,
                weight=weight,
                note=note,
                by=None,
            )
        except DomainError as exc:
            raise _row_rejected(i, exc, filename) from None
    audit.record(actor=by, action=AuditAction.CREATE, obj=event, changes={"imported_requests": len(planned)})
    return len(planned)


@transaction.atomic
def import_event_json(*, event: Event, text: str, by: User) -> dict[str, int]:
    """Load a `kyoso_event` document into an event that has no slots, participants or requests yet."""
    _editable(event)
    if event.slots.exists() or event.participants.exists():
        raise DomainError(
            _("Import into an empty event: this one already has slots or participants."), field="file"
        )
    try:
        data = json.loads(text.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise DomainError(
            _("Invalid JSON at line %(line)s, column %(column)s: %(msg)s")
            % {"line": exc.lineno, "column": exc.colno, "msg": exc.msg},
            field="file",
        ) from exc
    problem = engine_bridge.parse_document(data)
    slots: dict[str, Slot] = {}
    for i, s in enumerate(problem.slots):
        if s.start is None or s.end is None:
            raise DomainError(
                _("slots[%(i)s]: start and end are needed to build agendas.") % {"i": i}, field=f"slots[{i}]"
            )
        slots[s.id] = add_slot(
            event=event,
            start=datetime.fromisoformat(s.start),
            end=datetime.fromisoformat(s.end),
            tables=s.tables,
            code=s.id,
            by=by,
        )
    people: dict[str, Participant] = {}
    for i, p in enumerate(problem.participants):
        try:
            people[p.id] = add_participant(
                event=event,
                side=p.side,
                name=p.name or p.id,
                code=p.id,
                max_meetings=p.max_meetings,
                min_meetings=p.min_meetings,
                unavailable=[slots[s] for s in sorted(p.unavailable)],
                by=None,
            )
        except DomainError as exc:
            # which entry of the file, and which of its keys ("code" is the document's "id")
            key = "id" if exc.field == "code" else exc.field or ""
            raise DomainError(
                f"participants[{i}].{key}: {exc.message}" if key else f"participants[{i}]: {exc.message}",
                field="file",
            ) from None
    MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                corporate=people[r.corporate],
                startup=people[r.startup],
                corporate_interest=r.corporate_interest,
                startup_interest=r.startup_interest,
                weight=None if r.weight == r.corporate_interest + r.startup_interest else r.weight,
            )
            for r in problem.requests
        ]
    )
    counts = {"slots": len(slots), "participants": len(people), "requests": len(problem.requests)}
    audit.record(actor=by, action=AuditAction.CREATE, obj=event, changes={"imported_json": counts})
    return counts


def export_event_json(*, event: Event, by: User) -> dict[str, Any]:
    document = engine_bridge.event_document(event)
    audit.record(actor=by, action=AuditAction.EXPORT, obj=event)
    return document


# --------------------------------------------------------------------------- schedule runs


def _enqueue(run: ScheduleRun) -> None:
    from kyoso.events.tasks import run_schedule

    run_schedule.enqueue(run.pk)


def start_schedule(*, event: Event, by: User | None, time_limit: float = DEFAULT_TIME_LIMIT) -> ScheduleRun:
    """Queue a full solve; the page then polls the run's progress."""
    with transaction.atomic():
        _editable(event)
        if not 0.5 <= time_limit <= MAX_TIME_LIMIT:
            raise DomainError(
                _("Choose a time limit between 0.5 and %(max)s seconds.") % {"max": int(MAX_TIME_LIMIT)},
                field="time_limit",
            )
        engine_bridge.engine_event(event)  # refuse at once what the engine would refuse
        if not event.requests.filter(
            cancelled=False, corporate_interest__gt=0, startup_interest__gt=0
        ).exists():
            raise DomainError(
                _("No request has interest from both sides yet, so no meeting can be scheduled."),
                field="requests",
            )
        run = ScheduleRun.objects.create(event=event, kind=RunKind.FULL, time_limit=time_limit, created_by=by)
        if event.status in (EventStatus.DRAFT, EventStatus.REGISTRATION):
            event.status = EventStatus.SCHEDULING
            event.save(update_fields=["status", "updated_at"])
        audit.record(actor=by, action=AuditAction.CREATE, obj=run)
    _enqueue(run)
    return run


def start_schedule_sync(
    *, event: Event, by: User | None, time_limit: float = DEFAULT_TIME_LIMIT
) -> ScheduleRun:
    """Solve now, in this process (demo data, scripts): same run record as the background path."""
    run = ScheduleRun.objects.create(event=event, kind=RunKind.FULL, time_limit=time_limit, created_by=by)
    run = execute_run(run.pk)
    if run.status != RunStatus.DONE:
        raise DomainError(run.error or _("The schedule could not be computed."), field="schedule")
    return run


def start_reschedule(
    *, event: Event, by: User | None, reason: str, time_limit: float = DEFAULT_TIME_LIMIT
) -> ScheduleRun:
    """Queue a re-solve that keeps the published meetings the changes do not touch."""
    with transaction.atomic():
        if event.current_run_id is None:
            raise DomainError(_("There is no published schedule to change yet."), field="schedule")
        run = ScheduleRun.objects.create(
            event=event,
            kind=RunKind.RESCHEDULE,
            previous_id=event.current_run_id,
            time_limit=time_limit,
            created_by=by,
            changes={"reason": reason},
        )
        audit.record(actor=by, action=AuditAction.CREATE, obj=run, changes={"reason": reason})
    _enqueue(run)
    return run


def _meeting_codes(run: ScheduleRun) -> list[dict[str, Any]]:
    rows = Meeting.objects.filter(run=run).values_list(
        "request__corporate__code", "request__startup__code", "slot__code", "table"
    )
    return [{"corporate": c, "startup": s, "slot": sl, "table": t} for c, s, sl, t in rows]


def execute_run(run_id: int) -> ScheduleRun:
    """The body of the background task: solve, store meetings, compute the diff. Idempotent."""
    run = ScheduleRun.objects.select_related("event").get(pk=run_id)
    if run.status in (RunStatus.DONE, RunStatus.FAILED):
        return run
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1
    )
    last = [0.0]

    def on_progress(phase: str, elapsed: float, objective: float, upper_bound: float) -> None:
        now = time.monotonic()
        if now - last[0] < 0.3:
            return
        last[0] = now
        percent = int(min(95, max(2, elapsed / max(run.time_limit, 0.1) * 100)))
        ScheduleRun.objects.filter(pk=run.pk).update(
            progress=percent, phase=phase[:60], objective=objective or None, upper_bound=upper_bound or None
        )

    event = run.event
    try:
        if run.kind == RunKind.RESCHEDULE and run.previous_id:
            previous = _meeting_codes(run.previous)  # type: ignore[arg-type]
            result = engine_bridge.resolve(
                event, previous, time_limit=run.time_limit, on_progress=on_progress
            )
        else:
            result = engine_bridge.solve(event, time_limit=run.time_limit, on_progress=on_progress)
        with transaction.atomic():
            _store(run, result)
    except DomainError as exc:
        _fail(run, exc.message)
    except Exception as exc:  # the page must show that the run failed, not spin forever
        log.exception("schedule run %s failed", run.pk)
        _fail(run, f"{type(exc).__name__}: {exc}")
    run.refresh_from_db()
    return run


def _fail(run: ScheduleRun, message: str) -> None:
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=message, finished_at=timezone.now()
    )


def _store(run: ScheduleRun, result: dict[str, Any]) -> None:
    event = run.event
    people = dict(Participant.objects.filter(event=event).values_list("code", "pk"))
    slots = dict(Slot.objects.filter(event=event).values_list("code", "pk"))
    requests = {
        (c, s): pk
        for pk, c, s in MeetingRequest.objects.filter(event=event).values_list(
            "pk", "corporate_id", "startup_id"
        )
    }
    meetings = [
        Meeting(
            run=run,
            request_id=requests[(people[m["corporate"]], people[m["startup"]])],
            slot_id=slots[m["slot"]],
            table=m["table"],
        )
        for m in result["meetings"]
    ]
    Meeting.objects.filter(run=run).delete()
    Meeting.objects.bulk_create(meetings, batch_size=1000)
    code_to_pk = people
    below = [dict(b, participant_pk=code_to_pk.get(b["participant"])) for b in result.get("below_min", [])]
    changes = dict(run.changes or {})
    if run.previous_id:
        changes.update(diff_runs(run.previous_id, {m.request_id: (m.slot_id, m.table) for m in meetings}))
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        progress=100,
        phase="done",
        objective=result["objective"],
        upper_bound=result["upper_bound"],
        bound_method=str(result.get("bound_method", ""))[:80],
        below_min=below,
        solve_seconds=result.get("solve_seconds"),
        finished_at=timezone.now(),
        changes=changes,
    )
    # the engine's fairness block (minimums reached vs the proven maximum, price of fairness)
    # is part of the run's stored summary: it cannot be recomputed without re-solving
    summary = {**selectors.compute_run_stats(run), "fairness": dict(result.get("fairness") or {})}
    ScheduleRun.objects.filter(pk=run.pk).update(stats=summary)


def diff_runs(previous_run_id: int, new: dict[int, tuple[int, int]]) -> dict[str, Any]:
    """Which meetings were added, removed or moved, and the participants they touch."""
    old = {
        r: (s, t)
        for r, s, t in Meeting.objects.filter(run_id=previous_run_id).values_list(
            "request_id", "slot_id", "table"
        )
    }
    added = sorted(set(new) - set(old))
    removed = sorted(set(old) - set(new))
    moved = sorted(r for r in set(old) & set(new) if old[r] != new[r])
    touched = added + removed + moved
    pairs = MeetingRequest.objects.filter(pk__in=touched).values_list("corporate_id", "startup_id")
    affected = sorted({pid for pair in pairs for pid in pair})
    return {
        "added": added,
        "removed": removed,
        "moved": moved,
        "kept": len(set(old) & set(new)) - len(moved),
        "affected": affected,
    }


def publish_run(*, run: ScheduleRun, by: User | None, notify: bool = True) -> int:
    """Make `run` the event's schedule. Returns how many participants will be e-mailed (by the
    worker, through the outbox).

    After a change, only the participants whose meetings were added, removed or moved hear about it.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=run.event_id)
        run.refresh_from_db()
        if run.status != RunStatus.DONE:
            raise DomainError(_("Only a finished schedule can be published."), field="run")
        if run.kind == RunKind.RESCHEDULE and event.current_run_id != run.previous_id:
            raise DomainError(
                _("The published schedule changed since this re-solve started; re-solve again."), field="run"
            )
        was_published = event.current_run_id is not None
        # Counted before `run` becomes current, by the same rule the confirmation step shows.
        recipients = list(selectors.agenda_recipients(event, run))
        run.published_at = timezone.now()
        run.save(update_fields=["published_at"])
        event.current_run = run
        event.status = EventStatus.PUBLISHED if event.status != EventStatus.CLOSED else event.status
        event.save(update_fields=["current_run", "status", "updated_at"])
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=event,
            changes={"published_run": run.pk, "meetings": run.meetings.count()},
        )
    sent = 0
    if notify:
        sent = _queue_agendas(run, recipients, changed=was_published)
    domain_events.announce(
        "schedule.published",
        workspace=event.workspace,
        payload={
            "event": event.pk,
            "name": event.name,
            "run": run.pk,
            "meetings": run.meetings.count(),
            "objective": run.objective,
            "upper_bound": run.upper_bound,
            "changed": was_published,
        },
    )
    return sent


def mail_language(participant: Participant) -> str:
    if participant.language:
        return participant.language
    if participant.account_id and participant.account.language:
        return participant.account.language
    return settings.LANGUAGE_CODE


def _queue_agendas(run: ScheduleRun, recipients: list[Participant], *, changed: bool) -> int:
    """Hand the agenda mails to the worker: the request that publishes never talks to SMTP."""
    from kyoso.events.tasks import mail_agendas

    ids = [p.pk for p in recipients]
    if ids:
        mail_agendas.enqueue(run_id=run.pk, participant_ids=ids, changed=changed)
    return len(ids)


def build_agenda_mails(*, run_id: int, participant_ids: list[int], changed: bool) -> int:
    """Write one agenda mail per participant into the outbox, each in its recipient's language."""
    run = ScheduleRun.objects.select_related("event__workspace").get(pk=run_id)
    event = run.event
    participants = list(
        Participant.objects.filter(event=event, pk__in=participant_ids)
        .exclude(email="")
        .select_related("account")
        .order_by("pk")
    )
    ids = [p.pk for p in participants]
    meetings_of: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in (
        Meeting.objects.filter(run=run)
        .filter(Q(request__corporate_id__in=ids) | Q(request__startup_id__in=ids))
        .select_related("slot", "request__corporate", "request__startup")
        .order_by("slot__start")
    ):
        meetings_of[meeting.request.corporate_id].append(meeting)
        meetings_of[meeting.request.startup_id].append(meeting)

    def mails() -> Iterable[outbox.Mail]:
        for participant in participants:
            language = mail_language(participant)
            link = settings.SITE_URL + reverse("events:public_agenda", args=[participant.token])
            with translation.override(language):
                subject = (
                    _("Your meetings at %(event)s have changed")
                    if changed
                    else _("Your meetings at %(event)s")
                ) % {"event": event.name}
                body = render_to_string(
                    "events/email/agenda.txt",
                    {
                        "event": event,
                        "participant": participant,
                        "meetings": meetings_of.get(participant.pk, []),
                        "link": link,
                        "changed": changed,
                    },
                )
            yield outbox.Mail(
                key=f"agenda:{run.pk}:{participant.pk}",
                kind="agenda",
                to_email=participant.email,
                to_name=participant.contact_name or participant.name,
                language=language,
                subject=subject,
                body=body,
            )

    return outbox.queue(workspace=event.workspace, batch=selectors.agenda_batch(run), mails=mails())


@transaction.atomic
def resend_agendas(*, run: ScheduleRun, by: User) -> int:
    """Another round for the agenda mails that failed (e.g. after the address was corrected)."""
    count = outbox.resend_failed(workspace=run.event.workspace, batch=selectors.agenda_batch(run))
    audit.record(actor=by, action=AuditAction.UPDATE, obj=run.event, changes={"agenda_mail_resent": count})
    return count


# --------------------------------------------------------------------------- on the day

ATTENDANCE_STATES = ("checked_in", "no_show", "")


@transaction.atomic
def set_attendance(*, participant: Participant, state: str, by: User, via: str = "") -> Participant:
    """Check a participant in, mark them a no-show, or clear both ("").

    Idempotent: checking in twice keeps the first time and records nothing new. `via` names where
    the change came from in the audit trail ("qr" for the check-in page a badge's code opens).
    """
    if state not in ATTENDANCE_STATES:
        raise DomainError(_("Choose checked in, no-show or neither."), field="state")
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.withdrawn and state:
        raise DomainError(_("%(name)s has withdrawn.") % {"name": participant.name}, field="state")
    event = participant.event
    day = {"date": event.date.isoformat(), "zone": event.time_zone, "today": clock.today(event).isoformat()}
    if state == "checked_in" and not clock.checkin_open(event):
        raise DomainError(
            _("Check-in is only possible on the event day, %(date)s (%(zone)s); today is %(today)s there.")
            % day,
            field="state",
        )
    if state == "no_show" and clock.today(event) < event.date:
        raise DomainError(
            _("A no-show can be marked from the event day, %(date)s (%(zone)s); today is %(today)s there.")
            % day,
            field="state",
        )
    old = {"checked_in": participant.checked_in_at is not None, "no_show": participant.no_show}
    participant.checked_in_at = (
        (participant.checked_in_at or timezone.now()) if state == "checked_in" else None
    )
    participant.no_show = state == "no_show"
    participant.save(update_fields=["checked_in_at", "no_show"])
    new = {"checked_in": participant.checked_in_at is not None, "no_show": participant.no_show}
    changes: dict[str, object] = {k: [old[k], new[k]] for k in old if old[k] != new[k]}
    if not changes:
        return participant
    if via:
        changes["via"] = via
    audit.record(actor=by, action=AuditAction.UPDATE, obj=participant, changes=changes)
    return participant


# --------------------------------------------------------------------------- changes after publication


@transaction.atomic
def withdraw_participant(*, participant: Participant, by: User) -> None:
    participant.withdrawn = True
    participant.save(update_fields=["withdrawn"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=participant, changes={"withdrawn": [False, True]})


@transaction.atomic
def close_slot(*, slot: Slot, by: User) -> None:
    slot.closed = True
    slot.save(update_fields=["closed"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=slot, changes={"closed": [False, True]})


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, by: User) -> None:
    request = meeting.request
    request.cancelled = True
    request.save(update_fields=["cancelled"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=request, changes={"cancelled": [False, True]})


def change_and_reschedule(
    *, event: Event, change: str, target: Any, by: User, time_limit: float = DEFAULT_TIME_LIMIT
) -> ScheduleRun:
    """Apply one change to the published event, then queue the re-solve."""
    if event.current_run_id is None:
        raise DomainError(_("There is no published schedule to change yet."), field="schedule")
    if change == "withdraw":
        withdraw_participant(participant=target, by=by)
        reason = _("%(name)s withdrew") % {"name": target.name}
    elif change == "close_slot":
        close_slot(slot=target, by=by)
        reason = _("Slot %(slot)s became unavailable") % {"slot": str(target)}
    elif change == "cancel_meeting":
        cancel_meeting(meeting=target, by=by)
        reason = _("Meeting %(pair)s cancelled") % {"pair": str(target.request)}
    elif change == "add_meeting":
        reason = _("Meeting %(pair)s added") % {"pair": str(target)}
    else:
        raise DomainError(_("Unknown change."), field="change")
    return start_reschedule(event=event, by=by, reason=reason, time_limit=time_limit)


# --------------------------------------------------------------------------- follow-up and conversion


@transaction.atomic
def record_outcome(*, meeting: Meeting, outcome: str, note: str = "", by: User) -> Meeting:
    if outcome not in Outcome.values:
        raise DomainError(_("Choose one of the outcomes."), field="outcome")
    old = meeting.outcome
    meeting.outcome = outcome
    meeting.outcome_note = note.strip()[:300]
    meeting.save(update_fields=["outcome", "outcome_note"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=meeting, changes={"outcome": [old, outcome]})
    return meeting


@transaction.atomic
def record_feedback(
    *,
    meeting: Meeting,
    side: str,
    rating: int | None,
    next_step: bool | None,
    by: User | None,
    participant: Participant | None = None,
) -> Meeting:
    """One side's view of a meeting: rating 1–5 and whether it wants a next step (None = not said).

    `participant`: the feedback came through that participant's private agenda link (no account,
    `by` is None); the audit entry names them, so the trail says on whose behalf it was written.
    """
    if side not in Side.values:
        raise DomainError(_("Choose corporate or startup."), field="side")
    if rating is not None and not 1 <= rating <= 5:
        raise DomainError(_("The rating is 1 (poor) to 5 (excellent)."), field="rating")
    event = meeting.run.event
    if not clock.feedback_open(event):
        raise DomainError(
            _("Meetings can be rated once the event has started (%(start)s).")
            % {"start": clock.stamp(clock.event_start(event), event)},
            field="rating",
        )
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    old = [getattr(meeting, f"{side}_rating"), getattr(meeting, f"{side}_next_step")]
    setattr(meeting, f"{side}_rating", rating)
    setattr(meeting, f"{side}_next_step", next_step)
    meeting.save(update_fields=[f"{side}_rating", f"{side}_next_step"])
    changes: dict[str, Any] = {f"{side}_feedback": [old, [rating, next_step]], "lead": meeting.is_lead}
    if participant is not None:
        changes["via"] = "private_agenda_link"
        changes["participant"] = f"{participant.name} ({participant.code})"
    audit.record(actor=by, action=AuditAction.UPDATE, obj=meeting, changes=changes)
    return meeting


@dataclass(frozen=True)
class Conversion:
    meeting: Meeting
    project: Any


def _create_project(meeting: Meeting, by: User) -> Any:
    event = meeting.run.event
    corporate, startup = meeting.request.corporate, meeting.request.startup
    title = _("%(startup)s × %(corporate)s") % {"startup": startup.name, "corporate": corporate.name}
    summary = _("Started from the meeting at %(event)s (%(date)s, %(slot)s, table %(table)s).") % {
        "event": event.name,
        "date": event.date,
        "slot": meeting.slot,
        "table": meeting.table,
    }
    if meeting.outcome_note:
        summary += "\n" + meeting.outcome_note
    return project_services.create_project(
        workspace=event.workspace,
        by=by,
        title=title[:200],
        summary=summary,
        partner_name=startup.name,
        partner_kind="startup",
    )


@transaction.atomic
def convert_to_project(*, meeting: Meeting, by: User) -> Conversion:
    """Turn a meeting into a project, link it, and mark the outcome."""
    meeting = (
        Meeting.objects.select_for_update()
        .select_related("run__event__workspace", "request__corporate", "request__startup")
        .get(pk=meeting.pk)
    )
    if meeting.project_id:
        raise DomainError(_("This meeting already became a project."), field="project")
    project = _create_project(meeting, by)
    meeting.project = project
    meeting.outcome = Outcome.PROJECT
    meeting.save(update_fields=["project", "outcome"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=meeting, changes={"project": project.pk})
    domain_events.announce(
        "meeting.converted",
        workspace=meeting.run.event.workspace,
        payload={
            "event": meeting.run.event_id,
            "meeting": meeting.pk,
            "project": project.pk,
            "corporate": meeting.request.corporate.name,
            "startup": meeting.request.startup.name,
        },
    )
    return Conversion(meeting=meeting, project=project)


# --------------------------------------------------------------------------- print files for the day

# Progress is written every few pages: often enough for the waiting page, rarely enough to stay cheap.
PRINT_PROGRESS_EVERY = 10


def start_print(*, event: Event, kind: str, by: User) -> PrintJob:
    """Queue a print file of the published schedule; the job page shows its progress and the download."""
    if kind not in PrintKind.values:
        raise DomainError(_("Choose what to print."), field="kind")
    if event.current_run_id is None:
        raise DomainError(_("Publish a schedule first: agendas and table cards print the published one."))
    with transaction.atomic():
        job = PrintJob.objects.create(event=event, run_id=event.current_run_id, kind=kind, created_by=by)
        audit.record(actor=by, action=AuditAction.CREATE, obj=job)
    _enqueue_print(job.pk)
    return job


def _enqueue_print(job_id: int) -> None:
    from kyoso.events.tasks import build_print

    build_print.enqueue(job_id)


def build_print(job_id: int) -> PrintJob | None:
    """Build one print file (the task body); idempotent: a finished job is left alone."""
    job = PrintJob.objects.select_related("event", "run").filter(pk=job_id).first()
    if job is None or job.is_finished:
        return job
    event = job.event
    event.current_run = job.run  # print the schedule the job was asked for, even if a newer one is published
    PrintJob.objects.filter(pk=job.pk).update(status=PrintStatus.RUNNING, progress=1)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            if job.kind == PrintKind.AGENDAS:
                agendas = selectors.agendas_of(event)
                expected = max(1, len(agendas))
                content = pdf.agendas_pdf(event, agendas, on_page=_progress(job, expected))
            else:
                meetings = list(selectors.table_card_meetings(job.run))
                expected = max(1, len(meetings))
                content = pdf.table_cards_pdf(event, meetings, on_page=_progress(job, expected))
    except Exception as exc:  # a failed build is shown on the job page rather than lost in the worker log
        log.exception("print job %s failed", job.pk)
        PrintJob.objects.filter(pk=job.pk).update(
            status=PrintStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return PrintJob.objects.get(pk=job.pk)
    for old in PrintJob.objects.filter(event=event, kind=job.kind).exclude(pk=job.pk).exclude(file=""):
        old.file.delete(save=False)  # keep one file per kind: the newest replaces the rest
        PrintJob.objects.filter(pk=old.pk).update(file="")
    job.file.save(job.filename, ContentFile(content), save=False)
    PrintJob.objects.filter(pk=job.pk).update(
        file=job.file.name, status=PrintStatus.DONE, progress=100, pages=expected, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job


def _progress(job: PrintJob, expected: int) -> Callable[[int], None]:
    def on_page(page: int) -> None:
        if page % PRINT_PROGRESS_EVERY == 0:
            percent = min(99, max(1, round(page * 100 / expected)))
            PrintJob.objects.filter(pk=job.pk).update(progress=percent, pages=page)

    return on_page


# Erasure and disclosure of a participant's personal data (APPI), re-exported for views and the API.
from kyoso.events.privacy import erase_participant, export_participant  # noqa: E402, F401

"""Personal data of event participants (APPI): erasure and disclosure.

A participant row is a company's entry to one event, with its contact person. Erasing it keeps
the row (requests, meetings and outcomes stay, as the event's record) under a pseudonym and
removes the contact, the free-text profile, the links to the directory and the portal account,
the invitations' addresses and the e-mails sent to it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from kyoso.accounts.models import User
from kyoso.accounts.privacy import record_erasure, scrub_audit
from kyoso.core.personal_data import (
    Person,
    PersonalDataHandler,
    person_tag,
    plain,
    pseudonymous_email,
    register_personal_data,
    scrub_everywhere,
    scrub_text,
)
from kyoso.events.models import Meeting, MeetingRequest, Participant, ParticipantInvitation, PrintJob


def participant_label(tag: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted participant #%(tag)s") % {"tag": tag}


def _participants_of(person: Person) -> Any:
    query = Q(email__iexact=person.email) if person.email else Q(pk__in=[])
    if person.user is not None:
        query |= Q(account=person.user)
    found = Participant.objects.filter(query)
    if person.workspace is not None:
        found = found.filter(event__workspace=person.workspace)
    return found


def _participant_record(p: Participant) -> dict[str, Any]:
    return {
        "event": p.event.name,
        "event_date": plain(p.event.date),
        "code": p.code,
        "side": p.side,
        "organisation": p.name,
        "contact_name": p.contact_name,
        "email": p.email,
        "needs": p.needs,
        "application": p.application,
        "profile": p.profile,
        "website": p.website,
        "language": p.language,
        "registered_through_public_form": p.self_registered,
        "withdrawn": p.withdrawn,
        "checked_in_at": plain(p.checked_in_at),
        "no_show": p.no_show,
        "registered_at": plain(p.created_at),
    }


def _meetings_of(participant: Participant) -> list[dict[str, Any]]:
    """The participant's meetings with the other side's organisation name only (no other contact)."""
    meetings = (
        Meeting.objects.filter(Q(request__corporate=participant) | Q(request__startup=participant))
        .filter(run_id=participant.event.current_run_id)
        .select_related("slot", "request__corporate", "request__startup")
    )
    out = []
    for m in meetings:
        corporate = m.request.corporate_id == participant.pk
        other = m.request.startup if corporate else m.request.corporate
        out.append(
            {
                "slot_start": plain(m.slot.start),
                "table": m.table,
                "with": other.name,
                "outcome": m.outcome,
                "own_rating": m.corporate_rating if corporate else m.startup_rating,
                "own_next_step": m.corporate_next_step if corporate else m.startup_next_step,
            }
        )
    return out


def _requests_of(participant: Participant) -> list[dict[str, Any]]:
    requests = MeetingRequest.objects.filter(
        Q(corporate=participant) | Q(startup=participant)
    ).select_related("corporate", "startup")
    out = []
    for r in requests:
        corporate = r.corporate_id == participant.pk
        out.append(
            {
                "with": (r.startup if corporate else r.corporate).name,
                "own_interest": r.corporate_interest if corporate else r.startup_interest,
                "cancelled": r.cancelled,
            }
        )
    return out


def _export(person: Person) -> dict[str, list[dict[str, Any]]]:
    participations = []
    for p in _participants_of(person).select_related("event"):
        record = _participant_record(p)
        record["meeting_requests"] = _requests_of(p)
        record["meetings"] = _meetings_of(p)
        participations.append(record)
    invitations = ParticipantInvitation.objects.filter(email__iexact=person.email) if person.email else []
    if person.workspace is not None and person.email:
        invitations = invitations.filter(participant__event__workspace=person.workspace)
    return {
        "event_participations": participations,
        "participant_invitations": [
            {
                "event": i.participant.event.name,
                "email": i.email,
                "sent": plain(i.created_at),
                "accepted": plain(i.accepted_at),
            }
            for i in (invitations.select_related("participant__event") if person.email else [])
        ],
    }


def _blank(participant: Participant, *, label: str, needles: list[str]) -> None:
    """Remove the participant's personal fields; keep the row under `label`."""
    old_email = participant.email
    participant.name = label
    participant.contact_name = ""
    participant.email = ""
    participant.needs = ""
    participant.application = ""
    participant.profile = ""
    participant.website = ""
    participant.organisation = None
    participant.need = None
    participant.account = None
    participant.save()
    if old_email:
        ParticipantInvitation.objects.filter(email__iexact=old_email).update(
            email=pseudonymous_email(old_email)
        )
    for request in MeetingRequest.objects.filter(Q(corporate=participant) | Q(startup=participant)).exclude(
        note=""
    ):
        request.note = scrub_text(request.note, needles, label)[:300]
        request.save(update_fields=["note"])
    meetings = Meeting.objects.filter(Q(request__corporate=participant) | Q(request__startup=participant))
    for meeting in meetings.exclude(outcome_note=""):
        meeting.outcome_note = scrub_text(meeting.outcome_note, needles, label)[:300]
        meeting.save(update_fields=["outcome_note"])
    # printed agendas and table cards name every participant: they are made again on request
    for job in PrintJob.objects.filter(event=participant.event):
        if job.file:
            name, storage = job.file.name, job.file.storage
            transaction.on_commit(lambda n=name, s=storage: s.delete(n))
        job.delete()


def _erase_for_user(person: Person) -> None:
    """An account erased: its participations lose the contact person and the account link."""
    participants = list(_participants_of(person))
    person.add_names(*(p.contact_name for p in participants))
    for participant in participants:
        participant.contact_name = ""
        participant.email = ""
        participant.account = None
        participant.save(update_fields=["contact_name", "email", "account"])
    if person.email:
        ParticipantInvitation.objects.filter(email__iexact=person.email).update(
            email=pseudonymous_email(person.email)
        )
    for request in MeetingRequest.objects.exclude(note=""):
        scrubbed = scrub_text(request.note, person.needles, person.label)
        if scrubbed != request.note:
            request.note = scrubbed[:300]
            request.save(update_fields=["note"])


register_personal_data(PersonalDataHandler("events", erase=_erase_for_user, export=_export, order=40))


@transaction.atomic
def erase_participant(*, by: User | None, participant: Participant) -> str:
    """Erase one participant's personal data (the organiser's action); returns the pseudonym."""
    key = participant.email or f"participant:{participant.pk}"
    label = participant_label(person_tag(key))
    needles = [participant.name, participant.contact_name, participant.email]
    person = Person(
        email=participant.email,
        names=[n for n in (participant.name, participant.contact_name) if n],
        label=label,
        workspace=participant.event.workspace,
    )
    scrub_everywhere(person)
    scrub_audit(person, about=("events.Participant", participant.pk))
    _blank(participant, label=label, needles=needles)
    record_erasure(
        by=by,
        model="events.Participant",
        object_id=participant.pk,
        label=label,
        workspace=participant.event.workspace,
    )
    return label


def export_participant(*, by: User | None, participant: Participant) -> dict[str, Any]:
    """What the event stores about one participant, for the organiser to hand over on request."""
    from kyoso.accounts.privacy import _gather

    person = Person(
        email=participant.email,
        names=[participant.contact_name] if participant.contact_name else [],
        workspace=participant.event.workspace,
    )
    record = _participant_record(participant)
    record["meeting_requests"] = _requests_of(participant)
    record["meetings"] = _meetings_of(participant)
    if not participant.email:
        return {"person": {"email": ""}, "event_participations": [record]}
    data = _gather(person, by=by)
    if not any(
        p["code"] == participant.code and p["event"] == participant.event.name
        for p in data["event_participations"]
    ):
        data["event_participations"].insert(0, record)
    return data

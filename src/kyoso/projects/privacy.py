"""Personal data in projects (APPI): stakeholders, sponsors, owners named in text, partner access.

Records a person wrote (log entries, comments, decisions, documents) stay with the project: they
belong to the collaboration record. Their author is the account row, which shows the pseudonym
once the account is erased; where the person's name was typed as text it is replaced by it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from kyoso.core.personal_data import (
    Person,
    PersonalDataHandler,
    plain,
    pseudonymous_email,
    register_personal_data,
    scrub_text,
)
from kyoso.projects.models import (
    Document,
    LogEntry,
    Milestone,
    Note,
    PartnerAccess,
    PartnerInvitation,
    Project,
    Stakeholder,
)


def _in_workspace(queryset: Any, person: Person, path: str = "project__workspace") -> Any:
    return queryset.filter(**{path: person.workspace}) if person.workspace is not None else queryset


def _names(person: Person) -> list[str]:
    return [n for n in person.names if n and len(n.strip()) >= 2]


def _erase(person: Person) -> None:
    user, names, label = person.user, _names(person), person.label
    name_query = Q(pk__in=[])
    for name in names:
        name_query |= Q(name__iexact=name)
    stakeholders = Stakeholder.objects.filter(
        name_query | (Q(user=user) if user is not None else Q(pk__in=[]))
    )
    _in_workspace(stakeholders, person).update(name=label)
    if user is not None:
        _in_workspace(Project.objects.filter(sponsor_user=user), person, "workspace").update(sponsor_name="")
        _in_workspace(Milestone.objects.filter(owner=user), person).update(owner_name="")
        _in_workspace(PartnerAccess.objects.filter(user=user, revoked_at__isnull=True), person).update(
            revoked_at=timezone.now()
        )
    for name in names:
        _in_workspace(Project.objects.filter(sponsor_name__iexact=name), person, "workspace").update(
            sponsor_name=label
        )
        _in_workspace(Project.objects.filter(comm_partner_owner__iexact=name), person, "workspace").update(
            comm_partner_owner=label
        )
        _in_workspace(Milestone.objects.filter(owner_name__iexact=name), person).update(owner_name=label)
    if person.email:
        _in_workspace(PartnerInvitation.objects.filter(email__iexact=person.email), person).update(
            email=pseudonymous_email(person.email)
        )
    _scrub(person)


def _scrub(person: Person) -> None:
    """The person's name typed into log entries, attendee lists and comments."""
    names, label = _names(person), person.label
    for name in names:
        entries = LogEntry.objects.filter(Q(note__icontains=name) | Q(attendees__icontains=name))
        for entry in _in_workspace(entries, person):
            entry.note = scrub_text(entry.note, names, label)
            entry.attendees = scrub_text(entry.attendees, names, label)[:300]
            entry.save(update_fields=["note", "attendees"])
        for note in _in_workspace(Note.objects.filter(body__icontains=name), person):
            note.body = scrub_text(note.body, names, label)
            note.save(update_fields=["body"])


def _documents(person: Person) -> Any:
    if person.user is None:
        return Document.objects.none()
    return _in_workspace(Document.objects.filter(uploaded_by=person.user), person)


def _export(person: Person) -> dict[str, list[dict[str, Any]]]:
    user = person.user
    out: dict[str, list[dict[str, Any]]] = {}
    if user is None:
        return {
            "partner_invitations": [
                {
                    "project": i.project.title,
                    "email": i.email,
                    "sent": plain(i.created_at),
                    "accepted": plain(i.accepted_at),
                }
                for i in _in_workspace(
                    PartnerInvitation.objects.filter(email__iexact=person.email), person
                ).select_related("project")
            ]
            if person.email
            else []
        }
    out["partner_access"] = [
        {
            "project": a.project.title,
            "organisation": a.organisation_name,
            "since": plain(a.created_at),
            "revoked": plain(a.revoked_at),
        }
        for a in _in_workspace(PartnerAccess.objects.filter(user=user), person).select_related("project")
    ]
    out["partner_invitations"] = [
        {
            "project": i.project.title,
            "email": i.email,
            "sent": plain(i.created_at),
            "accepted": plain(i.accepted_at),
        }
        for i in _in_workspace(
            PartnerInvitation.objects.filter(email__iexact=person.email), person
        ).select_related("project")
    ]
    out["stakeholder_entries"] = [
        {
            "project": s.project.title,
            "name": s.name,
            "acknowledged_on": plain(s.acknowledged_on),
            "comment": s.comment,
        }
        for s in _in_workspace(Stakeholder.objects.filter(user=user), person).select_related("project")
    ]
    out["log_entries_written"] = [
        {"project": e.project.title, "date": plain(e.date), "kind": e.kind, "note": e.note}
        for e in _in_workspace(LogEntry.objects.filter(author=user), person).select_related("project")
    ]
    out["comments_written"] = [
        {"project": n.project.title, "body": n.body, "at": plain(n.created_at)}
        for n in _in_workspace(Note.objects.filter(author=user), person).select_related("project")
    ]
    out["documents_uploaded"] = [
        {
            "project": d.project.title,
            "name": d.name,
            "uploaded_at": plain(d.uploaded_at),
            "file": f"files/{d.pk}-{d.name}",
        }
        for d in _documents(person).select_related("project")
    ]
    return out


def _files(person: Person) -> list[tuple[str, Any]]:
    return [(f"{d.pk}-{d.name}", d.file) for d in _documents(person) if d.file]


register_personal_data(
    PersonalDataHandler("projects", erase=_erase, export=_export, files=_files, scrub=_scrub, order=50)
)

"""Personal data in outgoing e-mail (APPI): messages to a person, and names inside other messages."""

from __future__ import annotations

from typing import Any

from kyoso.core.personal_data import (
    Person,
    PersonalDataHandler,
    mentions,
    plain,
    register_personal_data,
    scrub_text,
)
from kyoso.outbox.models import OutboxMessage


def _to(person: Person) -> Any:
    if not person.email:
        return OutboxMessage.objects.none()
    found = OutboxMessage.objects.filter(to_email__iexact=person.email)
    if person.workspace is not None:
        found = found.filter(workspace=person.workspace)
    return found


def forget_recipient(person: Person) -> None:
    """Delete the messages sent to the person; take their name and address out of the others."""
    _to(person).delete()
    others = OutboxMessage.objects.all()
    if person.workspace is not None:
        others = others.filter(workspace=person.workspace)
    for needle in person.needles:
        if not needle or len(needle.strip()) < 2:
            continue
        for message in (
            others.filter(body__icontains=needle.strip())
            | others.filter(subject__icontains=needle.strip())
            | others.filter(to_name__icontains=needle.strip())
        ):
            if not mentions([message.subject, message.body, message.to_name], person.needles):
                continue
            message.subject = scrub_text(message.subject, person.needles, person.label)[:300]
            message.body = scrub_text(message.body, person.needles, person.label)
            message.to_name = scrub_text(message.to_name, person.needles, person.label)[:200]
            message.save(update_fields=["subject", "body", "to_name"])


def _export(person: Person) -> dict[str, list[dict[str, Any]]]:
    return {
        "emails_to_the_person": [
            {
                "to": m.to_email,
                "name": m.to_name,
                "subject": m.subject,
                "body": m.body,
                "status": m.status,
                "queued": plain(m.created_at),
                "sent": plain(m.sent_at),
            }
            for m in _to(person).order_by("created_at")
        ]
    }


register_personal_data(
    PersonalDataHandler("outbox", erase=forget_recipient, export=_export, scrub=forget_recipient, order=90)
)

"""Personal data of contact persons in the partner directory (APPI): erasure and disclosure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from kyoso.accounts.models import User
from kyoso.accounts.privacy import record_erasure, scrub_audit
from kyoso.core.personal_data import (
    Person,
    PersonalDataHandler,
    person_tag,
    plain,
    register_personal_data,
    scrub_everywhere,
)
from kyoso.partners.models import Contact


def contact_label(tag: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return _("Deleted contact #%(tag)s") % {"tag": tag}


def _contacts(person: Person) -> Any:
    if not person.email:
        return Contact.objects.none()
    found = Contact.objects.filter(email__iexact=person.email)
    if person.workspace is not None:
        found = found.filter(organisation__workspace=person.workspace)
    return found


def _blank(contact: Contact, label: str) -> None:
    contact.name = label
    contact.title = ""
    contact.email = ""
    contact.phone = ""
    contact.note = ""
    contact.save()


def _erase(person: Person) -> None:
    contacts = list(_contacts(person))
    # the directory may know the person under another spelling; later handlers scrub it too
    person.add_names(*(c.name for c in contacts))
    for contact in contacts:
        _blank(contact, person.label)


def _record(c: Contact) -> dict[str, Any]:
    return {
        "organisation": c.organisation.name,
        "name": c.name,
        "title": c.title,
        "email": c.email,
        "phone": c.phone,
        "note": c.note,
        "added": plain(c.created_at),
    }


def _export(person: Person) -> dict[str, list[dict[str, Any]]]:
    return {"directory_contacts": [_record(c) for c in _contacts(person).select_related("organisation")]}


register_personal_data(PersonalDataHandler("partners", erase=_erase, export=_export, order=30))


@transaction.atomic
def erase_contact(*, by: User | None, contact: Contact) -> str:
    """Erase one contact person of an organisation (the workspace's action); returns the pseudonym."""
    label = contact_label(person_tag(contact.email or f"contact:{contact.pk}"))
    workspace = contact.organisation.workspace
    person = Person(email=contact.email, names=[contact.name], label=label, workspace=workspace)
    scrub_everywhere(person)
    scrub_audit(person, about=("partners.Contact", contact.pk))
    _blank(contact, label)
    record_erasure(by=by, model="partners.Contact", object_id=contact.pk, label=label, workspace=workspace)
    return label


def export_contact(*, by: User | None, contact: Contact) -> dict[str, Any]:
    """What the workspace stores about one contact person."""
    from kyoso.accounts.privacy import _gather

    if not contact.email:
        return {"person": {"email": ""}, "directory_contacts": [_record(contact)]}
    person = Person(email=contact.email, names=[contact.name], workspace=contact.organisation.workspace)
    return _gather(person, by=by)

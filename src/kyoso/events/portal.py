"""The participant portal: how a participant's contact gets an account, and what that account reaches.

A participant (a startup that registered through the public form, or any
participant the organiser invites) links a Kyoso account through a single-use
e-mailed link. The account then reaches exactly the participations linked to
it and the other side's public catalogue of those events, never the
organiser's workspace: the participant audience of the scoping mechanism
(`for_participant`), read through `kyoso.events.selectors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction, Workspace, hash_token
from kyoso.core import limits
from kyoso.core.errors import DomainError
from kyoso.core.safe_urls import clean_web_url
from kyoso.events.models import Event, EventStatus, Participant, ParticipantInvitation, Side
from kyoso.outbox import services as outbox

if TYPE_CHECKING:
    from kyoso.accounts.models import User

# Participants mark interest while the organiser is still collecting it; once the schedule is
# published, changes go through the organiser so published agendas do not shift under people.
INTEREST_OPEN = (EventStatus.REGISTRATION, EventStatus.SCHEDULING)


def interest_open(event: Event) -> bool:
    return event.status in INTEREST_OPEN


def _link(token: str) -> str:
    return audit.absolute_url(reverse("events:portal_join", args=[token]))


@transaction.atomic
def invite_participant(
    *,
    participant: Participant,
    by: User | None,
    registration: bool = False,
) -> ParticipantInvitation:
    """E-mail the participant's contact a link to the portal; earlier pending links stop working.

    registration=True: the mail is also the confirmation of a public registration.
    """
    email = participant.email.strip().lower()
    if not email:
        raise DomainError(_("This participant has no e-mail address to invite."), field="email")
    if participant.account_id is not None:
        raise DomainError(_("This participant already has a portal account."), field="email")
    if participant.withdrawn:
        raise DomainError(_("This participant has withdrawn."), field="email")
    if by is not None:
        # an organiser's invitation (registration confirmations have their own limit, on the form)
        workspace = participant.event.workspace
        Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
        limits.hourly_cap(
            ParticipantInvitation.objects.filter(
                participant__event__workspace=workspace, invited_by__isnull=False
            ),
            setting="KYOSO_PARTICIPANT_INVITATIONS_PER_HOUR",
            message=_(
                "This workspace has sent %(limit)s participant page invitations in the last hour, the "
                "most allowed. Try again in %(minutes)s minutes."
            ),
        )
    now = timezone.now()
    ParticipantInvitation.objects.filter(participant=participant, accepted_at__isnull=True).update(
        revoked_at=now
    )
    token, token_hash, expires = ParticipantInvitation.new_token_and_expiry()
    invitation = ParticipantInvitation.objects.create(
        participant=participant, email=email, token_hash=token_hash, invited_by=by, expires_at=expires
    )
    link = _link(token)
    language = participant.language or (by.language if by is not None else settings.LANGUAGE_CODE[:2])
    invitation.language = language
    invitation.save(update_fields=["language"])
    _send(participant, invitation, link, registration=registration)
    if by is not None:
        audit.record(
            actor=by,
            action=AuditAction.INVITE,
            obj=participant,
            workspace=participant.event.workspace,
            changes={"email": email, "portal": True},
        )
    return invitation


def _send(
    participant: Participant, invitation: ParticipantInvitation, link: str, *, registration: bool
) -> None:
    """Queue the invitation (or registration confirmation) in the outbox, in the participant's language."""
    language = invitation.language
    event = participant.event
    context = {
        "event": event,
        "participant": participant,
        "link": link,
        "days": settings.KYOSO_INVITATION_DAYS,
    }
    with translation.override(language):
        if registration:
            subject = _("Registration received: %(event)s") % {"event": event.name}
            body = render_to_string("events/email/registration.txt", context)
        else:
            subject = _("Your participant page for %(event)s") % {"event": event.name}
            body = render_to_string("events/email/portal_invitation.txt", context)
    outbox.send_one(
        workspace=event.workspace,
        kind="portal_invitation",
        key=f"portal_invitation:{invitation.pk}",
        to_email=invitation.email,
        to_name=participant.contact_name,
        language=language,
        subject=subject,
        body=body,
    )


def find_invitation(token: str) -> ParticipantInvitation:
    invitation = (
        ParticipantInvitation.objects.select_related("participant__event__workspace")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if invitation is None:
        raise DomainError(_("This invitation link is not valid."))
    if invitation.revoked_at is not None:
        raise DomainError(
            _("This invitation was replaced by a newer one. Use the link in the latest e-mail.")
        )
    return check_usable_invitation(invitation)


def check_usable_invitation(invitation: ParticipantInvitation) -> ParticipantInvitation:
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used. Log in to continue."))
    if invitation.declined_at is not None:
        raise DomainError(_("This invitation was declined. Ask the organiser to send a new one."))
    if invitation.is_expired:
        raise DomainError(_("This invitation has expired. Ask the organiser to send a new one."))
    if invitation.participant.withdrawn:
        raise DomainError(_("This participant has withdrawn."))
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, by: User) -> Participant:
    return accept_found_invitation(invitation=find_invitation(token), by=by)


@transaction.atomic
def accept_found_invitation(*, invitation: ParticipantInvitation, by: User) -> Participant:
    """The account `by` accepts an invitation already read (by its link, or from the invitations list)."""
    invitation = (
        ParticipantInvitation.objects.select_for_update().select_related("participant").get(pk=invitation.pk)
    )
    if invitation.revoked_at is not None:
        raise DomainError(
            _("This invitation was replaced by a newer one. Use the link in the latest e-mail.")
        )
    check_usable_invitation(invitation)
    participant = (
        Participant.objects.select_for_update().select_related("event").get(pk=invitation.participant_id)
    )
    if participant.account_id is not None and participant.account_id != by.pk:
        raise DomainError(_("This participant already has a portal account."))
    participant.account = by
    participant.save(update_fields=["account"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(
        actor=by,
        action=AuditAction.JOIN,
        obj=participant,
        workspace=participant.event.workspace,
        changes={"portal": True},
    )
    return participant


PROFILE_FIELDS = ("contact_name", "website", "profile", "application", "needs")


@transaction.atomic
def update_profile(*, participant: Participant, by: User, **fields: str) -> Participant:
    """The participant keeps its own catalogue entry up to date until the schedule is published."""
    if not interest_open(participant.event):
        raise DomainError(_("The schedule is published; ask the organiser to change your entry."), field=None)
    changes: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in PROFILE_FIELDS:
            raise DomainError(_("Unknown field."), field=name)
        value = (value or "").strip()
        if name == "website":
            value = clean_web_url(value, field=name, assume_scheme=True)
        if getattr(participant, name) != value:
            changes[name] = [getattr(participant, name), value]
            setattr(participant, name, value)
    if participant.side == Side.STARTUP and not participant.application:
        raise DomainError(_("Describe what you offer."), field="application")
    if changes:
        participant.save(update_fields=list(changes))
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=participant,
            workspace=participant.event.workspace,
            changes=changes,
        )
    return participant

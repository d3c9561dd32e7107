"""Writes for users, workspaces, memberships and invitations."""

from __future__ import annotations

import secrets
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kyoso.accounts import audit
from kyoso.accounts.models import (
    AuditAction,
    Invitation,
    InvitationBase,
    Language,
    Membership,
    Role,
    User,
    Workspace,
    hash_token,
)
from kyoso.core import limits
from kyoso.core.errors import DomainError
from kyoso.outbox import services as outbox

InvitationT = TypeVar("InvitationT", bound=InvitationBase)

# Workspace and shared-space invitations mail an address the inviter typed (anyone can own a
# workspace by signing up): at most KYOSO_INVITATIONS_PER_HOUR of each per workspace.
INVITATION_LIMIT_MESSAGE = gettext_lazy(
    "This workspace has sent %(limit)s invitations in the last hour, the most allowed. "
    "Try again in %(minutes)s minutes."
)


def _unique_slug(name: str) -> str:
    base = slugify(name)[:40] or "ws"
    slug = base
    while Workspace.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


@transaction.atomic
def create_workspace(*, name: str, by: User, slug: str | None = None) -> Workspace:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the workspace a name."), field="name")
    if slug and Workspace.objects.filter(slug=slug).exists():
        raise DomainError(_("This short name is already taken."), field="slug")
    workspace = Workspace.objects.create(name=name, slug=slug or _unique_slug(name))
    Membership.objects.create(workspace=workspace, user=by, role=Role.OWNER)
    audit.record(actor=by, action=AuditAction.CREATE, obj=workspace)
    return workspace


@transaction.atomic
def rename_workspace(*, workspace: Workspace, name: str, by: User) -> Workspace:
    name = name.strip()
    if not name:
        raise DomainError(_("Give the workspace a name."), field="name")
    old = workspace.name
    workspace.name = name
    workspace.save(update_fields=["name", "updated_at"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=workspace, changes={"name": [old, name]})
    return workspace


@transaction.atomic
def invite_member(
    *, workspace: Workspace, email: str, role: str, by: User, language: str = ""
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link (in `language`, else the inviter's). Returns both."""
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise DomainError(_("Enter a valid e-mail address."), field="email") from None
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."), field="role")
    language = language or by.language
    if language not in Language.values:
        raise DomainError(_("Choose Japanese or English for the e-mail."), field="language")
    if Membership.objects.filter(workspace=workspace, user__email=email).exists():
        raise DomainError(_("This person is already a member of the workspace."), field="email")
    # The web page and the API both come here, so they share one allowance; the workspace row is
    # locked so that parallel requests are counted one after the other.
    Workspace.objects.select_for_update().filter(pk=workspace.pk).first()
    limits.hourly_cap(
        Invitation.objects.filter(workspace=workspace),
        setting="KYOSO_INVITATIONS_PER_HOUR",
        message=INVITATION_LIMIT_MESSAGE,
    )
    # A new invitation replaces an older pending one for the same address.
    Invitation.objects.filter(workspace=workspace, email=email, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token, token_hash, expires = Invitation.new_token_and_expiry()
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_hash=token_hash,
        invited_by=by,
        expires_at=expires,
        language=language,
    )
    link = audit.absolute_url(reverse("accounts:accept_invitation", args=[token]))
    with translation.override(language):
        subject = _("%(name)s invites you to %(workspace)s on Kyoso") % {
            "name": by.display_name,
            "workspace": workspace.name,
        }
        body = render_to_string(
            "accounts/email/invitation.txt",
            {"invitation": invitation, "link": link, "inviter": by},
        )
    outbox.send_one(
        workspace=workspace,
        kind="invitation",
        key=f"invitation:{invitation.pk}",
        to_email=email,
        language=language,
        subject=subject,
        body=body,
    )
    audit.record(actor=by, action=AuditAction.INVITE, obj=invitation)
    return invitation, link


def find_usable_invitation(queryset: QuerySet[InvitationT], token: str) -> InvitationT:
    """The invitation in `queryset` behind `token`, or a DomainError saying why it cannot be used.

    Workspace and partner (shared-space) invitations share this check.
    """
    invitation = queryset.filter(token_hash=hash_token(token)).first()
    if invitation is None or invitation.revoked_at is not None:
        raise DomainError(_("This invitation link is not valid. Ask for a new one."))
    return check_usable(invitation)


def check_usable(invitation: InvitationT) -> InvitationT:
    """The invitation itself, or a DomainError saying why it can no longer be accepted or declined."""
    if invitation.revoked_at is not None:
        raise DomainError(_("This invitation link is not valid. Ask for a new one."))
    if invitation.accepted_at is not None:
        raise DomainError(_("This invitation has already been used. Log in to continue."))
    if invitation.declined_at is not None:
        raise DomainError(_("This invitation was declined. Ask the person who invited you for a new one."))
    if invitation.is_expired:
        raise DomainError(_("This invitation has expired. Ask the person who invited you for a new one."))
    return invitation


def find_invitation(token: str) -> Invitation:
    return find_usable_invitation(Invitation.objects.select_related("workspace", "invited_by"), token)


@transaction.atomic
def accept_invitation(*, token: str, by: User) -> Membership:
    # Lock the row so the same link cannot be accepted twice concurrently.
    return accept_found_invitation(invitation=find_invitation(token), by=by)


@transaction.atomic
def accept_found_invitation(*, invitation: Invitation, by: User) -> Membership:
    """The account `by` accepts an invitation already read (by its link, or from the invitations list)."""
    invitation = check_usable(
        Invitation.objects.select_for_update().select_related("workspace").get(pk=invitation.pk)
    )
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=by, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = by
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        audit.record(actor=by, action=AuditAction.JOIN, obj=membership)
    return membership


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, by: User) -> None:
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    audit.record(actor=by, action=AuditAction.DELETE, obj=invitation)


def _owner_count(workspace: Workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=Role.OWNER).count()


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> Membership:
    if role not in Role.values:
        raise DomainError(_("Choose one of the roles."), field="role")
    # Lock the workspace's owners so two demotions cannot both pass the last-owner check.
    list(Membership.objects.select_for_update().filter(workspace=membership.workspace, role=Role.OWNER))
    if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(membership.workspace) <= 1:
        raise DomainError(_("The last owner cannot be demoted. Make someone else owner first."), field="role")
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=membership, changes={"role": [old, role]})
    return membership


@transaction.atomic
def remove_member(*, membership: Membership, by: User) -> None:
    list(Membership.objects.select_for_update().filter(workspace=membership.workspace, role=Role.OWNER))
    if membership.role == Role.OWNER and _owner_count(membership.workspace) <= 1:
        raise DomainError(_("The last owner cannot leave the workspace. Make someone else owner first."))
    action = AuditAction.LEAVE if membership.user_id == by.pk else AuditAction.DELETE
    audit.record(actor=by, action=action, obj=membership, object_repr=str(membership))
    membership.delete()


@transaction.atomic
def set_mfa_required(*, workspace: Workspace, required: bool, by: User) -> Workspace:
    """Whether members need a second factor to open the workspace. An owner turning it on must have one."""
    from allauth.mfa.utils import is_mfa_enabled

    if required and not is_mfa_enabled(by):
        raise DomainError(
            _("Set up two-factor authentication for yourself first, so you keep access to the workspace."),
            field="mfa_required",
        )
    old = workspace.mfa_required
    if old == required:
        return workspace
    workspace.mfa_required = required
    workspace.save(update_fields=["mfa_required", "updated_at"])
    audit.record(
        actor=by, action=AuditAction.UPDATE, obj=workspace, changes={"mfa_required": [old, required]}
    )
    return workspace


@transaction.atomic
def end_sessions(*, membership: Membership, by: User) -> int:
    """Sign a member out everywhere (every browser session they have). Returns how many ended."""
    from allauth.usersessions.models import UserSession

    sessions = list(UserSession.objects.filter(user=membership.user))
    for session in sessions:
        session.end()
    audit.record(
        actor=by,
        action=AuditAction.UPDATE,
        obj=membership,
        object_repr=str(membership),
        changes={"sessions_ended": len(sessions)},
    )
    return len(sessions)


@transaction.atomic
def update_profile(*, by: User, name: str, language: str) -> User:
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose Japanese or English."), field="language")
    by.name = name.strip()
    by.language = language
    by.save(update_fields=["name", "language"])
    return by


def workspaces_of(user: Any) -> list[Workspace]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Workspace.objects.filter(memberships__user=user).order_by("name"))


@transaction.atomic
def decline_invitation(*, invitation: InvitationBase, by: User) -> None:
    """The invited account says no: the invitation (and its e-mailed link) stops working."""
    invitation = type(invitation)._default_manager.select_for_update().get(pk=invitation.pk)
    if invitation.email.strip().casefold() != by.email.strip().casefold():
        raise DomainError(_("This invitation was sent to another address."))
    check_usable(invitation)
    invitation.declined_at = timezone.now()
    invitation.save(update_fields=["declined_at"])
    audit.record(actor=by, action=AuditAction.UPDATE, obj=invitation, changes={"declined": True})


# Erasure, disclosure and audit retention (APPI) live in their own module; re-exported here so
# views and commands write through `services` like everywhere else.
from kyoso.accounts.privacy import (  # noqa: E402, F401
    erase_user,
    erase_workspace,
    export_file,
    export_person,
    export_user_file,
    prune_audit,
)


def release_unconfirmed_claims(email: str) -> int:
    """Drop other accounts' unconfirmed extra claims on `email`; returns how many.

    Adding an address to one's account proves nothing until its confirmation link is followed. Left
    in place, such a claim would make the address "taken": its real holder could neither sign up nor
    accept an invitation, and a password reset for it would go to the claimant's account. A sign-up
    or invitation for the address therefore wins over a claim nobody confirmed. An account's own
    address (`User.email`) is never dropped.
    """
    from allauth.account.models import EmailAddress

    claims = EmailAddress.objects.filter(email__iexact=email, verified=False, primary=False).exclude(
        user__email__iexact=email
    )
    return claims.delete()[0]

"""Reads of accounts: the workspaces a user belongs to and the workspace's audit log."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from kyoso.accounts.inbox import InvitationKind, invitation_kind, invitation_kinds
from kyoso.accounts.models import AuditEvent, Membership, Workspace


def member_workspace(user: Any, pk: int) -> Workspace | None:
    """The workspace `pk` if `user` is a member of it."""
    return Workspace.objects.for_member(user, Workspace(pk=pk)).first()


def member_workspace_by_slug(user: Any, slug: str) -> Workspace | None:
    return Workspace.objects.filter(slug=slug, memberships__user=user).first()


def memberships_of(user: Any, *, workspace_id: int | None = None) -> QuerySet[Membership]:
    """The user's own memberships (optionally only the one in `workspace_id`), by workspace name."""
    memberships = Membership.objects.filter(user=user).select_related("workspace").order_by("workspace__name")
    if workspace_id is not None:
        memberships = memberships.filter(workspace_id=workspace_id)
    return memberships


def users_with_mfa(user_ids: list[int]) -> set[int]:
    """Which of these users have a second factor (an authenticator app or a security key)."""
    from allauth.mfa.models import Authenticator

    return set(
        Authenticator.objects.filter(
            user_id__in=user_ids, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).values_list("user_id", flat=True)
    )


def session_counts(user_ids: list[int]) -> dict[int, int]:
    """How many browser sessions each of these users has open."""
    from allauth.usersessions.models import UserSession
    from django.db.models import Count

    rows = UserSession.objects.filter(user_id__in=user_ids).values("user_id").annotate(n=Count("id"))
    return {row["user_id"]: row["n"] for row in rows}


def audit_events(user: Any, workspace: Workspace | None) -> QuerySet[AuditEvent]:
    """The workspace's audit log, for the pages and the API that filter it (owners only: the callers check)."""
    return AuditEvent.objects.for_member(user, workspace)  # type: ignore[attr-defined, no-any-return]


def _addressed_to(user: Any, kind: InvitationKind) -> QuerySet[Any]:
    """The kind's invitations sent to the account's own address: the one it signed up and logs in with
    (confirmed by the sign-up or invitation link that created the account)."""
    return kind.model._default_manager.filter(email__iexact=user.email.strip())


def _pending(user: Any, kind: InvitationKind) -> QuerySet[Any]:
    return _addressed_to(user, kind).filter(
        kind.still_open,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        declined_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def pending_invitations(user: Any) -> list[dict[str, Any]]:
    """Invitations waiting for the logged-in account, newest first, across every registered kind."""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return []
    rows = []
    for kind in invitation_kinds():
        for invitation in _pending(user, kind).select_related("invited_by", *kind.related)[:50]:
            rows.append({"kind": kind, "invitation": invitation, "target": kind.target(invitation)})
    rows.sort(key=lambda row: row["invitation"].created_at, reverse=True)
    return rows


def pending_invitation_count(user: Any) -> int:
    """How many invitations wait for the account (the menu's badge), in one query."""
    if not getattr(user, "is_authenticated", False) or not user.email:
        return 0
    querysets = [_pending(user, kind).order_by().values_list("pk") for kind in invitation_kinds()]
    if not querysets:
        return 0
    first, *rest = querysets
    return first.union(*rest, all=True).count() if rest else first.count()


def invitation_addressed_to(user: Any, kind_key: str, pk: int) -> tuple[InvitationKind, Any] | None:
    """One invitation sent to the account's address (pending or not), or None: someone else's
    invitation is not found, whoever asks."""
    kind = invitation_kind(kind_key)
    if kind is None or not getattr(user, "is_authenticated", False) or not user.email:
        return None
    invitation = _addressed_to(user, kind).select_related(*kind.related).filter(pk=pk).first()
    return None if invitation is None else (kind, invitation)


def holders_of_address(users: list[Any], email: str) -> list[Any]:
    """The accounts that really hold `email`: it is their own address, or one they confirmed.

    A password reset goes only to these: an address someone added to their account without
    confirming it must not route the holder's reset to that account.
    """
    from allauth.account.models import EmailAddress

    confirmed = set(
        EmailAddress.objects.filter(email__iexact=email, verified=True, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    return [u for u in users if u.email.lower() == email.lower() or u.pk in confirmed]

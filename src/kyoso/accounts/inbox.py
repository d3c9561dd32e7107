"""The kinds of invitation an existing account sees in its invitations list (`/accounts/invitations/`).

Each app that sends invitations registers its kind in `AppConfig.ready()`, so accounts names no app
that may not be installed: the model, what the invitation is to (shown in the list) and how
accepting it is recorded (the app's own service, the same one its e-mailed link calls).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise


@dataclass(frozen=True)
class InvitationKind:
    key: str  # in the list's URLs
    label: str | Promise  # what kind of access it grants, e.g. "Shared project space"
    model: type[Any]  # an InvitationBase subclass
    target: Callable[[Any], str]  # the name of what the invitation is to (workspace, project, event)
    # accept(invitation, user, request) records the access and returns the URL to go to
    accept: Callable[[Any, Any, Any], str]
    related: tuple[str, ...] = ()
    still_open: Q = field(default_factory=Q)  # extra conditions for a pending one (e.g. not withdrawn)
    order: int = 100


_kinds: dict[str, InvitationKind] = {}


def register_invitation_kind(kind: InvitationKind) -> None:
    _kinds.setdefault(kind.key, kind)


def invitation_kinds() -> list[InvitationKind]:
    return sorted(_kinds.values(), key=lambda k: k.order)


def invitation_kind(key: str) -> InvitationKind | None:
    return _kinds.get(key)

"""The one place that decides which records a person may see.

Every model a user can reach declares a `scope` (where its workspace is,
where its project is, which field says whether the partner may see it) and
uses `ScopedManager`. Selectors (which views and API routes call) then ask
for records through three audiences and nothing else:

* `Model.objects.for_member(user, workspace)` — the workspace's own team;
  a user who is not a member of `workspace` gets nothing.
* `Model.objects.for_partner(user)` — a partner user (startup side): only
  records marked shared, only in projects whose shared space they were
  invited to. Models without a visibility field are never shown to partners
  unless the scope says the whole record is the shared space (a Project).
* `Model.objects.for_participant(user)` — an event participant's portal
  account: only records whose scope names a participant path, and only
  through the participants the events app says the account may see (its own
  participations and the other side's catalogue of those events).

`.shared_preview(user, workspace, project)` is a member's preview of what the
partner of `project` sees. `visible_to(user)` is the union of the audiences,
for generic checks such as the audit walk. Every queryset an audience returns
is marked `is_scoped`, so entry points can refuse one that skipped scoping.
Nothing here imports the apps that register models, so any app plugs in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from kyoso.accounts.models import User, Workspace

M = TypeVar("M", bound=models.Model)

SHARED = "shared"
INTERNAL = "internal"


class Visibility(models.TextChoices):
    INTERNAL = INTERNAL, _("Internal")
    SHARED = SHARED, _("Shared with partner")


@dataclass(frozen=True)
class Scope:
    """Where a model's boundaries are, as ORM paths from the model.

    workspace: path to the owning Workspace ("" when the model is Workspace).
    project: path to the Project whose shared space may expose the record
        ("" when the model is the Project); None = never visible to partners.
    visibility: name of the field holding internal/shared; None with a project
        path means every such record belongs to the shared space.
    participant: path to the event Participant through which a portal account
        may see the record ("" when the model is Participant); None = never.
    """

    workspace: str
    project: str | None = None
    visibility: str | None = None
    participant: str | None = None

    def workspace_lookup(self) -> str:
        return f"{self.workspace}__in" if self.workspace else "pk__in"

    def project_lookup(self) -> str:
        return f"{self.project}__in" if self.project else "pk__in"


# The projects app registers how to find the projects a partner user may enter.
_partner_projects: Callable[[Any], QuerySet[Any]] | None = None


def register_partner_access(func: Callable[[Any], QuerySet[Any]]) -> None:
    """`func(user)` returns a queryset of project ids (values_list) the user may enter as partner."""
    global _partner_projects
    _partner_projects = func


def partner_project_ids(user: Any) -> QuerySet[Any] | None:
    if _partner_projects is None or not getattr(user, "is_authenticated", False):
        return None
    return _partner_projects(user)


# The events app registers which participants a portal account may see.
_participant_access: Callable[[Any], QuerySet[Any]] | None = None


def register_participant_access(func: Callable[[Any], QuerySet[Any]]) -> None:
    """`func(user)` returns a queryset of participant ids (values) the portal account may see."""
    global _participant_access
    _participant_access = func


def participant_ids(user: Any) -> QuerySet[Any] | None:
    if _participant_access is None or not getattr(user, "is_authenticated", False):
        return None
    return _participant_access(user)


def member_workspace_ids(user: Any, workspace: Workspace | None = None) -> QuerySet[Any]:
    from kyoso.accounts.models import Membership

    memberships = Membership.objects.filter(user=user)
    if workspace is not None:
        memberships = memberships.filter(workspace=workspace)
    return memberships.values("workspace_id")


class ScopedQuerySet(QuerySet[M]):
    """A queryset that knows whether one of the audiences below narrowed it (`is_scoped`)."""

    is_scoped = False

    def _clone(self) -> ScopedQuerySet[M]:
        clone: ScopedQuerySet[M] = super()._clone()  # type: ignore[misc]
        clone.is_scoped = self.is_scoped
        return clone

    def _scoped(self) -> ScopedQuerySet[M]:
        clone = self._clone()
        clone.is_scoped = True
        return clone

    def _participant_condition(self, scope: Scope, ids: QuerySet[Any]) -> Q:
        if scope.participant == "":
            return Q(pk__in=ids)
        # a subquery, not a join: a reverse path must not repeat rows
        through = self.model._base_manager.filter(**{f"{scope.participant}__in": ids}).values("pk")
        return Q(pk__in=through)

    def _scope(self) -> Scope:
        scope = getattr(self.model, "scope", None)
        if not isinstance(scope, Scope):
            raise TypeError(f"{self.model.__name__} declares no Scope")
        return scope

    def for_member(self, user: User | Any, workspace: Workspace | None) -> ScopedQuerySet[M]:
        """Records of `workspace` if `user` is a member of it (any role)."""
        if workspace is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()._scoped()
        scope = self._scope()
        return self.filter(**{scope.workspace_lookup(): member_workspace_ids(user, workspace)})._scoped()

    def writable_by(self, user: User | Any, workspace: Workspace | None) -> ScopedQuerySet[M]:
        """Records of `workspace` if `user` holds a role there that may change them."""
        from kyoso.accounts.models import WRITE_ROLES, Membership

        if workspace is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()._scoped()
        scope = self._scope()
        ids = Membership.objects.filter(user=user, workspace=workspace, role__in=WRITE_ROLES).values(
            "workspace_id"
        )
        return self.filter(**{scope.workspace_lookup(): ids})._scoped()

    def for_partner(self, user: User | Any, project: Any = None) -> ScopedQuerySet[M]:
        """Shared records of the projects whose shared space `user` was invited to."""
        scope = self._scope()
        if scope.project is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()._scoped()
        project_ids = partner_project_ids(user)
        if project_ids is None:
            return self.none()._scoped()
        qs = self.filter(**{scope.project_lookup(): project_ids})
        if project is not None:
            qs = qs.filter(**{scope.project or "pk": project})
        if scope.visibility:
            qs = qs.filter(**{scope.visibility: SHARED})
        return qs._scoped()

    def within(self, **parent: models.Model) -> ScopedQuerySet[M]:
        """Children of a parent record the caller already reached through an audience.

        `ScheduleRun.objects.within(event=event)`: the event was read in scope, so are its runs.
        """
        if not parent or not all(isinstance(v, models.Model) and v.pk is not None for v in parent.values()):
            raise TypeError("within() takes parent records that were read in scope")
        return self.filter(**parent)._scoped()

    def shared_preview(
        self, user: User | Any, workspace: Workspace | None, project: Any
    ) -> ScopedQuerySet[M]:
        """What the partner of `project` sees, as a member of its workspace may preview it."""
        scope = self._scope()
        if scope.project is None:
            return self.none()._scoped()
        qs = self.for_member(user, workspace).filter(**{scope.project or "pk": project})
        if scope.visibility:
            qs = qs.filter(**{scope.visibility: SHARED})
        return qs

    def for_participant(self, user: User | Any) -> ScopedQuerySet[M]:
        """Records an event participant's portal account may see (see the module docstring)."""
        scope = self._scope()
        if scope.participant is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()._scoped()
        ids = participant_ids(user)
        if ids is None:
            return self.none()._scoped()
        return self.filter(self._participant_condition(scope, ids))._scoped()

    def visible_to(self, user: User | Any) -> ScopedQuerySet[M]:
        """Everything `user` may see anywhere: as member of any workspace, and as partner."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()._scoped()
        scope = self._scope()
        condition = Q(**{scope.workspace_lookup(): member_workspace_ids(user)})
        project_ids = partner_project_ids(user)
        if scope.project is not None and project_ids is not None:
            shared = Q(**{scope.project_lookup(): project_ids})
            if scope.visibility:
                shared &= Q(**{scope.visibility: SHARED})
            condition |= shared
        participants = participant_ids(user)
        if scope.participant is not None and participants is not None:
            condition |= self._participant_condition(scope, participants)
        return self.filter(condition)._scoped()


class ScopedManager(models.Manager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """Manager of every model that reaches users; see the module docstring."""


def scoped_models() -> list[type[models.Model]]:
    from django.apps import apps

    return [m for m in apps.get_models() if isinstance(getattr(m, "scope", None), Scope)]

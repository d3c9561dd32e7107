"""Weekly digest e-mail: per person, what needs attention in each workspace they belong to.

Sections, read per workspace (a fixed number of queries per workspace, never per person):
open early warnings, gates due in the next 14 days without a decision, overdue milestones,
and retrospectives written in the last 7 days. Everyone active in the workspace gets the
workspace's sections; one e-mail per person covers all their workspaces, in their language,
and people with nothing to report, or who unsubscribed, get none.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kyoso.accounts.models import Membership, User, Workspace
from kyoso.knowledge.models import Retrospective
from kyoso.outbox import services as outbox
from kyoso.projects.models import Gate, Milestone
from kyoso.reports.models import DigestSubscription
from kyoso.risk.models import RiskWarning
from kyoso.risk.selectors import open_warnings

GATE_HORIZON_DAYS = 14
RETRO_WINDOW_DAYS = 7
UNSUBSCRIBE_SALT = "kyoso.reports.digest.unsubscribe"
# Unsubscribe links stay valid long after the e-mail was sent.
UNSUBSCRIBE_MAX_AGE = dt.timedelta(days=365)


@dataclass
class WorkspaceDigest:
    workspace: Workspace
    warnings: list[RiskWarning] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    retrospectives: list[Retrospective] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.warnings or self.gates or self.milestones or self.retrospectives)


def unsubscribe_token(user: User | Any) -> str:
    return signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).sign(str(user.pk))


def user_from_token(token: str) -> User | None:
    """The user a genuine, unexpired token names; None for a tampered or expired one."""
    try:
        pk = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT).unsign(token, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not pk.isdigit():
        return None
    return User.objects.filter(pk=int(pk)).first()


def is_unsubscribed(user: User | Any) -> bool:
    return DigestSubscription.objects.filter(user=user, unsubscribed_at__isnull=False).exists()


def unsubscribe(user: User | Any) -> DigestSubscription:
    sub, _ = DigestSubscription.objects.get_or_create(user=user)
    if sub.unsubscribed_at is None:
        sub.unsubscribed_at = timezone.now()
        sub.save(update_fields=["unsubscribed_at"])
    return sub


def unsubscribe_url(user: User | Any) -> str:
    return settings.SITE_URL + reverse("reports:digest_unsubscribe", args=[unsubscribe_token(user)])


def collect(workspace: Workspace, today: dt.date | None = None) -> WorkspaceDigest:
    """The four sections of one workspace (four queries)."""
    today = today or timezone.localdate()
    warnings = open_warnings(RiskWarning.objects.filter(project__workspace=workspace, active=True))
    gates = (
        Gate.objects.filter(
            project__workspace=workspace,
            due__gte=today,
            due__lte=today + dt.timedelta(days=GATE_HORIZON_DAYS),
            decisions__isnull=True,
        )
        .select_related("project")
        .order_by("due", "project__title", "pk")
    )
    milestones = (
        Milestone.objects.filter(project__workspace=workspace, due__lt=today, done_on__isnull=True)
        .select_related("project")
        .order_by("due", "project__title", "pk")
    )
    since = timezone.now() - dt.timedelta(days=RETRO_WINDOW_DAYS)
    retros = (
        Retrospective.objects.filter(project__workspace=workspace, created_at__gte=since)
        .select_related("project")
        .order_by("-created_at", "-pk")
    )
    return WorkspaceDigest(
        workspace=workspace,
        warnings=list(warnings.order_by("project__title", "kind", "pk")),
        gates=list(gates),
        milestones=list(milestones),
        retrospectives=list(retros),
    )


def build(today: dt.date | None = None) -> dict[int, tuple[User, list[WorkspaceDigest]]]:
    """{user id: (user, non-empty workspace digests)} for every subscribed, active member."""
    opted_out = set(
        DigestSubscription.objects.filter(unsubscribed_at__isnull=False).values_list("user_id", flat=True)
    )
    memberships = (
        Membership.objects.filter(user__is_active=True)
        .exclude(user_id__in=opted_out)
        .select_related("user")
        .order_by("workspace_id", "user__email")
    )
    members: dict[int, list[User]] = {}
    for m in memberships:
        members.setdefault(m.workspace_id, []).append(m.user)
    result: dict[int, tuple[User, list[WorkspaceDigest]]] = {}
    for ws in Workspace.objects.filter(pk__in=members.keys()).order_by("name", "pk"):
        digest = collect(ws, today)
        if digest.empty:
            continue
        for user in members[ws.pk]:
            result.setdefault(user.pk, (user, []))[1].append(digest)
    return result


def render(user: User | Any, digests: list[WorkspaceDigest]) -> tuple[str, str]:
    lang = "en" if user.language == "en" else "ja"
    with translation.override(lang):
        context = {
            "user": user,
            "digests": [(d, [(w, w.message(lang)) for w in d.warnings]) for d in digests],
            "link": settings.SITE_URL + reverse("core:dashboard"),
            "unsubscribe_url": unsubscribe_url(user),
        }
        subject = render_to_string("reports/email/digest_subject.txt", context).strip()
        body = render_to_string("reports/email/digest.txt", context)
    return subject, body


def send_weekly_digests(today: dt.date | None = None) -> int:
    """Queue one digest e-mail per person with something to report in the outbox; returns the
    e-mails queued."""
    sent = 0
    for user, digests in build(today).values():
        subject, body = render(user, digests)
        url = unsubscribe_url(user)
        # RFC 2369 / RFC 8058: mail clients offer their own one-click unsubscribe button
        headers = {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        sent += outbox.send_one(
            workspace=digests[0].workspace if len(digests) == 1 else None,
            kind="weekly_digest",
            key=f"weekly_digest:{user.pk}:{uuid.uuid4().hex}",
            to_email=user.email,
            language="en" if user.language == "en" else "ja",
            subject=subject,
            body=body,
            headers=headers,
        )
    return sent

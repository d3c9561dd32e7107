"""Project -> snapshot -> diagnosis engine -> stored results and warnings.

When does a diagnosis run?

* On change: the projects app sends `project_changed` (and `stage_changed`,
  `gate_decided`) and the alignment app submits answers; after the
  transaction commits, `tasks.recompute_project` is enqueued (a background
  task, so saving a project never waits for the engine and a failure there
  never rolls back the user's edit).
* Nightly by cron: `kyoso recompute-risk` runs every project, because many
  warnings depend on time passing alone (no contact for 30 days, a milestone
  now overdue) and no save would ever trigger them.

The snapshot's hash is stored; an unchanged snapshot (same data, same day) is
not diagnosed again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kyoso.accounts import audit
from kyoso.accounts.models import AuditAction
from kyoso.core import domain_events
from kyoso.core.errors import DomainError
from kyoso.risk.models import CAUSES, Diagnosis, RiskWarning, WarningStatus

log = logging.getLogger(__name__)


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    """Identity of what a stored diagnosis was computed from: the snapshot and the engine version,
    so a new engine's rules reach every project at its next recompute, not only changed ones."""
    from kyoso.engine.diagnosis.engine import ENGINE_VERSION

    keyed = {"engine_version": ENGINE_VERSION, "snapshot": snapshot}
    text = json.dumps(keyed, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def warning_key(kind: str, since: str | None, message_en: str) -> str:
    """Identity of a warning across recomputes: kind + start date + its wording without numbers.

    Day counts in the message grow every day; stripping digits keeps the key stable while still
    telling two overdue milestones (different titles) apart.
    """
    shape = re.sub(r"\d+", "#", message_en)
    digest = hashlib.sha1(shape.encode()).hexdigest()[:16]
    return f"{since or '-'}:{digest}"[:120]


@dataclass
class RecomputeResult:
    diagnosis: Diagnosis
    changed: bool
    raised: list[RiskWarning]


def _snapshot(project: Any, as_of: dt.date | None) -> dict[str, Any]:
    from kyoso.projects.snapshot import build_snapshot

    return build_snapshot(project, as_of=as_of)


def recompute(project: Any, *, as_of: dt.date | None = None, force: bool = False) -> RecomputeResult:
    """Diagnose `project` now and store the result; skip the engine if its snapshot has not changed."""
    from kyoso.engine.diagnosis import SnapshotError, diagnose, parse_snapshot

    snapshot = _snapshot(project, as_of)
    digest = snapshot_hash(snapshot)
    with transaction.atomic():
        current = Diagnosis.objects.select_for_update().filter(project=project, is_current=True).first()
        if current is not None and current.snapshot_hash == digest and not force:
            return RecomputeResult(current, changed=False, raised=[])
        try:
            result = diagnose(parse_snapshot(snapshot), lang="ja")
        except SnapshotError as exc:
            # build_snapshot is ours: a bad snapshot is a bug, not a user error; say where.
            log.error("risk: snapshot of project %s is invalid at %s: %s", project.pk, exc.path, exc.message)
            raise DomainError(
                _("The project's data could not be diagnosed (%(path)s: %(message)s).")
                % {"path": exc.path, "message": exc.message}
            ) from exc
        result_ja = result.to_json("ja")
        result_en = result.to_json("en")
        scores = {c["id"]: c["score"] for c in result_ja["causes"]}
        if current is not None:
            Diagnosis.objects.filter(pk=current.pk).update(is_current=False)
        diagnosis = Diagnosis.objects.create(
            project=project,
            as_of=result.as_of,
            snapshot_hash=digest,
            is_current=True,
            overall_score=result_ja["overall"]["score"],
            overall_level=result_ja["overall"]["level"],
            top_cause=result_ja["causes"][0]["id"] if result_ja["causes"] else "",
            result_ja=result_ja,
            result_en=result_en,
            snapshot=snapshot,
            **{cause: int(scores.get(cause, 0)) for cause in CAUSES},
        )
        raised = sync_warnings(project, result_ja["warnings"], result_en["warnings"])
    return RecomputeResult(diagnosis, changed=True, raised=raised)


def sync_warnings(
    project: Any, warnings_ja: list[dict[str, Any]], warnings_en: list[dict[str, Any]]
) -> list[RiskWarning]:
    """Make the stored warnings match the engine's list; return those raised (new or back again).

    A warning is raised once per occurrence: while the engine keeps reporting it, its row is only
    refreshed (and keeps its acknowledged/resolved state). When the engine stops reporting it, it is
    resolved automatically; if it comes back later, that is a new occurrence and is raised again.
    """
    now = timezone.now()
    existing = {(w.kind, w.key): w for w in RiskWarning.objects.select_for_update().filter(project=project)}
    seen: set[tuple[str, str]] = set()
    raised: list[RiskWarning] = []
    for w_ja, w_en in zip(warnings_ja, warnings_en, strict=True):
        kind = str(w_ja["kind"])
        since = w_ja.get("since")
        key = warning_key(kind, since, str(w_en["message"]))
        if (kind, key) in seen:
            continue
        seen.add((kind, key))
        row = existing.get((kind, key))
        since_date = dt.date.fromisoformat(since) if since else None
        if row is None:
            row = RiskWarning.objects.create(
                project=project,
                kind=kind,
                key=key,
                message_ja=w_ja["message"],
                message_en=w_en["message"],
                since=since_date,
            )
            raised.append(row)
            continue
        row.message_ja, row.message_en, row.since = w_ja["message"], w_en["message"], since_date
        fields = ["message_ja", "message_en", "since", "last_seen_at"]
        if not row.active:
            row.active = True
            row.status = WarningStatus.OPEN
            row.acknowledged_by = row.resolved_by = None
            row.acknowledged_at = row.resolved_at = None
            row.notified_at = None
            fields += [
                "active",
                "status",
                "acknowledged_by",
                "acknowledged_at",
                "resolved_by",
                "resolved_at",
                "notified_at",
            ]
            raised.append(row)
        row.save(update_fields=fields)
    gone = [w.pk for key, w in existing.items() if key not in seen and w.active]
    if gone:
        RiskWarning.objects.filter(pk__in=gone).update(active=False)
        RiskWarning.objects.filter(pk__in=gone).exclude(status=WarningStatus.RESOLVED).update(
            status=WarningStatus.RESOLVED, resolved_at=now, resolved_by=None
        )
    if raised:
        ids = [w.pk for w in raised]
        transaction.on_commit(lambda: _announce_raised(ids))
    return raised


def warning_payload(warning: RiskWarning) -> dict[str, Any]:
    return {
        "id": warning.pk,
        "project": {"id": warning.project_id, "title": warning.project.title},
        "kind": warning.kind,
        "message": {"ja": warning.message_ja, "en": warning.message_en},
        "since": warning.since.isoformat() if warning.since else None,
        "status": warning.status,
        "raised_at": warning.raised_at.isoformat(),
    }


def _announce_raised(ids: Iterable[int]) -> None:
    """Announce `warning.raised` for each new warning (the API turns it into a webhook)."""
    for warning in RiskWarning.objects.filter(pk__in=list(ids)).select_related("project__workspace"):
        domain_events.announce(
            "warning.raised", workspace=warning.project.workspace, payload=warning_payload(warning)
        )


def schedule_recompute(project: Any) -> None:
    """Recompute in the background once the current transaction has committed."""
    project_id = project.pk

    def enqueue() -> None:
        from kyoso.risk.tasks import recompute_project

        try:
            recompute_project.enqueue(project_id)
        except Exception:  # the queue being down must not break the save that triggered it
            log.exception("risk: could not enqueue the recompute of project %s", project_id)

    transaction.on_commit(enqueue)


def recompute_all(
    *, workspace: Any = None, as_of: dt.date | None = None, force: bool = False, chunk_size: int = 200
) -> dict[str, int]:
    """Every project (of `workspace`, or all): the nightly run. Returns counts for the command's output."""
    from kyoso.projects.snapshot import snapshot_queryset

    qs = snapshot_queryset()
    if workspace is not None:
        qs = qs.filter(workspace=workspace)
    counts = {"projects": 0, "changed": 0, "raised": 0, "errors": 0}
    for project in qs.order_by("pk").iterator(chunk_size=chunk_size):
        counts["projects"] += 1
        try:
            result = recompute(project, as_of=as_of, force=force)
        except DomainError:
            counts["errors"] += 1
            continue
        counts["changed"] += int(result.changed)
        counts["raised"] += len(result.raised)
    return counts


# --------------------------------------------------------------------------- user actions on warnings


@transaction.atomic
def acknowledge_warning(*, warning: RiskWarning, by: Any) -> RiskWarning:
    if warning.status == WarningStatus.RESOLVED:
        raise DomainError(_("This warning is already resolved."), field="status")
    if warning.status == WarningStatus.OPEN:
        warning.status = WarningStatus.ACKNOWLEDGED
        warning.acknowledged_by = by
        warning.acknowledged_at = timezone.now()
        warning.save(update_fields=["status", "acknowledged_by", "acknowledged_at"])
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=warning,
            changes={"status": ["open", "acknowledged"]},
        )
    return warning


@transaction.atomic
def resolve_warning(*, warning: RiskWarning, by: Any) -> RiskWarning:
    if warning.status != WarningStatus.RESOLVED:
        before = warning.status
        warning.status = WarningStatus.RESOLVED
        warning.resolved_by = by
        warning.resolved_at = timezone.now()
        warning.save(update_fields=["status", "resolved_by", "resolved_at"])
        audit.record(
            actor=by,
            action=AuditAction.UPDATE,
            obj=warning,
            changes={"status": [before, "resolved"]},
        )
    return warning


# --------------------------------------------------------------------------- e-mail digest

# Roles that receive the digest: those who act on warnings and the executives who sponsor projects.
DIGEST_ROLES = ("owner", "member", "executive")


def send_warning_digests(*, workspace: Any = None) -> int:
    """E-mail (through the outbox) each workspace's people the open warnings not reported yet; returns
    the e-mails queued.

    Run after the nightly recompute (`kyoso recompute-risk`); each warning occurrence is reported once.
    Each person reads the digest in their own language.
    """
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from kyoso.accounts.models import Membership, Workspace
    from kyoso.outbox import services as outbox

    pending = RiskWarning.objects.filter(status=WarningStatus.OPEN, active=True, notified_at=None)
    if workspace is not None:
        pending = pending.filter(project__workspace=workspace)
    workspace_ids = set(pending.values_list("project__workspace_id", flat=True).distinct())
    sent = 0
    for ws in Workspace.objects.filter(pk__in=workspace_ids).order_by("pk"):
        warnings = list(
            pending.filter(project__workspace=ws)
            .select_related("project")
            .order_by("project__title", "kind", "pk")
        )
        if not warnings:
            continue
        people = [
            m.user
            for m in Membership.objects.filter(workspace=ws, role__in=DIGEST_ROLES, user__is_active=True)
            .select_related("user")
            .order_by("user__email")
        ]
        for user in people:
            lang = "en" if user.language == "en" else "ja"
            with translation.override(lang):
                context = {
                    "workspace": ws,
                    "user": user,
                    "warnings": [(w, w.message(lang)) for w in warnings],
                    "link": settings.SITE_URL + reverse("risk:warnings"),
                }
                subject = render_to_string("risk/email/digest_subject.txt", context).strip()
                body = render_to_string("risk/email/digest.txt", context)
            warning_ids = ",".join(str(w.pk) for w in warnings)
            outbox.send_one(
                workspace=ws,
                kind="risk_digest",
                key=f"risk_digest:{ws.pk}:{user.pk}:{hashlib.sha256(warning_ids.encode()).hexdigest()[:32]}",
                to_email=user.email,
                language=lang,
                subject=subject,
                body=body,
            )
            sent += 1
        RiskWarning.objects.filter(pk__in=[w.pk for w in warnings]).update(notified_at=timezone.now())
    return sent

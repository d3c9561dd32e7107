"""What `/healthz` reports: the database, the background worker and the task queue.

A web process that answers while no worker runs would hide that schedule solves, mail,
webhooks and risk recomputes have stopped; the check says so with a 503.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

DB_BACKEND = "django_tasks_db.DatabaseBackend"


@dataclass
class Health:
    ok: bool = True
    checks: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add(self, name: str, ok: bool, **details: Any) -> None:
        self.checks[name] = {"status": "ok" if ok else "error", **details}
        self.ok = self.ok and ok

    def as_json(self) -> dict[str, Any]:
        return {"status": "ok" if self.ok else "error", **self.checks}


def uses_worker() -> bool:
    """Tasks wait for a worker only with the database queue (tests run them inline)."""
    return bool(settings.TASKS.get("default", {}).get("BACKEND") == DB_BACKEND)


def check(now: datetime | None = None) -> Health:
    now = now or timezone.now()
    health = Health()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        health.add("database", False, detail="unreachable")
        return health
    health.add("database", True)
    if not uses_worker():
        health.checks["worker"] = {"status": "not_used"}
        return health
    try:
        _check_worker(health, now)
        _check_queue(health, now)
    except DatabaseError:  # e.g. a lock that outlasted the timeout: unhealthy, not a 500
        health.add("database", False, detail="query failed")
    return health


def _check_worker(health: Health, now: datetime) -> None:
    from kyoso.core.models import WorkerHeartbeat

    silent_after = timedelta(seconds=settings.KYOSO_WORKER_SILENT_SECONDS)
    latest = WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    if latest is None:
        health.add("worker", False, detail="no worker has reported")
        return
    alive = WorkerHeartbeat.objects.filter(last_seen__gte=now - silent_after).count()
    age = max(0, int((now - latest).total_seconds()))
    if alive:
        health.add("worker", True, workers=alive, last_seen_seconds_ago=age)
    else:
        health.add("worker", False, detail="silent", last_seen_seconds_ago=age)


def _check_queue(health: Health, now: datetime) -> None:
    from django.db.models import Case, F, Min, When
    from django_tasks_db.models import DBTaskResult, get_date_max

    # A task due later (a retry's back-off) waits from when it became due, not from when queued.
    due = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(due))["oldest"]
    waiting = DBTaskResult.objects.ready().count()
    if oldest is None:
        health.add("queue", True, waiting=0)
        return
    age = max(0, int((now - oldest).total_seconds()))
    stuck = age > settings.KYOSO_QUEUE_STUCK_SECONDS
    health.add("queue", not stuck, waiting=waiting, oldest_waiting_seconds=age)

"""Records the core app owns: the worker's heartbeat, read by the health check."""

from __future__ import annotations

from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running `kyoso worker` process, refreshed by a thread while it lives.

    A thread beats even while a long task (a schedule solve) runs, so a busy worker is
    never mistaken for a dead one; a worker that stops cleanly deletes its row.
    """

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return self.worker_id

"""Running background tasks: `kyoso worker`, and a thread of it inside `kyoso demo`."""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)

DAY_SECONDS = 24 * 3600
# Tasks the worker enqueues when it starts and then once a day (apps register them in ready()).
_daily_tasks: list[Any] = []


def register_daily_task(task: Any) -> None:
    """`task` (a django-tasks task taking no arguments) runs on each worker start and every day."""
    if task not in _daily_tasks:
        _daily_tasks.append(task)


def enqueue_daily_tasks() -> int:
    count = 0
    for task in _daily_tasks:
        try:
            task.enqueue()
            count += 1
        except DatabaseError:  # a locked database: the next day's round enqueues it again
            logger.warning("daily task %s could not be queued", getattr(task, "name", task), exc_info=True)
    return count


class DailyTasks:
    """A daemon thread that enqueues the daily tasks at start and every `every` seconds."""

    def __init__(self, *, every: float = DAY_SECONDS) -> None:
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                enqueue_daily_tasks()
                self._stop.wait(self.every)
        finally:
            connection.close()

    def start(self) -> DailyTasks:
        self._thread = threading.Thread(target=self._loop, name="kyoso-daily", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


def make_worker(*, interval: float = 1.0, max_tasks: int | None = None, batch: bool = False) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"{os.getpid()}-{threading.get_ident()}-{socket.gethostname()}"[:64],
        excluded_queue_names=[],
    )


class Heartbeat:
    """A daemon thread that records, every few seconds, that this worker process lives.

    `/healthz` reads the rows (kyoso.core.health); a clean stop deletes this worker's row so
    the check turns to 503 at once instead of after the silence limit.
    """

    def __init__(self, worker_id: str, *, every: float | None = None) -> None:
        self.worker_id = worker_id
        self.every = settings.KYOSO_HEARTBEAT_SECONDS if every is None else every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.started_at = timezone.now()

    def beat(self) -> None:
        from kyoso.core.models import WorkerHeartbeat

        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id,
            defaults={
                "host": socket.gethostname()[:255],
                "pid": os.getpid(),
                "started_at": self.started_at,
                "last_seen": timezone.now(),
            },
        )

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.beat()
                except DatabaseError:  # a locked SQLite file or a restarting server: try again
                    logger.warning("worker heartbeat could not be written", exc_info=True)
                self._stop.wait(self.every)
        finally:
            connection.close()

    def start(self) -> Heartbeat:
        self.beat()
        self._thread = threading.Thread(target=self._loop, name="kyoso-heartbeat", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        from kyoso.core.models import WorkerHeartbeat

        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        # A SQLite database may be locked for a moment by another writer; without the delete the
        # check would call a stopped worker healthy until the silence limit.
        for attempt in range(10):
            try:
                WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
                return
            except DatabaseError:
                if attempt == 9:
                    logger.warning("worker heartbeat could not be removed", exc_info=True)
                else:
                    time.sleep(0.2)


def start_worker_thread(stop: threading.Event) -> threading.Thread:
    """A daemon thread that runs queued tasks until `stop` is set (the demo's worker)."""

    def loop() -> None:
        heartbeat = Heartbeat(f"demo-{socket.gethostname()}-{os.getpid()}"[:64]).start()
        daily = DailyTasks().start()
        while not stop.is_set():
            try:
                make_worker(interval=1.0, batch=True).run()
            except Exception:  # keep the demo alive; the failing task is marked failed by the worker
                logger.exception("background worker iteration failed")
            finally:
                close_old_connections()
            stop.wait(1.0)
        daily.stop()
        heartbeat.stop()
        connection.close()  # this thread's own connection; it would keep the database in use

    thread = threading.Thread(target=loop, name="kyoso-worker", daemon=True)
    thread.start()
    return thread


def run_forever(*, interval: float) -> None:
    worker = make_worker(interval=interval)
    worker.configure_signals()
    heartbeat = Heartbeat(worker.worker_id).start()
    daily = DailyTasks().start()
    try:
        while True:
            try:
                worker.run()
                return
            except Exception:
                logger.exception("worker crashed; restarting in 5 s")
                time.sleep(5)
    finally:
        daily.stop()
        heartbeat.stop()

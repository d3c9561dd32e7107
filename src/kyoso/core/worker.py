"""Running background tasks: `kyoso worker`, and a thread of it inside `kyoso demo`."""

from __future__ import annotations

import logging
import socket
import threading
import time

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)


def make_worker(*, interval: float = 1.0, max_tasks: int | None = None, batch: bool = False) -> Worker:
    return Worker(
        queue_names=["*"],
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id=f"{socket.gethostname()}-{threading.get_ident()}"[:64],
        excluded_queue_names=[],
    )


def start_worker_thread(stop: threading.Event) -> threading.Thread:
    """A daemon thread that runs queued tasks until `stop` is set (the demo's worker)."""

    def loop() -> None:
        while not stop.is_set():
            try:
                make_worker(interval=1.0, batch=True).run()
            except Exception:  # keep the demo alive; the failing task is marked failed by the worker
                logger.exception("background worker iteration failed")
            finally:
                close_old_connections()
            stop.wait(1.0)

    thread = threading.Thread(target=loop, name="kyoso-worker", daemon=True)
    thread.start()
    return thread


def run_forever(*, interval: float) -> None:
    worker = make_worker(interval=interval)
    worker.configure_signals()
    while True:
        try:
            worker.run()
            return
        except Exception:
            logger.exception("worker crashed; restarting in 5 s")
            time.sleep(5)

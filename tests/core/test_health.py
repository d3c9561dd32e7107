"""/healthz: the database, the worker's heartbeat and the queue, each able to turn it to 503."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kyoso.core.models import WorkerHeartbeat
from kyoso.core.worker import Heartbeat, start_worker_thread
from kyoso.risk.tasks import recompute_project

DB_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


def _despite_locks(action, *, seconds: float = 20):
    """The test database is one in-memory SQLite shared by threads, which reports a busy
    table at once instead of waiting (a file database waits: busy timeout); try again."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _health() -> tuple[int, dict]:
    response = Client().get("/healthz")
    return response.status_code, response.json()


@pytest.mark.django_db
def test_inline_tasks_need_no_worker() -> None:
    status, body = _health()
    assert status == 200
    assert body == {"status": "ok", "database": {"status": "ok"}, "worker": {"status": "not_used"}}


@pytest.mark.django_db
@DB_QUEUE
def test_no_worker_ever_seen_is_503() -> None:
    status, body = _health()
    assert status == 503
    assert body["worker"] == {"status": "error", "detail": "no worker has reported"}


@pytest.mark.django_db
@DB_QUEUE
def test_a_beating_worker_is_healthy_and_a_silent_one_is_not() -> None:
    heartbeat = Heartbeat("w-1")
    heartbeat.beat()
    status, body = _health()
    assert status == 200, body
    assert body["worker"]["workers"] == 1

    WorkerHeartbeat.objects.update(last_seen=timezone.now() - timedelta(minutes=10))
    status, body = _health()
    assert status == 503
    assert body["worker"]["detail"] == "silent"
    assert body["worker"]["last_seen_seconds_ago"] >= 600


@pytest.mark.django_db
@DB_QUEUE
@override_settings(KYOSO_QUEUE_STUCK_SECONDS=300)
def test_a_task_waiting_too_long_is_503_and_a_fresh_one_is_not() -> None:
    Heartbeat("w-1").beat()
    recompute_project.enqueue(project_id=1)
    status, body = _health()
    assert status == 200
    assert body["queue"]["waiting"] == 1

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=20))
    status, body = _health()
    assert status == 503
    assert body["queue"]["status"] == "error"
    assert body["queue"]["oldest_waiting_seconds"] >= 1200
    assert body["worker"]["status"] == "ok"  # the worker lives, yet nothing moves


@pytest.mark.django_db
@DB_QUEUE
@override_settings(KYOSO_QUEUE_STUCK_SECONDS=300)
def test_a_retry_waits_from_when_it_became_due() -> None:
    Heartbeat("w-1").beat()
    recompute_project.using(run_after=timezone.now() - timedelta(seconds=30)).enqueue(project_id=1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=2))
    status, body = _health()
    assert status == 200, body


@pytest.mark.django_db(transaction=True)
@DB_QUEUE
@override_settings(KYOSO_HEARTBEAT_SECONDS=1)
def test_a_running_worker_answers_200_and_stopping_it_turns_503() -> None:
    stop = threading.Event()
    thread = start_worker_thread(stop)
    try:
        deadline = time.monotonic() + 20
        status, body = _health()
        while status != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
            status, body = _health()
        assert status == 200, body
        # a missing project: the task skips it
        _despite_locks(lambda: recompute_project.enqueue(project_id=999_999))
        deadline = time.monotonic() + 20
        while _despite_locks(lambda: DBTaskResult.objects.successful().count()) == 0:
            assert time.monotonic() < deadline, "the worker did not run the task"
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join(timeout=20)
    status, body = _health()
    assert status == 503
    assert body["worker"]["detail"] == "no worker has reported"


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_proxys_id_is_kept_only_when_sane() -> None:
    first = Client().get("/healthz")
    second = Client().get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    assert Client().get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    forged = Client().get("/healthz", HTTP_X_REQUEST_ID="x\n2026 ERROR forged line")["X-Request-ID"]
    assert "\n" not in forged and "forged" not in forged


def test_log_records_carry_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    from kyoso.core.request_id import RequestIdFilter, current_request_id

    logger = logging.getLogger("kyoso.test.request_id")
    logger.addFilter(RequestIdFilter())
    token = current_request_id.set("abc12345")
    try:
        with caplog.at_level(logging.WARNING, logger="kyoso.test.request_id"):
            logger.warning("inside")
    finally:
        current_request_id.reset(token)
    with caplog.at_level(logging.WARNING, logger="kyoso.test.request_id"):
        logger.warning("outside")
    assert [r.request_id for r in caplog.records] == ["abc12345", "-"]

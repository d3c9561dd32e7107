"""The outbox against a real SMTP server on loopback (aiosmtpd): slow, refusing some recipients,
asking others to come back later. Publishing a large event only writes rows; the worker mails
everyone exactly once, retries what may succeed and lists what cannot."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from kyoso.core.worker import make_worker
from kyoso.events import services as event_services
from kyoso.events.models import Participant
from kyoso.outbox import services
from kyoso.outbox.models import MailStatus, OutboxMessage
from tests.events.factories import make_event


class Handler:
    """refuse… → 550 for good; busy… → 451 on the first try; slow… → no answer for 3 s the first time."""

    def __init__(self) -> None:
        self.received: Counter[str] = Counter()
        self.tried: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.startswith("refuse"):
            return "550 5.1.1 No such user here"
        first = address not in self.tried
        self.tried.add(address)
        if address.startswith("busy") and first:
            return "451 4.3.0 Mailbox busy, try again later"
        if address.startswith("slow") and first:
            await asyncio.sleep(3)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        await asyncio.sleep(0.001)  # a server that takes its time with every message
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address] += 1
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp(settings):
    handler = Handler()
    with socket.socket() as probe:  # a free port: aiosmtpd checks its own start by connecting to it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 1
    yield handler
    controller.stop()


def _queue(workspace, addresses, batch="test"):
    return services.queue(
        workspace=workspace,
        batch=batch,
        mails=[
            services.Mail(
                key=f"{batch}:{a}", kind="test", to_email=a, language="ja", subject="件名", body="本文"
            )
            for a in addresses
        ],
        deliver=False,
    )


@pytest.mark.django_db
def test_queuing_the_same_key_twice_adds_nothing(workspace) -> None:
    assert _queue(workspace, ["a@example.com", "b@example.com"]) == 2
    assert _queue(workspace, ["a@example.com", "c@example.com"]) == 1
    assert OutboxMessage.objects.count() == 3


@pytest.mark.django_db
def test_refused_fail_for_good_busy_and_slow_are_retried_and_everyone_gets_one(smtp, workspace) -> None:
    addresses = [
        "ok1@example.com",
        "refuse@example.com",
        "busy@example.com",
        "slow@example.com",
        "ok2@example.com",
    ]
    _queue(workspace, addresses)
    first = services.deliver_due()
    assert (first.sent, first.retrying, first.failed) == (2, 2, 1)
    refused = OutboxMessage.objects.get(to_email="refuse@example.com")
    assert refused.status == MailStatus.FAILED and refused.last_error.startswith("550")
    busy = OutboxMessage.objects.get(to_email="busy@example.com")
    assert busy.status == MailStatus.QUEUED and busy.last_error.startswith("451")
    assert "timed out" in OutboxMessage.objects.get(to_email="slow@example.com").last_error

    assert services.deliver_due().claimed == 0  # retries wait for their back-off
    later = services.deliver_due(now=timezone.now() + timedelta(hours=1))
    assert (later.sent, later.failed) == (2, 0)
    assert smtp.received == Counter({a: 1 for a in addresses if not a.startswith("refuse")})
    assert services.deliver_due(now=timezone.now() + timedelta(days=1)).claimed == 0


@pytest.mark.django_db
@override_settings(KYOSO_MAIL_ATTEMPTS=2)
def test_a_server_that_is_down_leaves_messages_queued_then_failed_after_the_last_attempt(settings, workspace):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    _queue(workspace, ["a@example.com"])
    assert services.deliver_due().retrying == 1
    assert services.deliver_due(now=timezone.now() + timedelta(hours=1)).failed == 1
    message = OutboxMessage.objects.get()
    assert message.attempts == 2 and "Connection" in message.last_error


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_publishing_3000_participants_returns_at_once_and_the_worker_mails_each_once(
    smtp, workspace, owner, login, settings
) -> None:
    event = make_event(workspace, owner)
    run = event_services.start_schedule(event=event, by=owner, time_limit=1)  # solved inline first
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def address(i: int) -> str:
        kind = {1: "refuse", 2: "busy"}.get(i % 100, "slow" if i == 5 else "ok")
        return f"{kind}{i}@example.com"

    Participant.objects.bulk_create(
        [
            Participant(
                event=event,
                side="startup",
                code=f"x{i:05d}",
                name=f"参加企業{i}",
                email=address(i),
            )
            for i in range(3000)
        ]
    )
    recipients = set(Participant.objects.filter(event=event).values_list("email", flat=True))

    client = login(owner)
    publish = reverse("events:run_publish", args=[event.pk, run.pk])
    client.get(reverse("events:run", args=[event.pk, run.pk]))  # a warm process, as in production
    started = time.perf_counter()
    response = client.post(publish)
    elapsed = time.perf_counter() - started
    assert response.status_code == 302
    assert elapsed < 1.0, f"publishing took {elapsed:.2f} s inside the request"
    assert sum(smtp.received.values()) == 0  # nothing was mailed inside the request

    for _ in range(6):  # the worker; between rounds, time moves on past the back-off
        make_worker(interval=0, batch=True).run()
        if not OutboxMessage.objects.filter(status=MailStatus.QUEUED).exists():
            break
        soon = timezone.now()
        OutboxMessage.objects.filter(status=MailStatus.QUEUED).update(next_attempt_at=soon)
        DBTaskResult.objects.filter(status="READY").update(run_after=soon)

    refused = {a for a in recipients if a.startswith("refuse")}
    assert smtp.received == Counter({a: 1 for a in recipients - refused})
    failed = set(OutboxMessage.objects.filter(status=MailStatus.FAILED).values_list("to_email", flat=True))
    assert failed == refused and len(refused) == 30

    page = Client()
    page.force_login(owner)
    html = page.get(reverse("events:run", args=[event.pk, run.pk])).content.decode()
    assert "550 5.1.1 No such user here" in html
    resend = page.post(reverse("events:run_mail_resend", args=[event.pk, run.pk]))
    assert resend.status_code == 302
    assert OutboxMessage.objects.filter(status=MailStatus.QUEUED).count() == 30

"""Queue e-mails and deliver them: the only way mail leaves Kyoso.

Every e-mail, bulk or single (invitations, sign-up links, digests, agendas), is written here as a
row first and sent by the worker; no other module calls Django's mail functions
(`tests/test_outbox_only_sender.py` checks the source).

Delivery never mails anyone twice: a message is claimed (`sending`) before the SMTP call and
marked `sent` right after it. A worker that dies between the two leaves the message in
`sending`; it is shown to the organiser as unconfirmed and is not retried on its own.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from kyoso.outbox.models import MailStatus, OutboxMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    key: str
    kind: str
    to_email: str
    language: str
    subject: str
    body: str
    to_name: str = ""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Delivery:
    claimed: int = 0
    sent: int = 0
    retrying: int = 0
    failed: int = 0


def queue(*, workspace, batch: str, mails: Iterable[Mail], deliver: bool = True) -> int:  # type: ignore[no-untyped-def]
    """Write the mails as outbox rows (keys already queued are skipped) and start delivery."""
    now = timezone.now()
    rows = [
        OutboxMessage(
            workspace=workspace,
            batch=batch,
            key=mail.key,
            kind=mail.kind,
            to_email=mail.to_email,
            to_name=mail.to_name[:200],
            language=mail.language,
            subject=mail.subject[:300],
            body=mail.body,
            headers=mail.headers,
            next_attempt_at=now,
        )
        for mail in mails
    ]
    with transaction.atomic():
        before = OutboxMessage.objects.filter(batch=batch).count()
        OutboxMessage.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        added = OutboxMessage.objects.filter(batch=batch).count() - before
    if deliver and added:
        schedule_delivery()
    return added


def send_one(  # type: ignore[no-untyped-def]
    *,
    workspace,
    kind: str,
    key: str,
    to_email: str,
    language: str,
    subject: str,
    body: str,
    to_name: str = "",
    headers: dict[str, str] | None = None,
) -> bool:
    """Queue one message (an invitation, a sign-up link, a digest) and start delivery.

    `key` makes it idempotent: a message with the same key is never queued twice. The subject and
    body are already rendered in `language`, the recipient's. Returns whether a row was added.
    """
    mail = Mail(
        key=key[:200],
        kind=kind,
        to_email=to_email,
        language=language,
        subject=subject,
        body=body,
        to_name=to_name,
        headers=headers or {},
    )
    return queue(workspace=workspace, batch=kind[:80], mails=[mail]) == 1


def schedule_delivery(*, at: datetime | None = None) -> None:
    from kyoso.outbox.tasks import deliver_outbox

    task = deliver_outbox
    if at is not None and task.get_backend().supports_defer:
        task = task.using(run_after=at)
    elif at is not None:
        return  # inline backends (tests, `KYOSO_TASK_BACKEND`): the next delivery picks it up
    # Enqueued in the caller's transaction: with the database queue the task row commits (or
    # rolls back) together with the messages it is to send.
    task.enqueue()


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.KYOSO_MAIL_RETRY_SECONDS * 4 ** (attempts - 1))


def _claim(limit: int, now: datetime) -> list[OutboxMessage]:
    with transaction.atomic():
        due = (
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=MailStatus.QUEUED, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
        )
        messages = list(due[:limit])
        OutboxMessage.objects.filter(pk__in=[m.pk for m in messages]).update(
            status=MailStatus.SENDING, updated_at=now
        )
    return messages


def _permanent(exc: Exception, address: str) -> bool:
    """A 5xx answer about the recipient will not change on retry; anything else may."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = exc.recipients.get(address, (0, b""))[0]
        return 500 <= code < 600
    if isinstance(exc, smtplib.SMTPResponseException):
        return 500 <= exc.smtp_code < 600 and exc.smtp_code not in (503, 554)
    return False


def _describe(exc: Exception, address: str) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and address in exc.recipients:
        code, text = exc.recipients[address]
        return f"{code} {text.decode('utf-8', 'replace')}"[:500]
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {exc.smtp_error.decode('utf-8', 'replace')}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]


def deliver_due(*, limit: int = 200, now: datetime | None = None) -> Delivery:
    """Send up to `limit` due messages over one SMTP connection."""
    now = now or timezone.now()
    messages = _claim(limit, now)
    result = Delivery(claimed=len(messages))
    if not messages:
        return result
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT)
    try:
        for message in messages:
            email = EmailMessage(
                message.subject,
                message.body,
                None,
                [message.to_email],
                headers=message.headers or None,
                connection=connection,
            )
            message.attempts += 1
            try:
                email.send(fail_silently=False)
            except (smtplib.SMTPException, OSError) as exc:
                message.last_error = _describe(exc, message.to_email)
                if _permanent(exc, message.to_email) or message.attempts >= settings.KYOSO_MAIL_ATTEMPTS:
                    message.status = MailStatus.FAILED
                    result.failed += 1
                else:
                    message.status = MailStatus.QUEUED
                    message.next_attempt_at = now + _retry_delay(message.attempts)
                    result.retrying += 1
                # The server may have dropped the connection; the next send opens a new one.
                connection.close()
            else:
                message.status = MailStatus.SENT
                message.sent_at = timezone.now()
                message.last_error = ""
                result.sent += 1
            message.save(update_fields=["attempts", "status", "last_error", "next_attempt_at", "sent_at"])
    finally:
        connection.close()
    return result


def deliver_all_due(*, now: datetime | None = None) -> Delivery:
    """Deliver batch after batch until nothing is due; schedule the next retry if any waits."""
    total = Delivery()
    while True:
        result = deliver_due(now=now)
        for name in ("claimed", "sent", "retrying", "failed"):
            setattr(total, name, getattr(total, name) + getattr(result, name))
        if result.claimed == 0:
            break
    upcoming = (
        OutboxMessage.objects.filter(status=MailStatus.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if upcoming is not None:
        schedule_delivery(at=upcoming)
    return total


@transaction.atomic
def resend_failed(*, workspace, batch: str) -> int:  # type: ignore[no-untyped-def]
    """Give the batch's failed messages a new round of attempts (after the address was fixed)."""
    count = OutboxMessage.objects.filter(workspace=workspace, batch=batch, status=MailStatus.FAILED).update(
        status=MailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now()
    )
    if count:
        schedule_delivery()
    return count

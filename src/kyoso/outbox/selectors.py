"""Reading the outbox: how far a batch of mail has gone, and what failed."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from kyoso.outbox.models import MailStatus, OutboxMessage


@dataclass(frozen=True)
class BatchProgress:
    total: int
    queued: int
    sending: int
    sent: int
    failed: int

    @property
    def done(self) -> bool:
        return self.queued == 0 and self.sending == 0


def progress(*, workspace, batch: str) -> BatchProgress | None:  # type: ignore[no-untyped-def]
    counts = dict(
        OutboxMessage.objects.within(workspace=workspace)
        .filter(batch=batch)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    total = sum(counts.values())
    if not total:
        return None
    return BatchProgress(
        total=total,
        queued=counts.get(MailStatus.QUEUED, 0),
        sending=counts.get(MailStatus.SENDING, 0),
        sent=counts.get(MailStatus.SENT, 0),
        failed=counts.get(MailStatus.FAILED, 0),
    )


def failures(*, workspace, batch: str, limit: int = 200):  # type: ignore[no-untyped-def]
    return (
        OutboxMessage.objects.within(workspace=workspace)
        .filter(batch=batch, status=MailStatus.FAILED)
        .only("to_email", "to_name", "last_error", "attempts", "updated_at")[:limit]
    )

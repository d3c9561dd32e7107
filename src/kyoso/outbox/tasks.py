"""The worker's side of the outbox."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_outbox() -> dict[str, int]:
    from kyoso.outbox.services import deliver_all_due

    result = deliver_all_due()
    return {"sent": result.sent, "retrying": result.retrying, "failed": result.failed}

"""Background delivery of webhooks."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Deliver one webhook attempt; idempotent (a delivery already sent is left alone)."""
    from kyoso.api.webhooks import deliver

    delivery = deliver(delivery_id)
    return delivery.status if delivery is not None else "missing"


@task()
def retry_due_webhooks() -> int:
    """Send retries that are due (needed only with task backends that cannot run tasks later)."""
    from kyoso.api.webhooks import retry_due

    return retry_due()

"""Background tasks of the accounts app."""

from __future__ import annotations

from django_tasks import task


@task()
def prune_audit_task() -> int:
    """Pseudonymise e-mail and IP addresses in audit entries past KYOSO_AUDIT_PII_DAYS (idempotent)."""
    from kyoso.accounts.privacy import prune_audit

    return prune_audit()

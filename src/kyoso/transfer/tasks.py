"""Background work of the transfer app."""

from __future__ import annotations

from django_tasks import task


@task()
def build_export(job_id: int) -> str:
    """Write one workspace archive; idempotent, progress recorded on the job."""
    from kyoso.transfer.services import build_export as build

    job = build(job_id)
    return job.status if job is not None else "missing"

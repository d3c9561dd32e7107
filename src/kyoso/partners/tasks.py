"""Background work of the partner directory."""

from __future__ import annotations

from django_tasks import task


@task()
def run_import(job_id: int) -> None:
    """Import a checked upload (ImportJob); idempotent, progress recorded on the job."""
    from kyoso.partners.services import run_import_job

    run_import_job(job_id=job_id)


@task()
def refresh_search_index(workspace_id: int) -> None:
    """Bring the stored search index of a workspace up to date."""
    from kyoso.partners import search

    search.refresh(workspace_id)

"""Background work of the events app."""

from __future__ import annotations

from django_tasks import task


@task()
def run_schedule(run_id: int) -> None:
    """Solve (or re-solve) one schedule run; idempotent, progress recorded on the run."""
    from kyoso.events.services import execute_run

    execute_run(run_id)

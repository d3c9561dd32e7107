"""Background work of the events app."""

from __future__ import annotations

from django_tasks import task


@task()
def run_schedule(run_id: int) -> None:
    """Solve (or re-solve) one schedule run; idempotent, progress recorded on the run."""
    from kyoso.events.services import execute_run

    execute_run(run_id)


@task()
def mail_agendas(run_id: int, participant_ids: list[int], changed: bool) -> dict[str, int]:
    """Write the agenda mails of a published run into the outbox; the outbox's task sends them."""
    from kyoso.events.services import build_agenda_mails

    return {"queued": build_agenda_mails(run_id=run_id, participant_ids=participant_ids, changed=changed)}


@task()
def build_print(job_id: int) -> str:
    """Build one print file (agendas or table cards); idempotent, progress recorded on the job."""
    from kyoso.events.services import build_print as build

    job = build(job_id)
    return job.status if job is not None else "missing"

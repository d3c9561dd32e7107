"""Background recomputes (django-tasks). Idempotent: an unchanged snapshot is skipped."""

from __future__ import annotations

from django_tasks import task


@task()
def recompute_project(project_id: int) -> dict[str, object]:
    from kyoso.projects.snapshot import snapshot_queryset
    from kyoso.risk.services import recompute

    project = snapshot_queryset().filter(pk=project_id).first()
    if project is None:  # deleted since the task was queued
        return {"project": project_id, "skipped": "missing"}
    result = recompute(project)
    return {"project": project_id, "changed": result.changed, "raised": len(result.raised)}


@task()
def recompute_workspace(workspace_id: int) -> dict[str, int]:
    from kyoso.accounts.models import Workspace
    from kyoso.risk.services import recompute_all

    workspace = Workspace.objects.filter(pk=workspace_id).first()
    if workspace is None:
        return {"projects": 0}
    return recompute_all(workspace=workspace)

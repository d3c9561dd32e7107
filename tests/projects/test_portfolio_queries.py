"""The portfolio's overdue count and last contact are per-row subqueries; the page count is a bare COUNT."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kyoso.projects import selectors, services
from kyoso.projects.models import LogEntry, LogParties, Milestone, Project

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def test_overdue_and_last_contact_values(workspace, owner):
    p = services.create_project(workspace=workspace, by=owner, title="案件A", partner_name="A社")
    quiet = services.create_project(workspace=workspace, by=owner, title="案件B", partner_name="B社")
    for due, done in (
        (days_ago(5), None),
        (days_ago(2), None),
        (days_ago(9), days_ago(8)),
        (days_ago(-3), None),
    ):
        Milestone.objects.create(project=p, title="m", due=due, done_on=done)
    LogEntry.objects.create(project=p, date=days_ago(10), parties=LogParties.BOTH)
    LogEntry.objects.create(project=p, date=days_ago(4), parties=LogParties.BOTH)
    LogEntry.objects.create(
        project=p, date=days_ago(1), parties=LogParties.CORPORATE
    )  # internal: not contact
    rows = {r.pk: r for r in selectors.portfolio(Project.objects.filter(workspace=workspace))}
    assert rows[p.pk].overdue_milestones == 2
    assert rows[p.pk].last_contact == days_ago(4)
    assert rows[quiet.pk].overdue_milestones == 0 and rows[quiet.pk].last_contact is None
    # the partner filter is a semi-join: no duplicated rows, annotations unchanged
    only = list(selectors.portfolio(Project.objects.filter(workspace=workspace), partner="A"))
    assert [r.pk for r in only] == [p.pk] and only[0].overdue_milestones == 2


def test_portfolio_page_counts_without_joining_children(workspace, owner, login):
    p = services.create_project(workspace=workspace, by=owner, title="案件A", partner_name="A社")
    LogEntry.objects.create(project=p, date=days_ago(4), parties=LogParties.BOTH)
    client = login(owner)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("projects:list") + "?partner=A")
    assert response.status_code == 200 and "案件A" in response.content.decode()
    sqls = [q["sql"] for q in ctx.captured_queries]
    counts = [sql for sql in sqls if sql.startswith("SELECT COUNT(") and "projects_project" in sql]
    assert counts, "the paginator counts the projects"
    for sql in counts:
        assert "projects_logentry" not in sql and "projects_milestone" not in sql
    assert not [
        sql for sql in sqls if 'JOIN "projects_logentry"' in sql or 'JOIN "projects_milestone"' in sql
    ]

"""Every main list page and API list issues the same number of queries at two data sizes.

Both sizes are made by `kyoso generate-data`'s own functions (`kyoso.core.datagen.generate`) in two
workspaces of one test database; each page is loaded once to warm per-process caches (the search
index), then its queries are counted for the small and the large workspace. A page whose count
grows with the data has an N+1 somewhere: the failure names the URL and both counts.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from kyoso.accounts.models import User
from kyoso.core import datagen

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("scale")]

SIZES = {
    "small": dict(
        organisations=20,
        projects=12,
        log_entries=120,
        event_corporates=4,
        event_startups=8,
        event_requests=20,
        event_tables=2,
    ),
    "large": dict(
        organisations=200,
        projects=60,
        log_entries=1500,
        event_corporates=12,
        event_startups=40,
        event_requests=160,
        event_tables=6,
    ),
}

# (name, url template) — {project}, {event}, {run} come from the generated workspace.
PAGES: list[Any] = [
    ("dashboard", "/"),
    ("portfolio (projects list)", "/projects/"),
    ("portfolio by title, filtered", "/projects/?sort=title&stage=poc"),
    ("project page", "/projects/{project}/"),
    ("directory (partners list)", "/partners/"),
    ("directory filtered", "/partners/?kind=startup"),
    ("directory search", "/partners/search/?q=画像認識 AI"),
    ("directory search, filtered", "/partners/search/?q=画像認識 AI&kind=startup"),
    ("needs list", "/partners/needs/"),
    ("offers list", "/partners/offers/"),
    ("global search page", "/search/?q=画像認識"),
    ("heat map", "/risk/"),
    ("heat map by a cause, last page", "/risk/?sort=communication&dir=asc&stopped=1&page=99"),
    ("warnings list", "/risk/warnings/"),
    ("alignment index", "/alignment/"),
    ("events list", "/events/"),
    ("event participants", "/events/{event}/participants/"),
    ("event requests", "/events/{event}/requests/"),
    ("event grid", "/events/{event}/runs/{run}/"),
    ("event follow-up", "/events/{event}/followup/"),
    ("lessons library", "/lessons/"),
    ("reports", "/reports/"),
    ("api: organisations", "/api/v1/partners/organisations"),
    ("api: needs", "/api/v1/partners/needs"),
    ("api: offers", "/api/v1/partners/offers"),
    # "AI" too: with translations matched whole, 画像認識 alone finds nothing among the small
    # size's organisations, and reading the rows of no hits costs no query
    ("api: partner search", "/api/v1/partners/search?q=画像認識 AI"),
    ("api: projects", "/api/v1/projects/"),
    ("api: project", "/api/v1/projects/{project}"),
    ("api: heat map", "/api/v1/risk/heatmap"),
    ("api: warnings", "/api/v1/risk/warnings"),
    ("api: events", "/api/v1/events"),
    ("api: event run", "/api/v1/events/{event}/runs/{run}"),
    ("api: members", "/api/v1/workspace/members"),
    ("api: audit", "/api/v1/audit"),
]


PAGES = [pytest.param(*p, id=p[0]) if type(p) is tuple else p for p in PAGES]


@pytest.fixture(scope="module")
def generated(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, dict[str, Any]]]:
    """Two generated workspaces, rolled back when the module ends."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            data: dict[str, dict[str, Any]] = {}
            for seed, (size, kwargs) in enumerate(SIZES.items(), start=1):
                report = datagen.generate(
                    workspace=f"scale-{size}",
                    seed=seed,
                    events=1,
                    members=3,
                    say=lambda _line: None,
                    **kwargs,
                )
                event = report.objects["events"][0]
                data[size] = {
                    "user_id": User.objects.get(email=f"owner@scale-{size}.example").pk,
                    "project": _richest_project(f"scale-{size}") or report.objects["projects"][0].pk,
                    "event": event.pk,
                    "run": event.runs.get().pk,
                }
            yield data
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _richest_project(slug: str) -> int | None:
    """A project with a row in every related list, so no prefetch is skipped for being empty."""
    from kyoso.projects.models import Project

    return (
        Project.objects.filter(
            workspace__slug=slug,
            gates__criteria__isnull=False,
            gates__decisions__isnull=False,
            alignment_rounds__isnull=False,
            contracts__isnull=False,
            milestones__isnull=False,
            kpis__measurements__isnull=False,
            benefits__isnull=False,
            stakeholders__isnull=False,
            log_entries__isnull=False,
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _client(user_id: int) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=user_id), backend="django.contrib.auth.backends.ModelBackend")
    return client


def _shape(sql: str) -> str:
    """The query without its literal values, so the same query on other ids compares equal."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", sql)


def _count(client: Client, url: str) -> tuple[int, int, list[str]]:
    client.get(url)  # warm per-process caches (search index, translations)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    # Reading internal notes writes one audit entry; whether a generated project has any is chance,
    # not size, so that write is left out of the comparison.
    sql = [
        q["sql"] for q in ctx.captured_queries if not q["sql"].startswith('INSERT INTO "accounts_auditevent"')
    ]
    return response.status_code, len(sql), sql


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "template"), PAGES)
def test_query_count_does_not_grow_with_data(
    generated: dict[str, dict[str, Any]], name: str, template: str
) -> None:
    path = template.split("?")[0].format(**generated["small"])
    try:
        resolve(path)
    except Resolver404:
        pytest.skip(f"{path} is not mounted yet")
    results = {}
    for size, ids in generated.items():
        url = template.format(**ids)
        status, count, sql = _count(_client(ids["user_id"]), url)
        assert status == 200, f"{name}: GET {url} answered {status}"
        results[size] = (url, count, sql)
    small, large = results["small"], results["large"]
    if large[1] > small[1]:
        grown = Counter(map(_shape, large[2])) - Counter(map(_shape, small[2]))
        extra = "\n".join(f"  {n}x {q[:300]}" for q, n in grown.items())
        pytest.fail(
            f"{name}: {small[1]} queries at the small size ({small[0]}), {large[1]} at the large "
            f"size ({large[0]}): +{large[1] - small[1]}. Queries only the large run repeats:\n{extra}"
        )


@pytest.mark.django_db
def test_generated_sizes_differ(generated: dict[str, dict[str, Any]]) -> None:
    from kyoso.partners.models import Organisation
    from kyoso.projects.models import LogEntry

    small = Organisation.objects.filter(workspace__slug="scale-small").count()
    large = Organisation.objects.filter(workspace__slug="scale-large").count()
    assert (small, large) == (20, 200)
    assert LogEntry.objects.filter(project__workspace__slug="scale-large").count() == 1500
    assert generated["small"]["project"] == _richest_project("scale-small")
    # the small size has at least one row of every kind, so an empty prefetch never hides an N+1
    from django.apps import apps

    for label in (
        "projects.Milestone",
        "projects.Contract",
        "risk.Diagnosis",
        "alignment.AlignmentRound",
        "partners.Need",
        "partners.Offer",
        "events.Meeting",
        "knowledge.Retrospective",
    ):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        path = {
            "Need": "workspace",
            "Offer": "organisation__workspace",
            "Meeting": "run__event__workspace",
            "Retrospective": "project__workspace",
            "AlignmentRound": "project__workspace",
        }.get(model.__name__, "project__workspace")
        assert model.objects.filter(**{f"{path}__slug": "scale-small"}).exists(), label

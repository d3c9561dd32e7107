"""A database filled by the previous release, migrated to this code, still works for its users."""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from kyoso.partners.models import Organisation
from kyoso.projects.models import Project
from tests.test_demo_crawl import _crawl

pytestmark = pytest.mark.django_db

GENERATED_OWNER = ("owner@generated.example", "kyoso-bench", 100)


def test_every_migration_is_applied() -> None:
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []


def test_the_release_data_is_still_there() -> None:
    # Sizes that scripts/make_upgrade_fixture wrote (demo + generated); a migration that lost
    # rows would show here before any page does.
    assert Organisation.objects.count() >= 1500
    assert Project.objects.count() >= 150


@pytest.mark.parametrize(
    "email,password,pages",
    [(DEMO_OWNER_EMAIL, DEMO_PASSWORD, 100), (DEMO_PARTNER_EMAIL, DEMO_PASSWORD, 8), GENERATED_OWNER],
)
def test_every_page_works_after_the_upgrade(email: str, password: str, pages: int) -> None:
    client = Client()
    response = client.post("/accounts/login/", {"username": email, "password": password})
    assert response.status_code == 302, (
        f"{email} cannot log in after upgrading from {os.environ['KYOSO_UPGRADED_FROM']}"
    )
    seen = _crawl(client)
    errors = {url: status for url, status in seen.items() if status >= 500}
    assert not errors, errors
    assert len(seen) >= pages, f"{email} reached only {len(seen)} pages"

"""The upgrade check runs against a database restored from an earlier release and migrated
by scripts/check_upgrade, not against a fresh test database: it is collected only there."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from django.test import override_settings

if not os.environ.get("KYOSO_UPGRADED_FROM"):
    collect_ignore_glob = ["test_*.py"]


@pytest.fixture(scope="session")
def django_db_setup() -> None:
    """Use the upgraded database as it is (each test still runs in a rolled-back transaction)."""


@pytest.fixture(autouse=True, scope="session")
def _immediate_tasks() -> Iterator[None]:
    # As in tests/conftest.py, but with the real password hashers: the release hashed the demo
    # passwords with them, and logging in with those passwords is part of the check.
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    ):
        yield

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import override_settings


@pytest.fixture(autouse=True)
def _api_defaults() -> Iterator[None]:
    cache.clear()
    with override_settings(KYOSO_API_RATE_LIMIT="10000/minute"):
        yield
    cache.clear()

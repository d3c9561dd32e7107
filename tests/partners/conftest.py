from __future__ import annotations

from collections.abc import Iterator

import pytest

from kyoso.partners import search


@pytest.fixture(autouse=True)
def _fresh_search_memory() -> Iterator[None]:
    # Databases are rolled back between tests; in-memory indexes must not outlive them.
    search.forget_memory()
    yield
    search.forget_memory()

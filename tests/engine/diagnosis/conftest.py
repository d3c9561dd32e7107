"""Fixtures for the diagnosis engine tests: the snapshot files in cases/ and a fresh copy of them."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).parent / "cases"


def read_case(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    return data


@pytest.fixture
def case() -> Callable[[str], dict[str, Any]]:
    """case("healthy_poc") -> a fresh, mutable copy of tests/engine/diagnosis/cases/healthy_poc.json."""

    def load(name: str) -> dict[str, Any]:
        return copy.deepcopy(read_case(name))

    return load

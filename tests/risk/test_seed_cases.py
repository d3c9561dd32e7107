"""Cases A, B, C (docs/product.md#the-three-cases) stored as projects, diagnosed through the whole Django path.

Each case's snapshot (tests/engine/diagnosis/cases) is stored with the ORM, exported again by
`build_snapshot`, diagnosed by `risk.services.recompute`, and must come out with the case's cause on top,
the same as the engine on the original file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kyoso.engine.diagnosis import diagnose, parse_snapshot
from kyoso.risk import services
from tests.risk.stored_cases import store_snapshot

pytestmark = pytest.mark.django_db

CASES = Path(__file__).resolve().parents[1] / "engine" / "diagnosis" / "cases"


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("case_a_culture_mismatch", {"partner_fit"}),
        ("case_b_ip_dispute", {"ip_contract"}),
        # Case C: the expectation gap shows as communication (perception gaps) and purpose (goal types).
        ("case_c_expectation_mismatch", {"communication", "purpose"}),
    ],
)
def test_seed_cases_come_out_with_their_cause_on_top(workspace, owner, name, cause):
    snapshot = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    direct = diagnose(parse_snapshot(snapshot)).to_json()
    project = store_snapshot(snapshot, workspace=workspace, by=owner)

    stored = services.recompute(project, as_of=dt.date.fromisoformat(snapshot["as_of"])).diagnosis

    assert direct["causes"][0]["id"] in cause
    assert stored.top_cause in cause
    assert getattr(stored, stored.top_cause) >= 50
    assert stored.result_ja["causes"][0]["evidence"]
    assert abs(stored.overall_score - direct["overall"]["score"]) <= 10


@pytest.mark.parametrize(
    "name",
    [
        "healthy_poc",
        "healthy_pilot",
        "healthy_exploration",
    ],
)
def test_healthy_projects_stay_low(workspace, owner, name):
    snapshot = json.loads((CASES / f"{name}.json").read_text(encoding="utf-8"))
    project = store_snapshot(snapshot, workspace=workspace, by=owner)
    stored = services.recompute(project, as_of=dt.date.fromisoformat(snapshot["as_of"])).diagnosis
    assert stored.overall_score < 25
    assert max(stored.scores().values()) < 50

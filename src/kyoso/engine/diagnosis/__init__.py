"""Failure-risk diagnosis of an open-innovation project (capabilities C4 and C5 in docs/product.md#capabilities; input docs/formats.md#project-snapshot).

Pure Python, no Django::

    from kyoso.engine.diagnosis import parse_snapshot, diagnose

    snapshot = parse_snapshot(json.loads(text))  # raises SnapshotError(.path, .message)
    result = diagnose(snapshot, lang="ja")
    result.to_json()  # {"overall": ..., "causes": [...six...], "gaps": [...], "warnings": [...]}
"""

from __future__ import annotations

from .alignment import Gap, alignment_gaps
from .engine import CauseResult, Diagnosis, diagnose
from .rules import RULES, Finding
from .snapshot import Snapshot, SnapshotError, parse_snapshot
from .texts import CAUSE_IDS
from .warnings import Warning

__all__ = [
    "CAUSE_IDS",
    "RULES",
    "CauseResult",
    "Diagnosis",
    "Finding",
    "Gap",
    "Snapshot",
    "SnapshotError",
    "Warning",
    "alignment_gaps",
    "diagnose",
    "parse_snapshot",
]

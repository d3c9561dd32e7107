"""The alignment section of the project snapshot; `kyoso.projects.snapshot.build_snapshot` calls this."""

from __future__ import annotations

from kyoso.alignment.selectors import answers_for_snapshot

__all__ = ["answers_for_snapshot"]

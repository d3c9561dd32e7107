"""The contract page's view of the diagnosis engine's contract-term registry.

The terms, the red flags and their thresholds are defined once, by the engine
(``kyoso.engine.diagnosis.contract_terms`` and ``contract_review``); this module names what the
project app uses from there. The contract fields a user may set are ``models.CONTRACT_FIELDS``.
"""

from __future__ import annotations

from kyoso.engine.diagnosis.contract_review import HIGH, MEDIUM, RedFlag, is_open, red_flags, term_states
from kyoso.engine.diagnosis.contract_terms import TERMS_BY_KIND

__all__ = [
    "HIGH",
    "MEDIUM",
    "TERMS_BY_KIND",
    "RedFlag",
    "is_open",
    "red_flags",
    "term_states",
]

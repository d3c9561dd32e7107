"""The contract page's view of the diagnosis engine's contract-term registry.

The terms, the red flags and their thresholds are defined once, by the engine
(``kyoso.engine.diagnosis.contract_terms`` and ``contract_review``); this module names what the
project app uses from there, and the Contract model fields the form and the service accept.
"""

from __future__ import annotations

from kyoso.engine.diagnosis.contract_review import HIGH, MEDIUM, RedFlag, is_open, red_flags, term_states
from kyoso.engine.diagnosis.contract_terms import TERMS, TERMS_BY_KIND, model_fields

__all__ = [
    "ALL_TERMS",
    "CONTRACT_FIELDS",
    "HIGH",
    "MEDIUM",
    "TERMS_BY_KIND",
    "RedFlag",
    "is_open",
    "red_flags",
    "term_states",
]

ALL_TERMS = TERMS

# Every field a user may set on a contract, in form order: what the contract is, then its terms.
CONTRACT_FIELDS: tuple[str, ...] = (
    "kind",
    "status",
    "title",
    "counterparty",
    "signed_on",
    "visibility",
    *model_fields(),
    "internal_note",
)

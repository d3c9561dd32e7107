"""The one registry of contract terms and their thresholds.

Everything that reads a contract's terms derives from here: the diagnosis rules, the contract page's
red flags (:mod:`.contract_review`), the project app's contract form and service (through
``TERM_MODEL_FIELDS``). The thresholds are the METI/JPO open-innovation model contracts' defaults
(docs/diagnosis-rules.md, "Contract terms"): changing one here changes the risk score and the
contract page together, so they can never disagree again.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

# Contract kinds in the order a collaboration signs them. A signed contract of a later kind
# supersedes the earlier ones' process terms (the PoC is over once joint development is signed).
CONTRACT_STAGES: Final = ("nda", "poc", "joint_development", "license")

# Every term of the snapshot format (``project.contracts[].terms``), in display order.
TERMS: Final = (
    "foreground_ip_owner",
    "co_owner_consent_to_license",
    "background_ip_listed",
    "license_scope",
    "exclusivity",
    "publication",
    "fee_jpy",
    "purpose_limited",
    "mutual",
    "oral_disclosures_covered",
    "confidential_months_after_end",
    "decision_deadline_days",
    "deliverable",
    "end_date",
    "improvements_grant_back",
    "non_compete_months_after_end",
    "free_license_to_corporate",
)

# The decision points that matter for each kind of contract, in display order (the contract page
# lists these rows; a kind not listed shows every term).
TERMS_BY_KIND: Final = MappingProxyType(
    {
        "nda": (
            "purpose_limited",
            "mutual",
            "oral_disclosures_covered",
            "confidential_months_after_end",
            "decision_deadline_days",
            "end_date",
        ),
        "poc": (
            "fee_jpy",
            "deliverable",
            "end_date",
            "decision_deadline_days",
            "foreground_ip_owner",
            "publication",
            "purpose_limited",
        ),
        "joint_development": (
            "foreground_ip_owner",
            "co_owner_consent_to_license",
            "background_ip_listed",
            "exclusivity",
            "publication",
            "non_compete_months_after_end",
            "improvements_grant_back",
            "fee_jpy",
            "end_date",
        ),
        "license": (
            "license_scope",
            "exclusivity",
            "fee_jpy",
            "improvements_grant_back",
            "free_license_to_corporate",
            "end_date",
        ),
    }
)

# Terms that only steer the contract's own work (what is delivered, until when, when the corporate
# answers, what the work is paid). Once a later-stage contract is signed they no longer matter;
# ownership, confidentiality, exclusivity and the like outlive the contract and are always judged.
PROCESS_TERMS: Final = MappingProxyType(
    {
        "nda": ("decision_deadline_days",),
        "poc": ("fee_jpy", "deliverable", "end_date", "decision_deadline_days"),
        "joint_development": ("end_date",),
        "license": ("end_date",),
    }
)

# Terms the snapshot format allows to be absent without saying anything about the deal: when they
# are not recorded the diagnosis asks for them ("data to complete") instead of scoring a risk.
OPTIONAL_TERMS: Final = MappingProxyType(
    {
        "nda": ("confidential_months_after_end", "decision_deadline_days"),
        "poc": ("deliverable", "end_date", "decision_deadline_days"),
    }
)

# How each term is stored by the project app's Contract model (one model field per term, except
# exclusivity, stored as granted / field / months).
TERM_MODEL_FIELDS: Final = MappingProxyType(
    {
        term: (("exclusive", "exclusivity_field", "exclusivity_months") if term == "exclusivity" else (term,))
        for term in TERMS
    }
)

# --------------------------------------------------------------------------- thresholds
# Model NDA: a one-year term, then confidentiality for 3 more years.
CONFIDENTIAL_MODEL_MONTHS: Final = 36
# Model NDA and PoC: the corporate answers within 2 months whether it goes on to the next step.
DECISION_DEADLINE_MAX_DAYS: Final = 60
# Model PoC: 6 months at most.
POC_MAX_MONTHS: Final = 6
POC_MAX_DAYS: Final = 183
# Model joint R&D: non-compete only during the term; past a year after the end it is a lock-in.
NON_COMPETE_LONG_MONTHS: Final = 12
# Model PoC: the report within 3 weeks, a reasoned objection within 1 week, one revision round.
POC_REPORT_WEEKS: Final = 3
# Model NDA: oral disclosures count when confirmed in writing within 14 days.
ORAL_CONFIRMATION_DAYS: Final = 14


def stage_index(kind: str | None) -> int | None:
    """Position of a contract kind in :data:`CONTRACT_STAGES` (``None`` for an unknown kind)."""
    return CONTRACT_STAGES.index(kind) if kind in CONTRACT_STAGES else None


def terms_for(kind: str | None) -> tuple[str, ...]:
    """The decision points of a contract kind (every term for an unknown kind)."""
    return TERMS_BY_KIND.get(kind or "", TERMS)


def model_fields() -> tuple[str, ...]:
    """The project app's Contract model fields that hold the terms, in display order."""
    return tuple(f for term in TERMS for f in TERM_MODEL_FIELDS[term])

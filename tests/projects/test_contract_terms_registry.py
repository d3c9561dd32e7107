"""The contract page and the diagnosis engine read one registry of contract terms and thresholds."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from kyoso.engine.diagnosis import contract_review, contract_terms, diagnose, parse_snapshot
from kyoso.projects import red_flags, services
from kyoso.projects.forms import ContractForm
from kyoso.projects.models import CONTRACT_FIELDS, Contract

HEALTHY_POC = json.loads(
    (Path(__file__).resolve().parents[1] / "engine" / "diagnosis" / "cases" / "healthy_poc.json").read_text(
        encoding="utf-8"
    )
)


def _engine_rules(kind: str, **terms: object) -> set[str]:
    data = copy.deepcopy(HEALTHY_POC)
    contract = next(c for c in data["project"]["contracts"] if c["kind"] == kind)
    contract["terms"].update(terms)
    out = diagnose(parse_snapshot(data)).to_json()
    return {r["id"] for c in out["causes"] for r in c["rules"]}


def _page_flags(kind: str, **terms: object) -> set[str]:
    return {f.key for f in red_flags.red_flags(kind, "signed", terms, lang="en")}


def test_the_contract_page_uses_the_engines_red_flags():
    assert red_flags.red_flags is contract_review.red_flags
    assert red_flags.term_states is contract_review.term_states
    assert red_flags.TERMS_BY_KIND is contract_terms.TERMS_BY_KIND


@pytest.mark.parametrize("months", [0, 12, 24, 35, 36, 48])
def test_confidentiality_threshold_is_the_same_on_the_page_and_in_the_score(months):
    assert contract_terms.CONFIDENTIAL_MODEL_MONTHS == 36  # METI/JPO model NDA: 3 years after the term
    page = "nda_short_confidentiality" in _page_flags("nda", confidential_months_after_end=months)
    engine = "ip_contract.short_confidentiality" in _engine_rules("nda", confidential_months_after_end=months)
    assert page == engine == (months < contract_terms.CONFIDENTIAL_MODEL_MONTHS)


@pytest.mark.parametrize("days", [30, 60, 61, 90, 120])
def test_decision_deadline_threshold_is_the_same_on_the_page_and_in_the_score(days):
    assert contract_terms.DECISION_DEADLINE_MAX_DAYS == 60  # model NDA/PoC: the answer within 2 months
    page = "no_decision_deadline" in _page_flags(
        "poc", decision_deadline_days=days, deliverable="x", end_date="2026-08-31"
    )
    engine = "ip_contract.decision_deadline" in _engine_rules("poc", decision_deadline_days=days)
    assert page == engine == (days > contract_terms.DECISION_DEADLINE_MAX_DAYS)


def test_the_contract_form_and_service_accept_every_registered_term():
    model_fields = set(contract_terms.model_fields())
    assert model_fields <= set(ContractForm._meta.fields)
    assert model_fields <= set(CONTRACT_FIELDS)
    assert list(ContractForm._meta.fields) == list(CONTRACT_FIELDS)
    assert services.CONTRACT_FIELDS is CONTRACT_FIELDS
    names = {f.name for f in Contract._meta.get_fields()}
    assert model_fields <= names
    assert set(contract_terms.TERMS) == {t for terms in contract_terms.TERMS_BY_KIND.values() for t in terms}


def test_the_api_contract_schema_accepts_the_contract_fields():
    from kyoso.api.projects_schemas import ContractIn

    api_fields = set(ContractIn.model_fields)
    # The internal note is for the workspace's own pages; everything else a user may set, the API takes.
    assert api_fields == set(CONTRACT_FIELDS) - {"internal_note"}

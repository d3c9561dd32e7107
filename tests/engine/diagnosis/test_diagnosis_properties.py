"""Property tests over generated snapshots: bounds, order, determinism, monotonicity."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kyoso.engine.diagnosis import CAUSE_IDS, diagnose, parse_snapshot
from kyoso.engine.diagnosis import snapshot as S

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

dates = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 12, 31)).map(dt.date.isoformat)
maybe_dates = st.none() | dates
days = st.none() | st.integers(min_value=0, max_value=400)
months = st.none() | st.integers(min_value=0, max_value=120)
money = st.none() | st.integers(min_value=0, max_value=10**9)
text = st.none() | st.sampled_from(["", "検出率95%", "goal", "売上1億円"])
flag = st.none() | st.booleans()


def enum(values: tuple[str, ...]) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(values)


def optional_dict(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """A dict where every field may be missing."""
    return st.fixed_dictionaries({}, optional=fields)


terms = optional_dict(
    foreground_ip_owner=enum(S.IP_OWNERS),
    background_ip_listed=flag,
    license_scope=text,
    exclusivity=st.none() | optional_dict(field=text, months=months),
    publication=enum(S.PUBLICATION),
    fee_jpy=money,
    purpose_limited=flag,
    mutual=flag,
    oral_disclosures_covered=flag,
    confidential_months_after_end=months,
    decision_deadline_days=days,
    deliverable=text,
    end_date=maybe_dates,
    co_owner_consent_to_license=flag,
    improvements_grant_back=enum(S.GRANT_BACK),
    non_compete_months_after_end=months,
)
contract = optional_dict(
    kind=enum(S.CONTRACT_KINDS), status=enum(S.CONTRACT_STATUSES), signed_on=maybe_dates, terms=terms
)
culture = optional_dict(
    decision_lead_days=days, quality_approach=enum(S.QUALITY_APPROACHES), risk_appetite=enum(S.RISK_APPETITES)
)
party = optional_dict(
    kind=enum(S.PARTY_KINDS), oi_experience_count=days, company_wide_support=flag, culture=st.none() | culture
)
answers = optional_dict(
    goal_type=enum(S.GOAL_TYPES),
    first_result_months=months,
    decision_lead_days=days,
    quality_approach=enum(S.QUALITY_APPROACHES),
    result_owner=enum(S.IP_OWNERS),
    budget_jpy=money,
    success_kpi=text,
)
people = st.lists(st.sampled_from(["製造部長", "品質保証部長", "法務部長"]), max_size=3, unique=True)
project = optional_dict(
    stage=enum(S.STAGES),
    stage_entered=maybe_dates,
    charter=optional_dict(
        purpose_category=enum(S.PURPOSE_CATEGORIES),
        goal=text,
        why_partner=text,
        expected_benefits=st.lists(
            optional_dict(metric=text, target=st.none() | st.integers(-50, 100)), max_size=2
        ),
        stakeholders=people,
        acknowledged_by=people,
    ),
    sponsor=optional_dict(
        level=enum(S.SPONSOR_LEVELS), last_engaged=maybe_dates, budget_committed_until=maybe_dates
    ),
    gates=st.lists(
        optional_dict(
            stage=enum(S.STAGES),
            criteria=st.lists(st.just("x"), max_size=2),
            decision=enum(S.GATE_DECISIONS),
            decided_on=maybe_dates,
            due=maybe_dates,
        ),
        max_size=2,
    ),
    milestones=st.lists(optional_dict(title=text, due=maybe_dates, done_on=maybe_dates), max_size=3),
    kpis=st.lists(optional_dict(name=text, horizon_months=months), max_size=2),
    communication=optional_dict(
        cadence_days=st.none() | st.integers(1, 60),
        log=st.lists(
            optional_dict(
                date=dates, parties=st.sampled_from([["corporate"], ["corporate", "partner"], ["partner"]])
            ),
            max_size=6,
        ),
    ),
    contracts=st.lists(contract, max_size=3),
)
snapshots = st.builds(
    lambda base, extra: {**base, **extra},
    st.just({"kyoso_snapshot": 1}),
    optional_dict(
        as_of=dates,
        project=project,
        parties=optional_dict(corporate=party, partner=party),
        alignment=optional_dict(corporate=answers, partner=answers),
    ),
)


def scores(data: dict[str, Any]) -> dict[str, int]:
    return {c.id: c.score for c in diagnose(parse_snapshot(data)).causes}


@SETTINGS
@given(snapshots)
def test_any_valid_snapshot_yields_all_six_causes_sorted_in_bounds(data):
    out = diagnose(parse_snapshot(data)).to_json()
    ids = [c["id"] for c in out["causes"]]
    assert sorted(ids) == sorted(CAUSE_IDS)
    keys = [(-c["score"], CAUSE_IDS.index(c["id"])) for c in out["causes"]]
    assert keys == sorted(keys)
    assert 0 <= out["overall"]["score"] <= max(c["score"] for c in out["causes"]) <= 100
    for c in out["causes"]:
        assert type(c["score"]) is int
        # A cause scores only through its rules and, far below them, its data to complete.
        asked = [d for d in out["data_to_complete"] if d["cause"] == c["id"]]
        assert (c["score"] > 0) == bool(c["rules"] or asked)
        if not c["rules"]:
            assert c["score"] < 25
    json.dumps(out)  # serialisable


@SETTINGS
@given(snapshots, st.sampled_from(["ja", "en"]))
def test_output_is_deterministic(data, lang):
    first = json.dumps(diagnose(parse_snapshot(copy.deepcopy(data)), lang).to_json(), ensure_ascii=False)
    second = json.dumps(diagnose(parse_snapshot(copy.deepcopy(data)), lang).to_json(), ensure_ascii=False)
    assert first == second


def _with_contract_terms(data: dict[str, Any], **t: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    project = out.setdefault("project", {})
    project.setdefault("contracts", []).append({"kind": "joint_development", "status": "signed", "terms": t})
    return out


# Each entry: cause, and a way to add one bad signal to any snapshot.
BAD_SIGNALS = {
    "undecided_ip": ("ip_contract", lambda d: _with_contract_terms(d, foreground_ip_owner="undecided")),
    "one_way_nda": ("ip_contract", lambda d: _with_contract_terms(d, mutual=False)),
    "unlimited_exclusivity": ("ip_contract", lambda d: _with_contract_terms(d, exclusivity={"months": None})),
    "non_compete": ("ip_contract", lambda d: _with_contract_terms(d, non_compete_months_after_end=36)),
}


def _set_answers(data: dict[str, Any], side: str, **answers: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.setdefault("alignment", {}).setdefault(side, {}).update(answers)
    return out


def _set_party(data: dict[str, Any], side: str, **fields: Any) -> dict[str, Any]:
    out = copy.deepcopy(data)
    out.setdefault("parties", {}).setdefault(side, {}).update(fields)
    return out


@SETTINGS
@given(snapshots, st.sampled_from(sorted(BAD_SIGNALS)))
def test_adding_a_red_flag_never_lowers_its_cause(data, signal):
    cause, add = BAD_SIGNALS[signal]
    assert scores(add(data))[cause] >= scores(data)[cause]


@SETTINGS
@given(snapshots)
def test_partner_without_oi_experience_or_support_never_lowers_partner_fit(data):
    worse = _set_party(data, "partner", oi_experience_count=0, company_wide_support=False)
    assert scores(worse)["partner_fit"] >= scores(data)["partner_fit"]


@SETTINGS
@given(snapshots)
def test_corporate_without_support_never_lowers_internal_structure(data):
    worse = _set_party(data, "corporate", company_wide_support=False, oi_experience_count=0)
    assert scores(worse)["internal_structure"] >= scores(data)["internal_structure"]


@SETTINGS
@given(snapshots)
def test_opposite_goal_types_never_lower_purpose(data):
    worse = _set_answers(
        _set_answers(data, "corporate", goal_type="improve_existing"), "partner", goal_type="replace"
    )
    base = _set_answers(data, "corporate", goal_type="improve_existing")
    assert scores(worse)["purpose"] >= scores(base)["purpose"]


@SETTINGS
@given(snapshots)
def test_fixing_the_foreground_owner_never_raises_ip_contract(data):
    bad = _with_contract_terms(data, foreground_ip_owner="undecided")
    for owner in ("partner", "joint", "corporate"):
        fixed = copy.deepcopy(bad)
        fixed["project"]["contracts"][-1]["terms"]["foreground_ip_owner"] = owner
        assert scores(fixed)["ip_contract"] <= scores(bad)["ip_contract"]


@SETTINGS
@given(snapshots, dates, st.sampled_from(["poc", "pilot", "commercialisation"]))
def test_a_longer_silence_never_lowers_communication(data, as_of, stage):
    """Dropping the latest contact from the log can only widen the gaps (as_of fixed: see effective_as_of)."""
    data = copy.deepcopy(data)
    data["as_of"] = as_of
    if isinstance(data.get("project"), dict):
        data["project"]["stage"] = stage
    log = ((data.get("project") or {}).get("communication") or {}).get("log") or []
    if len(log) < 2:
        return
    for entry in log:  # all contacts joint, so that only the silence changes (not one-sidedness)
        entry["parties"] = ["corporate", "partner"]
    fewer = copy.deepcopy(data)
    latest = max(e.get("date", "") for e in log)
    fewer["project"]["communication"]["log"] = [e for e in log if e.get("date", "") != latest]
    if not fewer["project"]["communication"]["log"]:
        return
    assert scores(fewer)["communication"] >= scores(data)["communication"]


def test_the_empty_snapshot_works():
    out = diagnose(parse_snapshot({"kyoso_snapshot": 1})).to_json()
    assert [c["id"] for c in out["causes"]] == list(CAUSE_IDS)
    assert out["overall"] == {"score": 0, "level": "low"}
    assert out["gaps"] == [] and out["warnings"] == []

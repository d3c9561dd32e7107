"""Diagnosis calibration: false alarms on healthy projects, and the main cause first on failing ones.

    .venv/bin/python bench/diagnosis_calibration.py [--n 60] [--seed 11] [--heldout-seed 29]
                                                    [--show tuning|heldout|bundled]

Three populations go through the engine:

* **bundled**: the snapshots in tests/engine/diagnosis/cases/ with their known verdicts;
* **tuning**: generated from ``--seed`` with the ``TUNING`` ranges;
* **held-out**: generated from ``--heldout-seed`` with the ``HELDOUT`` ranges (other dates, cadences,
  culture values, contract sets and texts). Rules were tuned on the first only; the held-out part is
  reported separately and its per-case results are only printed on request.

Each generated population holds ``--n`` healthy projects per stage (exploration, PoC, pilot,
commercialisation, stopped at a planned gate) and ``--n`` failing variants per cause. A healthy
project is built from random facts: dates, durations, counts of meetings and milestones, which
contracts exist, which optional terms are recorded, culture and alignment values within a healthy
range. A failing variant of a cause starts from a healthy committed project and applies one to three
of that cause's failure patterns, each with random values.

Printed: the false-alarm rate (a healthy project at >= 50 overall or on any cause) and, per cause,
the share of failing variants whose main cause ranks first. No assertions: the numbers are for
reading (issue 16 goal: no false alarm, every failing variant's main cause first).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kyoso.engine.diagnosis import CAUSE_IDS, diagnose, parse_snapshot  # noqa: E402

ALARM = 50  # "high" starts here
STAGES = ("exploration", "poc", "pilot", "commercialisation", "stopped")
Snap = dict[str, Any]


@dataclass(frozen=True)
class Ranges:
    """The facts a generator draws from. TUNING and HELDOUT differ in every range."""

    name: str
    first_day: dt.date
    span_days: int  # project starts spread over this many days
    exploration_days: tuple[int, int]  # NDA signed -> PoC signed
    poc_days: tuple[int, int]  # PoC length (model: 6 months at most)
    pilot_days: tuple[int, int]
    into_stage_days: tuple[int, int]  # stage entered -> as_of
    cadences: tuple[int, ...]
    jitter: float  # contact gap up to cadence * (1 + jitter)
    lead_days: tuple[int, int]  # corporate decision lead time; the partner is faster
    fees: tuple[int, ...]
    optional_recorded: float  # chance that an optional contract term is recorded
    sparse: float  # chance that a healthy project leaves some non-contract facts unrecorded
    next_draft: float  # chance that the next stage's contract is being negotiated
    texts: dict[str, tuple[str, ...]]


TUNING = Ranges(
    name="tuning",
    first_day=dt.date(2024, 1, 1),
    span_days=700,
    exploration_days=(30, 120),
    poc_days=(90, 180),
    pilot_days=(120, 300),
    into_stage_days=(20, 80),
    cadences=(7, 14, 30),
    jitter=0.3,
    lead_days=(5, 21),
    fees=(3_000_000, 5_000_000, 12_000_000),
    optional_recorded=0.5,
    sparse=0.3,
    next_draft=0.3,
    texts={
        "goal": (
            "需要予測AIで欠品率を半減できるか検証する",
            "Validate whether vision AI halves inspection misses",
        ),
        "why": ("自社にない画像認識技術を持つため", "The partner has the sensing technology we lack"),
        "benefit": ("欠品率", "Inspection misses"),
        "criterion": ("検出率95%以上", "Forecast error (MAPE) under 15%"),
        "kpi": ("検出率", "Forecast accuracy"),
        "milestone": ("データ連携", "プロトタイプ", "Field test", "Model v2", "現場展開"),
        "field": ("自動車部品の製造ライン", "Cold-chain logistics"),
    },
)

HELDOUT = Ranges(
    name="held-out",
    first_day=dt.date(2025, 4, 1),
    span_days=400,
    exploration_days=(45, 200),
    poc_days=(100, 183),
    pilot_days=(150, 360),
    into_stage_days=(10, 110),
    cadences=(10, 21, 28),
    jitter=0.4,
    lead_days=(3, 30),
    fees=(2_000_000, 8_000_000, 20_000_000, 45_000_000),
    optional_recorded=0.3,
    sparse=0.45,
    next_draft=0.4,
    texts={
        "goal": (
            "物流倉庫の作業時間を30%短縮する方法を検証する",
            "Test whether sensor retrofits cut downtime by a fifth",
        ),
        "why": ("連携先の振動解析技術が必要なため", "We need the partner's battery chemistry know-how"),
        "benefit": ("作業時間", "Unplanned downtime"),
        "criterion": ("誤検知率5%以下", "Pilot users keep using it weekly (>= 70%)"),
        "kpi": ("作業時間短縮率", "Weekly active pilot sites"),
        "milestone": ("要件定義", "試作機", "Site survey", "Beta release", "量産設計", "Safety review"),
        "field": ("食品物流", "Industrial batteries for forklifts"),
    },
)


def _d(day: dt.date) -> str:
    return day.isoformat()


def _between(rng: random.Random, lo: int, hi: int) -> int:
    return rng.randint(lo, hi)


def _maybe(rng: random.Random, r: Ranges, terms: Snap, key: str, value: Any) -> None:
    """Record an optional term, or leave it out (absent is unknown, not a defect)."""
    if rng.random() < r.optional_recorded:
        terms[key] = value


# --------------------------------------------------------------------------- healthy projects


def healthy(rng: random.Random, r: Ranges, stage: str) -> Snap:
    """A project that is doing well in ``stage``: every risk is handled, dates are realistic."""
    pick = rng.choice
    t0 = r.first_day + dt.timedelta(days=rng.randrange(r.span_days))
    nda_on = t0 + dt.timedelta(days=_between(rng, 5, 30))
    poc_on = nda_on + dt.timedelta(days=_between(rng, *r.exploration_days))
    poc_len = _between(rng, *r.poc_days)
    pilot_on = poc_on + dt.timedelta(days=poc_len + _between(rng, 0, 20))
    com_on = pilot_on + dt.timedelta(days=_between(rng, *r.pilot_days))
    stage_of = {"exploration": t0, "poc": poc_on, "pilot": pilot_on, "commercialisation": com_on}
    current = "poc" if stage == "stopped" else stage
    entered = stage_of[current]
    if stage == "stopped":
        # Stopped at the planned PoC gate, after the PoC ran its course.
        stopped_on = poc_on + dt.timedelta(days=poc_len)
        entered = stopped_on
        as_of = stopped_on + dt.timedelta(days=_between(rng, 5, 60))
    elif stage == "poc":
        as_of = entered + dt.timedelta(
            days=_between(rng, r.into_stage_days[0], min(r.into_stage_days[1], poc_len - 5))
        )
    else:
        as_of = entered + dt.timedelta(days=_between(rng, *r.into_stage_days))
    if stage == "exploration":
        as_of = max(as_of, nda_on + dt.timedelta(days=5))
    order = STAGES.index(current)
    improve = rng.random() < 0.4

    contracts: list[Snap] = []
    nda_terms: Snap = {"mutual": True, "oral_disclosures_covered": True, "purpose_limited": True}
    _maybe(rng, r, nda_terms, "confidential_months_after_end", pick([36, 48, 60]))
    _maybe(rng, r, nda_terms, "decision_deadline_days", pick([30, 45, 60]))
    if stage != "exploration" or rng.random() < 0.8:
        contracts.append({"kind": "nda", "status": "signed", "signed_on": _d(nda_on), "terms": nda_terms})
    owner = pick(["partner", "partner", "joint"])
    ip: Snap = {"foreground_ip_owner": owner, "publication": pick(["allowed", "allowed_after_review"])}
    if owner == "joint":
        ip["co_owner_consent_to_license"] = True
    poc_end = poc_on + dt.timedelta(days=poc_len)
    if order >= 1:
        poc_terms: Snap = {**ip, "fee_jpy": pick(r.fees), "purpose_limited": True, "mutual": True}
        _maybe(rng, r, poc_terms, "deliverable", pick(["検証報告書", "Validation report"]))
        _maybe(rng, r, poc_terms, "end_date", _d(poc_end))
        _maybe(rng, r, poc_terms, "decision_deadline_days", pick([30, 60]))
        contracts.append({"kind": "poc", "status": "signed", "signed_on": _d(poc_on), "terms": poc_terms})
    if order >= 2:
        jd: Snap = {
            **ip,
            "background_ip_listed": True,
            "fee_jpy": pick(r.fees) * 4,
            "improvements_grant_back": "mutual",
            "non_compete_months_after_end": 0,
            "license_scope": pick(r.texts["field"]),
        }
        if rng.random() < 0.6:
            jd["exclusivity"] = {"field": pick(r.texts["field"]), "months": pick([12, 18, 24])}
        signed = pilot_on - dt.timedelta(days=_between(rng, 0, 15))
        contracts.append(
            {"kind": "joint_development", "status": "signed", "signed_on": _d(signed), "terms": jd}
        )
    if order >= 3 and rng.random() < 0.6:
        lic = {
            "license_scope": pick(r.texts["field"]),
            "fee_jpy": pick(r.fees) * 10,
            "improvements_grant_back": "mutual",
            "exclusivity": {"field": pick(r.texts["field"]), "months": pick([12, 24])},
        }
        contracts.append({"kind": "license", "status": "signed", "signed_on": _d(com_on), "terms": lic})

    # Gates: earlier stages decided "go" with criteria; the current one planned well ahead.
    gates: list[Snap] = []
    for i, st in enumerate(("exploration", "poc", "pilot")):
        if i < order:
            gates.append(
                {
                    "stage": st,
                    "criteria": [pick(r.texts["criterion"])],
                    "decision": "go",
                    "decided_on": _d(stage_of[STAGES[i + 1]] - dt.timedelta(days=3)),
                }
            )
    if stage == "stopped":
        gates.append(
            {
                "stage": "poc",
                "criteria": [pick(r.texts["criterion"])],
                "decision": "no_go",
                "decided_on": _d(entered),
                "due": _d(entered),
            }
        )
    elif current != "commercialisation":
        span = poc_len if current == "poc" else _between(rng, 90, 240)
        due = entered + dt.timedelta(days=span)
        gates.append(
            {
                "stage": current,
                "criteria": [pick(r.texts["criterion"])],
                "decision": None,
                "decided_on": None,
                "due": _d(due),
            }
        )
    # Milestones: those before as_of done on time, the rest ahead.
    milestones = []
    n_ms = _between(rng, 2, 5)
    for k in range(n_ms):
        due = entered + dt.timedelta(days=int((k + 1) * (as_of - entered).days * 1.6 / n_ms) + 5)
        done = due - dt.timedelta(days=_between(rng, 0, 5)) if due <= as_of else None
        milestones.append(
            {"title": pick(r.texts["milestone"]), "due": _d(due), "done_on": _d(done) if done else None}
        )
    horizon = {"exploration": 6, "poc": 6, "pilot": 9, "commercialisation": 12}[current]
    kpis = [
        {
            "name": pick(r.texts["kpi"]),
            "target": pick([20, 30, 95]),
            "unit": "%",
            "horizon_months": horizon + pick([0, 3, 6]),
        }
    ]
    if current == "commercialisation" and rng.random() < 0.5:
        kpis.append(
            {
                "name": pick(["売上", "Revenue"]),
                "target": 100_000_000,
                "unit": "JPY",
                "horizon_months": pick([12, 24]),
            }
        )
    last_work = max([dt.date.fromisoformat(m["due"]) for m in milestones] + [poc_end, as_of])
    cadence = pick(r.cadences)
    log = []
    day = max(t0, entered - dt.timedelta(days=90))
    while day < as_of:
        log.append(
            {
                "date": _d(day),
                "kind": pick(["meeting", "call"]),
                "parties": ["corporate", "partner"],
                "note": "定例",
            }
        )
        day += dt.timedelta(days=max(3, int(cadence * (1 + rng.uniform(-0.3, r.jitter)))))
    lead = _between(rng, *r.lead_days)
    partner_lead = max(2, lead // pick([1, 2]))
    quality = pick(["verify_first", "balanced"])
    goal = "improve_existing" if improve else pick(["replace", "new_market"])
    result_owner = owner
    months = pick([6, 9, 12]) if not improve else pick([4, 6, 9])
    answers = {
        "goal_type": goal,
        "first_result_months": months,
        "decision_lead_days": lead,
        "quality_approach": quality,
        "result_owner": result_owner,
        "budget_jpy": pick(r.fees) * 5,
        "success_kpi": pick(r.texts["kpi"]),
    }
    partner_answers = {**answers, "decision_lead_days": partner_lead}
    stakeholders = ["事業部長", "品質保証部長", "Legal"][: _between(rng, 1, 3)]
    committed = current != "exploration"
    project: Snap = {
        "title": f"{r.name} {stage} {rng.randrange(10**6)}",
        "type": pick(["inbound", "outbound"]),
        "stage": stage,
        "stage_entered": _d(entered),
        "charter": {
            "purpose_category": "improve_existing" if improve else pick(["new_technology", "new_business"]),
            "goal": pick(r.texts["goal"]),
            "why_partner": pick(r.texts["why"]),
            "expected_benefits": [
                {
                    "metric": pick(r.texts["benefit"]),
                    "target": pick([20, 30, 50]),
                    "unit": "%",
                    "by": _d(max(last_work, t0 + dt.timedelta(days=_between(rng, 420, 900)))),
                }
            ],
            "stakeholders": stakeholders,
            "acknowledged_by": list(stakeholders),
        },
        "sponsor": {
            "name": "執行役員",
            "level": "executive",
            "last_engaged": _d(as_of - dt.timedelta(days=_between(rng, 3, 40))),
            "budget_committed_until": _d(last_work + dt.timedelta(days=_between(rng, 30, 200))),
        },
        "gates": gates,
        "milestones": milestones if committed or rng.random() < 0.5 else [],
        "kpis": kpis,
        "communication": {"cadence_days": cadence, "channels": ["meeting", "chat"], "log": log},
        "contracts": contracts,
    }
    party = {
        "kind": "corporate",
        "oi_experience_count": _between(rng, 1, 8),
        "company_wide_support": True,
        "culture": {
            "decision_lead_days": lead,
            "quality_approach": quality,
            "risk_appetite": pick(["medium", "high"]),
        },
    }
    partner = {
        "kind": pick(["startup", "startup", "university"]),
        "oi_experience_count": _between(rng, 1, 6),
        "company_wide_support": True,
        "culture": {
            "decision_lead_days": partner_lead,
            "quality_approach": pick([quality, "balanced"]),
            "risk_appetite": pick(["medium", "high"]),
        },
    }
    snap: Snap = {
        "kyoso_snapshot": 1,
        "as_of": _d(as_of),
        "project": project,
        "parties": {"corporate": {"name": "Corp", **party}, "partner": {"name": "Partner", **partner}},
        "alignment": {"corporate": answers, "partner": partner_answers},
    }
    _everyday_noise(rng, r, snap, order)
    return snap


def _everyday_noise(rng: random.Random, r: Ranges, s: Snap, order: int) -> None:
    """What healthy projects look like in practice: the next contract under negotiation with points
    still open, a finished contract terminated, a fact or two not recorded, a director as sponsor,
    an internal meeting in the log, a milestone finished a few days late."""
    p = s["project"]
    if order in (1, 2) and rng.random() < r.next_draft:
        kind = "joint_development" if order == 1 else "license"
        p["contracts"].append(
            {
                "kind": kind,
                "status": rng.choice(["draft", "negotiating"]),
                "terms": {"foreground_ip_owner": rng.choice(["undecided", None, "partner"]), "fee_jpy": None},
            }
        )
    if order >= 2 and rng.random() < 0.3:
        poc = next(c for c in p["contracts"] if c["kind"] == "poc")
        poc["status"] = "terminated"
    if rng.random() < r.sparse:
        facts: list[Callable[[], None]] = [
            lambda: s["parties"]["partner"].pop("culture"),
            lambda: p["sponsor"].pop("last_engaged"),
            lambda: p["sponsor"].pop("budget_committed_until"),
            lambda: p["charter"].pop("why_partner"),
            lambda: s["alignment"].pop("partner"),
        ]
        for drop in rng.sample(facts, rng.randint(1, 2)):
            drop()
    if rng.random() < 0.2:
        p["sponsor"]["level"] = "director"
    log = p["communication"]["log"]
    if log and rng.random() < 0.3:
        log.insert(len(log) // 2, {**log[len(log) // 2], "parties": ["corporate"], "note": "社内報告"})
    done = [m for m in p["milestones"] if m["done_on"]]
    if done and rng.random() < 0.3:
        m = rng.choice(done)
        late = dt.date.fromisoformat(m["due"]) + dt.timedelta(days=rng.randint(1, 7))
        m["done_on"] = _d(min(late, dt.date.fromisoformat(s["as_of"])))


# --------------------------------------------------------------------------- failure patterns

Mutation = Callable[[random.Random, Snap], None]


def _p(s: Snap) -> Snap:
    project: Snap = s["project"]
    return project


def _asof(s: Snap) -> dt.date:
    return dt.date.fromisoformat(s["as_of"])


def _entered(s: Snap) -> dt.date:
    return dt.date.fromisoformat(_p(s)["stage_entered"])


def _contract(s: Snap, kind: str) -> Snap | None:
    return next((c for c in _p(s)["contracts"] if c["kind"] == kind), None)


def _latest_ip_contract(s: Snap) -> Snap:
    for kind in ("joint_development", "poc"):
        c = _contract(s, kind)
        if c is not None:
            return c
    raise LookupError("no PoC or joint-development contract")


def _answers(s: Snap, side: str) -> Snap:
    """The side's alignment answers, restored from the other side's when not recorded."""
    a = s["alignment"]
    if side not in a:
        a[side] = dict(a["corporate" if side == "partner" else "partner"])
    answers: Snap = a[side]
    return answers


def _culture(s: Snap, side: str) -> Snap:
    party = s["parties"][side]
    if "culture" not in party:
        party["culture"] = {
            "decision_lead_days": 10,
            "quality_approach": "balanced",
            "risk_appetite": "medium",
        }
    culture: Snap = party["culture"]
    return culture


def _purpose_no_goal(rng: random.Random, s: Snap) -> None:
    _p(s)["charter"]["goal"] = rng.choice(["", None])
    _p(s)["charter"]["why_partner"] = None


def _purpose_goal_mismatch(rng: random.Random, s: Snap) -> None:
    _answers(s, "corporate")["goal_type"] = "improve_existing"
    _answers(s, "partner")["goal_type"] = rng.choice(["replace", "new_market"])
    _p(s)["charter"]["purpose_category"] = "improve_existing"


def _purpose_vague_benefits(rng: random.Random, s: Snap) -> None:
    for b in _p(s)["charter"]["expected_benefits"]:
        b["target"] = None
    _p(s)["charter"]["acknowledged_by"] = _p(s)["charter"]["stakeholders"][: rng.randint(0, 1)]


def _fit_speed(rng: random.Random, s: Snap) -> None:
    slow, fast = rng.randint(60, 150), rng.randint(3, 10)
    _culture(s, "corporate")["decision_lead_days"] = slow
    _culture(s, "partner")["decision_lead_days"] = fast


def _fit_quality(rng: random.Random, s: Snap) -> None:
    _culture(s, "corporate")["quality_approach"] = "verify_first"
    _culture(s, "partner")["quality_approach"] = "ship_and_iterate"
    _culture(s, "corporate")["risk_appetite"] = rng.choice(["low", "medium"])
    _culture(s, "partner")["risk_appetite"] = "high"


def _fit_inexperienced(rng: random.Random, s: Snap) -> None:
    s["parties"]["partner"]["oi_experience_count"] = 0
    s["parties"]["partner"]["company_wide_support"] = False
    _culture(s, "partner")["decision_lead_days"] = _culture(s, "corporate")[
        "decision_lead_days"
    ] * rng.choice([4, 6])


def _internal_no_sponsor(rng: random.Random, s: Snap) -> None:
    _p(s).pop("sponsor")


def _internal_sponsor_gone(rng: random.Random, s: Snap) -> None:
    sp = _p(s).get("sponsor")
    if sp is None:  # already removed by _internal_no_sponsor
        return
    sp["level"] = rng.choice(["manager", "director"])
    sp["last_engaged"] = _d(_asof(s) - dt.timedelta(days=rng.randint(95, 200)))
    sp["budget_committed_until"] = _d(_asof(s) - dt.timedelta(days=rng.randint(1, 60)))


def _internal_no_support(rng: random.Random, s: Snap) -> None:
    s["parties"]["corporate"]["company_wide_support"] = False
    _p(s)["charter"]["acknowledged_by"] = []


def _comm_silence(rng: random.Random, s: Snap) -> None:
    log = _p(s)["communication"]["log"]
    cadence = _p(s)["communication"]["cadence_days"] or 30
    cut = _asof(s) - dt.timedelta(days=max(45, cadence * rng.randint(3, 5)))
    _p(s)["communication"]["log"] = [e for e in log if dt.date.fromisoformat(e["date"]) < cut]


def _comm_one_sided(rng: random.Random, s: Snap) -> None:
    for e in _p(s)["communication"]["log"]:
        e["parties"] = ["corporate"]
    _p(s)["communication"]["cadence_days"] = None


def _comm_gaps(rng: random.Random, s: Snap) -> None:
    _answers(s, "corporate")["first_result_months"] = rng.choice([6, 9])
    _answers(s, "partner")["first_result_months"] = _answers(s, "corporate")[
        "first_result_months"
    ] * rng.choice([3, 4])
    _answers(s, "partner")["success_kpi"] = "別のKPI / another KPI"
    _answers(s, "partner")["budget_jpy"] = _answers(s, "corporate")["budget_jpy"] * rng.choice([3, 5])


def _ip_undecided(rng: random.Random, s: Snap) -> None:
    c = _latest_ip_contract(s)
    c["terms"]["foreground_ip_owner"] = "undecided"
    c["terms"]["publication"] = rng.choice(["undecided", "forbidden"])


def _ip_one_sided(rng: random.Random, s: Snap) -> None:
    c = _latest_ip_contract(s)
    c["terms"]["foreground_ip_owner"] = "corporate"
    c["terms"]["exclusivity"] = {"field": None, "months": None}
    c["terms"]["non_compete_months_after_end"] = rng.choice([12, 24, 36])


def _ip_nda_traps(rng: random.Random, s: Snap) -> None:
    nda = _contract(s, "nda")
    if nda is None:
        nda = {"kind": "nda", "status": "signed", "signed_on": _p(s)["stage_entered"], "terms": {}}
        _p(s)["contracts"].insert(0, nda)
    nda["terms"].update(
        mutual=False, oral_disclosures_covered=False, confidential_months_after_end=rng.choice([0, 6, 12])
    )
    poc = _contract(s, "poc")
    if poc is not None:
        poc["terms"]["fee_jpy"] = 0


def _ip_past_poc_ownership_open(rng: random.Random, s: Snap) -> None:
    """Ownership of the PoC's results left open, even if joint development has followed."""
    poc = _contract(s, "poc")
    if poc is None:
        return _ip_undecided(rng, s)
    poc["terms"]["foreground_ip_owner"] = rng.choice(["undecided", None])
    jd = _contract(s, "joint_development")
    if jd is not None:
        jd["terms"]["background_ip_listed"] = False


def _ip_exploring_nda(rng: random.Random, s: Snap) -> None:
    nda = _contract(s, "nda")
    if nda is None:
        nda = {"kind": "nda", "status": "signed", "signed_on": _p(s)["stage_entered"], "terms": {}}
        _p(s)["contracts"].insert(0, nda)
    nda["terms"].update(
        rng.choice(
            [
                {"mutual": False},
                {"purpose_limited": False},
                {"oral_disclosures_covered": False, "confidential_months_after_end": 0},
            ]
        )
    )
    nda["terms"]["decision_deadline_days"] = rng.choice([120, 180])


def _short_financial_gate(rng: random.Random, s: Snap) -> None:
    gates = [g for g in _p(s)["gates"] if g["stage"] in ("poc", "pilot")]
    target = rng.choice(["月間売上1,000万円", "営業利益の黒字化", "Revenue of 20M JPY", "ROI above 1.5"])
    if gates:
        gates[-1]["criteria"] = [target]
    else:
        _p(s)["gates"].append({"stage": "poc", "criteria": [target], "decision": None, "decided_on": None})


def _short_financial_kpi(rng: random.Random, s: Snap) -> None:
    _p(s)["kpis"] = [
        {
            "name": rng.choice(["売上", "Revenue", "利益", "Sales"]),
            "target": 10_000_000,
            "unit": "JPY",
            "horizon_months": rng.choice([2, 3, 4]),
        }
    ]
    _answers(s, "corporate")["first_result_months"] = rng.choice([2, 3])
    _answers(s, "partner")["first_result_months"] = _answers(s, "corporate")["first_result_months"]


def _short_benefits_and_budget(rng: random.Random, s: Snap) -> None:
    signed = [dt.date.fromisoformat(c["signed_on"]) for c in _p(s)["contracts"] if c.get("signed_on")]
    start = min(signed + [_entered(s)])
    for b in _p(s)["charter"]["expected_benefits"]:
        b["by"] = _d(start + dt.timedelta(days=rng.randint(60, 200)))
    open_due = [dt.date.fromisoformat(m["due"]) for m in _p(s)["milestones"] if m["done_on"] is None]
    if open_due:
        _p(s)["sponsor"]["budget_committed_until"] = _d(
            max(_asof(s), min(open_due) - dt.timedelta(days=rng.randint(1, 10)))
        )


def _short_early_gate_or_stop(rng: random.Random, s: Snap) -> None:
    p = _p(s)
    entered = _entered(s)
    if rng.random() < 0.5 and p["stage"] != "commercialisation":
        gate = next((g for g in p["gates"] if g["stage"] == p["stage"]), None)
        if gate is None:
            gate = {"stage": p["stage"], "criteria": ["検出率90%"], "decision": None, "decided_on": None}
            p["gates"].append(gate)
        gate["due"] = _d(entered + dt.timedelta(days=rng.randint(14, 50)))
    else:
        stopped = entered + dt.timedelta(days=rng.randint(20, 80))
        stage = p["stage"] if p["stage"] in ("poc", "pilot") else "pilot"
        p["gates"] = [g for g in p["gates"] if g["stage"] != stage]
        p["gates"].append(
            {
                "stage": stage,
                "criteria": ["検出率90%"],
                "decision": "no_go",
                "decided_on": _d(stopped),
                "due": _d(entered + dt.timedelta(days=rng.randint(120, 180))),
            }
        )
        p["stage"] = "stopped"
        s["as_of"] = _d(stopped + dt.timedelta(days=rng.randint(5, 40)))
        p["stage_entered"] = _d(stopped)
        if stage == "pilot":
            p["gates"] = [g for g in p["gates"] if g["stage"] != "poc"]
            p["gates"].append(
                {"stage": "poc", "criteria": ["検出率90%"], "decision": "go", "decided_on": _d(entered)}
            )


FAILURES: dict[str, tuple[Mutation, ...]] = {
    "purpose": (_purpose_no_goal, _purpose_goal_mismatch, _purpose_vague_benefits),
    "partner_fit": (_fit_speed, _fit_quality, _fit_inexperienced),
    "internal_structure": (_internal_no_sponsor, _internal_sponsor_gone, _internal_no_support),
    "communication": (_comm_silence, _comm_one_sided, _comm_gaps),
    "ip_contract": (_ip_undecided, _ip_one_sided, _ip_nda_traps, _ip_past_poc_ownership_open),
    "short_termism": (
        _short_financial_gate,
        _short_financial_kpi,
        _short_benefits_and_budget,
        _short_early_gate_or_stop,
    ),
}


# Causes whose failures show already while exploring (a culture clash, a trap in the NDA).
_EXPLORING_FAILURES: dict[str, tuple[Mutation, ...]] = {}


_EXPLORING_FAILURES.update(
    {
        "partner_fit": (_fit_speed, _fit_quality),
        "ip_contract": (_ip_exploring_nda,),
        "purpose": (_purpose_goal_mismatch,),
    }
)


def failing(rng: random.Random, r: Ranges, cause: str) -> Snap:
    if cause in _EXPLORING_FAILURES and rng.random() < 0.25:
        s = healthy(rng, r, "exploration")
        patterns = _EXPLORING_FAILURES[cause]
        for mutate in rng.sample(patterns, rng.randint(1, len(patterns))):
            mutate(rng, s)
        return s
    s = healthy(rng, r, rng.choice(["poc", "pilot", "commercialisation"]))
    patterns = FAILURES[cause]
    for mutate in rng.sample(patterns, rng.randint(1, min(3, len(patterns)))):
        mutate(rng, s)
    return s


# --------------------------------------------------------------------------- measuring


@dataclass
class Case:
    name: str
    snap: Snap
    cause: str | None  # None: healthy


def population(seed: int, r: Ranges, n: int) -> list[Case]:
    rng = random.Random(seed)
    cases = [
        Case(f"{r.name}/healthy/{stage}/{i}", healthy(rng, r, stage), None)
        for stage in STAGES
        for i in range(n)
    ]
    cases += [
        Case(f"{r.name}/{cause}/{i}", failing(rng, r, cause), cause) for cause in CAUSE_IDS for i in range(n)
    ]
    return cases


BUNDLED_VERDICTS: dict[str, tuple[str, ...] | None] = {
    "healthy_exploration": None,
    "healthy_poc": None,
    "healthy_pilot": None,
    "case_a_culture_mismatch": ("partner_fit",),
    "case_b_ip_dispute": ("ip_contract",),
    "case_c_expectation_mismatch": ("communication", "purpose"),
    "own_purpose": ("purpose",),
    "own_internal_structure": ("internal_structure",),
    "own_communication": ("communication",),
    "own_short_termism": ("short_termism",),
    "own_ip_unpaid_poc": ("ip_contract",),
    "own_ip_no_contract": ("ip_contract",),
    "own_ip_coownership": ("ip_contract",),
}


def bundled() -> list[tuple[Case, tuple[str, ...] | None]]:
    folder = ROOT / "tests" / "engine" / "diagnosis" / "cases"
    out = []
    for name, verdict in BUNDLED_VERDICTS.items():
        snap = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
        out.append((Case(f"bundled/{name}", snap, verdict[0] if verdict else None), verdict))
    return out


def judge(case: Case, accept: tuple[str, ...] | None = None) -> tuple[bool, str]:
    """(ok, detail): healthy -> nothing at >= ALARM; failing -> its main cause ranks first."""
    out = diagnose(parse_snapshot(case.snap), lang="en").to_json()
    scores = {c["id"]: c["score"] for c in out["causes"]}
    top = out["causes"][0]["id"]
    detail = f"overall {out['overall']['score']}, " + ", ".join(
        f"{c} {scores[c]}" for c in CAUSE_IDS if scores[c]
    )
    if case.cause is None:
        return out["overall"]["score"] < ALARM and max(scores.values()) < ALARM, detail
    return top in (accept or (case.cause,)), f"first {top}; {detail}"


def report(title: str, cases: list[Case], show: bool) -> dict[str, float]:
    healthy_cases = [c for c in cases if c.cause is None]
    alarms = []
    for c in healthy_cases:
        ok, detail = judge(c)
        if not ok:
            alarms.append((c.name, detail))
    print(f"\n{title}: {len(cases)} snapshots")
    rate = len(alarms) / len(healthy_cases) if healthy_cases else 0.0
    print(f"  false alarms on healthy projects: {len(alarms)}/{len(healthy_cases)} = {rate:.1%}")
    per: dict[str, float] = {"false_alarm_rate": rate}
    misses = []
    for cause in CAUSE_IDS:
        mine = [c for c in cases if c.cause == cause]
        if not mine:
            continue
        hits = 0
        for c in mine:
            ok, detail = judge(c)
            hits += ok
            if not ok:
                misses.append((c.name, detail))
        per[cause] = hits / len(mine)
        print(f"  {cause:<20} main cause first: {hits}/{len(mine)} = {hits / len(mine):.1%}")
    if show:
        for name, detail in alarms + misses:
            print(f"    MISS {name}: {detail}")
    return per


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--n", type=int, default=60, help="healthy projects per stage and failing variants per cause"
    )
    parser.add_argument("--seed", type=int, default=11, help="seed of the tuning population")
    parser.add_argument("--heldout-seed", type=int, default=29, help="seed of the held-out population")
    parser.add_argument(
        "--show",
        choices=["bundled", "tuning", "heldout"],
        action="append",
        default=[],
        help="list the misses of a population",
    )
    args = parser.parse_args()

    print(f"diagnosis calibration: {args.n} healthy projects per stage, {args.n} failing variants per cause")
    bundle = bundled()
    alarms, firsts, failing_n = 0, 0, 0
    for case, verdict in bundle:
        ok, detail = judge(case, verdict)
        if case.cause is None:
            alarms += not ok
        else:
            failing_n += 1
            firsts += ok
        if not ok and "bundled" in args.show:
            print(f"    MISS {case.name}: {detail}")
    n_healthy = len(bundle) - failing_n
    print(f"\nbundled cases: false alarms {alarms}/{n_healthy}; main cause first {firsts}/{failing_n}")
    report(
        f"tuning (seed {args.seed}, {TUNING.name} ranges)",
        population(args.seed, TUNING, args.n),
        "tuning" in args.show,
    )
    report(
        f"held-out (seed {args.heldout_seed}, {HELDOUT.name} ranges)",
        population(args.heldout_seed, HELDOUT, args.n),
        "heldout" in args.show,
    )


if __name__ == "__main__":
    main()

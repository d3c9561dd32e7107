"""Diagnosis speed: N generated project snapshots through the whole engine.

    .venv/bin/python bench/diagnosis_speed.py [--n 10000] [--seed 7]

Prints throughput of (a) the baseline, json.loads + parse_snapshot, and (b) the full path a user
runs, json.loads + parse_snapshot + diagnose + to_json + json.dumps, and the ratio of (b) to (a)
measured in the same run. No timed assertions: the numbers are for reading (issue 5 target:
10,000 snapshots in under 30 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kyoso.engine.diagnosis import diagnose, parse_snapshot  # noqa: E402


def _day(rng: random.Random, start: dt.date, span: int) -> str:
    return (start + dt.timedelta(days=rng.randrange(span))).isoformat()


def generate(rng: random.Random) -> dict[str, Any]:
    """One realistic snapshot with a random mix of healthy and risky values."""
    start = dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(500))
    as_of = start + dt.timedelta(days=rng.randrange(30, 500))
    pick = rng.choice
    contracts = [
        {
            "kind": pick(["nda", "poc", "joint_development", "license"]),
            "status": pick(["draft", "negotiating", "signed", "signed", "terminated"]),
            "signed_on": _day(rng, start, 60),
            "terms": {
                "foreground_ip_owner": pick(["corporate", "partner", "joint", "undecided", None]),
                "background_ip_listed": pick([True, False, None]),
                "exclusivity": pick([None, {"field": "製造", "months": pick([12, 36, None])}]),
                "publication": pick(["allowed", "allowed_after_review", "forbidden", "undecided"]),
                "fee_jpy": pick([0, None, 3_000_000]),
                "mutual": pick([True, False]),
                "oral_disclosures_covered": pick([True, False, None]),
                "confidential_months_after_end": pick([0, 12, 36, None]),
                "decision_deadline_days": pick([30, 60, 120, None]),
                "deliverable": pick(["検証報告書", None]),
                "end_date": _day(rng, start, 400),
                "improvements_grant_back": pick(["mutual", "partner_only", "none", None]),
                "non_compete_months_after_end": pick([0, 6, 24, None]),
            },
        }
        for _ in range(rng.randrange(4))
    ]
    culture = {
        "decision_lead_days": pick([3, 7, 14, 30, 60, 90]),
        "quality_approach": pick(["verify_first", "balanced", "ship_and_iterate"]),
        "risk_appetite": pick(["low", "medium", "high"]),
    }
    answers = {
        "goal_type": pick(["improve_existing", "replace", "new_market", "explore"]),
        "first_result_months": pick([2, 3, 6, 12]),
        "decision_lead_days": pick([7, 30, 90]),
        "quality_approach": pick(["verify_first", "balanced", "ship_and_iterate"]),
        "result_owner": pick(["corporate", "partner", "joint", "undecided"]),
        "budget_jpy": pick([5_000_000, 50_000_000, 200_000_000]),
        "success_kpi": pick(["検出率95%", "売上1億円"]),
    }
    return {
        "kyoso_snapshot": 1,
        "as_of": as_of.isoformat(),
        "project": {
            "title": f"協業プロジェクト{rng.randrange(10**6)}",
            "type": pick(["inbound", "outbound"]),
            "stage": pick(["exploration", "poc", "pilot", "commercialisation", "stopped"]),
            "stage_entered": start.isoformat(),
            "charter": {
                "purpose_category": pick(["new_technology", "improve_existing", "new_business", "other"]),
                "goal": pick(["検査工数を30%削減する", "", None]),
                "why_partner": pick(["技術がないため", None]),
                "expected_benefits": [{"metric": "工数", "target": pick([30, None]), "unit": "%"}],
                "stakeholders": ["製造部長", "品質保証部長"],
                "acknowledged_by": pick([[], ["製造部長"], ["製造部長", "品質保証部長"]]),
            },
            "sponsor": pick(
                [
                    None,
                    {
                        "name": "役員",
                        "level": pick(["executive", "director", "manager"]),
                        "last_engaged": _day(rng, start, 300),
                        "budget_committed_until": _day(rng, start, 700),
                    },
                ]
            ),
            "gates": [
                {
                    "stage": "poc",
                    "criteria": pick([[], ["検出率95%以上"]]),
                    "decision": pick([None, "go", "no_go"]),
                }
            ],
            "milestones": [
                {
                    "title": f"M{i}",
                    "due": _day(rng, start, 400),
                    "done_on": pick([None, _day(rng, start, 400)]),
                }
                for i in range(rng.randrange(5))
            ],
            "kpis": [{"name": "検出率", "target": 95, "unit": "%", "horizon_months": pick([1, 3, 6, 12])}],
            "communication": {
                "cadence_days": pick([7, 14, 30, None]),
                "channels": ["meeting"],
                "log": [
                    {
                        "date": _day(rng, start, 400),
                        "kind": "meeting",
                        "parties": pick([["corporate"], ["corporate", "partner"]]),
                    }
                    for _ in range(rng.randrange(30))
                ],
            },
            "contracts": contracts,
        },
        "parties": {
            "corporate": {
                "kind": "corporate",
                "oi_experience_count": pick([0, 2]),
                "company_wide_support": pick([True, False]),
                "culture": culture,
            },
            "partner": {
                "kind": "startup",
                "oi_experience_count": pick([0, 3]),
                "company_wide_support": pick([True, False, None]),
                "culture": dict(culture, decision_lead_days=pick([3, 7, 14])),
            },
        },
        "alignment": {
            "corporate": answers,
            "partner": dict(answers, goal_type=pick(["improve_existing", "replace"])),
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="number of snapshots (default 10000)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [json.dumps(generate(rng), ensure_ascii=False) for _ in range(args.n)]
    size = sum(len(t.encode()) for t in texts)
    print(f"{args.n} snapshots, {size / args.n / 1024:.1f} KiB each on average (seed {args.seed})")

    t0 = time.perf_counter()
    for text in texts:
        parse_snapshot(json.loads(text))
    baseline = time.perf_counter() - t0

    t0 = time.perf_counter()
    levels: dict[str, int] = {}
    for text in texts:
        out = diagnose(parse_snapshot(json.loads(text))).to_json()
        json.dumps(out, ensure_ascii=False)
        levels[out["overall"]["level"]] = levels.get(out["overall"]["level"], 0) + 1
    full = time.perf_counter() - t0

    print(
        f"baseline  json.loads + parse_snapshot:             {baseline:7.2f} s  {args.n / baseline:9.0f} snapshots/s"
    )
    print(
        f"full      + diagnose + to_json + json.dumps:        {full:7.2f} s  {args.n / full:9.0f} snapshots/s"
    )
    print(f"ratio     full / baseline:                         {full / baseline:7.1f}x")
    print(
        "overall levels: "
        + ", ".join(f"{k} {levels.get(k, 0)}" for k in ("low", "medium", "high", "critical"))
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a rule is: a named check of one signal, registered with the metadata the docs table shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..alignment import Gap, alignment_gaps
from ..snapshot import Answers, Contract, Party, Project, Snapshot
from ..texts import CAUSE_IDS, MEASURES, Bilingual

# Stages in which the collaboration has committed people and money: from here on, missing data
# (no sponsor, no contract, no plan) is itself a risk. In exploration, or when the stage is unknown,
# missing data is normal and stays silent (issue 5: "an early exploration project with little data
# is not alarming"). A stopped project is judged like the stage it stopped from.
COMMITTED_STAGES = frozenset({"poc", "pilot", "commercialisation", "stopped"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired: its points (0-100) and why, in both languages."""

    rule_id: str
    cause: str
    points: int
    evidence: Bilingual
    countermeasure: Bilingual
    parts: tuple[int, ...] = ()  # per-contract points when a rule fired on several contracts

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.rule_id,
            "cause": self.cause,
            "points": self.points,
            "evidence": self.evidence.to_json(),
            "countermeasure": self.countermeasure.to_json(),
        }


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule function returns: points, evidence and countermeasure (the registry adds ids)."""

    points: int
    evidence: Bilingual
    countermeasure: Bilingual
    parts: tuple[int, ...] = ()  # see Finding.parts; the cause score combines these instead of points


def measure(key: str, ja: str, en: str) -> Bilingual:
    """A concrete countermeasure prefixed with the seed's countermeasure it applies."""
    m = MEASURES[key]
    return Bilingual(f"{m.ja}：{ja}", f"{m.en}: {en}")


@dataclass(frozen=True, slots=True)
class Context:
    """The snapshot plus what many rules derive from it, computed once."""

    snapshot: Snapshot
    as_of: dt.date | None
    project: Project
    corporate: Party
    partner: Party
    answers_corporate: Answers | None
    answers_partner: Answers | None
    gaps: dict[str, Gap]

    @property
    def stage(self) -> str | None:
        return self.project.stage

    @property
    def committed(self) -> bool:
        return self.project.stage in COMMITTED_STAGES

    @property
    def contracts(self) -> tuple[Contract, ...]:
        return self.project.contracts or ()

    def days_since(self, day: dt.date | None) -> int | None:
        if day is None or self.as_of is None:
            return None
        return (self.as_of - day).days


def make_context(snapshot: Snapshot) -> Context:
    alignment = snapshot.alignment
    parties = snapshot.parties
    return Context(
        snapshot=snapshot,
        as_of=snapshot.effective_as_of(),
        project=snapshot.project or Project(),
        corporate=(parties.corporate if parties else None) or Party(),
        partner=(parties.partner if parties else None) or Party(),
        answers_corporate=alignment.corporate if alignment else None,
        answers_partner=alignment.partner if alignment else None,
        gaps={g.question: g for g in alignment_gaps(alignment)},
    )


RuleFunc = Callable[[Context], Hit | None]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    cause: str
    signal: str
    threshold: str
    source: str
    points: str
    measure: str
    func: RuleFunc = field(compare=False)

    def run(self, ctx: Context) -> Finding | None:
        hit = self.func(ctx)
        if hit is None or hit.points <= 0:
            return None
        points = max(0, min(100, hit.points))
        return Finding(self.id, self.cause, points, hit.evidence, hit.countermeasure, hit.parts or (points,))


RULES: list[Rule] = []


def rule(
    rule_id: str, *, signal: str, threshold: str, source: str, points: str, measure: str
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule. The id starts with its cause (``partner_fit.decision_speed``)."""
    cause = rule_id.split(".", 1)[0]
    if cause not in CAUSE_IDS:
        raise ValueError(f"rule {rule_id}: unknown cause {cause}")
    if any(r.id == rule_id for r in RULES):
        raise ValueError(f"rule {rule_id} registered twice")

    def register(func: RuleFunc) -> RuleFunc:
        RULES.append(Rule(rule_id, cause, signal, threshold, source, points, measure, func))
        return func

    return register

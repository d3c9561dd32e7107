"""What a rule is: a named check of one signal, registered with the metadata the docs table shows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from ..alignment import Gap, alignment_gaps
from ..contract_terms import stage_index
from ..snapshot import Answers, Contract, Party, Project, Snapshot
from ..texts import CAUSE_IDS, MEASURES, Bilingual, Lang

# Stages in which the collaboration has committed people and money: from here on, missing data
# (no sponsor, no contract, no plan) is itself a risk. In exploration, or when the stage is unknown,
# missing data is normal and stays silent (issue 5: "an early exploration project with little data
# is not alarming"). A stopped project is judged like the stage it stopped from.
COMMITTED_STAGES = frozenset({"poc", "pilot", "commercialisation", "stopped"})

# The project stages during which a contract of each kind is the current step: its process terms
# (deliverable, end date, next-step deadline, fee) steer work still to come. Past them, as after a
# signed contract of a later kind, only the terms that outlive the contract matter. An unknown
# stage keeps every contract current (nothing says the step is over).
_CURRENT_IN_STAGES: dict[str, frozenset[str | None]] = {
    "nda": frozenset({None, "exploration"}),
    "poc": frozenset({None, "exploration", "poc"}),
}

# A term that is not recorded asks to be completed; it weighs far below any explicit gap (the
# smallest explicit finding is 5, most are 15-60), so a healthy project with a few unrecorded
# optional terms stays low, while two otherwise identical projects still rank the less documented
# one a little higher.
DATA_PROMPT_POINTS = 3


def was_signed(c: Contract) -> bool:
    return c.status == "signed" or (c.status == "terminated" and c.signed_on is not None)


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
    """A concrete countermeasure prefixed with the article's countermeasure (対策) it applies."""
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

    def superseded(self, c: Contract) -> bool:
        """A signed contract of a later kind exists (NDA -> PoC -> joint development -> licence)."""
        mine = stage_index(c.kind)
        if mine is None:
            return False
        for other in self.contracts:
            later = stage_index(other.kind)
            if later is not None and later > mine and was_signed(other):
                return True
        return False

    def process_terms_matter(self, c: Contract) -> bool:
        """Whether the contract's process terms still steer work to come (see PROCESS_TERMS)."""
        if self.superseded(c):
            return False
        stages = _CURRENT_IN_STAGES.get(c.kind or "")
        return stages is None or self.stage in stages

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
class DataPrompt:
    """A fact the snapshot does not record and that would change the judgement: what to record
    (``field``, a JSON path into the snapshot) and why. Not a risk: it weighs ``points`` only."""

    id: str
    cause: str
    field: str
    message: Bilingual
    points: int = DATA_PROMPT_POINTS

    def to_json(self, lang: Lang) -> dict[str, object]:
        return {
            "id": self.id,
            "cause": self.cause,
            "field": self.field,
            "points": self.points,
            "message": self.message.get(lang),
        }


PromptFunc = Callable[[Context], list[DataPrompt]]


@dataclass(frozen=True, slots=True)
class PromptCheck:
    id: str
    cause: str
    signal: str
    why: str
    func: PromptFunc = field(compare=False)


PROMPTS: list[PromptCheck] = []


def data_prompt(prompt_id: str, *, signal: str, why: str) -> Callable[[PromptFunc], PromptFunc]:
    """Register a data-to-complete check. The id starts with the cause it informs."""
    cause = prompt_id.split(".", 1)[0]
    if cause not in CAUSE_IDS:
        raise ValueError(f"prompt {prompt_id}: unknown cause {cause}")

    def register(func: PromptFunc) -> PromptFunc:
        PROMPTS.append(PromptCheck(prompt_id, cause, signal, why, func))
        return func

    return register


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

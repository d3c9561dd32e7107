"""``diagnose(snapshot)``: rules -> cause scores, alignment gaps and warnings, in one result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .alignment import Gap, sorted_gaps
from .rules import RULES, DataPrompt, Finding, make_context, run_prompts, run_rules
from .scoring import combine, level, overall, rank
from .snapshot import Snapshot
from .texts import CAUSE_IDS, CAUSE_NAMES, LANGS, Lang
from .warnings import Warning, early_warnings

ENGINE_VERSION = 2  # 2: data_to_complete, superseded contracts, short-termism signals
_RULE_ORDER = {r.id: i for i, r in enumerate(RULES)}


@dataclass(frozen=True, slots=True)
class CauseResult:
    id: str
    score: int
    level: str
    findings: tuple[Finding, ...]  # strongest first

    def evidence(self, lang: Lang) -> list[str]:
        return [f.evidence.get(lang) for f in self.findings]

    def countermeasures(self, lang: Lang) -> list[str]:
        seen: list[str] = []
        for f in self.findings:
            text = f.countermeasure.get(lang)
            if text not in seen:
                seen.append(text)
        return seen

    def to_json(self, lang: Lang) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": CAUSE_NAMES[self.id].get(lang),
            "score": self.score,
            "level": self.level,
            "evidence": self.evidence(lang),
            "countermeasures": self.countermeasures(lang),
            "rules": [f.to_json() for f in self.findings],
        }


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The result of :func:`diagnose`. ``to_json()`` is the output described in docs/formats.md#diagnosis-output."""

    lang: Lang
    as_of: dt.date | None
    title: str | None
    score: int
    level: str
    causes: tuple[CauseResult, ...]  # all six, highest score first
    gaps: tuple[Gap, ...]  # most severe first
    warnings: tuple[Warning, ...]  # oldest first
    data_to_complete: tuple[DataPrompt, ...] = ()  # unknowns to record, in cause order

    def cause(self, cause_id: str) -> CauseResult:
        return next(c for c in self.causes if c.id == cause_id)

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.causes for f in c.findings]

    def to_json(self, lang: Lang | None = None) -> dict[str, Any]:
        use: Lang = _check_lang(lang or self.lang)
        return {
            "overall": {"score": self.score, "level": self.level},
            "causes": [c.to_json(use) for c in self.causes],
            "gaps": [g.to_json(use) for g in self.gaps],
            "warnings": [w.to_json(use) for w in self.warnings],
            "data_to_complete": [p.to_json(use) for p in self.data_to_complete],
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "lang": use,
            "engine_version": ENGINE_VERSION,
        }


def _check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang: expected one of {'|'.join(LANGS)}, got {lang!r}")
    return "ja" if lang == "ja" else "en"


def diagnose(snapshot: Snapshot, lang: str = "ja") -> Diagnosis:
    """Diagnose one project snapshot. Pure and deterministic: same snapshot, same result."""
    use = _check_lang(lang)
    ctx = make_context(snapshot)
    by_cause: dict[str, list[Finding]] = {c: [] for c in CAUSE_IDS}
    for finding in run_rules(ctx):
        by_cause[finding.cause].append(finding)
    prompts = run_prompts(ctx)
    asked: dict[str, list[int]] = {c: [] for c in CAUSE_IDS}
    for prompt in prompts:
        asked[prompt.cause].append(prompt.points)
    scores = {c: combine([p for f in fs for p in f.parts] + asked[c]) for c, fs in by_cause.items()}
    causes = tuple(
        CauseResult(
            id=c,
            score=scores[c],
            level=level(scores[c]),
            findings=tuple(sorted(by_cause[c], key=lambda f: (-f.points, _RULE_ORDER[f.rule_id]))),
        )
        for c in rank(scores)
    )
    total = overall(scores)
    return Diagnosis(
        lang=use,
        as_of=ctx.as_of,
        title=ctx.project.title,
        score=total,
        level=level(total),
        causes=causes,
        gaps=tuple(sorted_gaps(tuple(ctx.gaps.values()))),
        warnings=tuple(early_warnings(ctx)),
        data_to_complete=tuple(prompts),
    )

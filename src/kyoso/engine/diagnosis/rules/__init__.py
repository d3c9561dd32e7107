"""All rules, one named rule per signal, grouped by cause (one module per cause)."""

from __future__ import annotations

from ..texts import CAUSE_IDS, MEASURES
from . import communication, internal_structure, ip_contract, partner_fit, purpose, short_termism
from .base import RULES, Context, Finding, Rule, make_context

__all__ = ["RULES", "Context", "Finding", "Rule", "make_context", "run_rules", "rule_table_markdown"]

# Importing the modules registers their rules; keep them referenced so linters see them used.
_MODULES = (purpose, partner_fit, internal_structure, communication, ip_contract, short_termism)
# Rules run (and the docs list them) in the fixed cause order, each module's rules in source order.
RULES.sort(key=lambda r: CAUSE_IDS.index(r.cause))


def run_rules(ctx: Context) -> list[Finding]:
    """Every rule that fires, in registration order."""
    findings = []
    for r in RULES:
        finding = r.run(ctx)
        if finding is not None:
            findings.append(finding)
    return findings


def rule_table_markdown() -> str:
    """The rule table of docs/diagnosis-rules.md, generated from the registry."""
    lines = [
        "| id | cause | signal | threshold | source | points | countermeasure |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in RULES:
        cells = [
            f"`{r.id}`",
            f"`{r.cause}`",
            r.signal,
            r.threshold,
            r.source,
            r.points,
            f"{r.measure} — {MEASURES[r.measure].en}",
        ]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"

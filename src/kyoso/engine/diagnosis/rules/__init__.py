"""All rules, one named rule per signal, grouped by cause (one module per cause).

Each rule's ``source`` names where its signal and threshold come from, in the short forms of
docs/diagnosis-rules.md#sources: "Article" (docs/references.md#oi-failure-article), "red flag n"
(docs/references.md#red-flags), "model NDA / PoC / joint R&D / licence" (the METI/JPO model
contracts), "Capability Cn" (docs/product.md#capabilities) and "own reasoning".
"""

from __future__ import annotations

from ..texts import CAUSE_IDS, MEASURES
from . import communication, internal_structure, ip_contract, partner_fit, purpose, short_termism
from .base import PROMPTS, RULES, Context, DataPrompt, Finding, Rule, make_context

__all__ = [
    "PROMPTS",
    "RULES",
    "Context",
    "DataPrompt",
    "Finding",
    "Rule",
    "make_context",
    "prompt_table_markdown",
    "run_prompts",
    "run_rules",
    "rule_table_markdown",
]

# Importing the modules registers their rules; keep them referenced so linters see them used.
_MODULES = (purpose, partner_fit, internal_structure, communication, ip_contract, short_termism)
# Rules run (and the docs list them) in the fixed cause order, each module's rules in source order.
RULES.sort(key=lambda r: CAUSE_IDS.index(r.cause))
PROMPTS.sort(key=lambda p: CAUSE_IDS.index(p.cause))


def run_rules(ctx: Context) -> list[Finding]:
    """Every rule that fires, in registration order."""
    findings = []
    for r in RULES:
        finding = r.run(ctx)
        if finding is not None:
            findings.append(finding)
    return findings


def run_prompts(ctx: Context) -> list[DataPrompt]:
    """Every fact to complete, in check order, each field once."""
    seen: set[str] = set()
    out: list[DataPrompt] = []
    for check in PROMPTS:
        for prompt in check.func(ctx):
            if prompt.field not in seen:
                seen.add(prompt.field)
                out.append(prompt)
    return out


def prompt_table_markdown() -> str:
    """The data-to-complete table of docs/diagnosis-rules.md, generated from the registry."""
    lines = ["| id | cause | when | why it matters |", "|---|---|---|---|"]
    for p in PROMPTS:
        cells = [f"`{p.id}`", f"`{p.cause}`", p.signal, p.why]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


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

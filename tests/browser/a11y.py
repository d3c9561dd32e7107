"""Accessibility checks with axe-core, vendored for tests only (tests/browser/vendor/, MPL-2.0).

`assert_accessible(page, context="...")` injects axe into the current page, runs the
WCAG 2 A/AA rules and fails listing every serious or critical violation: rule id,
help text and the CSS selectors of the offending nodes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def run_axe(page: Any) -> list[dict[str, Any]]:
    """All axe violations (any impact) for the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol: a <script> tag would be refused by the CSP
        page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {
                runOnly: {type: 'tag', values: tags},
                resultTypes: ['violations'],
            });
            return result.violations.map(v => ({
                id: v.id,
                impact: v.impact,
                help: v.help,
                helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(' ')),
                summaries: v.nodes.map(n => n.failureSummary || ''),
            }));
        }""",
        WCAG_TAGS,
    )


def format_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for target, summary in zip(violation["targets"], violation["summaries"], strict=False):
            first = summary.splitlines()[1].strip() if summary.count("\n") else summary
            lines.append(f"    {target}  — {first}"[:300])
    return "\n".join(lines)


def assert_accessible(page: Any, context: str = "") -> None:
    """Fail on any serious or critical WCAG 2 A/AA violation on the current page."""
    violations = [v for v in run_axe(page) if v["impact"] in BLOCKING]
    if violations:
        where = context or page.url
        raise AssertionError(
            f"axe-core: {len(violations)} serious/critical violation(s) on {where} ({page.url}):\n"
            + format_violations(violations)
        )

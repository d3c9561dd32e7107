"""The product's concepts (docs/product.md), explained one click away from where they matter.

Pages link to `/help/#<key>` through `{% help_link "key" %}`; the help page
lists every topic. Texts are translated like any other UI string.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class HelpTopic:
    key: str
    title: str | Promise
    body: str | Promise


TOPICS: list[HelpTopic] = [
    HelpTopic(
        "six-causes",
        _("The six causes of failure"),
        _(
            "Most corporate–startup collaborations fail for six known reasons: unclear purpose, partner "
            "mismatch (culture, decision speed, technology), weak internal backing, too little communication "
            "and perception gaps, vague IP and contracts, and expecting quick returns. Kyoso scores every "
            "project against each of them and shows the evidence and the countermeasure."
        ),
    ),
    HelpTopic(
        "charter",
        _("Why a purpose charter needs numbers"),
        _(
            "A purpose such as “create new value” cannot be checked, so each side fills it with its own "
            "meaning and the gap surfaces a year later. Write the goal with a metric, a target, a unit and a "
            "date (for example: inspection hours −30% by March 2027), say why a partner is needed rather than "
            "doing it in-house, and have the internal stakeholders acknowledge it."
        ),
    ),
    HelpTopic(
        "decision-lead-time",
        _("Why decision lead time matters"),
        _(
            "A startup may decide in a week what takes a large company three months of ringi approval. When "
            "the difference is large, the startup runs out of money or patience before the corporate decides. "
            "Kyoso compares both sides' lead times; agree on a fast track for the collaboration before it starts."
        ),
    ),
    HelpTopic(
        "stage-gate",
        _("What a stage gate is"),
        _(
            "Start small: before each stage (PoC, pilot, commercialisation) write the go/no-go criteria; at "
            "the gate, record the decision, who took it and the evidence against each criterion. A PoC has a "
            "planned end date and a deliverable, so running past it is visible instead of drifting."
        ),
    ),
    HelpTopic(
        "sponsor",
        _("Executive sponsor"),
        _(
            "Collaborations without an executive who commits budget and attention stall in internal "
            "resistance. Name the sponsor, record until when the budget is committed and keep them engaged: "
            "Kyoso warns when the sponsor has been silent too long."
        ),
    ),
    HelpTopic(
        "communication-plan",
        _("Communication plan"),
        _(
            "Agree a cadence, channels and an owner on each side, and log every meeting and call in the "
            "shared space both sides can see. Kyoso shows lapses against the cadence before silence becomes "
            "a perception gap."
        ),
    ),
    HelpTopic(
        "ip-terms",
        _("IP and contract terms"),
        _(
            "Settle who owns the results (foreground IP), list each side's background IP, and agree licence "
            "scope, exclusivity (field and period), publication and fees before the work starts. The METI/JPO "
            "model contracts give balanced defaults; Kyoso flags clauses that match known red flags, such as "
            "exclusivity without a time limit or co-ownership without consent to license."
        ),
    ),
    HelpTopic(
        "alignment-check",
        _("The alignment check"),
        _(
            "Both sides answer the same questions separately: the goal (improve what exists or replace it), "
            "time to the first result, decision lead time, quality approach, who should own the results, "
            "budget and the success KPI. Neither sees the other's answers until both have answered; then the "
            "gaps are shown side by side."
        ),
    ),
    HelpTopic(
        "kpi-horizon",
        _("Judging over the mid to long term"),
        _(
            "Open innovation rarely pays back within a year. Set KPIs with a horizon in months and milestones "
            "along the way, and judge progress against them rather than against quarterly revenue."
        ),
    ),
    HelpTopic(
        "fit-score",
        _("How the fit score works"),
        _(
            "The fit score of a need and a candidate combines technology relevance (Japanese and English text "
            "search), culture and speed fit (decision lead time, quality approach, risk appetite), expectation "
            "fit (goal, time to result, budget) and the partner checklist. Each part shows its reason."
        ),
    ),
    HelpTopic(
        "schedule-bound",
        _("Optimal meeting schedules"),
        _(
            # xgettext:no-python-format
            "Kyoso chooses which requested meetings happen and when, maximising mutual interest under each "
            "participant's availability, caps and table capacity. It also proves an upper bound: no schedule "
            "can score more, so “within 1% of optimal” is a fact, not a guess."
        ),
    ),
]

TOPIC_KEYS = {topic.key for topic in TOPICS}

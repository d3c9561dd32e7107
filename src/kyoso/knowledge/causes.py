"""The six failure causes of PRODUCT.md, with labels and the seed's countermeasures.

The ids are the same everywhere in Kyoso (the risk app's `Diagnosis` has one column per id).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CAUSES: tuple[str, ...] = (
    "purpose",
    "partner_fit",
    "internal_structure",
    "communication",
    "ip_contract",
    "short_termism",
)

CAUSE_LABELS = {
    "purpose": _("Unclear purpose and strategy"),
    "partner_fit": _("Partner mismatch"),
    "internal_structure": _("Weak internal structure"),
    "communication": _("Communication and perception gaps"),
    "ip_contract": _("IP and contract problems"),
    "short_termism": _("Expecting results too soon"),
}

COUNTERMEASURES = {
    "purpose": _("Set a concrete purpose and strategy and share it internally with numbers."),
    "partner_fit": _(
        "Select partners carefully: OI experience, company-wide enthusiasm, technology fit; meet them, check IR."
    ),
    "internal_structure": _("Secure executive commitment and a team that drives the collaboration."),
    "communication": _("Keep a communication plan both sides can always see."),
    "ip_contract": _("Settle the IP strategy and contract terms before the work starts."),
    "short_termism": _("Set KPIs and milestones and judge them over the mid to long term."),
}

CAUSE_CHOICES = [(c, CAUSE_LABELS[c]) for c in CAUSES]

"""The six failure causes (docs/product.md#the-six-failure-causes), with labels and countermeasures.

The ids and labels are the risk app's (its `Diagnosis` has one column per id), re-exported here;
this module adds the article's countermeasures (docs/references.md#oi-failure-article) and the choices the library's cause tags use.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kyoso.risk.models import CAUSE_LABELS, CAUSES

__all__ = ["CAUSES", "CAUSE_CHOICES", "CAUSE_LABELS", "COUNTERMEASURES"]

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

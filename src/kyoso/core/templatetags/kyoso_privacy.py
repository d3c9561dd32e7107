"""`{% purpose_notice "kind" %}`: the purpose of use and the privacy-policy link on every public form."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What the data entered in each kind of public form is used for (APPI article 21: notice of purpose).
PURPOSES: dict[str, Any] = {
    "signup": _(
        "We use your name and e-mail address to create your account, to sign you in and to send you "
        "the messages of the workspaces you take part in."
    ),
    "invitation": _(
        "We use your name and e-mail address to give you access to the workspace or project you were "
        "invited to, and to send you its messages."
    ),
    "registration": _(
        "The organiser uses what you enter here to run this event: to show your entry to the "
        "participants of the other side, to arrange your meetings and to e-mail you the agenda and the "
        "follow-up."
    ),
    "feedback": _(
        "The organiser uses your ratings and next-step wishes to follow up the meetings of this event "
        "with you and the other side."
    ),
    "portal": _(
        "The organiser uses your entry and your interest marks to arrange the meetings of this event "
        "and to e-mail you about it."
    ),
}


def privacy_policy_url() -> str:
    return settings.KYOSO_PRIVACY_POLICY_URL or reverse("core:privacy")


@register.inclusion_tag("core/purpose_notice.html")
def purpose_notice(kind: str) -> dict[str, Any]:
    if kind not in PURPOSES:
        raise template.TemplateSyntaxError(f"purpose_notice: unknown kind {kind!r}")
    return {"purpose": PURPOSES[kind], "policy_url": privacy_policy_url()}

"""Ask for a retrospective when a project closes: the owner writes the team's, partner users their own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kyoso.knowledge.models import Retrospective
from kyoso.outbox import services as outbox


def ask_for_retrospective(project: Any) -> int:
    """E-mail the owner (and the partner users of the shared space) through the outbox; returns how
    many mails were queued. Each person is asked once per project and day."""
    if Retrospective.objects.filter(project=project).exists():
        return 0
    sent = 0
    owner = project.owner
    today = timezone.localdate().isoformat()
    if owner is not None and owner.email:
        language = owner.language or "ja"
        with translation.override(language):
            link = settings.SITE_URL + reverse("knowledge:create", args=[project.pk])
            sent += outbox.send_one(
                workspace=project.workspace,
                kind="retrospective_request",
                key=f"retrospective_request:{project.pk}:{owner.pk}:{today}",
                to_email=owner.email,
                language=language,
                subject=_("Write the retrospective of %(project)s") % {"project": project.title},
                body=_(
                    "The project %(project)s is now %(stage)s. Write down what worked, what failed and which of the "
                    "six causes played a part, so the next team can learn from it:\n\n%(link)s"
                )
                % {"project": project.title, "stage": project.get_stage_display(), "link": link},
            )
    from kyoso.projects.models import PartnerAccess

    for access in PartnerAccess.objects.filter(project=project, revoked_at__isnull=True).select_related(
        "user"
    )[:20]:
        user = access.user
        language = getattr(user, "language", "ja") or "ja"
        with translation.override(language):
            link = settings.SITE_URL + reverse("knowledge:partner_view", args=[project.pk])
            sent += outbox.send_one(
                workspace=project.workspace,
                kind="retrospective_request",
                key=f"retrospective_request:{project.pk}:{user.pk}:{today}",
                to_email=user.email,
                language=language,
                subject=_("Your view of %(project)s") % {"project": project.title},
                body=_(
                    "The collaboration %(project)s has ended its current phase. You can write your own view of what "
                    "worked and what did not. The corporate sees it only if both sides agree to exchange views:\n\n%(link)s"
                )
                % {"project": project.title, "link": link},
            )
    return sent

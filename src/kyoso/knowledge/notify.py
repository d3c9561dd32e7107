"""Ask for a retrospective when a project closes: the owner writes the team's, partner users their own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kyoso.knowledge.models import Retrospective


def ask_for_retrospective(project: Any) -> int:
    """E-mail the owner (and the partner users of the shared space); returns how many mails were sent."""
    if Retrospective.objects.filter(project=project).exists():
        return 0
    sent = 0
    owner = project.owner
    if owner is not None and owner.email:
        with translation.override(owner.language or "ja"):
            link = settings.SITE_URL + reverse("knowledge:create", args=[project.pk])
            send_mail(
                _("Write the retrospective of %(project)s") % {"project": project.title},
                _(
                    "The project %(project)s is now %(stage)s. Write down what worked, what failed and which of the "
                    "six causes played a part, so the next team can learn from it:\n\n%(link)s"
                )
                % {"project": project.title, "stage": project.get_stage_display(), "link": link},
                None,
                [owner.email],
                fail_silently=True,
            )
            sent += 1
    from kyoso.projects.models import PartnerAccess

    for access in PartnerAccess.objects.filter(project=project, revoked_at__isnull=True).select_related(
        "user"
    )[:20]:
        user = access.user
        with translation.override(getattr(user, "language", "ja") or "ja"):
            link = settings.SITE_URL + reverse("knowledge:partner_view", args=[project.pk])
            send_mail(
                _("Your view of %(project)s") % {"project": project.title},
                _(
                    "The collaboration %(project)s has ended its current phase. You can write your own view of what "
                    "worked and what did not. The corporate sees it only if both sides agree to exchange views:\n\n%(link)s"
                )
                % {"project": project.title, "link": link},
                None,
                [user.email],
                fail_silently=True,
            )
            sent += 1
    return sent

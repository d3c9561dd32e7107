"""Shared-space invitations mail typed-in addresses too: the same hourly cap per workspace (#6)."""

from __future__ import annotations

import pytest

from kyoso.core.limits import LimitReached
from kyoso.projects import services
from kyoso.projects.models import PartnerInvitation

pytestmark = pytest.mark.django_db


def test_partner_invitations_stop_at_the_hourly_limit(project, owner, settings):
    settings.KYOSO_INVITATIONS_PER_HOUR = 2
    for i in range(2):
        services.invite_partner(project=project, email=f"p{i}@startup.example", by=owner)
    with pytest.raises(LimitReached):
        services.invite_partner(project=project, email="p2@startup.example", by=owner)
    assert PartnerInvitation.objects.count() == 2

"""The partner side: the demo partner user's menu lists every page they may use, and an invitation
to another project's shared space is accepted from the in-app invitations list."""

from __future__ import annotations

from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.accounts.models import User
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from kyoso.projects import services as project_services
from kyoso.projects.models import PartnerAccess, Project
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def _menu(page: Any) -> dict[str, str]:
    links = page.locator("nav.mainnav a")
    return {
        links.nth(i).inner_text().strip(): links.nth(i).get_attribute("href") for i in range(links.count())
    }


def test_partner_menu_and_accepting_an_invitation_in_the_app(journey: Any) -> None:
    load_demo()
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    partner = User.objects.get(email=DEMO_PARTNER_EMAIL)
    page = journey.new_page()
    log_in(page, DEMO_PARTNER_EMAIL, DEMO_PASSWORD)

    menu = _menu(page)
    for path in ("/projects/shared/", "/alignment/", "/lessons/shared/", "/accounts/invitations/"):
        assert path in menu.values(), f"{path} missing from the partner menu {menu}"
    # every entry opens for them
    for label, href in menu.items():
        response = page.goto(href)
        assert response.status < 400, f"{label} ({href}) answered {response.status}"
    journey.shot(page, "partner-menu")

    # the corporate invites the same person to a second project's shared space
    second = (
        Project.objects.filter(workspace__memberships__user=owner)
        .exclude(partner_accesses__user=partner)
        .first()
    )
    project_services.invite_partner(project=second, email=DEMO_PARTNER_EMAIL, by=owner)

    page.goto("/projects/shared/")
    badge = page.locator("nav.mainnav .nav-badge")
    assert badge.inner_text().startswith("1")
    page.locator("nav.mainnav a", has_text="招待").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="招待").is_visible()
    assert page.get_by_role("cell", name=second.title, exact=True).is_visible()
    assert_accessible(page, "invitations list")
    journey.shot(page, "invitations")
    page.get_by_role("row").filter(has_text=second.title).get_by_role("button", name="承諾する").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text(f"{second.title} への招待を承諾しました。").is_visible()
    assert page.url.endswith(f"/projects/shared/{second.pk}/")
    assert PartnerAccess.objects.filter(project=second, user=partner, revoked_at__isnull=True).exists()
    assert page.locator("nav.mainnav .nav-badge").count() == 0
    journey.shot(page, "accepted")

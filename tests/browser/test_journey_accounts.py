"""Foundation journey: log in, switch language, invite a member, accept in a second browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from kyoso.accounts.demo_data import load_demo
from kyoso.accounts.models import Membership
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PASSWORD
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_owner_logs_in_switches_language_and_invites_a_colleague(journey: Any) -> None:
    load_demo()
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", name="共創デモ株式会社 オープンイノベーション推進室").is_visible()
    journey.shot(page, "dashboard-ja")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("button", name="Log out").is_visible()
    journey.shot(page, "dashboard-en")
    page.get_by_role("button", name="日本語").click()
    page.wait_for_load_state("networkidle")

    page.goto("/accounts/workspace/members/")
    page.get_by_label("メールアドレス").fill("newcomer@example.com")
    page.get_by_label("ロール").first.select_option("member")
    page.get_by_role("button", name="招待を送る").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("newcomer@example.com に招待を送りました").is_visible()
    journey.shot(page, "invited")

    link = re.search(r"https?://\S+/accounts/invitation/\S+", mail.outbox[-1].body)
    assert link is not None
    newcomer = journey.new_page()
    newcomer.goto(link.group(0))
    newcomer.get_by_role("button", name="アカウントを作成").click()
    newcomer.wait_for_load_state("networkidle")
    # the sign-up with the invited address fixed
    assert newcomer.get_by_label("メールアドレス").input_value() == "newcomer@example.com"
    assert newcomer.get_by_label("メールアドレス").is_disabled()
    newcomer.get_by_label("お名前").fill("新人 太郎")
    newcomer.get_by_label("パスワード").fill("a-long-passphrase-42")
    journey.shot(newcomer, "accept-form")
    newcomer.get_by_role("button", name="作成").click()
    newcomer.wait_for_load_state("networkidle")
    # back at the invitation, signed in as the invited address
    newcomer.get_by_role("button", name="招待を承諾する").click()
    newcomer.wait_for_load_state("networkidle")
    assert newcomer.get_by_text("に参加しました").is_visible()
    journey.shot(newcomer, "joined")
    assert Membership.objects.filter(user__email="newcomer@example.com", role="member").exists()

"""Two-factor journey in both languages: set up an authenticator app (the code computed here, as the
app would), keep the recovery codes, sign out, sign in with the password and the code."""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from kyoso.accounts.models import Membership, Role, User, Workspace
from tests.browser.a11y import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = {
    "ja": {
        "login": "ログイン",
        "email": "メールアドレス",
        "password": "パスワード",
        "app_code": "認証アプリコード",
        "code": "コード",
        "activate": "有効にする",
        "logout": "ログアウト",
        "signed_in_heading": "テスト株式会社",
    },
    "en": {
        "login": "Log in",
        "email": "E-mail address",
        "password": "Password",
        "app_code": "Authenticator code",
        "code": "Code",
        "activate": "Turn on",
        "logout": "Log out",
        "signed_in_heading": "テスト株式会社",
    },
}


def _code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _wait_for_next_period() -> None:
    """A code is accepted once: sign in with the next period's code, not the one used to enrol."""
    time.sleep(30 - time.time() % 30 + 0.5)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_member_sets_up_an_authenticator_app_and_signs_in_with_it(journey: Any, language: str) -> None:
    t = TEXT[language]
    workspace = Workspace.objects.create(name="テスト株式会社 OI推進室", slug="mfa-ws")
    user = User.objects.create_user("mfa@example.com", PASSWORD, name="二要素 花子", language=language)
    Membership.objects.create(workspace=workspace, user=user, role=Role.MEMBER)

    page = journey.new_page()
    page.goto("/accounts/login/")
    if language == "en":
        page.get_by_role("button", name="English").click()
        page.wait_for_load_state("networkidle")
    page.get_by_label(t["email"]).fill(user.email)
    page.get_by_label(t["password"]).fill(PASSWORD)
    page.get_by_role("button", name=t["login"], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == language

    page.goto("/accounts/2fa/totp/activate/")
    assert_accessible(page, f"authenticator set-up ({language})")
    journey.shot(page, f"totp-activate-{language}")
    # the secret is on the page for typing into the app when the QR code cannot be scanned
    secret = page.locator("#authenticator_secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label(t["app_code"]).fill(_code(secret))
    page.get_by_role("button", name=t["activate"]).click()
    page.wait_for_load_state("networkidle")
    assert user.authenticator_set.filter(type="totp").exists()
    journey.shot(page, f"totp-active-{language}")

    page.goto("/accounts/2fa/recovery-codes/")
    codes = page.locator("main textarea").input_value()
    assert len(re.findall(r"\b[0-9a-f]{8}\b", codes)) >= 8
    journey.shot(page, f"recovery-codes-{language}")

    page.get_by_role("button", name=t["logout"]).first.click()
    page.wait_for_load_state("networkidle")

    page.goto("/accounts/login/")
    page.get_by_label(t["email"]).fill(user.email)
    page.get_by_label(t["password"]).fill(PASSWORD)
    page.get_by_role("button", name=t["login"], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "/accounts/2fa/authenticate/" in page.url
    assert_accessible(page, f"code at sign-in ({language})")
    journey.shot(page, f"totp-sign-in-{language}")
    _wait_for_next_period()
    page.get_by_label(t["code"], exact=True).fill(_code(secret))
    page.get_by_role("button", name=t["login"], exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name=t["signed_in_heading"]).first.is_visible()

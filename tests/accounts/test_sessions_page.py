"""The sessions page names each browser as its owner knows it, marks this device, and fits a phone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kyoso.accounts.devices import describe, parse
from kyoso.accounts.models import User
from tests.conftest import PASSWORD

WINDOWS_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/18.1 Mobile/15E148 Safari/604.1"
)


@pytest.mark.parametrize(
    ("user_agent", "browser", "system"),
    [
        (WINDOWS_CHROME, "Chrome", "Windows"),
        (IPHONE_SAFARI, "Safari", "iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.86",
            "Edge",
            "Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/17.6 Safari/605.1.15",
            "Safari",
            "macOS",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox",
            "macOS",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "CriOS/131.0.6778.103 Mobile/15E148 Safari/604.1",
            "Chrome",
            "iOS",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
            "Samsung Internet",
            "Android",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome",
            "Android",
        ),
        (
            "Mozilla/5.0 (Linux; U; Android 4.0.3; ja-jp; SC-02C Build/IML74K) AppleWebKit/534.30 "
            "(KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
            "",
            "Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Mobile/15E148 Safari Line/14.9.0",
            "LINE",
            "iOS",
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
            "Version/16.6 Mobile/15E148 Safari/604.1",
            "Safari",
            "iPadOS",
        ),
        (
            "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36",
            "Chrome",
            "ChromeOS",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/131.0.6778.33 Safari/537.36",
            "Chrome",
            "Linux",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0",
            "Opera",
            "Windows",
        ),
        ("Mozilla/5.0 (Windows NT 10.0; Trident/7.0; rv:11.0) like Gecko", "Internet Explorer", "Windows"),
        ("curl/8.5.0", "", ""),
        ("", "", ""),
    ],
)
def test_the_major_browsers_and_systems_are_named(user_agent: str, browser: str, system: str) -> None:
    device = parse(user_agent)
    assert (device.browser, device.system) == (browser, system)


def test_the_description_reads_in_the_readers_language() -> None:
    with translation.override("ja"):
        assert describe(WINDOWS_CHROME) == "Chrome（Windows）"
        assert describe("curl/8.5.0") == "不明なブラウザー"
        assert describe("Mozilla/5.0 (Linux; U; Android 4.0.3) Version/4.0 Mobile Safari/534.30") == (
            "Android のブラウザー"
        )
    with translation.override("en"):
        assert describe(WINDOWS_CHROME) == "Chrome (Windows)"
        assert describe(None) == "Unknown browser"


def _sign_in(email: str, user_agent: str, ip: str) -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=ip)
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
def test_the_page_marks_this_device_and_names_the_others(member: User) -> None:
    phone = _sign_in(member.email, IPHONE_SAFARI, "203.0.113.7")
    office = _sign_in(member.email, WINDOWS_CHROME, "198.51.100.20")
    page = office.get(reverse("usersessions_list")).content.decode()
    assert "Chrome（Windows）" in page and "Safari（iOS）" in page
    assert f'title="{WINDOWS_CHROME}"' in page  # the raw string stays at hand
    assert "203.0.113.7" in page and "198.51.100.20" in page
    assert page.count("この端末</span>") == 1 and "現在の" not in page
    # The badge sits on the office card, the one this request came from, listed first.
    assert page.index("Chrome（Windows）") < page.index("Safari（iOS）")
    office_card = page[page.index("Chrome（Windows）") :]
    assert office_card.index("この端末</span>") < office_card.index("</li>")
    assert "年" in page and "ログイン日時" in page  # the sign-in time as a Japanese date
    assert "この端末以外をすべてログアウト" in page
    member.language = "en"
    member.save(update_fields=["language"])
    mobile = phone.get(reverse("usersessions_list")).content.decode()
    safari_card = mobile[mobile.index("Safari (iOS)") :]
    assert safari_card.index("This device</span>") < safari_card.index("</li>")


@pytest.mark.django_db
def test_the_only_session_offers_to_sign_out(member: User) -> None:
    member.language = "en"
    member.save(update_fields=["language"])
    client = _sign_in(member.email, WINDOWS_CHROME, "198.51.100.20")
    page = client.get(reverse("usersessions_list")).content.decode()
    assert "You are signed in only on this device." in page
    assert f'action="{reverse("account_logout")}"' in page

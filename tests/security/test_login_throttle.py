"""Failed sign-ins are counted per account and address, per account across addresses and per address
across accounts (allauth's rate limits plus Kyoso's pair key); the pause lifts by itself, cannot be
extended by guessing on, and a password reset ends it for the account's holder."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "account_login"
PAUSED = "ログインに続けて失敗"


@pytest.fixture
def minutes_pass(monkeypatch) -> Callable[[int], None]:
    """Move the clock that the rate limits and the cache read, as if the time had passed."""
    real = time.time
    offset = [0.0]
    monkeypatch.setattr(time, "time", lambda: real() + offset[0])

    def advance(minutes: int) -> None:
        offset[0] += minutes * 60

    return advance


def _try(email: str, password: str, address: str) -> str:
    """'in', 'wrong' or 'paused'."""
    client = Client(REMOTE_ADDR=address)
    response = client.post(reverse(LOGIN), {"login": email, "password": password})
    if response.status_code == 302:
        return "in"
    if response.status_code == 429:  # allauth's limit on all sign-in posts from one address
        return "paused"
    assert response.status_code == 200, response.status_code
    return "paused" if PAUSED in response.content.decode() else "wrong"


def test_one_password_over_many_accounts_from_one_address_is_throttled(settings) -> None:
    victims = [make_user(f"user{i}@example.com") for i in range(40)]
    results = [_try(v.email, "Summer2026!", "203.0.113.7") for v in victims]
    assert "paused" in results
    assert results.index("paused") == settings.KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT
    # the same address cannot log into a fresh account with its right password either, meanwhile
    fresh = make_user("fresh@example.com")
    assert _try(fresh.email, PASSWORD, "203.0.113.7") == "paused"
    # another address is unaffected
    assert _try(fresh.email, PASSWORD, "198.51.100.1") == "in"


def test_one_account_from_many_addresses_is_throttled(owner, settings) -> None:
    results = [_try(owner.email, f"guess-{i}", f"198.51.100.{i}") for i in range(1, 40)]
    assert "paused" in results
    assert results.index("paused") == settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT
    # from yet another address the right password is refused until the cool-off ends
    assert _try(owner.email, PASSWORD, "192.0.2.200") == "paused"


def test_one_account_from_one_address_keeps_the_small_limit(owner, settings) -> None:
    results = [_try(owner.email, "nope", "192.0.2.1") for _ in range(settings.KYOSO_LOGIN_FAILURE_LIMIT + 1)]
    assert results[:-1] == ["wrong"] * settings.KYOSO_LOGIN_FAILURE_LIMIT
    assert results[-1] == "paused"
    assert _try(owner.email, PASSWORD, "192.0.2.2") == "in"


def test_guessing_on_during_a_lock_does_not_extend_it(owner, settings, minutes_pass) -> None:
    for i in range(settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT):
        _try(owner.email, "nope", f"198.51.100.{i + 1}")
    assert _try(owner.email, PASSWORD, "192.0.2.200") == "paused"
    minutes_pass(10)
    # the attacker keeps guessing from new addresses
    for i in range(5):
        assert _try(owner.email, "nope", f"198.51.100.{i + 100}") == "paused"
    minutes_pass(6)  # 16 minutes after the failures that caused the pause
    assert _try(owner.email, PASSWORD, "192.0.2.200") == "in"


def test_a_password_reset_lifts_the_lock_of_the_account(owner, settings) -> None:
    for i in range(settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT):
        _try(owner.email, "nope", f"198.51.100.{i + 1}")
    assert _try(owner.email, PASSWORD, "192.0.2.200") == "paused"
    client = Client(REMOTE_ADDR="192.0.2.200")
    client.post(reverse("account_reset_password"), {"email": owner.email})
    link = next(w for w in mail.outbox[-1].body.split() if "/password/reset/key/" in w)
    form_url = client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    new = "another-passphrase-77"
    assert client.post(form_url, {"password1": new, "password2": new}).status_code == 302
    assert _try(owner.email, new, "192.0.2.200") == "in"


def test_logging_into_ones_own_account_does_not_clear_the_address_count(settings) -> None:
    mine = make_user("attacker@example.com")
    victims = [make_user(f"user{i}@example.com") for i in range(40)]
    results = []
    for i, victim in enumerate(victims):
        if i % 5 == 4:
            _try(mine.email, PASSWORD, "203.0.113.9")
        results.append(_try(victim.email, "Summer2026!", "203.0.113.9"))
    assert "paused" in results
    assert results.index("paused") <= settings.KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(owner, settings) -> None:
    """X-Forwarded-For is trusted only from the proxy, and only its last entry, so a client cannot
    spread its guesses over made-up addresses."""
    settings.KYOSO_BEHIND_PROXY = True
    results = []
    for i in range(settings.KYOSO_LOGIN_FAILURE_LIMIT + 1):
        client = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 203.0.113.50")
        response = client.post(reverse(LOGIN), {"login": owner.email, "password": "nope"})
        results.append(PAUSED in response.content.decode())
    assert results[-1] and not any(results[:-1])

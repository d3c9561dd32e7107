"""Login throttling counts per account and address, per account across addresses, per address
across accounts; the lock lifts after the cool-off and cannot be extended by guessing on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db.models import F
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

LOGIN = "accounts:login"


def _try(email: str, password: str, address: str) -> int:
    response = Client(REMOTE_ADDR=address).post(reverse(LOGIN), {"username": email, "password": password})
    return response.status_code


def _locked_page(email: str, address: str) -> str:
    response = Client(REMOTE_ADDR=address).post(reverse(LOGIN), {"username": email, "password": PASSWORD})
    assert response.status_code == 429
    return response.content.decode()


def test_one_password_over_many_accounts_from_one_address_is_throttled(settings) -> None:
    victims = [make_user(f"user{i}@example.com") for i in range(40)]
    codes = [_try(v.email, "Summer2026!", "203.0.113.7") for v in victims]
    assert 429 in codes
    assert codes.index(429) <= settings.KYOSO_LOGIN_ADDRESS_FAILURE_LIMIT
    # the same address cannot log into a fresh account with its right password either, meanwhile
    fresh = make_user("fresh@example.com")
    assert "ログインに続けて失敗" in _locked_page(fresh.email, "203.0.113.7")
    # another address is unaffected
    assert _try(fresh.email, PASSWORD, "198.51.100.1") == 302


def test_one_account_from_many_addresses_is_throttled(owner, settings) -> None:
    codes = [_try(owner.email, f"guess-{i}", f"198.51.100.{i}") for i in range(1, 40)]
    assert 429 in codes
    assert codes.index(429) <= settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT
    # from yet another address the right password is refused until the cool-off ends
    assert "ログインに続けて失敗" in _locked_page(owner.email, "192.0.2.200")


def test_one_account_from_one_address_keeps_the_small_limit(owner, settings) -> None:
    codes = [_try(owner.email, "nope", "192.0.2.1") for _ in range(settings.AXES_FAILURE_LIMIT + 1)]
    assert codes[-1] == 429
    assert _try(owner.email, PASSWORD, "192.0.2.2") == 302


def _minutes_pass(minutes: int) -> None:
    """Age every recorded failure, as if the time had passed."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_guessing_on_during_a_lock_does_not_extend_it(owner, settings) -> None:
    for i in range(settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT):
        _try(owner.email, "nope", f"198.51.100.{i + 1}")
    _locked_page(owner.email, "192.0.2.200")
    _minutes_pass(10)
    # the attacker keeps guessing from the addresses it used
    for i in range(5):
        assert _try(owner.email, "nope", f"198.51.100.{i + 1}") == 429
    _minutes_pass(6)  # 16 minutes after the lock began, 6 after the last guess
    assert _try(owner.email, PASSWORD, "192.0.2.200") == 302


def test_a_password_reset_lifts_the_lock_of_the_account(owner, settings) -> None:
    for i in range(settings.KYOSO_LOGIN_ACCOUNT_FAILURE_LIMIT):
        _try(owner.email, "nope", f"198.51.100.{i + 1}")
    _locked_page(owner.email, "192.0.2.200")
    client = Client(REMOTE_ADDR="192.0.2.200")
    client.post(reverse("accounts:password_reset"), {"email": owner.email})
    link = next(w for w in mail.outbox[-1].body.split() if "/password-reset/" in w)
    form_url = client.get(link.split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    new = "another-passphrase-77"
    assert client.post(form_url, {"new_password1": new, "new_password2": new}).status_code == 302
    assert _try(owner.email, new, "192.0.2.200") == 302


def test_logging_into_ones_own_account_does_not_clear_the_address_count(settings) -> None:
    mine = make_user("attacker@example.com")
    victims = [make_user(f"user{i}@example.com") for i in range(40)]
    codes = []
    for i, victim in enumerate(victims):
        if i % 5 == 4:
            _try(mine.email, PASSWORD, "203.0.113.9")
        codes.append(_try(victim.email, "Summer2026!", "203.0.113.9"))
    assert 429 in codes

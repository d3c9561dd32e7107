"""Sign-up does not tell whether an address has an account: same answer, same next page.

The difference goes to the address's mailbox (allauth's enumeration prevention): a confirmation
link for a new account, or a note to the holder of the existing one.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import Membership, User, Workspace
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-passphrase-42"


def _sign_up(
    email: str, name: str = "新規 太郎", workspace_name: str = "新規社", password: str = NEW_PASSWORD
) -> tuple[int, str, str]:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {"name": name, "email": email, "password1": password, "workspace_name": workspace_name},
    )
    location = response.get("Location", "")
    page = client.get(location).content.decode() if location else response.content.decode()
    page = re.sub(re.escape(email.strip()), "ADDRESS", page, flags=re.IGNORECASE)
    # the per-request CSRF token in the layout is the only part allowed to differ
    page = re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", page)
    return response.status_code, location, page


@pytest.mark.parametrize("variant", ["owner@example.com", "Owner@Example.com", " OWNER@example.com "])
def test_an_existing_address_gets_the_same_answer_as_a_new_one(owner: User, variant: str) -> None:
    taken = _sign_up(variant.strip())
    fresh = _sign_up("someone.new@example.com")
    assert taken[0] == fresh[0] == 302
    assert taken[1] == fresh[1] == reverse("account_email_verification_sent")
    assert taken[2] == fresh[2]


def test_an_existing_account_is_left_alone_and_its_holder_is_told(owner: User) -> None:
    before = set(Membership.objects.values_list("pk", flat=True))
    _sign_up(owner.email, name="乗っ取り", workspace_name="乗っ取り社", password="hijack-passphrase-99")
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD) and owner.name != "乗っ取り"
    assert set(Membership.objects.values_list("pk", flat=True)) == before
    assert not Workspace.objects.filter(name="乗っ取り社").exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [owner.email]
    body = mail.outbox[0].body
    assert reverse("account_reset_password") in body
    assert "/accounts/confirm-email/" not in body


def _confirm_path() -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_new_address_cannot_sign_in_before_the_mailed_link() -> None:
    status, _location, _page = _sign_up("New@Example.com")
    assert status == 302
    assert mail.outbox[0].to == ["new@example.com"]
    user = User.objects.get(email="new@example.com")
    assert user.name == "新規 太郎"
    client = Client()
    refused = client.post(reverse("account_login"), {"login": "new@example.com", "password": NEW_PASSWORD})
    assert refused.status_code == 302 and refused["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("core:dashboard")).status_code == 302
    path = _confirm_path()
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=user).workspace.name == "新規社"
    signed_in = Client()
    signed_in.post(reverse("account_login"), {"login": "new@example.com", "password": NEW_PASSWORD})
    assert signed_in.get(reverse("core:dashboard")).status_code == 200


def test_a_weak_password_is_refused_on_the_form() -> None:
    status, _location, page = _sign_up("new@example.com", password="123")
    assert status == 200
    assert not User.objects.filter(email="new@example.com").exists()
    assert not mail.outbox


def test_a_tampered_link_is_refused() -> None:
    _sign_up("new@example.com")
    path = _confirm_path()
    forged = path.replace("confirm-email/", "confirm-email/x", 1)
    Client().post(forged)
    assert not User.objects.get(email="new@example.com").emailaddress_set.filter(verified=True).exists()

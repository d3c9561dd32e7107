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


def _sign_up(email: str, name: str = "新規 太郎", workspace_name: str = "新規社") -> tuple[int, str, str]:
    client = Client()
    response = client.post(
        reverse("account_signup"),
        {"name": name, "email": email, "workspace_name": workspace_name},
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
    _sign_up(owner.email, name="乗っ取り", workspace_name="乗っ取り社")
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
    # the sign-up chose no password: nobody can sign in to the account before the mailed link
    assert not user.has_usable_password()
    client = Client()
    refused = client.post(reverse("account_login"), {"login": "new@example.com", "password": NEW_PASSWORD})
    assert refused.status_code == 200
    assert client.get(reverse("core:dashboard")).status_code == 302
    # confirmed in a browser that did not sign up: not signed in, and the way on is a mailed
    # password link (the sign-up's own browser is sent to choose it at once: tests/accounts/test_auth)
    response = client.post(_confirm_path())
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password")
    assert Membership.objects.get(user=user).workspace.name == "新規社"
    client.post(reverse("account_reset_password"), {"email": "new@example.com"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/key/" in line)
    form_url = client.get(link.strip().split("testserver", 1)[1], follow=True).redirect_chain[-1][0]
    # the holder of the mailbox chooses the password, behind the link; a weak one is refused
    weak = client.post(form_url, {"password1": "123", "password2": "123"})
    assert weak.status_code == 200 and "password1" in weak.context["form"].errors
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    signed_in = Client()
    signed_in.post(reverse("account_login"), {"login": "new@example.com", "password": NEW_PASSWORD})
    assert signed_in.get(reverse("core:dashboard")).status_code == 200


def test_a_password_posted_with_the_sign_up_is_not_used() -> None:
    Client().post(
        reverse("account_signup"),
        {"name": "乗っ取り", "email": "victim@example.com", "password1": NEW_PASSWORD, "workspace_name": "X"},
    )
    user = User.objects.get(email="victim@example.com")
    assert not user.has_usable_password() and not user.check_password(NEW_PASSWORD)
    # the address holder confirms: the impostor's guess of a password still does not sign in
    Client().post(_confirm_path())
    assert not Client().login(email="victim@example.com", password=NEW_PASSWORD)


def test_a_tampered_link_is_refused() -> None:
    _sign_up("new@example.com")
    path = _confirm_path()
    forged = path.replace("confirm-email/", "confirm-email/x", 1)
    Client().post(forged)
    assert not User.objects.get(email="new@example.com").emailaddress_set.filter(verified=True).exists()

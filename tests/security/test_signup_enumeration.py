"""Sign-up does not tell whether an address has an account: same status, same page, same work.

The difference goes to the address's mailbox: a link that finishes the sign-up, or a note to the
holder of the existing account.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kyoso.accounts.models import Membership, User, Workspace
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-passphrase-42"


def _sign_up(email: str, name: str = "新規 太郎", workspace_name: str = "新規社") -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().post(
            reverse("accounts:signup"), {"name": name, "email": email, "workspace_name": workspace_name}
        )
    page = response.content.decode().replace(email, "ADDRESS")
    # the per-request CSRF token in the layout is the only part allowed to differ
    page = re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "CSRF", page)
    return response.status_code, page, len(queries)


@pytest.mark.parametrize("variant", ["owner@example.com", "Owner@Example.com", " OWNER@example.com "])
def test_an_existing_address_gets_the_same_answer_as_a_new_one(owner: User, variant: str) -> None:
    taken = _sign_up(variant.strip())
    fresh = _sign_up("someone.new@example.com")
    assert taken[0] == fresh[0] == 200
    assert taken[1] == fresh[1]
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
    assert reverse("accounts:login") in body and reverse("accounts:password_reset") in body
    assert "/accounts/signup/confirm/" not in body


def _confirm_path() -> str:
    match = re.search(r"https?://[^/\s]+(/accounts/signup/confirm/\S+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_new_address_finishes_through_the_mailed_link() -> None:
    status, _page, _queries = _sign_up("New@Example.com")
    assert status == 200
    assert not User.objects.filter(email__iexact="new@example.com").exists()
    assert mail.outbox[0].to == ["new@example.com"]
    path = _confirm_path()
    client = Client()
    assert "new@example.com" in client.get(path).content.decode()
    weak = client.post(path, {"password": "123"})
    assert weak.status_code == 200 and not User.objects.filter(email="new@example.com").exists()
    response = client.post(path, {"password": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="new@example.com")
    assert user.check_password(NEW_PASSWORD) and user.name == "新規 太郎"
    assert Membership.objects.get(user=user).workspace.name == "新規社"
    assert client.get(reverse("core:dashboard")).status_code == 200
    # the link works once
    again = Client().post(path, {"password": "another-passphrase-77"})
    assert again.status_code == 410
    assert User.objects.get(email="new@example.com").check_password(NEW_PASSWORD)


def test_a_tampered_link_is_refused() -> None:
    _sign_up("new@example.com")
    path = _confirm_path()
    forged = path.replace("confirm/", "confirm/x", 1)
    assert Client().post(forged, {"password": NEW_PASSWORD}).status_code == 410
    assert not User.objects.filter(email="new@example.com").exists()

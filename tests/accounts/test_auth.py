from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import AuditEvent, Membership, User, Workspace
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_with_email_and_password_lands_on_dashboard(owner: User) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": "OWNER@example.com", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "テスト株式会社 OI推進室" in page.content.decode()
    assert AuditEvent.objects.filter(user=owner, action="login").exists()


def test_wrong_password_says_so_without_saying_which_part(owner: User) -> None:
    response = Client().post(reverse("account_login"), {"login": owner.email, "password": "nope"})
    assert response.status_code == 200
    assert "メールアドレスまたはパスワードが正しくありません" in response.content.decode()


def test_repeated_failures_lock_the_login_with_a_clear_message(owner: User, settings) -> None:
    client = Client()
    for _ in range(settings.KYOSO_LOGIN_FAILURE_LIMIT):
        client.post(reverse("account_login"), {"login": owner.email, "password": "nope"})
    response = client.post(reverse("account_login"), {"login": owner.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "ログインに続けて失敗" in response.content.decode()


def test_pages_are_japanese_by_default_and_english_on_request(owner: User, login) -> None:
    client = login(owner)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="ja">' in page
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    owner.refresh_from_db()
    assert owner.language == "en"
    page = client.get(reverse("core:dashboard")).content.decode()
    assert '<html lang="en">' in page
    assert "Log out" in page


def test_anonymous_language_switch_uses_a_cookie() -> None:
    client = Client()
    client.post(reverse("accounts:set_language"), {"language": "en", "next": "/accounts/login/"})
    assert '<html lang="en">' in client.get(reverse("account_login")).content.decode()


def _confirmation_path() -> str:
    link = next(word for word in mail.outbox[-1].body.split() if "/accounts/confirm-email/" in word)
    return link.split("testserver", 1)[1]


def test_sign_up_creates_account_and_owned_workspace_from_the_mailed_link() -> None:
    client = Client()
    form = client.get(reverse("account_signup")).context["form"]
    # whoever types an address must not choose the password of the account its holder will use
    assert "password1" not in form.fields and "password2" not in form.fields
    response = client.post(
        reverse("account_signup"),
        {
            "name": "新規 太郎",
            "email": "new@example.com",
            # a password posted anyway is ignored
            "password1": "a-long-passphrase-42",
            "workspace_name": "新規社",
        },
    )
    assert response.status_code == 302
    assert "メール" in client.get(response["Location"]).content.decode()
    user = User.objects.get(email="new@example.com")
    assert not user.has_usable_password()
    # no way in before the address is confirmed
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert not Client().login(email="new@example.com", password="a-long-passphrase-42")
    path = _confirmation_path()
    assert client.get(path).status_code == 200  # the page asks to confirm; a GET changes nothing
    response = client.post(path)
    # confirming signs the holder in and sends them to choose the password first
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_set_password"))
    page = client.get(response["Location"])
    assert page.status_code == 200 and "パスワード" in page.content.decode()
    response = client.post(
        response["Location"], {"password1": "holder-passphrase-77", "password2": "holder-passphrase-77"}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password("holder-passphrase-77")
    assert Membership.objects.get(user=user).role == "owner"
    assert user.name == "新規 太郎"
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert Client().login(email="new@example.com", password="holder-passphrase-77")


def test_sign_up_confirmed_in_another_browser_leads_to_a_mailed_password_link() -> None:
    Client().post(
        reverse("account_signup"),
        {"name": "新規 太郎", "email": "other@example.com", "workspace_name": "新規社"},
    )
    other = Client()
    response = other.post(_confirmation_path())
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password")
    assert "パスワード" in other.get(response["Location"]).content.decode()
    assert other.get(reverse("core:dashboard")).status_code == 302
    user = User.objects.get(email="other@example.com")
    assert user.emailaddress_set.get().verified and not user.has_usable_password()
    response = other.post(reverse("account_reset_password"), {"email": "other@example.com"})
    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body


def test_sign_up_with_a_taken_email_changes_nothing(owner: User) -> None:
    response = Client().post(
        reverse("account_signup"),
        {"name": "x", "email": owner.email, "workspace_name": "X"},
    )
    assert response.status_code == 302
    assert Workspace.objects.filter(name="X").count() == 0
    assert mail.outbox[0].to == [owner.email]


def test_password_reset_sends_a_working_link(owner: User) -> None:
    client = Client()
    client.post(reverse("account_reset_password"), {"email": owner.email})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/key/" in line)
    path = link.strip().split("testserver", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"password1": "another-passphrase-77", "password2": "another-passphrase-77"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("another-passphrase-77")


def test_old_password_reset_address_leads_to_the_new_one() -> None:
    response = Client().get("/accounts/password-reset/")
    assert response.status_code == 301
    assert response["Location"] == reverse("account_reset_password")


def test_logout_requires_post_and_ends_the_session(owner: User, login) -> None:
    client = login(owner)
    client.post(reverse("account_logout"))
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_healthz_answers_without_login() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"

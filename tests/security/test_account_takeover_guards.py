"""What a borrowed or old browser session cannot do, and what an unconfirmed address cannot claim.

An outside review found: API deletes that skipped the re-authentication their web pages ask for;
changing the account's address without the password and without telling the old address; an
address added to someone else's account (never confirmed) blocking its real holder's sign-up and
routing their password reset; a whole-workspace export or erasure from an old session; private
pages kept in the browser's cache.
"""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from kyoso.accounts.models import Membership, User, Workspace
from kyoso.outbox.models import OutboxMessage
from kyoso.partners.models import Organisation
from tests.api.helpers import bearer, make_token
from tests.conftest import PASSWORD, just_signed_in, make_user

pytestmark = pytest.mark.django_db


def _old_session(login, user: User) -> Client:
    client = login(user, fresh=False)
    just_signed_in(client, user, seconds_ago=3600)
    return client


# --- the API asks what the page asks -------------------------------------------------------------------


def test_api_deletes_from_an_old_session_need_a_recent_sign_in(workspace, owner, member, login) -> None:
    org = Organisation.objects.create(workspace=workspace, name="削除される社", kind="startup")
    theirs = Membership.objects.get(user=member, workspace=workspace)
    client = _old_session(login, owner)
    for path in (f"/api/v1/partners/organisations/{org.pk}", f"/api/v1/workspace/members/{theirs.pk}"):
        response = client.delete(path)
        assert response.status_code == 403, path
        assert "recent sign-in" in response.json()["detail"]
    assert Organisation.objects.filter(pk=org.pk).exists()
    assert Membership.objects.filter(pk=theirs.pk).exists()
    # a token is not a browser session; a fresh sign-in passes
    _t, raw = make_token(owner, ["partners:write"], workspace=workspace)
    assert Client().delete(f"/api/v1/partners/organisations/{org.pk}", **bearer(raw)).status_code == 204
    just_signed_in(client, owner)
    assert client.delete(f"/api/v1/workspace/members/{theirs.pk}").status_code == 204


def test_every_api_delete_route_is_marked_sensitive() -> None:
    """A new DELETE route must decide: sensitive, or listed here with the reason."""
    from kyoso.api.urls import api

    not_sensitive = {
        "revoke_token",  # a person's own key: revoking must stay possible from any session
        "revoke_invitation",  # withdrawing an invitation grants nothing
    }
    checked = 0
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                if "DELETE" not in operation.methods:
                    continue
                name = operation.view_func.__name__
                if name in not_sensitive:
                    continue
                checked += 1
                assert getattr(operation.view_func, "kyoso_sensitive", False), name
    assert checked >= 6


def test_export_and_erasure_of_a_workspace_need_a_recent_sign_in(workspace, owner, login) -> None:
    client = _old_session(login, owner)
    for name, data in (
        ("transfer:export_start", {}),
        ("accounts:workspace_erase", {"confirm_name": workspace.name}),
    ):
        response = client.post(reverse(name), data)
        assert response.status_code == 302 and "reauthenticate" in response["Location"], name
    assert Workspace.objects.filter(pk=workspace.pk).exists()
    assert client.post("/api/v1/workspace/export").status_code == 403


# --- the address password resets go to -----------------------------------------------------------------


def test_changing_the_address_needs_the_password_and_tells_the_old_one(member, login) -> None:
    old_address = member.email
    client = _old_session(login, member)
    response = client.post(reverse("account_email"), {"email": "new@example.com", "action_add": ""})
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not EmailAddress.objects.filter(email="new@example.com").exists()
    just_signed_in(client, member)
    client.post(reverse("account_email"), {"email": "new@example.com", "action_add": ""})
    assert EmailAddress.objects.filter(email="new@example.com", user=member, verified=False).exists()
    # confirming the new address replaces the old one, and the old one hears of it
    address = EmailAddress.objects.get(email="new@example.com")
    from allauth.account.models import EmailConfirmationHMAC

    client.post(reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key]))
    member.refresh_from_db()
    assert member.email == "new@example.com"
    told = OutboxMessage.objects.filter(to_email=old_address)
    assert told.exists(), list(OutboxMessage.objects.values_list("to_email", "subject"))


def test_an_unconfirmed_claim_does_not_block_the_real_holder(workspace, member, login) -> None:
    squatter = login(member)
    squatter.post(reverse("account_email"), {"email": "holder@corp.example", "action_add": ""})
    assert EmailAddress.objects.filter(email="holder@corp.example", user=member, verified=False).exists()
    # a reset for the address does not go to the claimant's account
    OutboxMessage.objects.all().delete()
    Client().post(reverse("account_reset_password"), {"email": "holder@corp.example"})
    reset_links = [m for m in OutboxMessage.objects.all() if "/password/reset/key/" in m.body]
    assert not reset_links
    # the holder signs up and gets an account of their own
    Client().post(
        reverse("account_signup"),
        {"name": "本人", "email": "holder@corp.example", "workspace_name": "本人の会社"},
    )
    holder = User.objects.get(email="holder@corp.example")
    assert holder != member
    assert not EmailAddress.objects.filter(email="holder@corp.example", user=member).exists()


# --- browsers keep no copy of private pages ------------------------------------------------------------


def test_private_pages_are_not_stored(workspace, owner, login) -> None:
    client = login(owner)
    for path in (reverse("core:dashboard"), "/api/v1/me", reverse("account_email")):
        cache = client.get(path).get("Cache-Control", "")
        assert "no-store" in cache and "private" in cache, path
    # a public page may be cached; a secret link's page may not
    assert "no-store" not in Client().get("/privacy/").get("Cache-Control", "")
    agenda = Client().get(reverse("events:public_agenda", args=["not-a-real-token"]))
    assert "no-store" in agenda.get("Cache-Control", "")


def test_erasing_ones_account_forgets_this_device(workspace, login) -> None:
    alone = make_user("alone@example.com", "一人")
    response = login(alone).post(reverse("accounts:erase_me"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'

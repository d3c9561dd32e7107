from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kyoso.accounts import services
from kyoso.accounts.models import AuditEvent, Invitation, Membership, Role, User, Workspace
from kyoso.core.errors import DomainError
from tests.conftest import join_by_invitation

pytestmark = pytest.mark.django_db


def _invite(client: Client, email: str = "invitee@example.com", role: str = "member") -> str:
    response = client.post(reverse("accounts:invitation_create"), {"email": email, "role": role})
    assert response.status_code == 302, response.content.decode()
    return next(line for line in mail.outbox[-1].body.split() if "/accounts/invitation/" in line)


def test_owner_invites_and_a_new_person_joins_by_the_link(owner: User, workspace: Workspace, login) -> None:
    link = _invite(login(owner))
    path = link.split("testserver", 1)[1]
    newcomer = Client()
    assert newcomer.get(path).status_code == 200
    response = join_by_invitation(newcomer, path)
    assert response.status_code == 302
    user = User.objects.get(email="invitee@example.com")
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.MEMBER


def test_the_invited_sign_up_chooses_its_password_and_forgets_the_invitation(
    owner: User, workspace: Workspace, login
) -> None:
    from kyoso.accounts.adapter import SESSION_INVITATION

    path = _invite(login(owner)).split("testserver", 1)[1]
    newcomer = Client()
    signup = newcomer.post(path, {})["Location"]
    # only a reference to the invitation is kept, never the address itself
    remembered = newcomer.session[SESSION_INVITATION]
    assert remembered == {"kind": "accounts.invitation", "id": Invitation.objects.get().pk}
    form = newcomer.get(signup).context["form"]
    assert "password1" in form.fields and "workspace_name" not in form.fields
    response = newcomer.post(signup, {"name": "招待 花子", "email": "else@example.com", "password1": "x"})
    assert response.status_code == 200 and "password1" in response.context["form"].errors
    response = newcomer.post(signup, {"name": "招待 花子", "password1": "a-Long-passphrase-42"})
    assert response.status_code == 302 and response["Location"] == path
    assert SESSION_INVITATION not in newcomer.session
    user = User.objects.get(email="invitee@example.com")
    assert user.check_password("a-Long-passphrase-42") and user.emailaddress_set.get().verified
    assert newcomer.post(path, {}).status_code == 302
    assert Membership.objects.get(user=user, workspace=workspace).role == Role.MEMBER


def test_a_withdrawn_invitation_no_longer_proves_the_address_at_sign_up(owner: User, login) -> None:
    from kyoso.accounts.adapter import SESSION_INVITATION

    path = _invite(login(owner)).split("testserver", 1)[1]
    newcomer = Client()
    signup = newcomer.post(path, {})["Location"]
    services.revoke_invitation(invitation=Invitation.objects.get(), by=owner)
    # the sign-up is the ordinary one again: address typed in, no password, confirmation mailed
    form = newcomer.get(signup).context["form"]
    assert "password1" not in form.fields and not form.fields["email"].disabled
    assert SESSION_INVITATION not in newcomer.session
    mail.outbox.clear()
    response = newcomer.post(
        signup, {"name": "招待 花子", "email": "invitee@example.com", "workspace_name": "花子社"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="invitee@example.com")
    assert not user.emailaddress_set.get().verified and not user.has_usable_password()
    assert newcomer.get(reverse("core:dashboard")).status_code == 302
    assert any("/accounts/confirm-email/" in m.body for m in mail.outbox)


def test_an_invitation_for_another_address_is_not_counted_for_the_typed_one(owner: User, login) -> None:
    from kyoso.accounts.adapter import AccountAdapter, remember_invitation

    _invite(login(owner))
    request = Client().get("/").wsgi_request
    remember_invitation(request, Invitation.objects.get())
    adapter = AccountAdapter(request)
    assert adapter.is_email_verified(request, " Invitee@Example.com ")
    assert not adapter.is_email_verified(request, "someone-else@example.com")
    Invitation.objects.update(accepted_at=timezone.now())
    assert not adapter.is_email_verified(request, "invitee@example.com")


def test_an_invitation_works_once(owner: User, member: User, login) -> None:
    path = _invite(login(owner), email=member.email.replace("member", "m2")).split("testserver", 1)[1]
    join_by_invitation(Client(), path, name="A")
    response = Client().post(path, {})
    assert response.status_code == 410
    assert "既に使用されています" in response.content.decode()


def test_an_expired_invitation_is_refused(owner: User, login) -> None:
    path = _invite(login(owner)).split("testserver", 1)[1]
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().get(path)
    assert response.status_code == 410
    assert "有効期限が切れています" in response.content.decode()
    assert not User.objects.filter(email="invitee@example.com").exists()


def test_inviting_an_existing_member_names_the_field(owner: User, member: User, login) -> None:
    response = login(owner).post(
        reverse("accounts:invitation_create"), {"email": member.email, "role": "member"}
    )
    assert response.status_code == 400
    assert "既にこのワークスペースのメンバーです" in response.content.decode()


def test_only_owners_invite(member: User, viewer: User, login) -> None:
    for user in (member, viewer):
        response = login(user).post(
            reverse("accounts:invitation_create"), {"email": "x@example.com", "role": "member"}
        )
        assert response.status_code == 403
    assert Invitation.objects.count() == 0


def test_the_last_owner_cannot_leave_or_be_demoted(owner: User, workspace: Workspace) -> None:
    membership = Membership.objects.get(user=owner, workspace=workspace)
    with pytest.raises(DomainError):
        services.remove_member(membership=membership, by=owner)
    with pytest.raises(DomainError):
        services.change_role(membership=membership, role=Role.MEMBER, by=owner)
    assert Membership.objects.filter(pk=membership.pk, role=Role.OWNER).exists()


def test_owner_changes_a_role_and_removes_a_member(
    owner: User, member: User, workspace: Workspace, login
) -> None:
    client = login(owner)
    membership = Membership.objects.get(user=member)
    client.post(reverse("accounts:member_role", args=[membership.pk]), {"role": "viewer"})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER
    client.post(reverse("accounts:member_remove", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.filter(
        workspace=workspace, action="delete", model="accounts.Membership"
    ).exists()


def test_owner_cannot_touch_memberships_of_another_workspace(owner: User, outsider: User, login) -> None:
    foreign = Membership.objects.get(user=outsider)
    response = login(owner).post(reverse("accounts:member_remove", args=[foreign.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()


def test_switching_workspace_changes_what_the_dashboard_shows(
    owner: User, other_workspace: Workspace, login
) -> None:
    Membership.objects.create(workspace=other_workspace, user=owner, role=Role.VIEWER)
    client = login(owner)
    client.post(reverse("accounts:workspace_switch"), {"workspace": other_workspace.pk})
    assert "他社株式会社" in client.get(reverse("core:dashboard")).content.decode()


def test_switching_to_a_workspace_one_is_not_member_of_is_404(
    owner: User, other_workspace: Workspace, login
) -> None:
    response = login(owner).post(reverse("accounts:workspace_switch"), {"workspace": other_workspace.pk})
    assert response.status_code == 404


def test_owner_renames_the_workspace(owner: User, workspace: Workspace, login) -> None:
    login(owner).post(reverse("accounts:workspace_settings"), {"name": "新しい名前"})
    workspace.refresh_from_db()
    assert workspace.name == "新しい名前"


def test_a_user_without_workspace_is_asked_to_create_one(db: None, login) -> None:
    loner = User.objects.create_user("loner@example.com", "x")
    client = login(loner)
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:workspace_create")
    client.post(reverse("accounts:workspace_create"), {"name": "一人社"})
    assert Membership.objects.get(user=loner).role == Role.OWNER


def test_audit_log_is_append_only_and_for_owners(owner: User, member: User, login) -> None:
    event = AuditEvent.objects.create(action="view", model="x")
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert login(owner).get(reverse("accounts:audit_log")).status_code == 200
    assert login(member).get(reverse("accounts:audit_log")).status_code == 403


def test_audit_takes_the_client_address_from_the_request_being_served(
    owner: User, workspace: Workspace, login, settings
) -> None:
    """Services get no request: the audit entry's IP and the link's host come from the one being served."""
    client = login(owner)
    response = client.post(
        reverse("accounts:invitation_create"),
        {"email": "web@example.com", "role": "member"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(model="accounts.Invitation").latest("pk")
    assert event.ip_address == "203.0.113.7"
    assert "http://testserver/accounts/invitation/" in mail.outbox[-1].body

    settings.SITE_URL = "https://kyoso.example"
    _invitation, link = services.invite_member(
        workspace=workspace, email="cli@example.com", role="member", by=owner
    )
    assert link.startswith("https://kyoso.example/accounts/invitation/")
    assert AuditEvent.objects.filter(model="accounts.Invitation").latest("pk").ip_address is None

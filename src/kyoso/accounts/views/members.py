"""Members, roles and invitations of the current workspace."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts import selectors, services
from kyoso.accounts.access import member_view, owner_view, scoped
from kyoso.accounts.forms import InvitationForm, RoleForm
from kyoso.accounts.invitation_flow import accept_with_account, invitation_unusable
from kyoso.accounts.middleware import SESSION_WORKSPACE_KEY
from kyoso.accounts.models import Invitation, Membership, Role, User
from kyoso.accounts.reauth import sensitive
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.limits import LimitReached


def _members(request: HttpRequest) -> list[Membership]:
    """The workspace's members; for owners each carries whether it has a second factor and its sessions."""
    members = list(scoped(request, Membership).select_related("user").order_by("user__email"))
    if request.membership.is_owner:  # type: ignore[attr-defined]
        ids = [m.user_id for m in members]
        with_mfa = selectors.users_with_mfa(ids)
        sessions = selectors.session_counts(ids)
        for m in members:
            m.has_mfa = m.user_id in with_mfa  # type: ignore[attr-defined]
            m.session_count = sessions.get(m.user_id, 0)  # type: ignore[attr-defined]
    return members


@member_view()
def member_list(request: HttpRequest) -> HttpResponse:
    invitations = [i for i in scoped(request, Invitation).select_related("invited_by")[:100] if i.is_pending]
    return render(
        request,
        "accounts/members.html",
        {
            "members": _members(request),
            "invitations": invitations,
            "invite_form": InvitationForm(),
            "roles": Role.choices,
        },
    )


@owner_view
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation, link = services.invite_member(
                workspace=request.workspace,  # type: ignore[attr-defined]
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                by=request.user,
                language=form.cleaned_data["language"],
            )
        except DomainError as exc:
            add_form_error(form, exc)
            status = 429 if isinstance(exc, LimitReached) else 400
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for 7 days.") % {"email": invitation.email},
            )
            return redirect("accounts:members")
    else:
        status = 400
    return render(
        request,
        "accounts/members.html",
        {"members": _members(request), "invitations": [], "invite_form": form, "roles": Role.choices},
        status=status,
    )


@owner_view
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(scoped(request, Invitation), pk=pk)
    services.revoke_invitation(invitation=invitation, by=request.user)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:members")


@owner_view
@require_POST
@sensitive
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(scoped(request, Membership), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles."))
        return redirect("accounts:members")
    try:
        services.change_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Role changed."))
    return redirect("accounts:members")


@owner_view
@require_POST
@sensitive
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(scoped(request, Membership), pk=pk)
    try:
        services.remove_member(membership=membership, by=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Member removed."))
    return redirect("accounts:members")


@owner_view
@require_POST
@sensitive
def member_sessions_end(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign a member out of every browser (a lost laptop, someone leaving the team)."""
    membership = get_object_or_404(scoped(request, Membership).select_related("user"), pk=pk)
    count = services.end_sessions(membership=membership, by=request.user)
    messages.success(
        request,
        ngettext("%(count)d session of %(name)s ended.", "%(count)d sessions of %(name)s ended.", count)
        % {"count": count, "name": membership.user.display_name},
    )
    return redirect("accounts:members")


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invited address joins: logged in as itself, or by creating its account from the link."""
    try:
        invitation = services.find_invitation(token)
    except DomainError as exc:
        return invitation_unusable(request, exc, model=Invitation, token=token)

    def accept(user: User) -> HttpResponse:
        membership = services.accept_invitation(token=token, by=user)
        request.session[SESSION_WORKSPACE_KEY] = membership.workspace_id
        messages.success(request, _("You joined %(workspace)s.") % {"workspace": membership.workspace.name})
        return redirect("core:dashboard")

    return accept_with_account(
        request, invitation=invitation, template="accounts/invitation_accept.html", accept=accept
    )

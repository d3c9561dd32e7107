"""The account's invitations list: invitations sent to its address, accepted or declined in the app.

An invitation is read only through the account's own address (`selectors.invitation_addressed_to`),
so another person's invitation is not found (404) whatever its number; accepting goes through the
same flow as the e-mailed link (`accept_with_account`), which checks the address once more.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts import selectors, services
from kyoso.accounts.invitation_flow import accept_with_account, invitation_unusable
from kyoso.accounts.models import User
from kyoso.core.errors import DomainError


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/inbox.html", {"rows": selectors.pending_invitations(request.user)})


def _addressed(request: HttpRequest, kind: str, pk: int):  # type: ignore[no-untyped-def]
    found = selectors.invitation_addressed_to(request.user, kind, pk)
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def inbox_accept(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    invitation_kind, invitation = _addressed(request, kind, pk)
    target = invitation_kind.target(invitation)

    def accept(user: User) -> HttpResponse:
        url = invitation_kind.accept(invitation, user, request)
        messages.success(request, _("Invitation to %(target)s accepted.") % {"target": target})
        return redirect(url)

    # the list only offers pending invitations, but one may have expired or been withdrawn since
    try:
        services.check_usable(invitation)
    except DomainError as exc:
        return invitation_unusable(request, exc, model=invitation_kind.model)
    return accept_with_account(request, invitation=invitation, template="accounts/inbox.html", accept=accept)


@login_required
@require_POST
def inbox_decline(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    invitation_kind, invitation = _addressed(request, kind, pk)
    try:
        services.decline_invitation(invitation=invitation, by=request.user)
    except DomainError as exc:
        return invitation_unusable(request, exc, model=invitation_kind.model)
    messages.success(
        request, _("Invitation to %(target)s declined.") % {"target": invitation_kind.target(invitation)}
    )
    return redirect("accounts:inbox")

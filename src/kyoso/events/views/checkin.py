"""On the day: an organiser scans a badge's QR code with a phone and checks the participant in.

`checkin` is the page the code opens; `scan` is the organisers' camera page (with a box to type
the code or the participant id when the browser cannot read codes).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from kyoso.accounts.access import forbidden, member_view
from kyoso.accounts.models import Role
from kyoso.core.errors import DomainError
from kyoso.events import checkin as codes
from kyoso.events import clock, selectors, services
from kyoso.events.views.common import event_context, get_event
from kyoso.sso import entry

DONE = {
    "checked_in": _("%(name)s is checked in."),
    "no_show": _("%(name)s is marked as a no-show."),
    "": _("%(name)s is neither checked in nor a no-show now."),
}

RULES = {
    entry.MFA: gettext_lazy(
        "%(workspace)s requires two-factor authentication. Set up an authenticator app, then open the "
        "code again."
    ),
    entry.SSO: gettext_lazy(
        "%(workspace)s requires signing in with the company account (single sign-on). Switch to "
        "%(workspace)s and sign in through its identity provider, then open the code again."
    ),
}


@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, token: str) -> HttpResponse:
    """The page a badge's code opens: who this is, their meetings, and the check-in buttons."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    ids = codes.read_token(token)
    target = selectors.checkin_target(request.user, *ids) if ids is not None else None
    if target is None:
        return forbidden(
            request,
            _(
                "This check-in code is for the organisers of the event. If it is on your badge or agenda, "
                "show it at the reception desk."
            ),
        )
    participant, membership = target.participant, target.membership
    # the workspace comes from the code, not from the session: its sign-in rules apply here too
    unmet = entry.unmet_rules(request.session, request.user, membership.workspace)
    if unmet:
        return forbidden(request, str(RULES[unmet[0]]) % {"workspace": membership.workspace.name})
    event = participant.event
    if request.method == "POST":
        if not membership.can_write:
            return forbidden(
                request,
                _("Your role (%(role)s) can read but not change records in this workspace.")
                % {"role": Role(membership.role).label},
            )
        state = request.POST.get("state", "")
        try:
            services.set_attendance(participant=participant, state=state, by=request.user, via="qr")  # type: ignore[arg-type]
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(DONE[state]) % {"name": participant.name})
        return redirect("events:checkin", token=token)
    meetings = selectors.agenda(event.current_run, participant) if event.is_published else []
    today = clock.checkin_open(event)
    return render(
        request,
        "events/checkin.html",
        {
            "event": event,
            "participant": participant,
            "meetings": meetings,
            "today": today,
            "no_show_open": clock.today(event) >= event.date,
            "can_write": membership.can_write,
            "checked_in_at": clock.stamp(participant.checked_in_at, event)
            if participant.checked_in_at
            else "",
            # the scanner works in the current workspace; from another one the link is left out
            "scan_here": getattr(getattr(request, "workspace", None), "pk", None) == membership.workspace_id,
        },
    )


@member_view()
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    """The organisers' scanner: the camera reads a badge's code; or type the code or participant id."""
    event = get_event(request, pk)
    code = request.GET.get("code", "").strip()
    error = ""
    if code:
        token = codes.token_in(code)
        if token is None:
            participant = selectors.participant_by_badge_id(event, code)
            token = codes.token_for(participant) if participant is not None else None
        if token is not None:
            return redirect("events:checkin", token=token)
        error = _("No participant of this event has the code or id “%(code)s”.") % {"code": code[:80]}
    return render(
        request,
        "events/checkin_scan.html",
        event_context(
            request, event, "participants", code=code, error=error, counts=selectors.checkin_counts(event)
        ),
        status=404 if error else 200,
    )

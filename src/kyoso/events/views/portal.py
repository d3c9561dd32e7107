"""The participant portal: a participant's own pages, reached through the account linked to it.

Every view starts from `selectors.participations_of(request.user)` (the participant audience
of the scoping mechanism); nothing here reads the organiser's workspace.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kyoso.accounts.invitation_flow import accept_with_account, invitation_unusable
from kyoso.accounts.models import User
from kyoso.core.errors import DomainError, add_form_error
from kyoso.events import checkin, portal, selectors, services
from kyoso.events.forms import PortalProfileForm
from kyoso.events.models import Participant, ParticipantInvitation, Side
from kyoso.events.views.common import paginate, query_without_page

FILTERS = ("all", "marked", "unmarked")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    participations = list(selectors.participations_of(request.user).order_by("-event__date", "event__name"))
    if not participations:
        # Not a participant of any open event: this page is not in their menu, their home is elsewhere.
        return redirect("core:dashboard")
    return render(request, "events/portal/home.html", {"participations": participations})


def _mine_field(participant: Participant) -> str:
    return "corporate_interest" if participant.side == Side.CORPORATE else "startup_interest"


def _rows(participant: Participant, others: list[Participant]) -> list[dict[str, object]]:
    other = selectors.other_side(participant)
    requests = selectors.requests_with(participant, [o.pk for o in others]).filter(cancelled=False)
    by_other = {getattr(r, f"{other}_id"): getattr(r, _mine_field(participant)) for r in requests}
    return [{"other": o, "interest": by_other.get(o.pk, 0)} for o in others]


@login_required
def participation(request: HttpRequest, pid: int) -> HttpResponse:
    participant = selectors.own_participation(request.user, pid)
    others = selectors.counterparts(participant)
    first = participant.event.first_side()
    answering = first is not None and participant.side != first
    if answering:  # under the event's rule this side answers the other side's requests only
        others = others.filter(pk__in=selectors.asked_by_other_side(participant))
    q = request.GET.get("q", "").strip()
    if q:
        others = others.filter(Q(name__icontains=q) | Q(needs__icontains=q) | Q(application__icontains=q))
    shown = request.GET.get("show", "all")
    if shown not in FILTERS:
        shown = "all"
    marked = selectors.marked_by(participant)
    if shown == "marked":
        others = others.filter(pk__in=marked)
    elif shown == "unmarked":
        others = others.exclude(pk__in=marked)
    page = paginate(request, others.order_by("name", "code"), 30)
    event = participant.event
    return render(
        request,
        "events/portal/participation.html",
        {
            "participant": participant,
            "event": event,
            "rows": _rows(participant, list(page)),
            "page": page,
            "q": q,
            "show": shown,
            "filters": [
                ("all", _("Everyone")),
                ("marked", _("Marked by me")),
                ("unmarked", _("Not marked yet")),
            ],
            "query": query_without_page(request),
            "marked_count": marked.count(),
            "interest_open": portal.interest_open(event),
            "published": event.is_published,
            "answering": answering,
            "first": first,
            "offline_worker": reverse("events:portal_worker", args=[participant.pk]),
            "offline_scope": reverse("events:portal_participation", args=[participant.pk]),
            "checkin_qr": checkin.svg_markup(participant)
            if event.is_published and not participant.withdrawn
            else "",
        },
    )


@login_required
@require_POST
def interest(request: HttpRequest, pid: int, other: int) -> HttpResponse:
    participant = selectors.own_participation(request.user, pid)
    counterpart = get_object_or_404(selectors.counterparts(participant), pk=other)
    corporate, startup = (
        (participant, counterpart) if participant.side == Side.CORPORATE else (counterpart, participant)
    )
    error = ""
    value = 0
    try:
        if not portal.interest_open(participant.event):
            raise DomainError(_("The schedule is published; ask the organiser to change your interest."))
        value = int(request.POST.get("interest", ""))
        services.mark_interest(
            event=participant.event,
            corporate=corporate,
            startup=startup,
            side=participant.side,
            interest=value,
            by=request.user,  # type: ignore[arg-type]
        )
    except (ValueError, DomainError) as exc:
        error = exc.message if isinstance(exc, DomainError) else _("Interest is 0 (no) to 3 (very high).")
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("events:portal_participation", pid=participant.pk)
    row = _rows(participant, [counterpart])[0]
    return render(
        request,
        "events/portal/interest_row.html",
        {
            "participant": participant,
            "row": row,
            "error": error,
            "interest_open": portal.interest_open(participant.event),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, pid: int) -> HttpResponse:
    participant = selectors.own_participation(request.user, pid)
    initial = {name: getattr(participant, name) for name in portal.PROFILE_FIELDS}
    form = PortalProfileForm(request.POST or None, initial=initial, side=participant.side)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                portal.update_profile(participant=participant, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
            except DomainError as exc:
                add_form_error(form, exc)
            else:
                messages.success(request, _("Your entry is saved."))
                return redirect("events:portal_participation", pid=participant.pk)
        status = 400
    return render(
        request,
        "events/portal/profile.html",
        {
            "participant": participant,
            "event": participant.event,
            "form": form,
            "editable": portal.interest_open(participant.event),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, token: str) -> HttpResponse:
    """Accept a portal invitation: create the account, or link the one the visitor is logged in with."""
    try:
        invitation = portal.find_invitation(token)
    except DomainError as exc:
        return invitation_unusable(request, exc, model=ParticipantInvitation, token=token)

    def accept(user: User) -> HttpResponse:
        participant = portal.accept_invitation(token=token, by=user)
        messages.success(
            request, _("Welcome: this is your page for %(event)s.") % {"event": participant.event.name}
        )
        return redirect("events:portal_participation", pid=participant.pk)

    return accept_with_account(
        request,
        invitation=invitation,
        template="events/portal/join.html",
        accept=accept,
        context={"event": invitation.participant.event},
    )

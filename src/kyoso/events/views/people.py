"""Participants, their interest marks on the other side, and meeting requests."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts.access import member_view, scoped
from kyoso.core.errors import DomainError, add_form_error
from kyoso.events import portal, selectors, services
from kyoso.events.forms import ParticipantForm, RequestForm
from kyoso.events.models import MeetingRequest, Participant, ParticipantInvitation, Side
from kyoso.events.views.common import event_context, get_event, paginate, query_without_page


def _participants_page(request: HttpRequest, event, form: ParticipantForm, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    people = (
        scoped(request, Participant)
        .filter(event=event)
        .select_related("event")
        .annotate(
            n_requests=Count("corporate_requests", distinct=True) + Count("startup_requests", distinct=True)
        )
    )
    side = request.GET.get("side", "")
    q = request.GET.get("q", "").strip()
    if side in Side.values:
        people = people.filter(side=side)
    if q:
        people = people.filter(
            Q(name__icontains=q)
            | Q(code=q)
            | Q(contact_name__icontains=q)
            | Q(needs__icontains=q)
            | Q(application__icontains=q)
        )
    return render(
        request,
        "events/participants.html",
        event_context(
            request,
            event,
            "participants",
            page=paginate(request, people.order_by("side", "code")),
            query=query_without_page(request),
            side=side,
            q=q,
            sides=Side.choices,
            form=form,
        ),
        status=status,
    )


@member_view()
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    return _participants_page(request, event, ParticipantForm(event=event))


@member_view(write=True)
@require_POST
def participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = ParticipantForm(request.POST, event=event)
    if form.is_valid():
        data = dict(form.cleaned_data)
        data["unavailable"] = data.pop("unavailable_slots")
        data["min_meetings"] = data.get("min_meetings") or 0
        try:
            participant = services.add_participant(event=event, by=request.user, **data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("%(name)s added.") % {"name": participant.name})
            return redirect("events:participants", pk=event.pk)
    return _participants_page(request, event, form, status=400)


@member_view()
def participant_detail(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """One participant, and the other side's list to mark interest 0–3 on (searchable)."""
    event = get_event(request, pk)
    participant = get_object_or_404(
        scoped(request, Participant).filter(event=event).select_related("account"), pk=pid
    )
    other_side = Side.STARTUP if participant.side == Side.CORPORATE else Side.CORPORATE
    q = request.GET.get("q", "").strip()
    others = scoped(request, Participant).filter(event=event, side=other_side, withdrawn=False)
    if q:
        others = others.filter(
            Q(name__icontains=q) | Q(needs__icontains=q) | Q(application__icontains=q) | Q(code=q)
        )
    page = paginate(request, others.order_by("code"), 30)
    requests = selectors.requests_with(participant, [o.pk for o in page])
    by_other = {getattr(r, f"{other_side}_id"): r for r in requests}
    rows = [{"other": o, "request": by_other.get(o.pk)} for o in page]
    return render(
        request,
        "events/participant_detail.html",
        event_context(
            request,
            event,
            "participants",
            participant=participant,
            rows=rows,
            page=page,
            q=q,
            query=query_without_page(request),
            other_side=other_side,
            unavailable=participant.unavailable_slots.all(),
            pending_invitation=scoped(request, ParticipantInvitation)
            .filter(participant=participant, accepted_at__isnull=True, revoked_at__isnull=True)
            .first(),
        ),
    )


@member_view(write=True)
@require_POST
def portal_invite(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """E-mail the participant's contact the link to the participant portal (or a fresh one)."""
    event = get_event(request, pk)
    participant = get_object_or_404(scoped(request, Participant).filter(event=event), pk=pid)
    try:
        portal.invite_participant(participant=participant, by=request.user)  # type: ignore[arg-type]
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The link to the participant page was sent to %(email)s.") % {"email": participant.email},
        )
    return redirect("events:participant", pk=event.pk, pid=participant.pk)


@member_view(write=True)
@require_POST
def mark_interest(request: HttpRequest, pk: int, pid: int, other: int) -> HttpResponse:
    event = get_event(request, pk)
    people = scoped(request, Participant).filter(event=event)
    participant = get_object_or_404(people, pk=pid)
    counterpart = get_object_or_404(people, pk=other)
    corporate, startup = (
        (participant, counterpart) if participant.side == Side.CORPORATE else (counterpart, participant)
    )
    error = ""
    try:
        interest = int(request.POST.get("interest", ""))
        req = services.mark_interest(
            event=event,
            corporate=corporate,
            startup=startup,
            side=participant.side,
            interest=interest,
            by=request.user,
        )  # type: ignore[arg-type]
    except (ValueError, DomainError) as exc:
        error = exc.message if isinstance(exc, DomainError) else _("Interest is 0 (no) to 3 (very high).")
        req = selectors.request_between(corporate, startup)
    row = {"other": counterpart, "request": req}
    response = render(
        request,
        "events/partials/interest_row.html",
        event_context(
            request,
            event,
            "participants",
            participant=participant,
            row=row,
            error=error,
        ),
        status=400 if error else 200,
    )
    if not request.headers.get("HX-Request"):
        return redirect("events:participant", pk=event.pk, pid=participant.pk)
    return response


def _requests_page(request: HttpRequest, event, form: RequestForm, status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    qs = scoped(request, MeetingRequest).filter(event=event).select_related("corporate", "startup")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(
            Q(corporate__name__icontains=q)
            | Q(startup__name__icontains=q)
            | Q(corporate__code=q)
            | Q(startup__code=q)
        )
    if request.GET.get("mutual"):
        qs = qs.filter(corporate_interest__gt=0, startup_interest__gt=0)
    return render(
        request,
        "events/requests.html",
        event_context(
            request,
            event,
            "requests",
            page=paginate(request, qs.order_by("corporate__code", "startup__code")),
            query=query_without_page(request),
            q=q,
            form=form,
        ),
        status=status,
    )


@member_view()
def request_list(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    return _requests_page(request, event, RequestForm(event=event))


@member_view(write=True)
@require_POST
def request_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = RequestForm(request.POST, event=event)
    if form.is_valid():
        try:
            services.save_request(event=event, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Request saved."))
            return redirect("events:requests", pk=event.pk)
    return _requests_page(request, event, form, status=400)


@member_view(write=True)
@require_POST
def attendance(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """htmx toggle on the participants tab: checked in / no-show / neither."""
    event = get_event(request, pk)
    participant = get_object_or_404(scoped(request, Participant).filter(event=event), pk=pid)
    error = ""
    try:
        participant = services.set_attendance(
            participant=participant, state=request.POST.get("state", ""), by=request.user
        )  # type: ignore[arg-type]
    except DomainError as exc:
        error = exc.message
    if not request.headers.get("HX-Request"):
        if error:
            messages.error(request, error)
        return redirect("events:participants", pk=event.pk)
    return render(
        request,
        "events/partials/attendance_cell.html",
        event_context(request, event, "participants", p=participant, error=error),
        status=400 if error else 200,
    )


@member_view(write=True, form=True)
def directory_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Pick organisations from the partner directory and add them as participants."""
    from kyoso.partners.models import Organisation, OrganisationKind

    event = get_event(request, pk)
    orgs = scoped(request, Organisation)
    error = ""
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("organisations") if i.isdigit()]
        chosen = list(
            orgs.filter(pk__in=ids).prefetch_related("offers", "needs", "contacts").order_by("name")
        )
        try:
            if len(chosen) != len(set(ids)):
                raise DomainError(_("Unknown organisation."), field="organisations")
            result = services.import_from_directory(event=event, organisations=chosen, by=request.user)  # type: ignore[arg-type]
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("%(n)s participants added from the partner directory.") % {"n": len(result.created)},
            )
            if result.skipped:
                messages.info(
                    request,
                    _("Already taking part, skipped: %(names)s") % {"names": "、".join(result.skipped)},
                )
            return redirect("events:participants", pk=event.pk)
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(description__icontains=q))
    if kind in OrganisationKind.values:
        orgs = orgs.filter(kind=kind)
    page = paginate(request, orgs.order_by("name"), 50)
    taken = selectors.organisations_taken(event, [o.pk for o in page])
    return render(
        request,
        "events/directory_import.html",
        event_context(
            request,
            event,
            "participants",
            page=page,
            q=q,
            kind=kind,
            kinds=OrganisationKind.choices,
            taken=taken,
            error=error,
            query=query_without_page(request),
        ),
        status=400 if error else 200,
    )

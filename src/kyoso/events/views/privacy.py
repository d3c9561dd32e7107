"""An event participant's personal data (APPI): the organiser erases it or exports it on request."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kyoso.accounts.access import member_view, scoped
from kyoso.accounts.models import Role
from kyoso.accounts.privacy import export_file
from kyoso.accounts.views.privacy import download
from kyoso.core.errors import DomainError, add_form_error
from kyoso.events import services
from kyoso.events.forms import EraseParticipantForm
from kyoso.events.models import Participant
from kyoso.events.views.common import event_context, get_event


@member_view(roles=frozenset({Role.OWNER}))
@require_http_methods(["GET", "POST"])
def participant_erase(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    event = get_event(request, pk)
    participant = get_object_or_404(scoped(request, Participant).filter(event=event), pk=pid)
    form = EraseParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm_name"].strip() != participant.name.strip():
            add_form_error(
                form,
                DomainError(
                    _("Type the participant's name exactly as shown to confirm: %(name)s")
                    % {"name": participant.name},
                    field="confirm_name",
                ),
            )
        else:
            try:
                label = services.erase_participant(by=request.user, participant=participant)  # type: ignore[arg-type]
            except DomainError as exc:
                add_form_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Personal data erased; the participant now shows as %(label)s.") % {"label": label},
                )
                return redirect("events:participant", pk=event.pk, pid=participant.pk)
    return render(
        request,
        "events/participant_erase.html",
        event_context(request, event, "participants", participant=participant, form=form),
        status=400 if form.errors else 200,
    )


@member_view(roles=frozenset({Role.OWNER}))
def participant_data(request: HttpRequest, pk: int, pid: int) -> HttpResponse:
    """What the workspace stores about this participant, for a disclosure request (owners only)."""
    event = get_event(request, pk)
    participant = get_object_or_404(scoped(request, Participant).filter(event=event), pk=pid)
    data = services.export_participant(by=request.user, participant=participant)  # type: ignore[arg-type]
    return download(*export_file(data, [], stem=f"kyoso-participant-{event.pk}-{participant.code}"))

"""The public startup registration form of one event: no account, open only while registration is open."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import csrf_protect

from kyoso.core.errors import DomainError, add_form_error
from kyoso.events import selectors, services
from kyoso.events.forms import PublicRegistrationForm
from kyoso.events.models import Event


def _open_event(key: str) -> Event:
    # Public by design: the event's own page; it only shows what the organiser publishes about the event.
    event = selectors.open_event(key)
    if event is None:
        raise Http404
    return event


@csrf_protect
def public_register(request: HttpRequest, key: str) -> HttpResponse:
    event = _open_event(key)
    if not event.registration_open:  # past the deadline: say so rather than pretend the page is gone
        return render(request, "events/register.html", {"event": event, "closed": True}, status=410)
    form = PublicRegistrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                participant = services.register_startup(event=event, **form.cleaned_data)
            except DomainError as exc:
                add_form_error(form, exc)
            else:
                return render(
                    request, "events/register_done.html", {"event": event, "participant": participant}
                )
        return render(request, "events/register.html", {"event": event, "form": form}, status=400)
    return render(request, "events/register.html", {"event": event, "form": form})

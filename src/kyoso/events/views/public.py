"""The public startup registration form of one event: no account, open only while registration is open."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_protect

from kyoso.core import limits
from kyoso.core.errors import DomainError, add_form_error
from kyoso.events import selectors, services
from kyoso.events.forms import PublicRegistrationForm


@csrf_protect
def public_register(request: HttpRequest, key: str) -> HttpResponse:
    event = selectors.public_event(key)
    if event is None:  # an unknown (or not yet announced) link: a page in the site's layout, not a bare 404
        return render(request, "events/register_unknown.html", status=404)
    if (
        not event.registration_open
    ):  # past the deadline or closed: say so rather than pretend the page is gone
        return render(request, "events/register.html", {"event": event, "closed": True}, status=410)
    form = PublicRegistrationForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            # Each registration mails the address typed in and adds a participant: per visitor
            # address and per event, only so many an hour (kyoso.core.limits).
            usage, spent = limits.throttle(
                request,
                action="public_register",
                per_ip="KYOSO_REGISTRATIONS_PER_IP_PER_HOUR",
                per_key="KYOSO_REGISTRATIONS_PER_EVENT_PER_HOUR",
                key=f"event:{event.pk}",
            )
            if usage is None:
                form.add_error(
                    None,
                    _(
                        "Too many registrations for this event in the last hour. Please try again "
                        "later, or contact the organiser."
                    )
                    if spent == "KYOSO_REGISTRATIONS_PER_EVENT_PER_HOUR"
                    else _(
                        "Too many registrations from your network in the last hour. Please try again "
                        "later, or contact the organiser."
                    ),
                )
                return render(request, "events/register.html", {"event": event, "form": form}, status=429)
            try:
                participant = services.register_startup(
                    event=event, language=translation.get_language() or "", **form.cleaned_data
                )
            except DomainError as exc:
                usage.rollback()  # refused: no participant, no mail, so it does not count
                add_form_error(form, exc)
            else:
                return render(
                    request, "events/register_done.html", {"event": event, "participant": participant}
                )
        return render(request, "events/register.html", {"event": event, "form": form}, status=400)
    return render(request, "events/register.html", {"event": event, "form": form})

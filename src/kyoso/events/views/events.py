"""Events list, creation, the slots tab, imports and the JSON export."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kyoso.accounts.access import member_view, scoped
from kyoso.core.downloads import as_attachment
from kyoso.core.errors import DomainError, add_form_error
from kyoso.core.imports import ImportRejected, RowError, UnreadableFile, decode_text
from kyoso.events import selectors, services
from kyoso.events.forms import EventCreateForm, EventForm, ImportForm, SlotForm, SlotPlanForm
from kyoso.events.models import Event
from kyoso.events.views.common import event_context, get_event, paginate


@member_view()
def event_list(request: HttpRequest) -> HttpResponse:
    events = (
        scoped(request, Event)
        .annotate(
            n_participants=Count("participants", filter=Q(participants__withdrawn=False), distinct=True),
        )
        .order_by("-date", "name")
    )
    return render(
        request,
        "events/list.html",
        {
            "page": paginate(request, events, 25),
            "participant_too": selectors.has_portal_account(request.user),
        },
    )


@member_view(write=True, form=True)
def event_create(request: HttpRequest) -> HttpResponse:
    form = EventCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(workspace=request.workspace, by=request.user, **form.cleaned_data)  # type: ignore[attr-defined]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Event created. Next: plan the slots of the day."))
            return redirect("events:detail", pk=event.pk)
    return render(request, "events/event_form.html", {"form": form}, status=400 if form.errors else 200)


@member_view(write=True, form=True)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = (
        EventForm(request.POST or None, instance=event)
        if request.method == "POST"
        else EventForm(instance=event)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        event.refresh_from_db()
        try:
            services.update_event(event=event, by=request.user, **data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Event saved."))
            return redirect("events:detail", pk=event.pk)
    return render(
        request,
        "events/event_form.html",
        event_context(request, event, "slots", form=form),
        status=400 if form.errors else 200,
    )


@member_view()
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    slots = event.slots.annotate(n_unavailable=Count("unavailable_participants")).order_by("start", "code")
    return render(
        request,
        "events/detail.html",
        event_context(
            request,
            event,
            "slots",
            slots=slots,
            counts=selectors.event_counts(event),
            slot_form=SlotForm(),
            plan_form=SlotPlanForm(),
        ),
    )


@member_view(write=True)
@require_POST
def slot_add(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            services.add_slot(event=event, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("Slot added."))
            return redirect("events:detail", pk=event.pk)
    slots = event.slots.annotate(n_unavailable=Count("unavailable_participants"))
    return render(
        request,
        "events/detail.html",
        event_context(
            request,
            event,
            "slots",
            slots=slots,
            counts=selectors.event_counts(event),
            slot_form=form,
            plan_form=SlotPlanForm(),
        ),
        status=400,
    )


@member_view(write=True)
@require_POST
def slot_generate(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = SlotPlanForm(request.POST)
    if form.is_valid():
        try:
            slots = services.generate_slots(event=event, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            add_form_error(form, exc)
        else:
            messages.success(request, _("%(n)s slots added.") % {"n": len(slots)})
            return redirect("events:detail", pk=event.pk)
    slots_qs = event.slots.annotate(n_unavailable=Count("unavailable_participants"))
    return render(
        request,
        "events/detail.html",
        event_context(
            request,
            event,
            "slots",
            slots=slots_qs,
            counts=selectors.event_counts(event),
            slot_form=SlotForm(),
            plan_form=form,
        ),
        status=400,
    )


@member_view(write=True, form=True)
def event_import(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[RowError] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        filename = upload.name or ""
        kind = form.cleaned_data["kind"]
        notes: list[str] = []
        try:
            if kind == "event":
                text = raw.decode("utf-8-sig")
            else:
                text, notes = decode_text(raw)  # UTF-8 (BOM or not) or Excel's Shift_JIS
        except UnicodeDecodeError:
            form.add_error("file", _("The file must be UTF-8 text."))
        except UnreadableFile as exc:
            form.add_error("file", str(exc))
        else:
            try:
                if kind == "participants":
                    n = services.import_participants_csv(
                        event=event, text=text, by=request.user, filename=filename
                    )  # type: ignore[arg-type]
                    messages.success(request, _("%(n)s participants imported.") % {"n": n})
                elif kind == "requests":
                    n = services.import_requests_csv(
                        event=event, text=text, by=request.user, filename=filename
                    )  # type: ignore[arg-type]
                    messages.success(request, _("%(n)s requests imported.") % {"n": n})
                else:
                    counts = services.import_event_json(event=event, text=text, by=request.user)  # type: ignore[arg-type]
                    messages.success(
                        request,
                        _(
                            "Imported %(slots)s slots, %(participants)s participants and %(requests)s requests."
                        )
                        % counts,
                    )
                for note in notes:
                    messages.info(request, note)
                return redirect("events:participants" if kind != "event" else "events:detail", pk=event.pk)
            except ImportRejected as exc:
                form.add_error("file", exc.message)
                errors = exc.errors
            except DomainError as exc:
                form.add_error("file", exc.message)
    return render(
        request,
        "events/import.html",
        event_context(
            request,
            event,
            "participants",
            form=form,
            errors=errors,
            participant_columns=services.PARTICIPANT_COLUMNS,
            request_columns=services.REQUEST_COLUMNS,
        ),
        status=400 if form.errors else 200,
    )


@member_view()
def event_export(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_event(request, pk)
    document = services.export_event_json(event=event, by=request.user)  # type: ignore[arg-type]
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False, "indent": 1})
    as_attachment(response, f"event-{event.pk}.json")
    return response

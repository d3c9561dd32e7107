"""Every time an event page or export shows is wall-clock time at the event, whatever the server's zone.

The fixture event is in Asia/Tokyo and its first slot starts at 10:00 there (01:00 UTC, 20:00 the
day before in New York). Each page and file must say 10:00 under a server TIME_ZONE that is not Tokyo.
"""

from __future__ import annotations

import subprocess
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kyoso.events import clock, services
from kyoso.events.forms import EventCreateForm
from kyoso.events.models import Event, Meeting, MeetingRequest, Participant, Slot
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
SERVER_ZONES = ["UTC", "America/New_York"]


@pytest.fixture
def tokyo_event(workspace, owner):
    """A published event in Tokyo: slots at 10:00 and 10:30 JST, one meeting in the first."""
    event = services.create_event(
        workspace=workspace, name="東京商談会", date=date(2026, 12, 1), time_zone="Asia/Tokyo", by=owner
    )
    start = datetime(2026, 12, 1, 10, 0, tzinfo=TOKYO)
    for i in range(2):
        Slot.objects.create(
            event=event,
            code=f"s{i + 1:02d}",
            start=start + timedelta(minutes=30 * i),
            end=start + timedelta(minutes=30 * i + 25),
            tables=2,
        )
    corp = Participant.objects.create(event=event, side="corporate", code="c001", name="大企業A")
    up = Participant.objects.create(event=event, side="startup", code="u001", name="スタートアップB")
    MeetingRequest.objects.create(
        event=event, corporate=corp, startup=up, corporate_interest=3, startup_interest=3
    )
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    services.publish_run(run=run, by=owner, notify=False)
    event.refresh_from_db()
    meeting = Meeting.objects.get(run=event.current_run)
    if meeting.slot.code != "s01":  # the fixture wants its one meeting at 10:00
        meeting.slot = event.slots.get(code="s01")
        meeting.save(update_fields=["slot"])
    return event


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("server_zone", SERVER_ZONES)
def test_every_page_and_export_shows_event_local_time(server_zone, tokyo_event, owner, login, tmp_path):
    event = tokyo_event
    corp = event.participants.get(code="c001")
    with override_settings(TIME_ZONE=server_zone):
        client = login(owner)
        pages = {
            "run page": reverse("events:run", args=[event.pk, event.current_run_id]),
            "slots": reverse("events:detail", args=[event.pk]),
            "participant add form": reverse("events:participants", args=[event.pk]),
            "table-card picker": reverse("events:agendas", args=[event.pk]),
            "agenda": reverse("events:agenda", args=[event.pk, corp.pk]),
            "public agenda": reverse("events:public_agenda", args=[corp.token]),
            "follow-up": reverse("events:followup", args=[event.pk]),
        }
        for name, url in pages.items():
            response = client.get(url)
            assert response.status_code == 200, name
            html = response.content.decode()
            assert "10:00" in html, name
            assert "s01 01:00" not in html and "s01 20:00" not in html, name
        run_page = client.get(pages["run page"]).content.decode()
        for html in (
            run_page,  # the table-use list, not only the grid
            client.get(pages["participant add form"]).content.decode(),
            client.get(pages["table-card picker"]).content.decode(),
        ):
            assert "10:00–10:25" in html
            assert "01:00–01:25" not in html and "20:00–20:25" not in html

        ics = client.get(reverse("events:agenda_ics", args=[event.pk, corp.pk])).content.decode()
        assert "DTSTART;TZID=Asia/Tokyo:20261201T100000" in ics

        files = [
            reverse("events:agenda_pdf", args=[event.pk, corp.pk]),
            reverse("events:table_cards_pdf", args=[event.pk]) + f"?slot={event.slots.get(code='s01').pk}",
        ]
        for kind in ("agendas", "table_cards"):
            job = services.start_print(event=event, kind=kind, by=owner)
            files.append(reverse("events:print_download", args=[event.pk, job.pk]))
        for url in files:
            text = _pdf_text(client.get(url).content, tmp_path)
            assert "10:00" in text and "01:00" not in text and "20:00" not in text, url

        document = client.get(reverse("events:export", args=[event.pk])).json()
        assert document["slots"][0]["start"] == "2026-12-01T10:00"

        _, raw = make_token(owner, scopes=["events:read"])
        api = Client().get(f"/api/v1/events/{event.pk}/meetings", **bearer(raw, event.workspace.slug))
        assert api.status_code == 200
        assert api.json()["items"][0]["start"].startswith("2026-12-01T10:00:00+09:00")


@pytest.mark.parametrize("server_zone", SERVER_ZONES)
def test_typed_times_are_read_in_the_event_zone(server_zone, workspace, owner, login):
    with override_settings(TIME_ZONE=server_zone):
        event = services.create_event(
            workspace=workspace, name="大阪商談会", date=date(2026, 12, 2), time_zone="Asia/Tokyo", by=owner
        )
        client = login(owner)
        r = client.post(
            reverse("events:slot_add", args=[event.pk]),
            {"start": "2026-12-02T10:00", "end": "2026-12-02T10:25", "tables": 3},
        )
        assert r.status_code == 302
        slot = event.slots.get()
        assert slot.start == datetime(2026, 12, 2, 10, 0, tzinfo=TOKYO)
        assert str(slot) == "10:00–10:25"
        edit = client.get(reverse("events:edit", args=[event.pk])).content.decode()
        assert 'value="Asia/Tokyo" selected' in edit


def test_event_form_validates_the_time_zone_and_reads_the_deadline_in_it(workspace):
    base = {"name": "商談会", "date": "2026-12-03", "registration_deadline": "2026-11-30T18:00"}
    form = EventCreateForm({**base, "time_zone": "Mars/Olympus"})
    assert not form.is_valid() and "time_zone" in form.errors
    form = EventCreateForm({**base, "time_zone": "America/New_York"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["registration_deadline"] == datetime(
        2026, 11, 30, 18, 0, tzinfo=ZoneInfo("America/New_York")
    )


def test_new_events_default_to_the_configured_zone_and_services_refuse_unknown_ones(workspace, owner):
    with override_settings(TIME_ZONE="Asia/Tokyo"):
        assert clock.default_time_zone() == "Asia/Tokyo"
    event = services.create_event(workspace=workspace, name="既定", date=date(2026, 12, 4), by=owner)
    assert event.time_zone == clock.default_time_zone()
    from kyoso.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        services.update_event(event=event, by=owner, time_zone="Not/AZone")
    assert exc.value.field == "time_zone"
    assert Event.objects.get(pk=event.pk).time_zone == event.time_zone

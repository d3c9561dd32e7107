import pytest
from django.urls import reverse
from icalendar import Calendar

from kyoso.events import services
from kyoso.events.models import Event, Meeting, MeetingRequest, Participant, ScheduleRun

from .factories import make_event


def test_owner_journey_create_plan_add_schedule_publish(workspace, owner, login):
    client = login(owner)
    assert client.get(reverse("events:list")).status_code == 200
    response = client.post(
        reverse("events:create"), {"name": "共創ピッチ", "date": "2026-12-01", "venue": "東京"}
    )
    event = Event.objects.get(name="共創ピッチ")
    assert response.status_code == 302 and event.workspace == workspace
    response = client.post(
        reverse("events:slot_generate", args=[event.pk]),
        {
            "first_start": "2026-12-01T13:00",
            "count": 3,
            "minutes": 25,
            "break_minutes": 5,
            "lunch_minutes": 60,
            "tables": 2,
        },
    )
    assert response.status_code == 302 and event.slots.count() == 3
    for side, name in [("corporate", "東都電機"), ("startup", "ビジョンテック"), ("startup", "ロボフロー")]:
        assert (
            client.post(
                reverse("events:participant_add", args=[event.pk]),
                {"side": side, "name": name, "min_meetings": 0},
            ).status_code
            == 302
        )
    corp = Participant.objects.get(event=event, name="東都電機")
    for startup in Participant.objects.filter(event=event, side="startup"):
        r = client.post(
            reverse("events:mark_interest", args=[event.pk, corp.pk, startup.pk]),
            {"interest": "3"},
            HTTP_HX_REQUEST="true",
        )
        assert r.status_code == 200
        r = client.post(
            reverse("events:mark_interest", args=[event.pk, startup.pk, corp.pk]),
            {"interest": "2"},
            HTTP_HX_REQUEST="true",
        )
        assert r.status_code == 200
    assert MeetingRequest.objects.filter(event=event, corporate_interest=3, startup_interest=2).count() == 2
    response = client.post(reverse("events:run_start", args=[event.pk]), {"time_limit": "1"})
    run = ScheduleRun.objects.get(event=event)
    assert response.status_code == 302 and response.url == reverse("events:run", args=[event.pk, run.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and "ビジョンテック" in page.content.decode()
    progress = client.get(reverse("events:run_progress", args=[event.pk, run.pk]), HTTP_HX_REQUEST="true")
    assert progress.headers.get("HX-Refresh") == "true"
    assert client.post(reverse("events:run_publish", args=[event.pk, run.pk])).status_code == 302
    event.refresh_from_db()
    assert event.current_run == run and run.meetings.count() == 2
    for name in [
        "events:participants",
        "events:requests",
        "events:schedule",
        "events:agendas",
        "events:followup",
        "events:detail",
    ]:
        assert client.get(reverse(name, args=[event.pk])).status_code == 200, name


def test_agenda_ics_parses(published, owner, login):
    meeting = (
        Meeting.objects.filter(run=published.current_run).select_related("request__corporate", "slot").first()
    )
    corp = meeting.request.corporate
    response = login(owner).get(reverse("events:agenda_ics", args=[published.pk, corp.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    items = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(items) == Meeting.objects.filter(run=published.current_run, request__corporate=corp).count()
    starts = {c.decoded("dtstart") for c in items}
    assert meeting.slot.start in starts
    assert any(meeting.request.startup.name in str(c.get("summary")) for c in items)


def test_public_agenda_link_works_without_login_and_only_when_published(published, workspace, owner, client):
    p = Participant.objects.filter(event=published).first()
    assert client.get(reverse("events:public_agenda", args=[p.token])).status_code == 200
    assert client.get(reverse("events:public_agenda_ics", args=[p.token])).status_code == 200
    assert client.get(reverse("events:public_agenda", args=["nope"])).status_code == 404
    draft = make_event(workspace, owner, seed=2)
    q = Participant.objects.filter(event=draft).first()
    assert client.get(reverse("events:public_agenda", args=[q.token])).status_code == 404


def _all_event_urls(event):
    p = Participant.objects.filter(event=event).first()
    other = Participant.objects.filter(event=event).exclude(side=p.side).first()
    run = event.current_run
    m = Meeting.objects.filter(run=run).first()
    get, post = "get", "post"
    return [
        (get, reverse("events:detail", args=[event.pk])),
        (get, reverse("events:edit", args=[event.pk])),
        (get, reverse("events:participants", args=[event.pk])),
        (get, reverse("events:participant", args=[event.pk, p.pk])),
        (get, reverse("events:requests", args=[event.pk])),
        (get, reverse("events:schedule", args=[event.pk])),
        (get, reverse("events:run", args=[event.pk, run.pk])),
        (get, reverse("events:run_progress", args=[event.pk, run.pk])),
        (get, reverse("events:agendas", args=[event.pk])),
        (get, reverse("events:agenda", args=[event.pk, p.pk])),
        (get, reverse("events:agenda_ics", args=[event.pk, p.pk])),
        (get, reverse("events:followup", args=[event.pk])),
        (get, reverse("events:export", args=[event.pk])),
        (get, reverse("events:import", args=[event.pk])),
        (post, reverse("events:mark_interest", args=[event.pk, p.pk, other.pk])),
        (post, reverse("events:outcome", args=[event.pk, m.pk])),
        (post, reverse("events:convert", args=[event.pk, m.pk])),
        (post, reverse("events:run_publish", args=[event.pk, run.pk])),
        (post, reverse("events:change", args=[event.pk])),
        (post, reverse("events:slot_add", args=[event.pk])),
        (post, reverse("events:run_start", args=[event.pk])),
    ]


def test_outsider_gets_404_everywhere(published, outsider, login):
    client = login(outsider)
    for method, url in _all_event_urls(published):
        assert getattr(client, method)(url).status_code == 404, url
    assert published.name not in client.get(reverse("events:list")).content.decode()


def test_viewer_reads_but_cannot_write(published, viewer, login):
    client = login(viewer)
    assert client.get(reverse("events:detail", args=[published.pk])).status_code == 200
    m = Meeting.objects.filter(run=published.current_run).first()
    p = Participant.objects.filter(event=published).first()
    writes = [
        (reverse("events:create"), {"name": "x", "date": "2026-12-01"}),
        (
            reverse("events:slot_add", args=[published.pk]),
            {"start": "2026-12-01T09:00", "end": "2026-12-01T09:30", "tables": 1},
        ),
        (reverse("events:participant_add", args=[published.pk]), {"side": "startup", "name": "x"}),
        (reverse("events:run_start", args=[published.pk]), {"time_limit": 1}),
        (reverse("events:outcome", args=[published.pk, m.pk]), {"outcome": "poc"}),
        (reverse("events:change", args=[published.pk]), {"change": "withdraw", "participant": p.pk}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    m.refresh_from_db()
    p.refresh_from_db()
    assert m.outcome == "" and not p.withdrawn and ScheduleRun.objects.filter(event=published).count() == 1


def test_csv_import_view_lists_row_errors_and_saves_nothing(published, owner, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Participant.objects.filter(event=published).count()
    upload = SimpleUploadedFile("p.csv", "side,name,max_meetings\nstartup,良い会社,3\nvc,,x\n".encode())
    response = login(owner).post(
        reverse("events:import", args=[published.pk]), {"kind": "participants", "file": upload}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "3" in body and "side" in body and "max_meetings" in body
    errors = response.context["errors"]
    assert {(e.row, e.column) for e in errors} == {(3, "side"), (3, "name"), (3, "max_meetings")}
    assert 'class="table import-errors"' in body and '<td class="num">3</td><td>side</td>' in body
    assert "p.csv" in body  # the summary names the file
    assert Participant.objects.filter(event=published).count() == before


def test_csv_import_view_reads_excel_shift_jis(workspace, owner, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    upload = SimpleUploadedFile("p.csv", "side,name\r\nスタートアップ,ビジョンテック\r\n".encode("cp932"))
    response = login(owner).post(
        reverse("events:import", args=[event.pk]), {"kind": "participants", "file": upload}, follow=True
    )
    assert response.status_code == 200
    assert Participant.objects.filter(event=event, name="ビジョンテック", side="startup").exists()
    assert any("Shift_JIS" in str(m) for m in response.context["messages"])


def test_csv_import_view_rejects_unreadable_encoding(workspace, owner, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    upload = SimpleUploadedFile("p.csv", "side,name\nstartup,Ünïcödé\n".encode("utf-16"))
    response = login(owner).post(
        reverse("events:import", args=[event.pk]), {"kind": "participants", "file": upload}
    )
    assert response.status_code == 400
    assert "file" in response.context["form"].errors
    assert not Participant.objects.filter(event=event).exists()


def test_outcome_via_htmx(published, member, login):
    m = Meeting.objects.filter(run=published.current_run).first()
    response = login(member).post(
        reverse("events:outcome", args=[published.pk, m.pk]), {"outcome": "poc"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    m.refresh_from_db()
    assert m.outcome == "poc"


def _grid_event(workspace, owner, corporates, startups, requests, slots, tables):
    event = make_event(
        workspace,
        owner,
        slots=slots,
        tables=tables,
        corporates=corporates,
        startups=startups,
        requests=requests,
        seed=corporates,
    )
    run = services.start_schedule(event=event, by=owner, time_limit=3)
    services.publish_run(run=run, by=owner, notify=False)
    return event, run


@pytest.mark.parametrize("size", [(4, 8, 20, 3, 3), (40, 120, 900, 8, 40)])
def test_grid_queries_are_bounded(workspace, owner, login, django_assert_max_num_queries, size):
    event, run = _grid_event(workspace, owner, *size)
    client = login(owner)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("events:run", args=[event.pk, run.pk]))
    assert response.status_code == 200
    with django_assert_max_num_queries(16):
        assert (
            client.get(
                reverse("events:run", args=[event.pk, run.pk]), {"page": 2, "q": "大企業1"}
            ).status_code
            == 200
        )
    with django_assert_max_num_queries(14):
        assert client.get(reverse("events:followup", args=[event.pk])).status_code == 200

from datetime import datetime

import pytest
from icalendar import Calendar

from kyoso.events.models import Event, Participant
from tests.api.helpers import bearer, make_token

from .factories import make_event

pytestmark = pytest.mark.django_db


def test_api_flow_with_token(workspace, owner, client):
    _, raw = make_token(owner, scopes=["events:write"])
    h = bearer(raw, workspace.slug)
    r = client.post(
        "/api/v1/events",
        {"name": "API商談会", "date": "2026-12-01"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201, r.content
    event_id = r.json()["id"]
    for i in range(2):
        r = client.post(
            f"/api/v1/events/{event_id}/slots",
            {"start": f"2026-12-01T1{i}:00", "end": f"2026-12-01T1{i}:30", "tables": 2},
            content_type="application/json",
            **h,
        )
        assert r.status_code == 201, r.content
    for side, code in [("corporate", "c1"), ("startup", "u1"), ("startup", "u2")]:
        r = client.post(
            f"/api/v1/events/{event_id}/participants",
            {"side": side, "name": code, "code": code},
            content_type="application/json",
            **h,
        )
        assert r.status_code == 201, r.content
    bad = client.post(
        f"/api/v1/events/{event_id}/requests",
        {"corporate": "c1", "startup": "zz", "corporate_interest": 1, "startup_interest": 1},
        content_type="application/json",
        **h,
    )
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"][-1] == "startup"
    for u in ("u1", "u2"):
        r = client.post(
            f"/api/v1/events/{event_id}/requests",
            {"corporate": "c1", "startup": u, "corporate_interest": 3, "startup_interest": 2},
            content_type="application/json",
            **h,
        )
        assert r.status_code == 201, r.content
    r = client.post(
        f"/api/v1/events/{event_id}/schedule", {"time_limit": 1}, content_type="application/json", **h
    )
    assert r.status_code == 202, r.content
    run = client.get(f"/api/v1/events/{event_id}/runs/{r.json()['id']}", **h).json()
    assert run["status"] == "done" and run["objective"] == 10.0
    assert run["fairness"]["price"] == 0 and run["fairness"]["objective_without_minimums"] == 10.0
    r = client.post(f"/api/v1/events/{event_id}/runs/{run['id']}/publish?notify=false", **h)
    assert r.status_code == 200, r.content
    meetings = client.get(f"/api/v1/events/{event_id}/meetings", **h).json()
    assert meetings["count"] == 2
    c1 = Participant.objects.get(event_id=event_id, code="c1")
    agenda = client.get(f"/api/v1/events/{event_id}/participants/{c1.pk}/agenda", **h).json()
    assert len(agenda) == 2
    ics = client.get(f"/api/v1/events/{event_id}/participants/{c1.pk}/agenda.ics", **h)
    assert ics.status_code == 200
    assert len([c for c in Calendar.from_ical(ics.content).walk() if c.name == "VEVENT"]) == 2
    doc = client.get(f"/api/v1/events/{event_id}/document", **h).json()
    assert doc["kyoso_event"] == 1 and len(doc["requests"]) == 2


def test_api_outsider_404_and_viewer_403(workspace, owner, viewer, outsider, client):
    event = make_event(workspace, owner)
    _, raw = make_token(outsider, scopes=["events:write"])
    assert client.get(f"/api/v1/events/{event.pk}", **bearer(raw)).status_code == 404
    assert client.get("/api/v1/events", **bearer(raw)).json()["count"] == 0
    _, raw = make_token(viewer, scopes=["events:write"])
    assert client.get(f"/api/v1/events/{event.pk}/participants", **bearer(raw)).status_code == 200
    r = client.post(
        f"/api/v1/events/{event.pk}/schedule",
        {"time_limit": 1},
        content_type="application/json",
        **bearer(raw),
    )
    assert r.status_code == 403
    assert not event.runs.exists()


def test_demo_loader_builds_a_published_event(workspace, owner):
    from kyoso.core.demo import DemoContext
    from kyoso.events.demo_data import load_demo_event
    from kyoso.events.selectors import conversion_report

    load_demo_event(DemoContext(workspace=workspace, owner=owner, partner_user=None))
    event = Event.objects.get(workspace=workspace, name="共創ピッチ&商談会 2026")
    assert event.current_run is not None and event.requests.count() == 150
    assert event.participants.count() == 55 and event.slots.count() == 6
    report = conversion_report(event.current_run)
    assert report.meetings > 30 and report.recorded > 0
    assert event.current_run.upper_bound >= event.current_run.objective


@pytest.mark.django_db
def test_api_shows_attendance_and_feedback(workspace, owner, client):
    from kyoso.events import services
    from kyoso.events.models import Meeting

    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    services.publish_run(run=run, by=owner, notify=False)
    m = Meeting.objects.filter(run=run).first()
    for side in ("corporate", "startup"):
        services.record_feedback(meeting=m, side=side, rating=5, next_step=True, by=owner)
    services.set_attendance(participant=m.request.startup, state="no_show", by=owner)
    _, raw = make_token(owner, scopes=["events:read"])
    h = bearer(raw, workspace.slug)
    r = client.get(f"/api/v1/events/{event.pk}/meetings", **h)
    assert r.status_code == 200, r.content
    row = next(x for x in r.json()["items"] if x["id"] == m.pk)
    assert row["lead"] is True and row["corporate_rating"] == 5
    r = client.get(f"/api/v1/events/{event.pk}/participants", **h)
    people = {p["id"]: p for p in r.json()["items"]}
    assert people[m.request.startup_id]["no_show"] is True


def test_api_invites_a_participant_to_the_portal(
    workspace, owner, client, django_capture_on_commit_callbacks
):
    from django.core import mail

    event = make_event(workspace, owner, requests=2)
    _, raw = make_token(owner, scopes=["events:write"])
    h = bearer(raw, workspace.slug)
    url = f"/api/v1/events/{event.pk}/participants/c001/invite"
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(url, **h)
    assert r.status_code == 201, r.content
    assert r.json()["email"] == "c1@example.com" and r.json()["participant"] == "c001"
    assert len(mail.outbox) == 1 and "/events/join/" in mail.outbox[0].body
    assert client.post(f"/api/v1/events/{event.pk}/participants/zz/invite", **h).status_code == 404
    Participant.objects.filter(event=event, code="c002").update(email="")
    r = client.post(f"/api/v1/events/{event.pk}/participants/c002/invite", **h)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "email"
    got = client.get(f"/api/v1/events/{event.pk}", **h).json()
    assert got["registration_path"] == f"/events/register/{event.public_key}/"
    _, read_only = make_token(owner, scopes=["events:read"])
    assert client.post(url, **bearer(read_only, workspace.slug)).status_code == 403


def test_api_event_rules(workspace, owner, client):
    _, raw = make_token(owner, scopes=["events:write"])
    h = bearer(raw, workspace.slug)
    body = {
        "name": "ルール付き商談会",
        "date": "2027-03-01",
        "request_rule": "startups_apply",
        "default_min_meetings": 2,
        "registration_deadline": "2027-02-20T18:00:00+09:00",
    }
    r = client.post("/api/v1/events", body, content_type="application/json", **h)
    assert r.status_code == 201, r.content
    got = r.json()
    assert got["request_rule"] == "startups_apply" and got["default_min_meetings"] == 2
    assert datetime.fromisoformat(got["registration_deadline"]) == datetime.fromisoformat(
        body["registration_deadline"]
    )
    bad = client.post(
        "/api/v1/events", {**body, "request_rule": "anyone"}, content_type="application/json", **h
    )
    assert bad.status_code == 422 and "request_rule" in str(bad.json())


def test_old_doubled_paths_answer_the_same_and_are_marked_deprecated(workspace, owner, client):
    """`/api/v1/events/events/...` (before 0.2.0) stays as a deprecated alias of `/api/v1/events/...`."""
    event = make_event(workspace, owner)
    participant = Participant.objects.filter(event=event).order_by("pk").first()
    _, raw = make_token(owner, scopes=["events:read"])
    h = bearer(raw, workspace.slug)
    for path in (
        "",
        f"/{event.pk}",
        f"/{event.pk}/slots",
        f"/{event.pk}/participants",
        f"/{event.pk}/requests",
        f"/{event.pk}/document",
        f"/{event.pk}/participants/{participant.pk}/agenda",
    ):
        new = client.get(f"/api/v1/events{path}", **h)
        old = client.get(f"/api/v1/events/events{path}", **h)
        assert new.status_code == old.status_code, path
        assert new.json() == old.json(), path
    # writes too: the old path creates an event like the new one
    _, raw = make_token(owner, scopes=["events:write"])
    h = bearer(raw, workspace.slug)
    body = {"name": "旧パスの商談会", "date": "2026-12-01"}
    old = client.post("/api/v1/events/events", body, content_type="application/json", **h)
    assert old.status_code == 201 and Event.objects.filter(pk=old.json()["id"], workspace=workspace).exists()

    spec = client.get("/api/v1/openapi.json").json()["paths"]
    old_paths = [p for p in spec if p.startswith("/api/v1/events/events")]
    new_paths = [
        p for p in spec if p.startswith("/api/v1/events") and not p.startswith("/api/v1/events/events")
    ]
    assert len(old_paths) == len(new_paths) > 10
    for p in new_paths:
        twin = "/api/v1/events/events" + p.removeprefix("/api/v1/events")
        assert set(spec[twin]) == set(spec[p]), p
        for method, operation in spec[p].items():
            assert not operation.get("deprecated"), (method, p)
            assert spec[twin][method]["deprecated"] is True, (method, twin)

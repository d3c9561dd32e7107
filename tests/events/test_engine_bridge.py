import pytest
from django.urls import reverse

from kyoso.engine.scheduling import parse_event, validate_schedule
from kyoso.events import engine_bridge, services
from kyoso.events.models import MeetingRequest, Participant, RunStatus, Slot

from .factories import make_event


def test_document_is_engine_valid_input(workspace, owner):
    event = make_event(workspace, owner)
    slot = Slot.objects.get(event=event, code="s02")
    corp = Participant.objects.get(event=event, code="c001")
    corp.unavailable_slots.add(slot)
    corp.max_meetings = 2
    corp.min_meetings = 1
    corp.save()
    doc = engine_bridge.event_document(event)
    problem = parse_event(doc)
    assert len(problem.slots) == 4
    assert len(problem.participants) == 12
    assert len(problem.requests) == 20
    c001 = problem.participant("c001")
    assert c001.unavailable == frozenset({"s02"}) and c001.max_meetings == 2 and c001.min_meetings == 1
    assert doc["slots"][0] == {
        "id": "s01",
        "start": "2026-12-01T10:00",
        "end": "2026-12-01T10:25",
        "tables": 3,
    }


def test_withdrawn_closed_and_cancelled_are_left_out(workspace, owner):
    event = make_event(workspace, owner)
    Participant.objects.filter(event=event, code="u001").update(withdrawn=True)
    Slot.objects.filter(event=event, code="s04").update(closed=True)
    first = MeetingRequest.objects.filter(event=event).exclude(startup__code="u001").first()
    first.cancelled = True
    first.save()
    problem = parse_event(engine_bridge.event_document(event))
    assert problem.participant("u001") is None
    assert [s.id for s in problem.slots] == ["s01", "s02", "s03"]
    assert problem.request_for(first.corporate.code, first.startup.code) is None
    assert all(r.startup != "u001" for r in problem.requests)


def test_schedule_task_stores_a_valid_schedule(workspace, owner):
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=2)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.progress == 100 and run.finished_at and run.started_at
    assert run.objective is not None and run.upper_bound >= run.objective
    meetings = list(run.meetings.select_related("slot", "request__corporate", "request__startup"))
    assert meetings
    schedule = {
        "meetings": [
            {
                "corporate": m.request.corporate.code,
                "startup": m.request.startup.code,
                "slot": m.slot.code,
                "table": m.table,
            }
            for m in meetings
        ],
        "objective": run.objective,
        "upper_bound": run.upper_bound,
        "below_min": [{k: b[k] for k in ("participant", "meetings", "min_meetings")} for b in run.below_min],
    }
    assert validate_schedule(parse_event(engine_bridge.event_document(event)), schedule) == []
    assert engine_bridge.validate(event, schedule) == []


def _event_with_a_shortfall(workspace, owner):
    """Every startup promised a meeting; one of them asked nobody (reason: no request)."""
    event = make_event(workspace, owner)
    Participant.objects.filter(event=event, side="startup").update(min_meetings=1)
    lonely = Participant.objects.create(
        event=event, side="startup", code="u999", name="ひとりテック", min_meetings=1
    )
    return event, lonely


def test_solve_returns_minimums_first_with_reasons_and_price(workspace, owner):
    event, lonely = _event_with_a_shortfall(workspace, owner)
    result = engine_bridge.solve(event, time_limit=3)
    problem = parse_event(engine_bridge.event_document(event))
    assert validate_schedule(problem, result) == []
    assert {"participant": "u999", "meetings": 0, "min_meetings": 1, "reason": "no_request"} in result[
        "below_min"
    ]
    fairness = result["fairness"]
    assert fairness["at_minimum"] == fairness["at_minimum_bound"]
    assert result["objective_without_minimums"] >= result["objective"]
    assert fairness["price"] == result["objective_without_minimums"] - result["objective"]


@pytest.mark.parametrize(
    ("language", "price_text", "reason_text"),
    [
        ("en", "Price of fairness", "no request that both sides want"),
        ("ja", "公平性のコスト", "双方が希望するリクエストがない"),
    ],
)
def test_run_page_shows_price_of_fairness_and_reasons_by_name(
    workspace, owner, login, language, price_text, reason_text
):
    event, lonely = _event_with_a_shortfall(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=2)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.error
    assert run.stats["fairness"]["participants_with_minimum"] == 9
    assert [b["reason"] for b in run.below_min if b["participant"] == "u999"] == ["no_request"]
    owner.language = language
    owner.save()
    page = login(owner).get(reverse("events:run", args=[event.pk, run.pk])).content.decode()
    assert price_text in page
    assert f"{lonely.name}: 0 / 1 — {reason_text}" in page
    assert "u999" not in page

import json

import pytest

from kyoso.events import engine_bridge, services
from kyoso.events.models import Event, MeetingRequest, Participant, Slot

from .factories import make_event


def test_participant_csv_errors_name_row_and_column_and_write_nothing(workspace, owner):
    event = make_event(workspace, owner, corporates=1, startups=1, requests=1)
    before = Participant.objects.count()
    text = (
        "id,side,name,email,max_meetings,unavailable\n"
        "c100,corporate,新日本製鉄,a@example.com,5,s01\n"
        "u100,vc,ファンド,b@example.com,,\n"
        "u101,startup,,c@example.com,x,s99\n"
    )
    with pytest.raises(services.ImportErrors) as exc:
        services.import_participants_csv(event=event, text=text, by=owner)
    errors = "\n".join(exc.value.errors)
    assert "Row 3, column side" in errors or "3 行目" in errors
    assert "column name" in errors or "name 列" in errors
    assert "max_meetings" in errors and "s99" in errors
    assert Participant.objects.count() == before


def test_request_csv_errors_and_success(workspace, owner):
    event = make_event(workspace, owner, corporates=2, startups=2, requests=0)
    MeetingRequest.objects.filter(event=event).delete()
    bad = "corporate,startup,corporate_interest,startup_interest\nc001,u001,4,2\nc001,zz,1,1\nu001,c001,1,1\n"
    with pytest.raises(services.ImportErrors) as exc:
        services.import_requests_csv(event=event, text=bad, by=owner)
    errors = exc.value.errors
    assert any("corporate_interest" in e and "4" in e for e in errors)
    assert any("zz" in e for e in errors)
    assert len(errors) >= 4
    assert not MeetingRequest.objects.filter(event=event).exists()
    good = "corporate,startup,corporate_interest,startup_interest,weight\nc001,u001,3,2,\nc002,u002,1,1,7.5\n"
    assert services.import_requests_csv(event=event, text=good, by=owner) == 2
    assert MeetingRequest.objects.get(event=event, corporate__code="c002").effective_weight == 7.5


def test_missing_header_column(workspace, owner):
    event = make_event(workspace, owner)
    with pytest.raises(services.ImportErrors) as exc:
        services.import_requests_csv(event=event, text="corporate,startup\nc001,u001\n", by=owner)
    assert "corporate_interest" in exc.value.errors[0]


def test_event_json_round_trip(workspace, owner):
    source = make_event(workspace, owner)
    document = engine_bridge.event_document(source)
    target = services.create_event(workspace=workspace, name="複製", date=source.date, by=owner)
    counts = services.import_event_json(event=target, text=json.dumps(document), by=owner)
    assert counts == {"slots": 4, "participants": 12, "requests": 20}
    assert engine_bridge.event_document(target) == document


def test_event_json_error_names_the_path_and_writes_nothing(workspace, owner):
    source = make_event(workspace, owner)
    document = engine_bridge.event_document(source)
    document["requests"][3]["startup_interest"] = 5
    target = services.create_event(workspace=workspace, name="壊れた", date=source.date, by=owner)
    with pytest.raises(services.DomainError) as exc:
        services.import_event_json(event=target, text=json.dumps(document), by=owner)
    assert "requests[3].startup_interest" in exc.value.message
    assert not Slot.objects.filter(event=target).exists()
    assert Event.objects.filter(pk=target.pk).exists()

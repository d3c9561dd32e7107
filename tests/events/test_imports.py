import json

import pytest
from django.utils import translation

from kyoso.core.imports import ImportRejected, RowError
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
    with pytest.raises(ImportRejected) as exc:
        services.import_participants_csv(event=event, text=text, by=owner)
    assert isinstance(exc.value, ImportRejected) and exc.value.field == "file"
    assert all(isinstance(e, RowError) for e in exc.value.errors)
    assert {(e.row, e.column) for e in exc.value.errors} == {
        (3, "side"),
        (4, "name"),
        (4, "max_meetings"),
        (4, "unavailable"),
    }
    by_place = {(e.row, e.column): e for e in exc.value.errors}
    assert "vc" in by_place[3, "side"].message
    assert "s99" in by_place[4, "unavailable"].message
    assert "x" in by_place[4, "max_meetings"].message
    with translation.override("en"):
        assert str(by_place[3, "side"]).startswith("row 3, column side: ")
    with translation.override("ja"):
        assert str(by_place[3, "side"]).startswith("3行目、列 side: ")
    assert Participant.objects.count() == before


def test_participant_csv_several_bad_rows_each_reported_and_nothing_written(workspace, owner):
    event = make_event(workspace, owner, corporates=1, startups=1, requests=0)
    before = (Participant.objects.count(), MeetingRequest.objects.count())
    text = (
        "id,side,name,email,max_meetings,min_meetings\n"
        "c100,corporate,良い会社,ok@example.com,5,1\n"  # row 2: fine, must not be written either
        "c001,corporate,重複ID,dup@example.com,,\n"  # row 3: id already used by the event
        "\n"  # row 4: blank, skipped but counted
        "u100,startup,メール不正,not-an-address,,\n"  # row 5
        "u101,startup,回数不正,u@example.com,2,3\n"  # row 6
        "u102,startup,数字でない,v@example.com,-1,\n"  # row 7
    )
    with pytest.raises(ImportRejected) as exc:
        services.import_participants_csv(event=event, text=text, by=owner, filename="participants.csv")
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (3, "id"),
        (5, "email"),
        (6, "min_meetings"),
        (7, "max_meetings"),
    ]
    assert "participants.csv" in exc.value.message and "4" in exc.value.message
    report = exc.value.report().splitlines()
    assert len(report) == 5 and all(line.startswith("participants.csv: ") for line in report)
    assert (Participant.objects.count(), MeetingRequest.objects.count()) == before
    assert not Participant.objects.filter(code="c100").exists()


def test_request_csv_several_bad_rows_each_reported_and_nothing_written(workspace, owner):
    event = make_event(workspace, owner, corporates=2, startups=2, requests=0)
    MeetingRequest.objects.filter(event=event).delete()
    bad = (
        "corporate,startup,corporate_interest,startup_interest,weight\n"
        "c001,u001,3,2,\n"  # row 2: fine
        "c001,u001,1,1,\n"  # row 3: same pair as row 2
        "c002,zz,1,1,\n"  # row 4: unknown startup
        "u001,c002,1,1,\n"  # row 5: both ends on the wrong side
        "c002,u002,4,1,-2\n"  # row 6: interest out of range, negative weight
    )
    with pytest.raises(ImportRejected) as exc:
        services.import_requests_csv(event=event, text=bad, by=owner)
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (3, ""),
        (4, "startup"),
        (5, "corporate"),
        (5, "startup"),
        (6, "corporate_interest"),
        (6, "weight"),
    ]
    assert "2" in exc.value.errors[0].message  # names the first row of the pair
    assert "zz" in exc.value.errors[1].message
    assert not MeetingRequest.objects.filter(event=event).exists()


def test_request_csv_errors_and_success(workspace, owner):
    event = make_event(workspace, owner, corporates=2, startups=2, requests=0)
    MeetingRequest.objects.filter(event=event).delete()
    bad = "corporate,startup,corporate_interest,startup_interest\nc001,u001,4,2\nc001,zz,1,1\nu001,c001,1,1\n"
    with pytest.raises(ImportRejected) as exc:
        services.import_requests_csv(event=event, text=bad, by=owner)
    errors = exc.value.errors
    assert any(e.column == "corporate_interest" and "4" in e.message for e in errors)
    assert any("zz" in e.message for e in errors)
    assert len(errors) >= 4
    assert not MeetingRequest.objects.filter(event=event).exists()
    good = "Corporate, startup ,corporate_interest,startup_interest,weight\nc001,u001,3,2,\n\nc002,u002,1,1,7.5\n"
    assert services.import_requests_csv(event=event, text=good, by=owner) == 2
    assert MeetingRequest.objects.get(event=event, corporate__code="c002").effective_weight == 7.5


def test_missing_header_column(workspace, owner):
    event = make_event(workspace, owner)
    with pytest.raises(ImportRejected) as exc:
        services.import_requests_csv(event=event, text="corporate,startup\nc001,u001\n", by=owner)
    assert [(e.row, e.column) for e in exc.value.errors] == [
        (1, "corporate_interest"),
        (1, "startup_interest"),
    ]
    assert "corporate_interest" in str(exc.value.errors[0])


def test_empty_and_header_only_files(workspace, owner):
    event = make_event(workspace, owner)
    for text in ("", "\ufeff\n\n"):
        with pytest.raises(ImportRejected) as exc:
            services.import_participants_csv(event=event, text=text, by=owner)
        assert exc.value.errors[0].row == 0 and "side, name" in exc.value.errors[0].message
    with pytest.raises(ImportRejected) as exc:
        services.import_participants_csv(event=event, text="side,name\n", by=owner)
    assert [e.row for e in exc.value.errors] == [0]


def test_participant_csv_success_numbers_rows_past_blank_lines(workspace, owner):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    text = "\ufeffside,name,unavailable\n大企業,東都電機,s01;s02\n\n,,\nstartup,ビジョンテック,\n"
    assert services.import_participants_csv(event=event, text=text, by=owner) == 2
    tohto = Participant.objects.get(event=event, name="東都電機")
    assert tohto.side == "corporate" and tohto.unavailable_slots.count() == 2


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


def test_refusal_while_writing_names_the_row_and_rolls_back(workspace, owner, monkeypatch):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    real = services.add_participant

    def refuse_second(**kwargs):
        if kwargs["name"] == "二社目":
            raise services.DomainError("taken", field="code")
        return real(**kwargs)

    monkeypatch.setattr(services, "add_participant", refuse_second)
    with pytest.raises(ImportRejected) as exc:
        services.import_participants_csv(
            event=event, text="side,name\nstartup,一社目\nstartup,二社目\n", by=owner
        )
    assert [(e.row, e.column, e.message) for e in exc.value.errors] == [(3, "id", "taken")]
    assert not Participant.objects.filter(event=event).exists()

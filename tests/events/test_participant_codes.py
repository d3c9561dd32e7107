"""Participant ids with quotes or line breaks: refused on every way in; downloads of ids saved before
the rule name the file safely (attack report #7)."""

from __future__ import annotations

import importlib
import json
import pathlib
import re
from email.message import Message

import pytest
from django.urls import reverse
from django.utils import translation

from kyoso.core.imports import ImportRejected
from kyoso.events import engine_bridge, services
from kyoso.events.models import Meeting, Participant
from tests.api.helpers import bearer, make_token

from .factories import make_event

pytestmark = pytest.mark.django_db

HOSTILE = [
    'x"; filename=evil.exe; a="',
    "a\r\nSet-Cookie: x=1",
    "a'b",
    "a\\b",
    "tab\there",
    "line\u2028separator",
    "nul\x00",
]


def _parameters(header: str) -> tuple[str | None, list[str]]:
    """The file name a MIME parser reads from a Content-Disposition value, and the parameter names."""
    message = Message()
    message["Content-Disposition"] = header
    names = [name for name, _value in message.get_params(header="content-disposition")[1:]]
    return message.get_filename(), names


@pytest.mark.parametrize("code", HOSTILE)
def test_the_service_refuses_quotes_and_control_characters_naming_the_field(workspace, owner, code):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    with pytest.raises(services.DomainError) as exc:
        services.add_participant(event=event, side="startup", name="N", code=code, by=owner)
    assert exc.value.field == "code" and "参加者ID" in exc.value.message
    assert not Participant.objects.filter(event=event).exists()


def test_the_refusal_reads_in_english_for_english_users(workspace, owner):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    with translation.override("en"), pytest.raises(services.DomainError) as exc:
        services.add_participant(event=event, side="startup", name="N", code="a\nb", by=owner)
    assert exc.value.message.startswith("A participant id cannot contain quotes")


def test_ordinary_and_japanese_codes_are_still_accepted(workspace, owner):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    for code in ("u-01", "c_02", "スタートアップ3", "A 4"):
        assert (
            services.add_participant(event=event, side="startup", name=code, code=code, by=owner).code == code
        )


def test_the_api_refuses_a_hostile_code_with_422_naming_code(workspace, owner, client):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    _, raw = make_token(owner, scopes=["events:write"])
    response = client.post(
        f"/api/v1/events/{event.pk}/participants",
        {"side": "startup", "name": "N", "code": 'x"; filename=evil.exe; a="'},
        content_type="application/json",
        **bearer(raw, workspace.slug),
    )
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert detail[0]["loc"][-1] == "code" and "参加者ID" in detail[0]["msg"]
    assert not Participant.objects.filter(event=event).exists()


def test_the_web_form_shows_the_error_on_the_id_field(workspace, owner, login):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    response = login(owner).post(
        reverse("events:participant_add", args=[event.pk]),
        {"side": "startup", "name": "N", "code": "a\r\nb", "min_meetings": 0},
    )
    assert response.status_code in (200, 400)
    assert "code" in response.context["form"].errors
    assert not Participant.objects.filter(event=event).exists()


def test_the_csv_import_names_the_row_and_the_id_column(workspace, owner):
    event = make_event(workspace, owner, corporates=0, startups=0, requests=0)
    text = 'id,side,name\nc1,corporate,Good\n"u""1",startup,Quote\n"u\n2",startup,Break\n'
    with pytest.raises(ImportRejected) as exc:
        services.import_participants_csv(event=event, text=text, by=owner, filename="p.csv")
    assert [(e.row, e.column) for e in exc.value.errors] == [(3, "id"), (4, "id")]
    assert not Participant.objects.filter(event=event).exists()


def test_the_event_json_import_names_the_participant_entry(workspace, owner):
    source = make_event(workspace, owner)
    document = engine_bridge.event_document(source)
    document["participants"][2]["id"] = 'bad"id'
    for request in document["requests"]:
        for side in ("corporate", "startup"):
            if request[side] == source.participants.order_by("side", "code")[2].code:
                request[side] = 'bad"id'
    target = services.create_event(workspace=workspace, name="複製", date=source.date, by=owner)
    with pytest.raises(services.DomainError) as exc:
        services.import_event_json(event=target, text=json.dumps(document), by=owner)
    assert exc.value.field == "file"
    assert re.search(r"participants\[\d+\]\.id: ", exc.value.message), exc.value.message
    assert not Participant.objects.filter(event=target).exists()


@pytest.mark.parametrize("code", ['x"; filename=evil.exe; a="', "a\r\nSet-Cookie: x=1"])
def test_downloads_of_a_code_saved_before_the_rule_are_named_safely(published, owner, login, code):
    """.ics (web and API) and the owner's personal-data export: no 500, one file name, no new header."""
    meeting = Meeting.objects.filter(run=published.current_run).select_related("request__corporate").first()
    participant = meeting.request.corporate
    Participant.objects.filter(pk=participant.pk).update(code=code)  # as an older version let it in
    client = login(owner)
    _, raw = make_token(owner, scopes=["events:read"])
    responses = {
        "ics": client.get(reverse("events:agenda_ics", args=[published.pk, participant.pk])),
        "api ics": client.get(
            f"/api/v1/events/{published.pk}/participants/{participant.pk}/agenda.ics",
            **bearer(raw, published.workspace.slug),
        ),
        "personal data": client.get(reverse("events:participant_data", args=[published.pk, participant.pk])),
    }
    for name, response in responses.items():
        assert response.status_code == 200, name
        header = response["Content-Disposition"]
        assert "\r" not in header and "\n" not in header, name
        assert "Set-Cookie" not in response.headers or "x=1" not in response["Set-Cookie"], name
        filename, parameters = _parameters(header)
        # the whole id stayed inside the one file name: no second parameter was smuggled in
        assert filename is not None and code in filename, (name, header)
        assert len(parameters) == 1, (name, header)


def test_no_download_builds_its_content_disposition_by_hand():
    """Every download goes through kyoso.core.downloads.as_attachment (or FileResponse)."""
    src = pathlib.Path(importlib.import_module("kyoso").__file__).parent
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.name != "downloads.py" and re.search(r"Content-Disposition\"?\]\s*=", path.read_text())
    ]
    assert offenders == []


def test_the_migration_cleans_bad_codes_and_keeps_them_unique(workspace, owner):
    from django.apps import apps

    migration = importlib.import_module("kyoso.events.migrations.0014_participant_code_safe")
    event = make_event(workspace, owner, corporates=2, startups=0, requests=0)
    first, second = event.participants.order_by("code")
    Participant.objects.filter(pk=first.pk).update(code='a"b')
    Participant.objects.filter(pk=second.pk).update(code="a\nb")
    ok = services.add_participant(event=event, side="startup", name="ok", code="a_b-2", by=owner)
    migration.clean_codes(apps, None)
    codes = set(event.participants.values_list("code", flat=True))
    assert codes == {"a_b", "a_b-3", "a_b-2"} and Participant.objects.get(pk=ok.pk).code == "a_b-2"

"""The public startup registration form."""

import pytest
from django.core import mail
from django.urls import reverse

from kyoso.events.models import Event, EventStatus, Participant

from .factories import make_event

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "ネクストロボ株式会社",
    "contact_name": "山田 花子",
    "email": "hanako@nextrobo.example",
    "website": "nextrobo.example",
    "profile": "物流ロボットの開発。シリーズA、従業員25名。",
    "application": "倉庫ピッキングの自動化PoCをご提案します。",
}


@pytest.fixture
def open_event(workspace, owner):
    event = make_event(workspace, owner, requests=2)
    event.status = EventStatus.REGISTRATION
    event.save(update_fields=["status"])
    return event


def test_anonymous_startup_registers_and_gets_a_confirmation(
    client, open_event, owner, login, django_capture_on_commit_callbacks
):
    url = reverse("events:public_register", args=[open_event.public_key])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, GOOD)
    assert response.status_code == 200
    p = Participant.objects.get(event=open_event, email=GOOD["email"])
    assert p.side == "startup" and p.self_registered and p.code.startswith("u")
    assert p.profile.startswith("物流") and p.website == "https://nextrobo.example"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [GOOD["email"]]
    assert open_event.name in mail.outbox[0].subject
    page = login(owner).get(reverse("events:participants", args=[open_event.pk]) + "?q=ネクストロボ")
    assert "ネクストロボ株式会社" in page.content.decode()


def test_duplicate_email_in_the_same_event_is_refused(client, open_event):
    url = reverse("events:public_register", args=[open_event.public_key])
    client.post(url, GOOD)
    n = Participant.objects.count()
    response = client.post(url, {**GOOD, "name": "別名", "email": GOOD["email"].upper()})
    assert response.status_code == 400
    assert Participant.objects.count() == n
    assert "already registered" in response.content.decode() or "登録済み" in response.content.decode()


def test_missing_fields_are_named_and_nothing_is_written(client, open_event):
    n = Participant.objects.count()
    response = client.post(
        reverse("events:public_register", args=[open_event.public_key]),
        {**GOOD, "email": "nope", "application": ""},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert "email" in form.errors and "application" in form.errors
    assert Participant.objects.count() == n


@pytest.mark.parametrize(
    ("status", "code"), [(EventStatus.DRAFT, 404), (EventStatus.PUBLISHED, 410), (EventStatus.CLOSED, 410)]
)
def test_form_is_closed_outside_registration(client, workspace, owner, status, code):
    event = make_event(workspace, owner, requests=2)
    event.status = status
    event.save(update_fields=["status"])
    url = reverse("events:public_register", args=[event.public_key])
    assert client.get(url).status_code == code
    n = Participant.objects.count()
    assert client.post(url, GOOD).status_code == code
    assert Participant.objects.count() == n


def test_registration_only_creates_in_that_event(client, open_event, other_workspace, owner):
    other = make_event(other_workspace, owner, requests=2)
    other.status = EventStatus.REGISTRATION
    other.save(update_fields=["status"])
    client.post(reverse("events:public_register", args=[open_event.public_key]), {**GOOD, "event": other.pk})
    assert Participant.objects.filter(event=other, email=GOOD["email"]).count() == 0
    assert Participant.objects.filter(event=open_event, email=GOOD["email"]).count() == 1


def test_event_page_links_the_public_form(open_event, owner, login):
    page = login(owner).get(reverse("events:detail", args=[open_event.pk])).content.decode()
    assert reverse("events:public_register", args=[open_event.public_key]) in page


@pytest.mark.parametrize("status", [EventStatus.SCHEDULING, EventStatus.PUBLISHED, EventStatus.CLOSED])
def test_a_closed_event_says_registration_is_closed_in_japanese_in_the_layout(client, open_event, status):
    Event.objects.filter(pk=open_event.pk).update(status=status)
    url = reverse("events:public_register", args=[open_event.public_key])
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 410
    assert '<header class="topbar">' in page and open_event.name in page
    assert "受付を終了しました" in page and "Registration for this event is closed" not in page
    assert client.post(url, GOOD).status_code == 410
    assert not Participant.objects.filter(email=GOOD["email"]).exists()


def test_an_unknown_or_draft_link_is_a_japanese_404_page_in_the_layout(client, open_event):
    Event.objects.filter(pk=open_event.pk).update(status=EventStatus.DRAFT)  # not announced yet
    for key in ("no-such-key", open_event.public_key):
        response = client.get(reverse("events:public_register", args=[key]))
        page = response.content.decode()
        assert response.status_code == 404
        assert '<header class="topbar">' in page and "登録リンク" in page and "Not Found" not in page
        assert open_event.name not in page

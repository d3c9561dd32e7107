"""Printable agendas and table cards (PDF), audited as exports."""

import pytest
from django.urls import reverse

from kyoso.accounts.models import AuditAction, AuditEvent

from .factories import make_event

pytestmark = pytest.mark.django_db


def _exports():
    return AuditEvent.objects.filter(action=AuditAction.EXPORT).count()


def test_agenda_pdf_per_participant_with_japanese_font(published, viewer, login):
    p = published.participants.get(code="c001")
    before = _exports()
    r = login(viewer).get(reverse("events:agenda_pdf", args=[published.pk, p.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    assert b"IPAexGothic" in r.content or b"HeiseiKakuGo" in r.content
    assert _exports() == before + 1


def test_all_agendas_and_table_cards(published, owner, login):
    client = login(owner)
    r = client.get(reverse("events:agendas_pdf", args=[published.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    r = client.get(reverse("events:table_cards_pdf", args=[published.pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    slot = published.slots.first()
    r = client.get(reverse("events:table_cards_pdf", args=[published.pk]) + f"?slot={slot.pk}")
    assert r.status_code == 200
    assert (
        client.get(reverse("events:table_cards_pdf", args=[published.pk]) + "?slot=999999").status_code == 404
    )
    page = client.get(reverse("events:agendas", args=[published.pk])).content.decode()
    assert reverse("events:table_cards_pdf", args=[published.pk]) in page
    assert reverse("events:agendas_pdf", args=[published.pk]) in page


def test_outsider_gets_404_and_unpublished_event_has_no_cards(published, outsider, login, workspace, owner):
    p = published.participants.first()
    client = login(outsider)
    assert client.get(reverse("events:agenda_pdf", args=[published.pk, p.pk])).status_code == 404
    assert client.get(reverse("events:table_cards_pdf", args=[published.pk])).status_code == 404
    draft = make_event(workspace, owner, requests=2)
    assert login(owner).get(reverse("events:table_cards_pdf", args=[draft.pk])).status_code == 404

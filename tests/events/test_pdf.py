"""Printable agendas and table cards (PDF), audited as exports."""

import pytest
from django.urls import reverse

from kyoso.accounts.models import AuditAction, AuditEvent
from kyoso.events import services
from kyoso.events.models import PrintJob, PrintStatus

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


def test_all_agendas_and_table_cards_are_built_in_the_background(published, owner, viewer, login, tmp_path):
    client = login(owner)
    page = client.get(reverse("events:agendas", args=[published.pk])).content.decode()
    assert reverse("events:print_start", args=[published.pk]) in page
    for kind, pages in (
        ("agendas", published.participants.filter(withdrawn=False).count()),
        ("table_cards", None),
    ):
        before = _exports()
        r = client.post(reverse("events:print_start", args=[published.pk]), {"kind": kind})
        job = PrintJob.objects.get(event=published, kind=kind)
        assert r.status_code == 302 and r["Location"] == reverse(
            "events:print_job", args=[published.pk, job.pk]
        )
        assert (
            job.status == PrintStatus.DONE and job.progress == 100 and job.run_id == published.current_run_id
        )
        waiting = login(viewer).get(r["Location"]).content.decode()
        assert reverse("events:print_download", args=[published.pk, job.pk]) in waiting
        file = login(viewer).get(reverse("events:print_download", args=[published.pk, job.pk]))
        assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
        assert file.content.startswith(b"%PDF") and _exports() == before + 1
        if pages:
            assert job.pages == pages
    assert (
        login(viewer)
        .post(reverse("events:print_start", args=[published.pk]), {"kind": "agendas"})
        .status_code
        == 403
    )
    assert PrintJob.objects.filter(event=published).count() == 2
    # a newer file of the same kind replaces the older one
    client.post(reverse("events:print_start", args=[published.pk]), {"kind": "agendas"})
    assert PrintJob.objects.filter(event=published, kind="agendas").exclude(file="").count() == 1
    r = client.post(reverse("events:print_start", args=[published.pk]), {"kind": "nonsense"}, follow=True)
    assert "印刷する内容を選んでください" in r.content.decode()


def test_one_slot_of_table_cards_is_built_at_once(published, owner, login):
    client = login(owner)
    slot = published.slots.first()
    r = client.get(reverse("events:table_cards_pdf", args=[published.pk]) + f"?slot={slot.pk}")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert (
        client.get(reverse("events:table_cards_pdf", args=[published.pk]) + "?slot=999999").status_code == 404
    )
    assert client.get(reverse("events:table_cards_pdf", args=[published.pk])).status_code == 404


def test_outsider_gets_404_and_unpublished_event_has_no_cards(published, outsider, login, workspace, owner):
    p = published.participants.first()
    client = login(outsider)
    assert client.get(reverse("events:agenda_pdf", args=[published.pk, p.pk])).status_code == 404
    assert client.get(reverse("events:table_cards_pdf", args=[published.pk])).status_code == 404
    job = services.start_print(event=published, kind="agendas", by=owner)
    assert client.get(reverse("events:print_job", args=[published.pk, job.pk])).status_code == 404
    assert client.get(reverse("events:print_download", args=[published.pk, job.pk])).status_code == 404
    assert (
        client.post(reverse("events:print_start", args=[published.pk]), {"kind": "agendas"}).status_code
        == 404
    )
    draft = make_event(workspace, owner, requests=2)
    assert login(owner).get(reverse("events:table_cards_pdf", args=[draft.pk])).status_code == 404
    r = login(owner).post(reverse("events:print_start", args=[draft.pk]), {"kind": "agendas"})
    assert r.status_code == 302 and not PrintJob.objects.filter(event=draft).exists()

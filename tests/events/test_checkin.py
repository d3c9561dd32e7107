"""Check-in by QR code: the signed token, the organisers' check-in page and scanner, the codes in
pages and PDFs."""

from __future__ import annotations

import re

import pytest
from django.core import signing
from django.urls import reverse

from kyoso.accounts.models import AuditAction, AuditEvent
from kyoso.events import checkin, pdf
from kyoso.events.models import Participant
from tests.conftest import add_member, make_user

from .factories import make_event

# Check-in is open on the event day only (tests/events/test_event_day_rules.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_event_day")]


def _url(p: Participant) -> str:
    return reverse("events:checkin", args=[checkin.token_for(p)])


def test_the_token_is_signed_bound_to_event_and_participant_and_names_no_guessable_id(published) -> None:
    p = published.participants.get(code="c001")
    token = checkin.token_for(p)
    assert checkin.read_token(token) == (published.pk, p.pk)
    assert f"/{p.pk}/" not in _url(p)
    # altering the payload (another participant) or the signature is refused
    forged = signing.Signer(salt="another salt").sign_object([published.pk, p.pk + 1])
    assert checkin.read_token(forged) is None
    payload, sig = token.rsplit(":", 1)
    assert checkin.read_token(f"{payload}:{sig[:-1]}{'A' if sig[-1] != 'A' else 'B'}") is None
    assert checkin.read_token("walk-1") is None
    assert checkin.read_token(signing.Signer(salt=checkin.SALT).sign_object(["x", True])) is None


def test_the_code_read_back_from_a_url_its_path_or_the_bare_token(published) -> None:
    p = published.participants.get(code="c001")
    token = checkin.token_for(p)
    assert checkin.token_in(f"https://kyoso.example{_url(p)}") == token
    assert checkin.token_in(_url(p)) == token
    assert checkin.token_in(token) == token
    assert checkin.token_in("https://evil.example/events/1/") is None
    assert checkin.token_in("") is None


def test_an_organiser_sees_who_it_is_and_checks_them_in_once(published, owner, login) -> None:
    p = published.participants.get(code="c001")
    client = login(owner)
    page = client.get(_url(p))
    assert page.status_code == 200
    html = page.content.decode()
    assert p.name in html and "チェックイン" in html and "欠席（ノーショー）にする" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "10:" in html  # the meetings at the event's times
    before = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(p.pk)).count()
    r = client.post(_url(p), {"state": "checked_in"})
    assert r.status_code == 302 and r["Location"] == _url(p)
    p.refresh_from_db()
    first = p.checked_in_at
    assert first is not None and not p.no_show
    entries = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(p.pk))
    assert entries.count() == before + 1
    assert entries.order_by("-pk").first().changes["via"] == "qr"
    # scanning twice changes nothing and records nothing more
    client.post(_url(p), {"state": "checked_in"})
    p.refresh_from_db()
    assert p.checked_in_at == first and entries.count() == before + 1
    assert "チェックイン済み" in client.get(_url(p)).content.decode()


def test_no_show_and_bad_state(published, owner, login) -> None:
    p = published.participants.get(code="u001")
    client = login(owner)
    client.post(_url(p), {"state": "no_show"})
    p.refresh_from_db()
    assert p.no_show and p.checked_in_at is None
    r = client.post(_url(p), {"state": "bogus"}, follow=True)
    assert "受付済み・欠席・未設定のいずれかを選んでください。" in r.content.decode()
    p.refresh_from_db()
    assert p.no_show


def test_anonymous_is_sent_to_log_in(client, published) -> None:
    p = published.participants.get(code="c001")
    r = client.get(_url(p))
    assert r.status_code == 302 and "/login" in r["Location"]
    r = client.post(_url(p), {"state": "checked_in"})
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.checked_in_at is None


def test_a_participant_or_outsider_who_scans_a_badge_gets_a_polite_refusal(
    published, outsider, login
) -> None:
    p = published.participants.get(code="c001")
    scanner = published.participants.get(code="u002")
    account = make_user("u2@example.com", "参加者")
    Participant.objects.filter(pk=scanner.pk).update(account=account)
    for user in (outsider, account):
        client = login(user)
        r = client.get(_url(p))
        assert r.status_code == 403
        html = r.content.decode()
        assert "受付" in html and p.name not in html
        assert client.post(_url(p), {"state": "checked_in"}).status_code == 403
    p.refresh_from_db()
    assert p.checked_in_at is None


def test_a_viewer_sees_the_page_but_cannot_check_in(published, viewer, login) -> None:
    p = published.participants.get(code="c001")
    client = login(viewer)
    html = client.get(_url(p)).content.decode()
    assert p.name in html and 'value="checked_in"' not in html
    assert client.post(_url(p), {"state": "checked_in"}).status_code == 403
    p.refresh_from_db()
    assert p.checked_in_at is None


def test_an_organiser_of_two_workspaces_reaches_the_event_of_the_other_one(
    published, other_workspace, owner, login
) -> None:
    p = published.participants.get(code="c001")
    add_member(other_workspace, owner, "owner")
    client = login(owner)
    client.post(reverse("accounts:workspace_switch"), {"workspace": other_workspace.pk})
    assert client.get(_url(p)).status_code == 200


def test_a_forged_or_unknown_code_reaches_nothing(published, owner, login) -> None:
    client = login(owner)
    assert client.get(reverse("events:checkin", args=["walk-1"])).status_code == 403
    ghost = signing.Signer(salt=checkin.SALT).sign_object([published.pk, 999999])
    assert client.get(reverse("events:checkin", args=[ghost])).status_code == 403


def test_the_scanner_opens_the_page_from_a_url_or_a_badge_id(published, owner, login) -> None:
    p = published.participants.get(code="c001")
    client = login(owner)
    scan = reverse("events:checkin_scan", args=[published.pk])
    page = client.get(scan).content.decode()
    assert "checkin-scan.js" in page and 'name="code"' in page and "カメラ" in page
    r = client.get(scan, {"code": f"http://testserver{_url(p)}"})
    assert r.status_code == 302 and r["Location"] == _url(p)
    r = client.get(scan, {"code": "C001"})
    assert r.status_code == 302 and r["Location"] == _url(p)
    r = client.get(scan, {"code": "nobody"})
    assert r.status_code == 404 and "nobody" in r.content.decode()


def test_the_scanner_of_another_workspaces_event_is_404(published, outsider, login) -> None:
    assert login(outsider).get(reverse("events:checkin_scan", args=[published.pk])).status_code == 404


def test_agenda_pages_show_the_code_as_svg(published, owner, login) -> None:
    p = published.participants.get(code="c001")
    public = login(owner).get(reverse("events:public_agenda", args=[p.token])).content.decode()
    organiser = login(owner).get(reverse("events:agenda", args=[published.pk, p.pk])).content.decode()
    for html in (public, organiser):
        # Inline SVG, labelled for screen readers, and no data: URL anywhere on the page.
        assert re.search(r'<svg role="img" aria-label="[^"]+"[^>]*class="checkin-qr"', html), html[:200]
        assert "<path" in html and "data:" not in html


def test_the_portal_page_shows_the_code_once_the_schedule_is_published(published, login) -> None:
    p = published.participants.get(code="u001")
    account = make_user("u1@example.com", "参加者")
    Participant.objects.filter(pk=p.pk).update(account=account)
    html = login(account).get(reverse("events:portal_participation", args=[p.pk])).content.decode()
    assert 'class="checkin-qr"' in html and "受付" in html


def test_pdfs_carry_the_code(published) -> None:
    people = list(published.participants.order_by("code")[:3])
    drawing = pdf.qr_drawing(people[0], 100)
    assert drawing.width == 100 and len(drawing.contents) > 50
    badges = pdf.badges_pdf(published, people)
    agenda = pdf.agendas_pdf(published, [(people[0], [])])
    assert badges.startswith(b"%PDF") and agenda.startswith(b"%PDF")
    # the same participant always prints the same code
    assert checkin.matrix(people[0]) == checkin.matrix(people[0])
    assert checkin.matrix(people[0]) != checkin.matrix(people[1])


def test_png_for_other_uses(published) -> None:
    p = published.participants.get(code="c001")
    assert checkin.png_bytes(p).startswith(b"\x89PNG")


def test_another_events_participant_is_not_reachable_by_mixing_ids(
    workspace, owner, published, login
) -> None:
    other = make_event(workspace, owner, seed=2)
    p = other.participants.first()
    token = signing.Signer(salt=checkin.SALT).sign_object([published.pk, p.pk])
    assert login(owner).get(reverse("events:checkin", args=[token])).status_code == 403

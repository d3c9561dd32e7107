"""The offline helper of a participant's agenda and portal page: a service worker kept to the page's path."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kyoso.events.models import Participant
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_the_agenda_worker_is_javascript_limited_to_that_agenda(client, published) -> None:
    p = published.participants.get(code="c001")
    page = reverse("events:public_agenda", args=[p.token])
    r = client.get(reverse("events:public_agenda_worker", args=[p.token]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/javascript")
    assert r["Service-Worker-Allowed"] == page
    body = r.content.decode()
    escaped = page.replace("-", "\\u002D")  # escapejs writes a hyphen as \u002D
    assert f'const PAGE = "{escaped}";' in body
    assert "/static/kyoso/kyoso.css" in body and 'addEventListener("fetch"' in body
    html = client.get(page).content.decode()
    assert reverse("events:public_agenda_worker", args=[p.token]) in html and "events/offline.js" in html


def test_no_worker_for_an_unknown_link_or_an_unpublished_event(client, workspace, owner) -> None:
    from .factories import make_event

    draft = make_event(workspace, owner)
    p = draft.participants.first()
    assert client.get(reverse("events:public_agenda_worker", args=["nope"])).status_code == 404
    assert client.get(reverse("events:public_agenda_worker", args=[p.token])).status_code == 404


def test_the_portal_worker_is_for_the_participants_own_account(client, published, login) -> None:
    p = published.participants.get(code="u001")
    account = make_user("u1@example.com", "参加者")
    Participant.objects.filter(pk=p.pk).update(account=account)
    url = reverse("events:portal_worker", args=[p.pk])
    assert client.get(url).status_code == 302  # anonymous: log in
    r = login(account).get(url)
    assert r.status_code == 200 and r["Service-Worker-Allowed"] == reverse(
        "events:portal_participation", args=[p.pk]
    )
    stranger = make_user("other@example.com", "他人")
    assert login(stranger).get(url).status_code == 404


def test_the_worker_saves_only_its_page_and_the_site_assets(client, published) -> None:
    p = published.participants.get(code="c001")
    body = client.get(reverse("events:public_agenda_worker", args=[p.token])).content.decode()
    # anything else fetched under the scope (fragments, other pages) is never written to the cache
    assert "if (!ASSETS.includes(url.pathname)" in body and "cache.put(url.pathname" in body


def test_signing_out_clears_what_the_site_saved_on_the_device(client, owner) -> None:
    client.force_login(owner)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert "_auth_user_id" not in client.session


def test_the_public_agenda_says_what_the_feedback_is_used_for(client, published) -> None:
    p = published.participants.get(code="c001")
    page = client.get(reverse("events:public_agenda", args=[p.token])).content.decode()
    assert "利用目的" in page and "フォローアップ" in page and 'href="/privacy/"' in page

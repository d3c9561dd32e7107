"""Publishing mails every participant: the button asks first, with the number it will mail."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from kyoso.events import selectors, services

from .factories import make_event

pytestmark = pytest.mark.django_db


def _publish_form(page: str) -> str:
    return re.search(r'<form[^>]*action="[^"]*/publish/"[^>]*>', page).group(0)


def test_publish_asks_with_the_number_of_participants_it_mails(workspace, owner, member, login):
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    recipients = selectors.agenda_recipients(event, run).count()
    assert recipients == event.participants.exclude(email="").count() == 12
    page = login(member).get(reverse("events:run", args=[event.pk, run.pk])).content.decode()
    question = html.unescape(re.search(r'data-confirm="([^"]*)"', _publish_form(page)).group(1))
    assert "12" in question and "メール" in question
    assert services.publish_run(run=run, by=member, notify=False) == 0  # notify off: nothing queued


def test_a_republish_counts_only_the_affected(published, owner, member, login):
    withdrawn = published.participants.get(code="u001")
    rerun = services.change_and_reschedule(
        event=published, change="withdraw", target=withdrawn, by=owner, time_limit=1
    )
    rerun.refresh_from_db()
    affected = len(rerun.changes.get("affected", []))
    page = login(member).get(reverse("events:run", args=[published.pk, rerun.pk])).content.decode()
    question = html.unescape(re.search(r'data-confirm="([^"]*)"', _publish_form(page)).group(1))
    assert re.search(rf"\b{selectors.agenda_recipients(published, rerun).count()}\b", question)
    assert selectors.agenda_recipients(published, rerun).count() <= affected

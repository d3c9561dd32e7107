"""The participants list shows the limits the scheduler applies; the run page names people and methods in words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kyoso.events.models import Event, ScheduleRun

pytestmark = pytest.mark.django_db


def test_participants_show_effective_meeting_limits(published, owner, login):
    Event.objects.filter(pk=published.pk).update(default_min_meetings=1, default_max_meetings=3)
    own = published.participants.get(code="c001")
    own.min_meetings, own.max_meetings = 2, 5
    own.save(update_fields=["min_meetings", "max_meetings"])
    page = login(owner).get(reverse("events:participants", args=[published.pk])).content.decode()
    assert "<td>1–3</td>" in page and "<td>2–5</td>" in page
    assert "0–∞" not in page
    other = published.participants.get(code="c002")
    detail = login(owner).get(reverse("events:participant", args=[published.pk, other.pk])).content.decode()
    assert "最低 1 件、最大 3 件" in detail


def test_run_page_names_participants_below_minimum_and_the_bound_method_in_japanese(published, owner, login):
    run = published.current_run
    startup = published.participants.get(code="u001")
    # an imported or older run names the participant by code only
    ScheduleRun.objects.filter(pk=run.pk).update(
        below_min=[{"participant": "u001", "meetings": 0, "min_meetings": 1, "reason": "no_request"}],
        bound_method="b-matching flow",
    )
    page = login(owner).get(reverse("events:run", args=[published.pk, run.pk])).content.decode()
    assert f"{startup.name}: 0 / 1" in page and "u001: 0 / 1" not in page
    assert "b-matching flow" not in page and "マッチング緩和" in page

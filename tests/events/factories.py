"""Small events for the tests: a few slots, corporates, startups and requests."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from kyoso.events import services
from kyoso.events.models import Event, MeetingRequest, Participant, Slot


def make_event(workspace, by, *, slots=4, tables=3, corporates=4, startups=8, requests=20, seed=1) -> Event:
    rng = random.Random(seed)
    event = services.create_event(
        workspace=workspace, name="テスト商談会", date=date(2026, 12, 1), venue="東京", by=by
    )
    start = timezone.make_aware(datetime(2026, 12, 1, 10, 0))
    for i in range(slots):
        Slot.objects.create(
            event=event,
            code=f"s{i + 1:02d}",
            start=start + timedelta(minutes=30 * i),
            end=start + timedelta(minutes=30 * i + 25),
            tables=tables,
        )
    corps = [
        Participant.objects.create(
            event=event,
            side="corporate",
            code=f"c{i + 1:03d}",
            name=f"大企業{i + 1}",
            email=f"c{i + 1}@example.com",
        )
        for i in range(corporates)
    ]
    ups = [
        Participant.objects.create(
            event=event,
            side="startup",
            code=f"u{i + 1:03d}",
            name=f"スタートアップ{i + 1}",
            email=f"u{i + 1}@example.com",
        )
        for i in range(startups)
    ]
    pairs = set()
    while len(pairs) < min(requests, corporates * startups):
        pairs.add((rng.randrange(corporates), rng.randrange(startups)))
    MeetingRequest.objects.bulk_create(
        [
            MeetingRequest(
                event=event,
                corporate=corps[c],
                startup=ups[u],
                corporate_interest=rng.randint(1, 3),
                startup_interest=rng.randint(1, 3),
            )
            for c, u in sorted(pairs)
        ]
    )
    return event

"""Fixtures shared by the events tests."""

import pytest

from kyoso.events import services

from .factories import make_event


@pytest.fixture
def published(workspace, owner):
    """A small event whose first schedule is solved and published (no e-mails)."""
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    services.publish_run(run=run, by=owner, notify=False)
    event.refresh_from_db()
    return event

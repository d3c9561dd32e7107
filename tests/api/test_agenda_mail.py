"""A run's agenda e-mails over the API, as on the run's page: how far they went, and resending the
failed ones."""

from __future__ import annotations

import pytest
from django.test import Client

from kyoso.accounts.models import AuditEvent
from kyoso.events import selectors
from kyoso.events import services as event_services
from kyoso.outbox.models import MailStatus, OutboxMessage
from tests.api.helpers import bearer, make_token
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(workspace, owner):  # type: ignore[no-untyped-def]
    event = make_event(workspace, owner, slots=2, corporates=2, startups=3, requests=4)
    run = event_services.start_schedule(event=event, by=owner, time_limit=1)
    run.refresh_from_db()
    event_services.publish_run(run=run, by=owner, notify=True)
    mails = OutboxMessage.objects.filter(batch=selectors.agenda_batch(run)).order_by("pk")
    assert mails.count() >= 2
    first = mails.first()
    OutboxMessage.objects.filter(pk=first.pk).update(
        status=MailStatus.FAILED, attempts=5, last_error="550 5.1.1 No such user here"
    )
    return event, run, first


def _mail_url(event, run) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/events/{event.pk}/runs/{run.pk}/mail"


def test_the_progress_and_the_failures_are_read_by_any_member(published, viewer) -> None:
    event, run, failed = published
    _t, raw = make_token(viewer, ["events:read"])
    response = Client().get(_mail_url(event, run), **bearer(raw, "test-ws"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["failed"] == 1 and body["sent"] == body["total"] - 1  # the test backend sends at once
    assert body["queued"] == body["sending"] == 0 and body["done"] is True
    assert body["failures"] == [
        {
            "to_email": failed.to_email,
            "to_name": failed.to_name,
            "error": "550 5.1.1 No such user here",
            "attempts": 5,
            "updated_at": body["failures"][0]["updated_at"],
        }
    ]


def test_a_run_that_mailed_no_one_reads_as_zero(workspace, owner) -> None:
    event = make_event(workspace, owner, slots=2, corporates=2, startups=3, requests=4)
    run = event_services.start_schedule(event=event, by=owner, time_limit=1)
    _t, raw = make_token(owner, ["events:read"])
    response = Client().get(_mail_url(event, run), **bearer(raw, "test-ws"))
    assert response.status_code == 200
    assert response.json() == {
        "total": 0,
        "queued": 0,
        "sending": 0,
        "sent": 0,
        "failed": 0,
        "done": True,
        "failures": [],
    }


def test_a_member_resends_the_failed_ones(published, member) -> None:
    event, run, failed = published
    _t, raw = make_token(member, ["events:write"])
    response = Client().post(f"{_mail_url(event, run)}/resend", **bearer(raw, "test-ws"))
    assert response.status_code == 200, response.content
    assert response.json() == {"retried": 1}
    failed.refresh_from_db()
    # queued again, and (the test backend delivers at once) sent this time
    assert failed.status == MailStatus.SENT and failed.last_error == ""
    assert AuditEvent.objects.filter(changes__agenda_mail_resent=1).exists()
    # nothing failed any more: nothing to resend
    assert Client().post(f"{_mail_url(event, run)}/resend", **bearer(raw, "test-ws")).json() == {"retried": 0}


def test_readers_cannot_resend_and_other_workspaces_see_nothing(published, viewer, outsider) -> None:
    event, run, failed = published
    _t, raw = make_token(viewer, ["events:write"])
    assert Client().post(f"{_mail_url(event, run)}/resend", **bearer(raw, "test-ws")).status_code == 403
    _t, read_only = make_token(viewer, ["events:read"])
    refused = Client().post(f"{_mail_url(event, run)}/resend", **bearer(read_only, "test-ws"))
    assert refused.status_code == 403 and "events:write" in refused.json()["detail"]
    _t, theirs = make_token(outsider, ["events:write"])
    assert Client().get(_mail_url(event, run), **bearer(theirs)).status_code == 404
    assert Client().post(f"{_mail_url(event, run)}/resend", **bearer(theirs)).status_code == 404
    failed.refresh_from_db()
    assert failed.status == MailStatus.FAILED

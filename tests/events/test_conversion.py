"""Meeting-to-project conversion: one definition (held meetings only) and one figure everywhere."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kyoso.events import selectors, services
from kyoso.events.models import Meeting, Outcome
from kyoso.reports.selectors import ReportFilters, event_conversion

from .factories import make_event

pytestmark = pytest.mark.django_db


def _publish(event, owner):
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    services.publish_run(run=run, by=owner, notify=False)
    event.refresh_from_db()
    return event.current_run


def test_meetings_count_only_after_the_event_day(published):
    run = published.current_run
    n = Meeting.objects.filter(run=run).count()
    assert n > 0
    on_the_day = selectors.conversion_report(run, today=published.date)
    assert on_the_day.meetings == 0 and on_the_day.rate is None  # planned, not failed
    after = selectors.conversion_report(run, today=published.date + timedelta(days=1))
    assert after.meetings == n and after.rate == 0


def test_no_show_meetings_are_not_held(published, owner):
    run = published.current_run
    day_after = published.date + timedelta(days=1)
    meeting = Meeting.objects.filter(run=run).select_related("request__corporate").first()
    services.record_outcome(meeting=meeting, outcome=Outcome.PROJECT, by=owner)
    before = selectors.conversion_report(run, today=day_after)
    assert before.projects == 1
    corporate = meeting.request.corporate
    missed = Meeting.objects.filter(run=run, request__corporate=corporate).count()
    services.set_attendance(participant=corporate, state="no_show", by=owner)
    after = selectors.conversion_report(run, today=day_after)
    assert after.meetings == before.meetings - missed
    assert after.projects == 0  # its meetings, converted or not, were not held


def test_one_figure_on_the_follow_up_page_in_reports_and_for_an_upcoming_event(workspace, owner, login):
    past = make_event(workspace, owner)
    past_run = _publish(past, owner)
    past.date = timezone.localdate() - timedelta(days=3)
    past.save(update_fields=["date"])
    meetings = list(Meeting.objects.filter(run=past_run).order_by("pk"))
    for m in meetings[:2]:
        services.record_outcome(meeting=m, outcome=Outcome.PROJECT, by=owner)
    upcoming = make_event(workspace, owner, seed=2)
    _publish(upcoming, owner)
    upcoming.date = timezone.localdate() + timedelta(days=30)
    upcoming.save(update_fields=["date"])

    report = selectors.conversion_report(past_run)
    data = event_conversion(Meeting.objects.all(), ReportFilters())
    assert data["meetings"] == report.meetings == len(meetings)  # the upcoming event's plan adds nothing
    assert data["projects"] == report.projects == 2
    assert data["rate"] == pytest.approx(2 / len(meetings), abs=1e-4)
    by_event = {e["event_id"]: e for e in data["events"]}
    assert by_event[upcoming.pk]["meetings"] == 0 and by_event[upcoming.pk]["rate"] is None

    whole = selectors.meeting_conversion(Meeting.objects.all())
    assert (whole["held"], whole["projects"]) == (data["meetings"], data["projects"])

    client = login(owner)
    page = client.get(reverse("events:followup", args=[past.pk])).content.decode()
    assert "商談からの案件化率" in page and f"{report.rate_percent}%" in page
    reports_page = client.get(reverse("reports:index")).content.decode()
    assert "商談からの案件化率" in reports_page
    assert "プロジェクト化率" not in page + reports_page


def test_follow_up_page_reads_in_a_fixed_number_of_queries_and_caps_per_participant_rows(
    workspace, owner, login, django_assert_max_num_queries
):
    event = make_event(workspace, owner, corporates=6, startups=30, requests=60, tables=8)
    _publish(event, owner)
    client = login(owner)
    url = reverse("events:followup", args=[event.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    report = selectors.conversion_report(event.current_run)
    assert len(report.per_startup) <= selectors.PER_SIDE_ROWS < 30
    assert "上位" in page or "top" in page

import pytest
from django.core import mail

from kyoso.events import services
from kyoso.events.models import Meeting, MeetingRequest, Outcome, Participant, RunStatus, Slot
from kyoso.events.selectors import conversion_report

from .factories import make_event


def _published(workspace, owner, **kw):
    event = make_event(workspace, owner, **kw)
    run = services.start_schedule(event=event, by=owner, time_limit=2)
    services.publish_run(run=run, by=owner, notify=False)
    event.refresh_from_db()
    return event, run


def _placement(run):
    return {m.request_id: (m.slot_id, m.table) for m in Meeting.objects.filter(run=run)}


def test_withdrawal_keeps_unaffected_meetings_and_notifies_only_affected(workspace, owner):
    event, run = _published(workspace, owner, slots=4, tables=4, corporates=5, startups=10, requests=30)
    gone = Participant.objects.get(event=event, code="c001")
    before = _placement(run)
    touching = set(MeetingRequest.objects.filter(corporate=gone).values_list("pk", flat=True))
    new_run = services.change_and_reschedule(event=event, change="withdraw", target=gone, by=owner)
    new_run.refresh_from_db()
    assert new_run.status == RunStatus.DONE, new_run.error
    after = _placement(new_run)
    for request_id, place in before.items():
        if request_id not in touching and request_id in after:
            assert after[request_id] == place  # unaffected meetings stay exactly where they were
    assert not set(after) & touching
    changes = new_run.changes
    assert set(changes["removed"]) >= (set(before) & touching)
    assert gone.pk in changes["affected"]
    affected = Participant.objects.filter(pk__in=changes["affected"]).exclude(email="")
    mail.outbox.clear()
    sent = services.publish_run(run=new_run, by=owner)
    assert sent == affected.count()
    assert {m.to[0] for m in mail.outbox} == set(affected.values_list("email", flat=True))
    event.refresh_from_db()
    assert event.current_run == new_run


def test_closing_a_slot_moves_only_its_meetings(workspace, owner):
    event, run = _published(workspace, owner)
    slot = Slot.objects.get(event=event, code="s01")
    in_slot = set(Meeting.objects.filter(run=run, slot=slot).values_list("request_id", flat=True))
    before = _placement(run)
    new_run = services.change_and_reschedule(event=event, change="close_slot", target=slot, by=owner)
    new_run.refresh_from_db()
    after = _placement(new_run)
    assert not Meeting.objects.filter(run=new_run, slot=slot).exists()
    kept = [r for r in before if r not in in_slot and r in after]
    assert kept and all(after[r] == before[r] for r in kept)


def test_publish_first_time_mails_every_participant_with_an_address(workspace, owner):
    event = make_event(workspace, owner)
    run = services.start_schedule(event=event, by=owner, time_limit=1)
    sent = services.publish_run(run=run, by=owner)
    assert sent == Participant.objects.filter(event=event).count() == len(mail.outbox)
    assert "/events/agenda/" in mail.outbox[0].body


def test_conversion_rate_against_benchmark(workspace, owner):
    event, run = _published(workspace, owner)
    meetings = list(Meeting.objects.filter(run=run).order_by("pk"))
    assert len(meetings) >= 10
    for m in meetings[:3]:
        services.record_outcome(meeting=m, outcome=Outcome.PROJECT, by=owner)
    services.record_outcome(meeting=meetings[3], outcome=Outcome.POC, by=owner)
    services.record_outcome(meeting=meetings[4], outcome=Outcome.FOLLOW_UP, by=owner)
    report = conversion_report(run)
    assert report.meetings == len(meetings)
    assert report.projects == 3 and report.poc == 4 and report.follow_up == 5 and report.recorded == 5
    assert report.rate == pytest.approx(3 / len(meetings))
    assert report.benchmark == 0.30 and report.beats_benchmark == (3 / len(meetings) >= 0.30)
    assert sum(r["projects"] for r in report.per_corporate) == 3
    assert sum(r["meetings"] for r in report.per_startup) == len(meetings)


def test_turn_meeting_into_project(workspace, owner):
    event, run = _published(workspace, owner)
    meeting = Meeting.objects.filter(run=run).first()
    result = services.convert_to_project(meeting=meeting, by=owner)
    meeting.refresh_from_db()
    assert meeting.project == result.project and meeting.outcome == Outcome.PROJECT
    assert result.project.workspace == workspace
    assert meeting.request.startup.name in result.project.title
    assert conversion_report(run).projects == 1


def test_schedule_refused_without_mutual_interest(workspace, owner):
    event = make_event(workspace, owner)
    MeetingRequest.objects.filter(event=event).update(startup_interest=0)
    with pytest.raises(services.DomainError) as exc:
        services.start_schedule(event=event, by=owner)
    assert exc.value.field == "requests"

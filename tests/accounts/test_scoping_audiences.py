"""The participant audience, `within` a parent read in scope, and the scoped-queryset guard of the API."""

import pytest

from kyoso.accounts.models import User
from kyoso.api.auth import Caller
from kyoso.events.models import Event, EventStatus, MeetingRequest, Participant, ScheduleRun, Side
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal_user(workspace, owner):
    event = make_event(workspace, owner, corporates=2, startups=3, requests=4)
    event.status = EventStatus.REGISTRATION
    event.save(update_fields=["status"])
    user = User.objects.create_user("portal@example.com", "x")
    startup = Participant.objects.filter(event=event, side=Side.STARTUP).order_by("pk").first()
    startup.account = user
    startup.save(update_fields=["account"])
    return user, startup


def test_a_portal_account_sees_its_participation_and_the_other_sides_catalogue(portal_user, workspace, owner):
    user, startup = portal_user
    other_event = make_event(workspace, owner, seed=2)
    seen = set(Participant.objects.for_participant(user).values_list("pk", flat=True))
    corporates = set(
        Participant.objects.filter(event=startup.event, side=Side.CORPORATE).values_list("pk", flat=True)
    )
    assert seen == corporates | {startup.pk}
    assert list(Event.objects.for_participant(user)) == [startup.event]
    assert not Participant.objects.for_participant(user).filter(event=other_event).exists()
    # Models without a participant path never reach the portal account.
    assert not MeetingRequest.objects.for_participant(user).exists()
    assert Participant.objects.visible_to(user).filter(pk=startup.pk).exists()


def test_a_withdrawn_or_draft_participation_reaches_nothing(portal_user):
    user, startup = portal_user
    startup.event.status = EventStatus.DRAFT
    startup.event.save(update_fields=["status"])
    assert not Participant.objects.for_participant(user).exists()
    assert not Event.objects.for_participant(user).exists()


def test_within_needs_a_saved_parent_and_marks_the_queryset_scoped(portal_user):
    _user, startup = portal_user
    runs = ScheduleRun.objects.within(event=startup.event)
    assert runs.is_scoped
    assert not ScheduleRun.objects.filter(event=startup.event).is_scoped
    with pytest.raises(TypeError):
        ScheduleRun.objects.within(event=Event())


def test_caller_get_refuses_an_unscoped_queryset(portal_user, owner, workspace):
    _user, startup = portal_user
    c = Caller(user=owner, token=None, _membership=owner.memberships.get(workspace=workspace))
    assert c.get(Participant.objects.within(event=startup.event), pk=startup.pk) == startup
    with pytest.raises(TypeError, match="scoped queryset"):
        c.get(Participant.objects.filter(event=startup.event), pk=startup.pk)

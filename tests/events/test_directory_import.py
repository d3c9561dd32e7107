"""Adding participants from the partner directory."""

import pytest
from django.urls import reverse

from kyoso.events.models import Participant
from kyoso.partners.models import Contact, Need, Offer, Organisation

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(workspace, owner):
    return make_event(workspace, owner, requests=2)


@pytest.fixture
def orgs(workspace, other_workspace):
    startup = Organisation.objects.create(
        workspace=workspace,
        name="光センサーラボ",
        kind="startup",
        description="光学センサーの開発",
        website="https://x.example",
    )
    Offer.objects.create(organisation=startup, title="小型LiDAR", description="工場内の自動搬送向け")
    Contact.objects.create(organisation=startup, name="佐藤 一郎", email="sato@x.example")
    corp = Organisation.objects.create(
        workspace=workspace, name="東都重工", kind="corporate", description="重工業"
    )
    Need.objects.create(workspace=workspace, organisation=corp, title="検査の自動化", description="溶接検査")
    foreign = Organisation.objects.create(workspace=other_workspace, name="他社の秘密企業", kind="startup")
    return startup, corp, foreign


def _url(event):
    return reverse("events:directory_import", args=[event.pk])


def test_member_adds_organisations_with_offer_needs_and_link(event, orgs, member, login):
    startup, corp, _foreign = orgs
    client = login(member)
    page = client.get(_url(event)).content.decode()
    assert "光センサーラボ" in page and "他社の秘密企業" not in page
    r = client.post(_url(event), {"organisations": [startup.pk, corp.pk]})
    assert r.status_code == 302
    s = Participant.objects.get(event=event, organisation=startup)
    assert s.side == "startup" and "小型LiDAR" in s.application and s.email == "sato@x.example"
    assert s.website == "https://x.example" and s.profile == "光学センサーの開発"
    c = Participant.objects.get(event=event, organisation=corp)
    assert c.side == "corporate" and "検査の自動化" in c.needs
    n = Participant.objects.filter(event=event).count()
    client.post(_url(event), {"organisations": [startup.pk]})
    assert Participant.objects.filter(event=event).count() == n


def test_organisation_of_another_workspace_is_refused(event, orgs, owner, login):
    startup, _corp, foreign = orgs
    n = Participant.objects.count()
    r = login(owner).post(_url(event), {"organisations": [startup.pk, foreign.pk]})
    assert r.status_code == 400
    assert Participant.objects.count() == n


def test_nothing_chosen_is_a_clear_error(event, orgs, owner, login):
    r = login(owner).post(_url(event), {})
    assert r.status_code == 400
    assert r.context["error"] and r.context["error"] in r.content.decode()


def test_viewer_and_outsider(event, orgs, viewer, outsider, login):
    startup = orgs[0]
    assert login(viewer).post(_url(event), {"organisations": [startup.pk]}).status_code == 403
    assert login(outsider).post(_url(event), {"organisations": [startup.pk]}).status_code == 404
    assert not Participant.objects.filter(organisation=startup).exists()

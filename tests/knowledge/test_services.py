"""Retrospective tagging, context, and the exchange with the partner's view."""

from __future__ import annotations

import pytest
from django.core import mail

from kyoso.accounts.models import AuditAction, AuditEvent
from kyoso.core.errors import DomainError
from kyoso.knowledge import services
from kyoso.knowledge.models import PartnerView, Retrospective, RetrospectiveCause
from kyoso.projects import services as projects
from tests.knowledge.conftest import closed_project

pytestmark = pytest.mark.django_db


def test_a_retrospective_is_tagged_with_causes_and_weights_and_takes_the_projects_context(
    culture_case,
) -> None:
    weights = dict(
        RetrospectiveCause.objects.filter(retrospective=culture_case).values_list("cause", "weight")
    )
    assert weights == {"partner_fit": 3, "internal_structure": 1}
    assert culture_case.partner_name == "アイビジョン"
    assert culture_case.partner_kind == "startup"
    assert culture_case.stage_reached == "poc"
    assert culture_case.industry == "製造業"
    assert culture_case.visibility == "internal"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, model="knowledge.Retrospective").exists()


@pytest.mark.parametrize(
    ("causes", "message"),
    [
        ({"partner_fit": 4}, "1、2、3"),
        ({"culture": 2}, "不明な原因"),
        ({}, "少なくとも1つ"),
    ],
)
def test_bad_cause_tags_name_the_field_and_write_nothing(workspace, owner, causes, message) -> None:
    project = closed_project(workspace, owner, "検証案件")
    with pytest.raises(DomainError) as exc:
        services.create_retrospective(
            project=project, by=owner, outcome="stopped", headline="教訓", causes=causes
        )
    assert exc.value.field == "causes"
    assert message in exc.value.message
    assert not Retrospective.objects.exists()


def test_update_replaces_the_tags(culture_case, owner) -> None:
    services.update_retrospective(
        retrospective=culture_case, by=owner, causes={"communication": 2}, lessons="新しい教訓"
    )
    culture_case.refresh_from_db()
    assert culture_case.weights() == {"communication": 2}
    assert culture_case.lessons == "新しい教訓"


def test_views_are_exchanged_only_when_both_sides_agreed(culture_case, owner, partner) -> None:
    project = culture_case.project
    view = services.save_partner_view(
        project=project, by=partner, lessons="先方の視点: 決裁が遅い", share_agreed=True
    )
    culture_case.refresh_from_db()
    assert not view.exchanged and culture_case.visibility == "internal"
    assert not Retrospective.objects.for_partner(partner, project).exists()

    assert services.set_corporate_agreement(retrospective=culture_case, by=owner, agreed=True) is True
    culture_case.refresh_from_db()
    assert culture_case.visibility == "shared"
    assert PartnerView.objects.get(project=project).exchanged
    assert Retrospective.objects.for_partner(partner, project).get() == culture_case

    services.set_partner_agreement(project=project, by=partner, agreed=False)
    culture_case.refresh_from_db()
    assert culture_case.visibility == "internal"
    assert not PartnerView.objects.get(project=project).exchanged


def test_the_team_agreeing_alone_shares_nothing(culture_case, owner, partner) -> None:
    assert services.set_corporate_agreement(retrospective=culture_case, by=owner, agreed=True) is False
    assert not Retrospective.objects.for_partner(partner).exists()


def test_a_project_that_stops_asks_its_owner_for_a_retrospective(
    workspace, owner, django_capture_on_commit_callbacks
) -> None:
    project = projects.create_project(workspace=workspace, by=owner, title="止まる案件", partner_name="先方")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        projects.change_stage(project=project, stage="stopped", by=owner, reason="予算凍結")
    assert any(f"/lessons/new/{project.pk}/" in m.body for m in mail.outbox)

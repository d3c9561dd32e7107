"""Stage changes go through recorded gate decisions; a direct change is an owner's override with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from kyoso.accounts.models import AuditEvent, User
from kyoso.core.errors import DomainError
from kyoso.projects import selectors, services
from kyoso.projects.models import Gate, GateDecision, Project
from tests.api.helpers import bearer, make_token

from .conftest import days_ago


@pytest.fixture
def gate(project: Project, owner: User) -> Gate:
    """The gate of the project's current stage (PoC)."""
    return services.create_gate(project=project, by=owner, stage="poc", criteria=["検出率95%以上"])


# --------------------------------------------------------------------------- services


def test_go_on_the_current_gate_moves_the_project_and_links_the_decision(
    project: Project, gate: Gate, member: User
) -> None:
    decision = services.decide_gate(gate=gate, by=member, decision="go", note="基準達成")
    project.refresh_from_db()
    assert (project.stage, project.stage_entered) == ("pilot", days_ago(0))
    entered = project.stage_history.get(stage="pilot")
    assert entered.decision == decision and not entered.is_override and entered.changed_by == member
    assert decision.decided_by == member
    assert AuditEvent.objects.filter(model="projects.GateDecision", object_id=str(decision.pk)).exists()


def test_extend_and_no_go_do_not_advance_the_stage(project: Project, gate: Gate, owner: User) -> None:
    services.decide_gate(gate=gate, by=owner, decision="extend", extended_to=days_ago(-30), note="追加検証")
    project.refresh_from_db()
    assert project.stage == "poc" and project.stage_history.count() == 1
    no_go = services.decide_gate(gate=gate, by=owner, decision="no_go", note="精度不足")
    project.refresh_from_db()
    # a No-go never moves a project on: it ends it, through the recorded decision
    assert project.stage == "stopped"
    assert project.stage_history.get(stage="stopped").decision == no_go


def test_go_on_a_gate_of_another_stage_is_refused_naming_the_decision(project: Project, owner: User) -> None:
    later = services.create_gate(project=project, by=owner, stage="pilot", criteria=["3拠点で実証"])
    with pytest.raises(DomainError) as exc:
        services.decide_gate(gate=later, by=owner, decision="go")
    assert exc.value.field == "decision"
    project.refresh_from_db()
    assert project.stage == "poc" and not GateDecision.objects.filter(gate=later).exists()


def test_sponsor_sign_off_is_recorded_on_the_decision(
    project: Project, gate: Gate, owner: User, executive: User
) -> None:
    with pytest.raises(DomainError) as exc:  # no sponsor named yet
        services.decide_gate(gate=gate, by=owner, decision="go", sponsor_signed_off_on=days_ago(1))
    assert exc.value.field == "sponsor_signed_off_on"
    services.update_sponsor(
        project=project, by=owner, user=executive, name="", level="executive", budget_until=None
    )
    with pytest.raises(DomainError) as exc:
        services.decide_gate(gate=gate, by=owner, decision="go", sponsor_signed_off_on=days_ago(-1))
    assert exc.value.field == "sponsor_signed_off_on"
    decision = services.decide_gate(gate=gate, by=owner, decision="go", sponsor_signed_off_on=days_ago(2))
    assert decision.signed_by_sponsor and decision.sponsor_signed_off_on == days_ago(2)
    project.refresh_from_db()
    assert project.sponsor_last_engaged == days_ago(2)


def test_the_sponsor_deciding_signs_off_that_day(project: Project, owner: User, executive: User) -> None:
    services.update_sponsor(
        project=project, by=owner, user=executive, name="", level="executive", budget_until=None
    )
    gate = services.create_gate(project=project, by=owner, stage="poc", criteria=["検出率95%以上"])
    decision = services.decide_gate(gate=gate, by=executive, decision="go", decided_on=days_ago(3))
    assert decision.sponsor_signed_off_on == days_ago(3) and decision.decided_by == executive


def test_unsigned_decision_says_so(project: Project, gate: Gate, owner: User) -> None:
    decision = services.decide_gate(gate=gate, by=owner, decision="go")
    assert not decision.signed_by_sponsor and decision.sponsor_signed_off_on is None


def test_viewer_cannot_decide_a_gate(project: Project, gate: Gate, viewer: User) -> None:
    with pytest.raises(PermissionDenied):
        services.decide_gate(gate=gate, by=viewer, decision="go")
    assert not GateDecision.objects.exists()


def test_override_needs_an_owner_and_a_reason(
    project: Project, owner: User, member: User, viewer: User
) -> None:
    for user in (member, viewer):
        with pytest.raises(PermissionDenied):
            services.change_stage(project=project, by=user, stage="commercialisation", reason="急ぎ")
    with pytest.raises(DomainError) as exc:
        services.change_stage(project=project, by=owner, stage="commercialisation", reason="  ")
    assert exc.value.field == "reason"
    project.refresh_from_db()
    assert project.stage == "poc"
    services.change_stage(project=project, by=owner, stage="commercialisation", reason="経営判断で前倒し")
    row = project.stage_history.get(stage="commercialisation")
    assert row.is_override and row.reason == "経営判断で前倒し" and row.decision is None
    audit = AuditEvent.objects.filter(model="projects.Project", object_id=str(project.pk)).latest("pk")
    assert audit.changes["override"] == "経営判断で前倒し"


def test_timeline_reads_as_sentences_in_both_languages(
    project: Project, gate: Gate, owner: User, login: Any
) -> None:
    services.decide_gate(gate=gate, by=owner, decision="go", note="基準達成")
    services.change_stage(project=project, by=owner, stage="commercialisation", reason="経営判断で前倒し")
    timeline = selectors.stage_timeline(project)
    assert [("decision" in r, "stage" in r) for r in timeline][:2] == [(False, True), (True, False)]
    url = reverse("projects:tab", args=[project.pk, "activity"])
    owner.language = "en"
    owner.save(update_fields=["language"])
    html = login(owner).get(url).content.decode()
    assert "PoC gate decision: Go (decided by オーナー)" in html
    assert "moved to Pilot" in html and "no sponsor sign-off" in html
    assert "Stage changed to Commercialisation by an owner override (オーナー): 経営判断で前倒し" in html
    owner.language = "ja"
    owner.save(update_fields=["language"])
    html = login(owner).get(url).content.decode()
    assert "PoCゲートの判定: Go" in html and "オーナーによるオーバーライド" in html
    assert "no sponsor sign-off" not in html


# --------------------------------------------------------------------------- views


def test_member_records_go_on_the_page_and_the_header_moves(
    project: Project, gate: Gate, member: User, login: Any
) -> None:
    client = login(member)
    criterion = gate.criteria.get()
    response = client.post(
        reverse("projects:gate_decide", args=[project.pk, gate.pk]),
        {"decision": "go", "note": "基準達成", f"met_{criterion.pk}": "yes"},
        follow=True,
    )
    assert response.status_code == 200
    project.refresh_from_db()
    assert project.stage == "pilot"
    header = response.content.decode().split('id="project-stage"', 1)[1].split("</span>", 1)[0]
    assert project.get_stage_display() in header


def test_decision_form_names_a_bad_sign_off(project: Project, gate: Gate, owner: User, login: Any) -> None:
    response = login(owner).post(
        reverse("projects:gate_decide", args=[project.pk, gate.pk]),
        {"decision": "go", "sponsor_signed_off_on": days_ago(1).isoformat()},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["sponsor_signed_off_on"]
    project.refresh_from_db()
    assert project.stage == "poc"


def test_only_owners_see_and_use_the_override(
    project: Project, owner: User, member: User, login: Any
) -> None:
    url = reverse("projects:stage", args=[project.pk])
    detail = reverse("projects:detail", args=[project.pk])
    assert url not in login(member).get(detail).content.decode()
    assert login(member).post(url, {"stage": "pilot", "reason": "急ぎ"}).status_code == 403
    client = login(owner)
    assert url in client.get(detail).content.decode()
    refused = client.post(url, {"stage": "pilot"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200  # htmx shows the error inline
    assert refused.context["stage_form"].errors["reason"]
    project.refresh_from_db()
    assert project.stage == "poc"
    done = client.post(
        url, {"stage": "pilot", "reason": "顧客要請で前倒し"}, HTTP_HX_REQUEST="true", follow=True
    )
    html = done.content.decode()
    # the inline form swaps the tab; the header's stage comes along out of band
    assert 'hx-select-oob="#project-stage"' in html
    assert "Pilot" in html.split('id="project-stage"', 1)[1].split("</span>", 1)[0] or "パイロット" in html
    project.refresh_from_db()
    assert project.stage == "pilot" and project.stage_history.get(stage="pilot").is_override


def test_viewer_cannot_post_a_decision(project: Project, gate: Gate, viewer: User, login: Any) -> None:
    response = login(viewer).post(
        reverse("projects:gate_decide", args=[project.pk, gate.pk]), {"decision": "go"}
    )
    assert response.status_code == 403
    assert not GateDecision.objects.exists()


# --------------------------------------------------------------------------- API


@pytest.fixture
def api() -> Any:
    cache.clear()
    with override_settings(KYOSO_API_RATE_LIMIT="10000/minute"):
        yield Client()
    cache.clear()


def _patch(client: Client, project: Project, data: dict[str, Any], user: User) -> Any:
    return client.patch(
        f"/api/v1/projects/{project.pk}",
        data,
        content_type="application/json",
        **bearer(make_token(user)[1]),
    )


def test_api_plain_stage_patch_is_refused_naming_stage_reason(
    api: Client, project: Project, owner: User
) -> None:
    r = _patch(api, project, {"stage": "pilot"}, owner)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["loc"] == ["body", "stage_reason"] and "ゲート" in detail[0]["msg"]
    project.refresh_from_db()
    assert project.stage == "poc"


def test_api_override_is_owner_only_and_recorded(
    api: Client, project: Project, owner: User, member: User
) -> None:
    r = _patch(api, project, {"stage": "pilot", "stage_reason": "顧客要請"}, member)
    assert r.status_code == 403
    r = _patch(api, project, {"stage": "pilot", "stage_reason": "顧客要請"}, owner)
    assert r.status_code == 200 and r.json()["stage"] == "pilot"
    row = project.stage_history.get(stage="pilot")
    assert row.is_override and row.reason == "顧客要請"


def test_api_decision_moves_the_stage_and_shows_the_sign_off(
    api: Client, project: Project, gate: Gate, owner: User, executive: User
) -> None:
    services.update_sponsor(
        project=project, by=owner, user=executive, name="", level="executive", budget_until=None
    )
    r = api.post(
        f"/api/v1/projects/{project.pk}/gates/{gate.pk}/decisions",
        {"decision": "go", "sponsor_signed_off_on": days_ago(1).isoformat()},
        content_type="application/json",
        **bearer(make_token(owner)[1]),
    )
    assert r.status_code == 201, r.content
    decision = r.json()["decisions"][0]
    assert decision["decided_by"] == owner.pk and decision["sponsor_signed_off_on"] == days_ago(1).isoformat()
    project.refresh_from_db()
    assert project.stage == "pilot"


def test_openapi_says_a_stage_change_is_an_override(api: Client, owner: User) -> None:
    schema = api.get("/api/v1/openapi.json", **bearer(make_token(owner)[1])).json()
    patch = schema["paths"]["/api/v1/projects/{project_id}"]["patch"]
    assert "override" in patch["description"] and "stage_reason" in patch["description"]

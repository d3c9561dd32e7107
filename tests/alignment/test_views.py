"""Alignment pages: the corporate side under the project, the partner side in the shared space."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kyoso.alignment import services
from kyoso.alignment.models import AlignmentAnswer, AlignmentRound, Side
from tests.alignment.conftest import CORPORATE, PARTNER

pytestmark = pytest.mark.django_db


def _post(answers: dict) -> dict:
    return {k: v for k, v in answers.items()} | {"goal_type_comment": "段階的に進めたい"}


def test_the_corporate_team_answers_and_waits_for_the_partner(login, member, project):
    client = login(member)
    url = reverse("alignment:project", args=[project.pk])

    response = client.post(url, _post(CORPORATE))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "連携先" in page or "other side" in page
    answer = AlignmentAnswer.objects.get(side=Side.CORPORATE)
    assert answer.comments == {"goal_type": "段階的に進めたい"}
    assert answer.submitted_by == member


def test_the_corporate_team_cannot_read_the_partners_answers_before_answering(
    login, member, project, partner_user
):
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)

    page = login(member).get(reverse("alignment:project", args=[project.pk])).content.decode()

    assert PARTNER["success_kpi"] not in page
    assert "200,000,000" not in page


def test_the_partner_does_not_see_the_corporates_answers_before_answering(
    login, owner, project, partner_user
):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    client = login(partner_user)
    url = reverse("alignment:shared", args=[project.pk])

    page = client.get(url).content.decode()
    assert response_ok(client.get(url))
    assert CORPORATE["success_kpi"] not in page
    assert "50,000,000" not in page

    response = client.post(url, _post(PARTNER))
    assert response.status_code == 302
    page = client.get(url).content.decode()
    # Now both see both, side by side, with the engine's severity.
    assert CORPORATE["success_kpi"] in page and PARTNER["success_kpi"] in page
    assert "level-critical" in page
    assert "<table" in page and 'scope="row"' in page
    assert AlignmentRound.objects.get().is_revealed


def response_ok(response) -> bool:
    return response.status_code == 200


def test_the_partner_never_sees_internal_project_data_or_risk_scores(login, owner, project, partner_user):
    from kyoso.risk.services import recompute

    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    recompute(project)
    client = login(partner_user)

    page = client.get(reverse("alignment:shared", args=[project.pk])).content.decode()
    assert project.internal_note not in page
    for forbidden in ("連携先とのミスマッチ", "知財・契約", "総合", "Overall"):
        assert forbidden not in page
    # The risk pages are not theirs at all.
    for url in (reverse("risk:project", args=[project.pk]), reverse("risk:index"), reverse("risk:warnings")):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert "連携先とのミスマッチ" not in response.content.decode()
    assert client.get(reverse("alignment:project", args=[project.pk])).status_code in (302, 404)


def test_outsiders_get_404(login, outsider, project, partner_user):
    client = login(outsider)
    assert client.get(reverse("alignment:project", args=[project.pk])).status_code == 404
    assert client.get(reverse("alignment:shared", args=[project.pk])).status_code == 404
    assert client.post(reverse("alignment:shared", args=[project.pk]), _post(PARTNER)).status_code == 404
    assert client.post(reverse("alignment:round_new", args=[project.pk])).status_code == 404
    assert not AlignmentAnswer.objects.exists()


def test_a_partner_of_another_project_gets_404(login, owner, workspace, project, partner_user):
    from kyoso.projects import services as project_services

    other = project_services.create_project(workspace=workspace, by=owner, title="別案件", stage="poc")
    response = login(partner_user).get(reverse("alignment:shared", args=[other.pk]))
    assert response.status_code == 404


def test_a_member_is_not_the_partner(login, member, project):
    assert login(member).get(reverse("alignment:shared", args=[project.pk])).status_code == 404


def test_a_viewer_reads_but_cannot_answer(login, viewer, project):
    client = login(viewer)
    url = reverse("alignment:project", args=[project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _post(CORPORATE))
    assert response.status_code == 403
    assert client.post(reverse("alignment:round_new", args=[project.pk])).status_code == 403
    assert not AlignmentAnswer.objects.exists()


def test_a_bad_answer_is_shown_on_its_field_and_nothing_is_written(login, member, project):
    response = login(member).post(
        reverse("alignment:project", args=[project.pk]), {"decision_lead_days": "-5"}
    )
    assert response.status_code == 400
    assert not AlignmentAnswer.objects.exists()


def test_an_empty_questionnaire_is_refused_with_a_message(login, member, project):
    response = login(member).post(reverse("alignment:project", args=[project.pk]), {})
    assert response.status_code == 400
    assert "少なくとも" in response.content.decode() or "at least one" in response.content.decode()


def test_rounds_over_time_keep_their_history(login, owner, project, partner_user):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    client = login(owner)

    response = client.post(reverse("alignment:round_new", args=[project.pk]), {"label": "パイロット移行前"})
    assert response.status_code == 302
    page = client.get(reverse("alignment:project", args=[project.pk])).content.decode()
    assert reverse("alignment:round", args=[project.pk, 1]) in page
    old = client.get(reverse("alignment:round", args=[project.pk, 1])).content.decode()
    assert PARTNER["success_kpi"] in old
    partner_old = login(partner_user).get(reverse("alignment:shared_round", args=[project.pk, 1]))
    assert CORPORATE["success_kpi"] in partner_old.content.decode()


def test_the_index_lists_projects_with_their_state(
    login, member, project, other_project, django_assert_max_num_queries
):
    client = login(member)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("alignment:index")).content.decode()
    assert project.title in page
    assert other_project.title not in page


def test_english_users_see_english_labels(login, project, partner_user, owner):
    from tests.conftest import add_member, make_user

    english = make_user("en@example.com", "Emma", language="en")
    add_member(project.workspace, english, "member")
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    services.submit_answer(project=project, side=Side.PARTNER, answers=PARTNER, by=partner_user)
    page = login(english).get(reverse("alignment:project", args=[project.pk])).content.decode()
    assert "the corporate answered" in page


def test_partner_users_find_their_questionnaires_from_the_menu(
    login, owner, project, partner_user, other_project
):
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    client = login(partner_user)
    page = client.get(reverse("alignment:index")).content.decode()
    assert reverse("alignment:shared", args=[project.pk]) in page
    assert other_project.title not in page
    assert CORPORATE["success_kpi"] not in page
    assert reverse("alignment:index") in client.get(reverse("projects:partner_home")).content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, project):
    for url in (reverse("alignment:index"), reverse("alignment:shared", args=[project.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_partner_page_says_whether_the_corporate_has_answered(login, owner, project, partner_user):
    partner_user.language = "en"
    partner_user.save(update_fields=["language"])
    client = login(partner_user)
    url = reverse("alignment:shared", args=[project.pk])
    services.open_round(project=project, by=owner)
    # An unsubmitted corporate row does not count as an answer.
    AlignmentAnswer.objects.create(
        round=AlignmentRound.objects.get(), side=Side.CORPORATE, goal_type="replace", submitted_at=None
    )
    page = client.get(url).content.decode()
    assert "Neither side has answered yet" in page

    AlignmentAnswer.objects.all().delete()
    services.submit_answer(project=project, side=Side.CORPORATE, answers=CORPORATE, by=owner)
    page = client.get(url).content.decode()
    assert "The other side has answered" in page
    assert CORPORATE["success_kpi"] not in page

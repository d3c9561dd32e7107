"""Alignment API: each side submits through /api/v1/alignment; hidden until both answered."""

from __future__ import annotations

import json

import pytest

from tests.alignment.conftest import CORPORATE, PARTNER
from tests.api.helpers import bearer, make_token

pytestmark = pytest.mark.django_db


def _url(project, tail: str) -> str:
    return f"/api/v1/alignment/projects/{project.pk}/{tail}"


def _post(client, url, data, **headers):
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


def test_both_sides_submit_and_see_each_other_only_after_both_answered(client, owner, project, partner_user):
    _, corp = make_token(owner, ["alignment:write"])
    _, part = make_token(partner_user, ["alignment:write"])

    response = _post(
        client, _url(project, "answers"), {**CORPORATE, "comments": {"goal_type": "段階的に"}}, **bearer(corp)
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["side"] == "corporate" and body["theirs"] is None and body["revealed_at"] is None

    before = client.get(_url(project, "current"), **bearer(part)).json()
    assert before["side"] == "partner" and before["mine"] is None and before["theirs"] is None
    assert before["other_submitted"] is True
    assert CORPORATE["success_kpi"] not in json.dumps(before, ensure_ascii=False)

    after = _post(client, _url(project, "answers"), PARTNER, **bearer(part)).json()
    assert after["theirs"]["goal_type"] == "improve_existing"
    assert after["revealed_at"] is not None
    gaps = client.get(_url(project, "gaps") + "?lang=en", **bearer(corp)).json()
    assert {g["question"]: g["severity"] for g in gaps}["goal_type"] == "critical"
    assert "corporate answered" in gaps[0]["message"]


def test_the_corporate_cannot_read_the_partners_answers_early(client, owner, project, partner_user):
    _, corp = make_token(owner, ["alignment:read"])
    _, part = make_token(partner_user, ["alignment:write"])
    _post(client, _url(project, "answers"), PARTNER, **bearer(part))
    body = client.get(_url(project, "current"), **bearer(corp)).json()
    assert body["theirs"] is None and body["other_submitted"] is True
    assert PARTNER["success_kpi"] not in json.dumps(body, ensure_ascii=False)


def test_bad_input_is_422_naming_the_field(client, owner, project):
    _, raw = make_token(owner, ["alignment:write"])
    response = _post(client, _url(project, "answers"), {"goal_type": "conquer"}, **bearer(raw))
    assert response.status_code == 422
    assert "goal_type" in json.dumps(response.json()["detail"])
    response = _post(client, _url(project, "answers"), {}, **bearer(raw))
    assert response.status_code == 422


def test_outsiders_get_404_and_viewers_403(client, outsider, viewer, project):
    _, out = make_token(outsider, ["alignment:write"])
    assert client.get(_url(project, "current"), **bearer(out)).status_code == 404
    assert _post(client, _url(project, "answers"), CORPORATE, **bearer(out)).status_code == 404
    _, view = make_token(viewer, ["alignment:write"])
    assert _post(client, _url(project, "answers"), CORPORATE, **bearer(view)).status_code == 403
    assert _post(client, _url(project, "rounds"), {"label": "x"}, **bearer(view)).status_code == 403


def test_a_read_token_cannot_submit(client, owner, project):
    _, raw = make_token(owner, ["alignment:read"])
    assert _post(client, _url(project, "answers"), CORPORATE, **bearer(raw)).status_code == 403


def test_rounds_are_listed_and_reopened(client, owner, project, partner_user):
    _, corp = make_token(owner, ["alignment:write"])
    _, part = make_token(partner_user, ["alignment:write"])
    _post(client, _url(project, "answers"), CORPORATE, **bearer(corp))
    _post(client, _url(project, "answers"), PARTNER, **bearer(part))
    assert _post(client, _url(project, "rounds"), {"label": "ゲート前"}, **bearer(part)).status_code == 403
    response = _post(client, _url(project, "rounds"), {"label": "ゲート前"}, **bearer(corp))
    assert response.status_code == 201 and response.json()["number"] == 2
    listing = client.get(_url(project, "rounds"), **bearer(corp)).json()
    assert listing["count"] == 2 and [r["number"] for r in listing["items"]] == [2, 1]


def test_the_partner_is_told_whether_the_corporate_has_answered(client, owner, project, partner_user):
    from kyoso.alignment.models import AlignmentAnswer, Side
    from kyoso.alignment.services import latest_round

    _, corp = make_token(owner, ["alignment:write"])
    _, part = make_token(partner_user, ["alignment:write"])
    after_partner = _post(client, _url(project, "answers"), PARTNER, **bearer(part)).json()
    assert after_partner["side"] == "partner" and after_partner["other_submitted"] is False

    # An unsubmitted corporate row is not an answer.
    AlignmentAnswer.objects.create(round=latest_round(project), side=Side.CORPORATE, submitted_at=None)
    assert client.get(_url(project, "current"), **bearer(part)).json()["other_submitted"] is False

    AlignmentAnswer.objects.filter(side=Side.CORPORATE).delete()
    _post(client, _url(project, "answers"), CORPORATE, **bearer(corp))
    current = client.get(_url(project, "current"), **bearer(part)).json()
    assert current["other_submitted"] is True and current["theirs"]["goal_type"] == "improve_existing"
    listing = client.get(_url(project, "rounds"), **bearer(part)).json()
    assert [r["other_submitted"] for r in listing["items"]] == [True]

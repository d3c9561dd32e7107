"""C4 + C5 journey (capabilities in docs/product.md#capabilities): both sides answer the alignment check, see the gaps side by side;
the risk page of project A shows partner_fit evidence; the heat map; the warnings list."""

from __future__ import annotations

from typing import Any

import pytest

from kyoso.accounts.demo_data import load_demo
from kyoso.alignment.models import AlignmentRound
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from kyoso.projects.models import Project
from tests.browser.a11y import assert_accessible
from tests.browser.conftest import log_in
from tests.browser.docshots import doc_shot

pytestmark = pytest.mark.django_db(transaction=True)

PROJECT_A = "画像認識AIによる外観検査の共同開発"


def _answer(page: Any, values: dict[str, str], comment: str) -> None:
    form = page.locator("form.form").filter(has=page.locator("[name=goal_type]"))
    for name, value in values.items():
        field = form.locator(f"[name={name}]")
        if field.evaluate("el => el.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    form.locator("[name=decision_lead_days_comment]").fill(comment)


def test_both_sides_answer_and_see_gaps_then_risk(journey: Any) -> None:
    load_demo()
    project = Project.objects.get(title=PROJECT_A)
    rounds_before = AlignmentRound.objects.filter(project=project).count()

    # Corporate side: a new round before the next gate, then its answers.
    page = journey.new_page()
    log_in(page, DEMO_OWNER_EMAIL, DEMO_PASSWORD)
    page.goto(f"/alignment/project/{project.pk}/")
    assert_accessible(page, "alignment (corporate, previous round revealed)")
    journey.shot(page, "alignment-previous-round")
    new_round = page.locator("section", has=page.get_by_role("heading", name="改めて確認する"))
    new_round.get_by_label("実施のきっかけ").fill("パイロット移行ゲートの前")
    new_round.get_by_role("button", name="新しい回を始める").click()
    page.wait_for_load_state("networkidle")
    assert AlignmentRound.objects.filter(project=project).count() == rounds_before + 1

    _answer(
        page,
        {
            "goal_type": "improve_existing",
            "first_result_months": "12",
            "decision_lead_days": "90",
            "quality_approach": "verify_first",
            "result_owner": "corporate",
            "budget_jpy": "30000000",
            "success_kpi": "検査工程の不良見逃し率を半減",
        },
        "稟議に3か月かかる",
    )
    assert_accessible(page, "alignment form (corporate)")
    journey.shot(page, "alignment-corporate-form")
    doc_shot(page, "alignment-form", page.locator("#answer-title"))
    page.locator("form.form").filter(has=page.locator("[name=goal_type]")).locator(
        "button[type=submit]"
    ).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("status").first.is_visible()
    journey.shot(page, "alignment-corporate-waiting")

    # Partner side, in the shared space.
    partner = journey.new_page()
    log_in(partner, DEMO_PARTNER_EMAIL, DEMO_PASSWORD)
    partner.goto(f"/alignment/shared/{project.pk}/")
    assert_accessible(partner, "alignment (partner side)")
    _answer(
        partner,
        {
            "goal_type": "replace",
            "first_result_months": "3",
            "decision_lead_days": "7",
            "quality_approach": "ship_and_iterate",
            "result_owner": "partner",
            "budget_jpy": "10000000",
            "success_kpi": "3か月で本番ラインに導入",
        },
        "1週間で決めます",
    )
    journey.shot(partner, "alignment-partner-form")
    partner.locator("form.form").filter(has=partner.locator("[name=goal_type]")).locator(
        "button[type=submit]"
    ).click()
    partner.wait_for_load_state("networkidle")
    table = partner.locator("table.alignment-table").first
    assert table.is_visible()
    assert partner.locator("table.alignment-table").first.locator("tr.gap").count() >= 3
    assert_accessible(partner, "alignment side by side (partner)")
    journey.shot(partner, "alignment-partner-gaps")

    # The corporate sees the same comparison.
    page.reload()
    table = page.locator("table.alignment-table").first
    assert table.is_visible()
    assert "稟議に3か月かかる" in table.inner_text() and "1週間で決めます" in table.inner_text()
    assert table.locator("tr.gap").count() >= 3
    assert_accessible(page, "alignment side by side (corporate)")
    journey.shot(page, "alignment-corporate-gaps")
    doc_shot(page, "alignment-gaps", table)

    # Risk of project A: partner fit with its evidence.
    page.goto(f"/risk/project/{project.pk}/")
    partner_fit = page.locator("section.cause", has=page.locator("#cause-partner_fit"))
    assert partner_fit.is_visible()
    assert partner_fit.locator("ul li").count() > 0
    partner_fit.scroll_into_view_if_needed()
    assert_accessible(page, "risk of project A")
    journey.shot(page, "risk-project-a")
    doc_shot(page, "risk-project-top")
    doc_shot(page, "risk-partner-fit", partner_fit)

    page.goto("/risk/")
    heat_map = page.locator("table.heatmap")
    assert heat_map.is_visible()
    assert heat_map.get_by_role("link", name=PROJECT_A).is_visible()
    assert_accessible(page, "risk heat map")
    journey.shot(page, "heat-map")
    doc_shot(page, "risk-heat-map")

    page.goto("/risk/warnings/")
    assert page.get_by_role("heading", name="警告", exact=True).is_visible()
    assert page.locator("main table tbody tr").count() > 0
    assert_accessible(page, "warnings")
    journey.shot(page, "warnings")
    doc_shot(page, "risk-warnings")

"""Projects journey: the demo owner sets up a project (charter, gate, decision) and shares it with the partner,
who sees only the shared records in a second browser and adds a log entry."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from kyoso.accounts.demo_data import load_demo
from kyoso.core.demo import DEMO_OWNER_EMAIL, DEMO_PARTNER_EMAIL, DEMO_PASSWORD
from kyoso.projects.models import (
    ExpectedBenefit,
    GateCriterion,
    GateDecision,
    LogEntry,
    PartnerAccess,
    Project,
)
from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "需要予測AIによる在庫最適化"
INTERNAL_COMMENT = "社内限定：予算は来期に削減の可能性あり"
SHARED_LOG = "キックオフ会議：検証データの受け渡し方法を合意"
PARTNER_LOG = "先方より：学習データの初回分析結果を共有"


def _form(page: Any, button: str) -> Any:
    """The form holding the submit button `button` (several forms on a tab share field labels)."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def _settle(page: Any) -> None:
    page.wait_for_load_state("networkidle")


def test_owner_sets_up_a_project_and_the_partner_sees_only_the_shared_space(journey: Any) -> None:
    load_demo()
    today = timezone.localdate()
    owner = journey.new_page()
    log_in(owner, DEMO_OWNER_EMAIL, DEMO_PASSWORD)

    # 1. a new project with its purpose charter
    owner.goto("/projects/new/")
    owner.locator("#id_title").fill(TITLE)  # several apps translate "title"; the field's id is stable
    owner.get_by_label("連携先の組織").fill("フォーキャストAI株式会社")
    owner.get_by_label("目的の区分").select_option("improve_existing")
    owner.get_by_label("具体的な目標").fill("欠品率を半減させ、在庫回転日数を20%短縮する")
    owner.get_by_label("連携先と組む理由（自社単独ではない理由）").fill(
        "需要予測の機械学習モデルを社内で持っていない"
    )
    journey.shot(owner, "create-form")
    owner.get_by_role("button", name="保存").click()
    _settle(owner)
    project = Project.objects.get(title=TITLE)
    assert owner.url.endswith(f"/projects/{project.pk}/")

    owner.goto(f"/projects/{project.pk}/charter/")
    benefit = _form(owner, "期待効果を追加")
    benefit.get_by_label("指標").fill("欠品率の削減")
    benefit.get_by_label("目標値").fill("50")
    benefit.get_by_label("単位").fill("%")
    benefit.get_by_label("期限").fill((today + dt.timedelta(days=365)).isoformat())
    benefit.get_by_role("button", name="期待効果を追加").click()
    _settle(owner)
    expect(owner.get_by_role("cell", name="欠品率の削減")).to_be_visible()
    assert ExpectedBenefit.objects.get(project=project).is_numeric
    journey.shot(owner, "charter-with-numeric-benefit")

    # 2. The exploration gate's criteria (what must hold before a PoC starts), then the decision:
    # a Go on the current stage's gate is what moves the project to PoC
    owner.goto(f"/projects/{project.pk}/gates/")
    gate_form = _form(owner, "判定基準を保存")
    gate_form.get_by_label("ステージ").select_option("exploration")
    gate_form.get_by_label("Go/No-go判定基準（1行に1つ）").fill(
        "予測誤差(MAPE)15%以下\n現場担当者が週次で利用できる"
    )
    gate_form.get_by_label("判定予定日").fill((today + dt.timedelta(days=14)).isoformat())
    gate_form.get_by_role("button", name="判定基準を保存").click()
    _settle(owner)
    expect(owner.get_by_text("予測誤差(MAPE)15%以下")).to_be_visible()
    journey.shot(owner, "gate-criteria")

    owner.get_by_role("link", name="判定を記録").click()
    _settle(owner)
    criteria = list(GateCriterion.objects.filter(gate__project=project).order_by("id"))
    owner.get_by_label("Go(継続)").check()
    for criterion in criteria:
        owner.locator(f"select[name=met_{criterion.pk}]").select_option("yes")
        owner.locator(f"textarea[name=evidence_{criterion.pk}]").fill("事前検証の結果で確認")
    owner.get_by_label("判断理由").fill("両基準とも事前検証で達成見込み。PoCに進む。")
    journey.shot(owner, "gate-decision-form")
    owner.get_by_role("button", name="判定を記録").click()
    _settle(owner)
    expect(owner.get_by_text("ゲート判定を記録しました。")).to_be_visible()
    assert GateDecision.objects.filter(gate__project=project, decision="go").exists()
    project.refresh_from_db()
    assert project.stage == "poc"
    expect(owner.locator("#project-stage")).to_contain_text("PoC")
    journey.shot(owner, "gate-decided")

    # 3. a shared milestone, a shared log entry and an internal comment
    owner.goto(f"/projects/{project.pk}/progress/")
    milestone = _form(owner, "マイルストーンを追加")
    milestone.locator("[name=title]").fill("検証データの受け渡し")
    milestone.get_by_label("期限").fill((today + dt.timedelta(days=30)).isoformat())
    milestone.get_by_label("公開範囲").select_option("shared")
    milestone.get_by_role("button", name="マイルストーンを追加").click()
    _settle(owner)
    expect(owner.get_by_text("検証データの受け渡し").first).to_be_visible()

    owner.goto(f"/projects/{project.pk}/communication/")
    log = _form(owner, "記録を追加")
    log.get_by_label("日付").fill(today.isoformat())
    log.get_by_label("メモ").fill(SHARED_LOG)
    log.get_by_label("公開範囲").select_option("shared")
    log.get_by_role("button", name="記録を追加").click()
    _settle(owner)
    expect(owner.get_by_text(SHARED_LOG)).to_be_visible()

    owner.goto(f"/projects/{project.pk}/")
    note = _form(owner, "コメントを追加")
    note.get_by_label("コメント").fill(INTERNAL_COMMENT)
    note.get_by_label("公開範囲").select_option("internal")
    note.get_by_role("button", name="コメントを追加").click()
    _settle(owner)
    expect(owner.get_by_text(INTERNAL_COMMENT)).to_be_visible()

    # 4. invite the partner to the shared space
    owner.goto(f"/projects/{project.pk}/sharing/")
    invite = _form(owner, "連携先を招待する")
    invite.get_by_label("連携先担当者のメールアドレス").fill(DEMO_PARTNER_EMAIL)
    invite.get_by_label("組織").fill("フォーキャストAI株式会社")
    invite.get_by_role("button", name="連携先を招待する").click()
    _settle(owner)
    expect(owner.get_by_text("招待を送信しました。")).to_be_visible()
    journey.shot(owner, "partner-invited")
    link = re.search(r"https?://\S+/projects/join/\S+/", mail.outbox[-1].body)
    assert link is not None and mail.outbox[-1].to == [DEMO_PARTNER_EMAIL]

    # 5. the partner, in a second browser: joins, sees the shared records, not the internal comment
    partner = journey.new_page()
    log_in(partner, DEMO_PARTNER_EMAIL, DEMO_PASSWORD)
    partner.goto(link.group(0))
    journey.shot(partner, "join")
    partner.get_by_role("button", name="参加する").click()
    _settle(partner)
    assert partner.url.endswith(f"/projects/shared/{project.pk}/")
    assert PartnerAccess.objects.filter(project=project, user__email=DEMO_PARTNER_EMAIL).exists()
    expect(partner.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(partner.get_by_role("cell", name="検証データの受け渡し", exact=True)).to_be_visible()
    expect(partner.get_by_text(SHARED_LOG)).to_be_visible()
    content = partner.content()
    assert INTERNAL_COMMENT not in content
    assert "欠品率の削減" not in content  # the charter is internal
    journey.shot(partner, "shared-space")

    log = _form(partner, "記録を追加")
    log.get_by_label("日付").fill(today.isoformat())
    log.get_by_label("メモ").fill(PARTNER_LOG)
    log.get_by_role("button", name="記録を追加").click()
    _settle(partner)
    expect(partner.get_by_text(PARTNER_LOG)).to_be_visible()
    assert INTERNAL_COMMENT not in partner.content()
    assert LogEntry.objects.get(project=project, note=PARTNER_LOG).by_partner
    journey.shot(partner, "partner-log-added")

    # the internal project page stays closed to the partner
    response = partner.goto(f"/projects/{project.pk}/")
    assert response is not None and response.status in {403, 404} or "/projects/shared/" in partner.url
    assert INTERNAL_COMMENT not in partner.content()

    # the corporate side sees the partner's entry in its log
    owner.goto(f"/projects/{project.pk}/communication/")
    expect(owner.get_by_text(PARTNER_LOG)).to_be_visible()
    journey.shot(owner, "owner-sees-partner-log")

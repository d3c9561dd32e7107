"""Single sign-on in Chromium: the work address on Kyoso's page, the company's (test) OpenID
Connect provider in another process, and back into the workspace as a new member."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from kyoso.accounts.models import Membership, Role, User, Workspace
from tests.conftest import add_member, make_user
from tests.sso.conftest import oidc_idp  # noqa: F401 - the provider process, shared with tests/sso
from tests.sso.helpers import configure_oidc, verified_domain

pytestmark = pytest.mark.django_db(transaction=True)


@override_settings(KYOSO_SSO_ALLOW_PRIVATE=True)
def test_a_new_colleague_signs_in_through_the_company_idp(journey: Any, oidc_idp: Any) -> None:  # noqa: F811
    workspace = Workspace.objects.create(name="株式会社サンプル 新規事業開発部", slug="sample")
    owner = make_user("owner@corp.example", "オーナー")
    add_member(workspace, owner, Role.OWNER)
    verified_domain(workspace, "corp.example")
    configure_oidc(workspace, owner, oidc_idp, role=Role.MEMBER, site=journey.base_url)

    page = journey.new_page()
    page.goto("/sso/")
    page.get_by_label("勤務先のメールアドレス").fill("taro@corp.example")
    journey.shot(page, "work-address")
    page.get_by_role("button", name="次へ").click()
    page.wait_for_url(f"{oidc_idp.base}/login/**")
    page.get_by_label("Username").fill("taro")
    page.get_by_label("Password").fill("idp-pass-taro")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{journey.base_url}/**")
    page.wait_for_load_state("networkidle")
    journey.shot(page, "signed-in")
    assert page.get_by_role("heading", name="株式会社サンプル 新規事業開発部").is_visible()
    taro = User.objects.get(email="taro@corp.example")
    assert Membership.objects.get(user=taro, workspace=workspace).role == Role.MEMBER

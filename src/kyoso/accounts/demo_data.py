"""The demo workspace, its people, and the loaders of every app."""

from __future__ import annotations

from django.db import transaction

from kyoso.accounts.models import Membership, Role, User, Workspace
from kyoso.core.demo import (
    DEMO_OWNER_EMAIL,
    DEMO_PARTNER_EMAIL,
    DEMO_PASSWORD,
    DEMO_WORKSPACE_NAME,
    DEMO_WORKSPACE_SLUG,
    DemoContext,
    demo_loaders,
)

COLLEAGUES = [
    ("suzuki@kyoso.example", "鈴木 一郎", Role.MEMBER, "製造事業部"),
    ("takahashi@kyoso.example", "高橋 美咲", Role.EXECUTIVE, "経営企画本部"),
    ("tanaka@kyoso.example", "田中 健", Role.VIEWER, "法務・知財部"),
]


def demo_exists() -> bool:
    return Workspace.objects.filter(slug=DEMO_WORKSPACE_SLUG).exists()


@transaction.atomic
def load_demo() -> DemoContext:
    owner = User.objects.create_user(DEMO_OWNER_EMAIL, DEMO_PASSWORD, name="山田 花子 (デモ)")
    partner = User.objects.create_user(DEMO_PARTNER_EMAIL, DEMO_PASSWORD, name="佐藤 翔 (ビジョンテック)")
    workspace = Workspace.objects.create(name=DEMO_WORKSPACE_NAME, slug=DEMO_WORKSPACE_SLUG)
    Membership.objects.create(
        workspace=workspace, user=owner, role=Role.OWNER, business_unit="オープンイノベーション推進室"
    )
    for email, name, role, unit in COLLEAGUES:
        user = User.objects.create_user(email, DEMO_PASSWORD, name=name)
        Membership.objects.create(workspace=workspace, user=user, role=role, business_unit=unit)
    context = DemoContext(workspace=workspace, owner=owner, partner_user=partner)
    for loader in demo_loaders():
        loader.load(context)
    return context

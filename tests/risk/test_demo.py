"""The demo: case A/B/C projects answered in the alignment check and diagnosed on first login."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kyoso.accounts.demo_data import load_demo
from kyoso.alignment.models import AlignmentRound
from kyoso.risk.models import Diagnosis, RiskWarning

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    return load_demo()


def test_the_seed_cases_come_out_with_their_causes_on_top(demo):
    expected = {
        "project_a": {"partner_fit"},
        "project_b": {"ip_contract"},
        "project_c": {"communication", "purpose"},
    }
    for key, causes in expected.items():
        project = demo.objects.get(key)
        if project is None:
            pytest.skip("the projects demo has no case A-C projects")
        d = Diagnosis.objects.get(project=project, is_current=True)
        assert d.top_cause in causes, (key, d.scores())
        assert AlignmentRound.objects.get(project=project).is_revealed


def test_the_heat_map_is_filled_on_first_login(demo):
    client = Client()
    client.force_login(demo.owner, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("risk:index")).content.decode()
    assert "未診断" not in page
    assert Diagnosis.objects.filter(is_current=True).count() == demo.workspace.projects.count()
    assert RiskWarning.objects.filter(kind="alignment_gap_critical").exists()
    assert "panel-warnings-title" in client.get(reverse("core:dashboard")).content.decode()


def test_the_demo_partner_sees_the_comparison_but_no_risk(demo):
    project = demo.objects.get("project_a")
    if project is None:
        pytest.skip("the projects demo has no case A-C projects")
    client = Client()
    client.force_login(demo.partner_user, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("alignment:shared", args=[project.pk])).content.decode()
    assert "検査工程の不良見逃し率を半減" in page  # the corporate's KPI, revealed after both answered
    assert "連携先とのミスマッチ" not in page
    assert client.get(reverse("risk:project", args=[project.pk])).status_code == 302

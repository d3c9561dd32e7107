"""Fixes from the newcomer walk: deletes that say what they delete, the KPI direction as an explicit
choice, no on-track status for stopped projects, decided gates read-only."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from kyoso.api.projects_schemas import KpiIn
from kyoso.core.errors import DomainError
from kyoso.projects import services
from kyoso.projects.forms import KpiForm
from kyoso.projects.models import Gate, Kpi, KpiMeasurement, Project

from .conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def kpi(project: Project, owner) -> Kpi:
    kpi = services.add_kpi(
        project=project, by=owner, name="欠品率", target=5, unit="%", horizon_months=6, higher_is_better=False
    )
    for n, value in enumerate((12.5, 9.0)):
        services.add_measurement(kpi=kpi, by=owner, measured_on=days_ago(10 - n), value=value)
    return kpi


def _forms(page: str) -> list[str]:
    return re.findall(r"<form\b[^>]*>", page)


# --------------------------------------------------------------------------- deleting


def test_every_delete_on_the_progress_tab_asks_naming_the_record_and_what_goes_with_it(
    project, kpi, owner, member, login
):
    services.add_milestone(project=project, by=owner, title="現場検証の完了", due=days_ago(-30))
    client = login(member)
    page = client.get(reverse("projects:tab", args=[project.pk, "progress"])).content.decode()
    deletes = [f for f in _forms(page) if "/delete/" in f]
    assert len(deletes) == 2
    assert all("data-confirm=" in f for f in deletes), deletes
    text = html.unescape(" ".join(deletes))
    assert "欠品率" in text and "2" in text and "現場検証の完了" in text


def test_deleting_a_kpi_says_what_was_deleted(project, kpi, member, login):
    client = login(member)
    url = reverse("projects:record_delete", args=[project.pk, "kpi", kpi.pk])
    response = client.post(url, {"next": reverse("projects:tab", args=[project.pk, "progress"])}, follow=True)
    page = response.content.decode()
    assert (
        not Kpi.objects.filter(pk=kpi.pk).exists()
        and not KpiMeasurement.objects.filter(kpi_id=kpi.pk).exists()
    )
    notice = re.search(r'<ul class="messages">(.*?)</ul>', page, re.S).group(1)
    assert "欠品率" in notice and "2" in notice


# --------------------------------------------------------------------------- KPI direction


def test_the_kpi_form_has_no_default_direction_and_requires_one(project):
    unbound = KpiForm().as_div()
    assert 'name="higher_is_better"' in unbound and "checked" not in unbound
    data = {"name": "欠品率", "target": "5", "unit": "%", "horizon_months": "6", "visibility": "internal"}
    form = KpiForm(data)
    assert not form.is_valid() and "higher_is_better" in form.errors
    form = KpiForm({**data, "higher_is_better": "False"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["higher_is_better"] is False


def test_a_lower_is_better_kpi_above_target_is_not_reached_and_says_its_direction(
    project, kpi, member, login
):
    page = login(member).get(reverse("projects:tab", args=[project.pk, "progress"])).content.decode()
    assert "目標達成" not in page.replace("目標未達", "")
    assert "低いほど良い" in page


def test_the_api_keeps_higher_is_better_as_its_documented_default():
    assert KpiIn(name="検出率", target=95, unit="%", horizon_months=6).higher_is_better is True


# --------------------------------------------------------------------------- stopped projects, decided gates


def test_a_stopped_project_shows_no_on_track_status(project, owner, member, login):
    gate = services.create_gate(project=project, by=owner, stage="poc", criteria=["検出率95%以上"])
    services.decide_gate(gate=gate, by=owner, decision="no_go", note="精度不足")
    project.refresh_from_db()
    assert project.stage == "stopped" and project.status_colour == "green"
    page = login(member).get(reverse("projects:list")).content.decode()
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*" + re.escape(project.title) + r".*?</tr>", page, re.S).group(0)
    assert "順調" not in row and "—" in row
    assert (
        login(member).get(reverse("projects:list") + "?status=green").content.decode().count(project.title)
        == 0
    )


def test_a_decided_gate_is_read_only_and_hides_an_empty_evidence_table(project, owner, member, login):
    gate = services.create_gate(project=project, by=owner, stage="poc", criteria=["検出率95%以上"])
    services.decide_gate(gate=gate, by=member, decision="go", decided_on=dt.date.today(), note="達成")
    client = login(member)
    page = client.get(reverse("projects:tab", args=[project.pk, "gates"])).content.decode()
    assert reverse("projects:gate_decide", args=[project.pk, gate.pk]) not in page
    assert reverse("projects:criterion_add", args=[project.pk, gate.pk]) not in page
    assert '<th scope="col">根拠</th>' not in page  # no evidence was recorded: no empty table
    response = client.get(reverse("projects:gate_decide", args=[project.pk, gate.pk]))
    assert response.status_code == 302
    with pytest.raises(DomainError):
        services.decide_gate(
            gate=Gate.objects.get(pk=gate.pk), by=member, decision="extend", extended_to=days_ago(-9)
        )

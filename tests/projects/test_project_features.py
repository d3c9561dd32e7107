"""Charter completeness, gates, KPI chart, cadence lapses, red flags, snapshot export, bad input, bounded queries."""

from __future__ import annotations

import datetime as dt
import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from kyoso.accounts.models import AuditAction, AuditEvent
from kyoso.core.errors import DomainError
from kyoso.projects import red_flags, selectors, services
from kyoso.projects.models import Contract, Gate, LogEntry, Project
from kyoso.projects.snapshot import build_snapshot, snapshot_queryset

from .conftest import days_ago

ENUMS = {
    "type": {"inbound", "outbound"},
    "stage": {"exploration", "poc", "pilot", "commercialisation", "stopped"},
    "purpose_category": {"new_technology", "improve_existing", "new_business", "other", None},
    "level": {"executive", "director", "manager", None},
    "decision": {"go", "no_go", None},
    "status": {"draft", "negotiating", "signed", "terminated"},
    "foreground_ip_owner": {"corporate", "partner", "joint", "undecided", None},
    "publication": {"allowed", "allowed_after_review", "forbidden", "undecided", None},
}


def test_charter_incomplete_is_shown_not_blocked(project, owner, login):
    client = login(owner)
    html = client.get(reverse("projects:tab", args=[project.pk, "charter"])).content.decode()
    assert "No expected benefit" in html or "数値" in html
    services.add_benefit(
        project=project, by=owner, metric="検査工数削減", target=30, unit="%", by_date=days_ago(-100)
    )
    s = services.add_stakeholder(project=project, by=owner, name="製造部長")
    services.acknowledge(stakeholder=s, by=owner, comment="了承")
    services.update_charter(
        project=project,
        by=owner,
        purpose_category="new_technology",
        goal="工数30%削減",
        why_partner="社内に人材がいない",
    )
    gaps = selectors.charter_gaps(project, list(project.benefits.all()), list(project.stakeholders.all()))
    assert gaps == []


def test_benefit_target_without_unit_is_refused(project, owner, login):
    response = login(owner).post(
        reverse("projects:benefit_add", args=[project.pk]), {"metric": "削減", "target": "30"}
    )
    assert response.status_code == 400
    assert "unit" in response.content.decode() or "単位" in response.content.decode()
    assert project.benefits.count() == 0


def test_gate_without_criteria_is_refused_and_decision_needs_criteria(project, owner):
    with pytest.raises(DomainError) as exc:
        services.create_gate(project=project, by=owner, stage="poc", criteria=["", "  "])
    assert exc.value.field == "criteria"
    gate = Gate.objects.create(project=project, stage="pilot")
    with pytest.raises(DomainError) as exc:
        services.decide_gate(gate=gate, by=owner, decision="go")
    assert exc.value.field == "decision"


def test_gate_extend_and_no_go(project, owner):
    gate = services.create_gate(
        project=project, by=owner, stage="poc", criteria=["検出率95%"], due=days_ago(1)
    )
    with pytest.raises(DomainError):
        services.decide_gate(gate=gate, by=owner, decision="extend")
    services.decide_gate(gate=gate, by=owner, decision="extend", extended_to=days_ago(-30), note="データ追加")
    gate.refresh_from_db()
    assert gate.due == days_ago(-30)
    with pytest.raises(DomainError) as exc:
        services.decide_gate(gate=gate, by=owner, decision="no_go")
    assert exc.value.field == "note"
    services.decide_gate(gate=gate, by=owner, decision="no_go", note="精度が出ない")
    project.refresh_from_db()
    assert project.stage == "stopped" and project.stopped_reason == "精度が出ない"


def test_stage_change_rules(project, owner):
    with pytest.raises(DomainError) as exc:
        services.change_stage(project=project, by=owner, stage="stopped")
    assert exc.value.field == "reason"
    with pytest.raises(DomainError) as exc:
        services.change_stage(project=project, by=owner, stage="pilot", reason="前倒し", on=days_ago(100))
    assert exc.value.field == "on"
    services.change_stage(project=project, by=owner, stage="pilot", reason="前倒し", on=days_ago(1))
    assert [h.stage for h in project.stage_history.all()] == ["poc", "pilot"]
    assert project.stage_history.first().left_on == days_ago(1)


def test_poc_overrun_is_visible(project, owner, login):
    services.update_project(project=project, by=owner, poc_planned_end=days_ago(10), poc_deliverable="報告書")
    assert project.poc_overrun_days == 10
    html = login(owner).get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "10" in html and "PoC" in html


def test_kpi_requires_unit_and_chart_renders(project, owner, login):
    with pytest.raises(DomainError) as exc:
        services.add_kpi(project=project, by=owner, name="検出率", target=95, unit="", horizon_months=6)
    assert exc.value.field == "unit"
    kpi = services.add_kpi(project=project, by=owner, name="検出率", target=95, unit="%", horizon_months=6)
    for ago, v in [(60, 80.0), (30, 90.0), (1, 96.0)]:
        services.add_measurement(kpi=kpi, by=owner, measured_on=days_ago(ago), value=v)
    chart = selectors.kpi_chart(kpi, list(kpi.measurements.all()))
    assert chart and chart["reached"] and len(chart["points"]) == 3
    xs = [p["x"] for p in chart["points"]]
    assert xs == sorted(xs)
    html = login(owner).get(reverse("projects:tab", args=[project.pk, "progress"])).content.decode()
    assert "<svg" in html and "<polyline" in html and ">96%</td>" in html  # table alternative


def test_kpi_heading_chart_and_table_show_one_number_format(project, owner, login):
    """The heading said 95.0% while the chart said 95%: both, and the table, go through `|measure`."""
    kpi = services.add_kpi(project=project, by=owner, name="検出率", target=95.0, unit="%", horizon_months=6)
    for ago, v in [(30, 90.0), (1, 96.5)]:
        services.add_measurement(kpi=kpi, by=owner, measured_on=days_ago(ago), value=v)
    html = login(owner).get(reverse("projects:tab", args=[project.pk, "progress"])).content.decode()
    assert "目標値 95%" in html  # the heading
    assert html.count("95%") >= 2  # heading and the chart's target label
    assert ">90%</td>" in html and ">96.5%</td>" in html  # whole values lose ".0", decimals stay
    assert not re.search(r"\d\.0%", html), re.findall(r".{40}\d\.0%", html)


def test_cadence_lapses():
    start = dt.date(2026, 1, 1)
    today = dt.date(2026, 3, 31)
    cal = selectors.cadence_calendar(
        14, [dt.date(2026, 1, 10), dt.date(2026, 1, 20), dt.date(2026, 3, 1)], start=start, today=today
    )
    lapses = [(lp.start, lp.end) for lp in cal["lapses"]]
    assert (dt.date(2026, 2, 4), dt.date(2026, 3, 1)) in lapses
    assert cal["lapses"][-1].ongoing and cal["overdue"] and cal["days_since_contact"] == 30
    assert any(w["lapse"] for w in cal["weeks"]) and any(w["contacts"] for w in cal["weeks"])
    ok = selectors.cadence_calendar(
        14,
        [today - dt.timedelta(days=d) for d in range(0, 90, 10)],
        start=today - dt.timedelta(days=85),
        today=today,
    )
    assert ok["lapses"] == [] and not ok["overdue"]


def test_communication_tab_shows_lapse(project, owner, login):
    services.update_communication_plan(
        project=project,
        by=owner,
        cadence_days=7,
        channels=["meeting"],
        corporate_owner=owner,
        partner_owner="佐藤",
    )
    LogEntry.objects.create(project=project, date=days_ago(40), kind="meeting", parties="both")
    Project.objects.filter(pk=project.pk).update(created_at=project.created_at - dt.timedelta(days=60))
    html = login(owner).get(reverse("projects:tab", args=[project.pk, "communication"])).content.decode()
    assert "Contact overdue" in html or "連絡が滞って" in html


def test_log_entry_in_future_is_refused(project, owner, login):
    response = login(owner).post(
        reverse("projects:log_add", args=[project.pk]),
        {"date": days_ago(-3).isoformat(), "kind": "meeting", "parties": "both", "visibility": "internal"},
    )
    assert response.status_code == 400
    assert LogEntry.objects.count() == 0


def test_sponsor_engagement_from_log(project, owner, executive):
    project.sponsor_user = executive
    project.save()
    services.add_log_entry(
        project=project, by=owner, date=days_ago(2), kind="meeting", parties="both", sponsor_attended=True
    )
    project.refresh_from_db()
    assert project.sponsor_last_engaged == days_ago(2)


# --------------------------------------------------------------------------- red flags


def test_red_flags_case_b_signed_with_ip_undecided():
    terms = {
        "foreground_ip_owner": "undecided",
        "background_ip_listed": False,
        "exclusivity": {"field": None, "months": None},
    }
    keys = {f.key for f in red_flags.red_flags("joint_development", "signed", terms, lang="en")}
    assert {"ip_open_at_signature", "background_not_listed", "exclusivity_unlimited"} <= keys


def test_red_flags_unpaid_poc_and_nda_traps():
    poc = {
        f.key for f in red_flags.red_flags("poc", "draft", {"fee_jpy": 0, "foreground_ip_owner": "corporate"})
    }
    assert {
        "unpaid_poc",
        "poc_no_deliverable",
        "poc_no_end",
        "no_decision_deadline",
        "ip_all_to_corporate",
    } <= poc
    nda = {
        f.key
        for f in red_flags.red_flags(
            "nda",
            "draft",
            {
                "mutual": False,
                "oral_disclosures_covered": False,
                "purpose_limited": False,
                "confidential_months_after_end": 6,
                "decision_deadline_days": 60,
            },
        )
    }
    assert nda == {"nda_one_way", "nda_marked_only", "nda_purpose", "nda_short_confidentiality"}
    good = red_flags.red_flags(
        "nda",
        "signed",
        {
            "mutual": True,
            "oral_disclosures_covered": True,
            "purpose_limited": True,
            "confidential_months_after_end": 36,
            "decision_deadline_days": 60,
        },
    )
    assert good == []
    flags = red_flags.red_flags(
        "license",
        "signed",
        {
            "improvements_grant_back": "partner_only",
            "free_license_to_corporate": True,
            "non_compete_months_after_end": 12,
        },
        lang="ja",
    )
    assert {f.key for f in flags} == {"one_sided_grant_back", "free_license", "non_compete_after_end"}
    assert all(f.reason and f.model_default for f in flags)


def test_contract_page_shows_flags_and_open_points(project, owner, login):
    services.create_contract(
        project=project,
        by=owner,
        kind="joint_development",
        status="signed",
        signed_on=days_ago(10),
        title="共同開発契約",
        foreground_ip_owner="joint",
    )
    html = login(owner).get(reverse("projects:tab", args=[project.pk, "contracts"])).content.decode()
    assert "73" in html  # co-ownership without consent: Patent Act §73
    with pytest.raises(DomainError) as exc:
        services.create_contract(project=project, by=owner, kind="nda", status="signed")
    assert exc.value.field == "signed_on"


def test_red_flags_module_has_no_django_import():
    source = open(red_flags.__file__, encoding="utf-8").read()
    assert "django" not in source.lower().replace("no django", "")


# --------------------------------------------------------------------------- snapshot


def _full_project(project, owner):
    services.update_charter(
        project=project,
        by=owner,
        purpose_category="new_technology",
        goal="外観検査の自動化",
        why_partner="AI人材",
    )
    services.add_benefit(
        project=project, by=owner, metric="工数削減", target=30, unit="%", by_date=days_ago(-300)
    )
    s = services.add_stakeholder(project=project, by=owner, name="製造部長")
    services.add_stakeholder(project=project, by=owner, name="品質保証部長")
    services.acknowledge(stakeholder=s, by=owner)
    services.update_sponsor(
        project=project,
        by=owner,
        user=None,
        name="取締役 山本",
        level="executive",
        budget_until=days_ago(-365),
    )
    services.create_gate(
        project=project, by=owner, stage="poc", criteria=["検出率95%以上"], due=days_ago(-30)
    )
    services.add_milestone(project=project, by=owner, title="プロトタイプ完成", due=days_ago(10))
    services.add_kpi(project=project, by=owner, name="検出率", target=95, unit="%", horizon_months=6)
    services.update_communication_plan(
        project=project,
        by=owner,
        cadence_days=14,
        channels=["meeting", "chat"],
        corporate_owner=owner,
        partner_owner="",
    )
    services.add_log_entry(
        project=project, by=owner, date=days_ago(5), kind="meeting", parties="both", note="定例"
    )
    services.create_contract(
        project=project,
        by=owner,
        kind="joint_development",
        status="signed",
        signed_on=days_ago(20),
        exclusive=True,
        exclusivity_field="外観検査",
        exclusivity_months=36,
        purpose_limited=True,
        foreground_ip_owner="undecided",
    )


def test_snapshot_round_trip_and_enums(project, owner):
    _full_project(project, owner)
    snap = build_snapshot(snapshot_queryset().get(pk=project.pk), as_of=dt.date(2026, 6, 30))
    assert snap["kyoso_snapshot"] == 1 and snap["as_of"] == "2026-06-30"
    p = snap["project"]
    assert p["title"] == project.title and p["stage"] == "poc" and p["type"] == "inbound"
    assert p["charter"]["expected_benefits"] == [
        {"metric": "工数削減", "target": 30, "unit": "%", "by": days_ago(-300).isoformat()}
    ]
    assert p["charter"]["stakeholders"] == ["製造部長", "品質保証部長"] and p["charter"][
        "acknowledged_by"
    ] == ["製造部長"]
    assert p["sponsor"]["name"] == "取締役 山本" and p["sponsor"]["level"] == "executive"
    assert p["gates"][0]["criteria"] == ["検出率95%以上"] and p["gates"][0]["decision"] is None
    assert p["milestones"] == [
        {"title": "プロトタイプ完成", "due": days_ago(10).isoformat(), "done_on": None}
    ]
    assert p["kpis"][0] == {"name": "検出率", "target": 95, "unit": "%", "horizon_months": 6}
    assert p["communication"]["cadence_days"] == 14 and p["communication"]["log"][0]["parties"] == [
        "corporate",
        "partner",
    ]
    c = p["contracts"][0]
    assert (
        c["terms"]["exclusivity"] == {"field": "外観検査", "months": 36}
        and c["terms"]["foreground_ip_owner"] == "undecided"
    )
    assert snap["parties"]["partner"]["name"] == "ビジョンテック"
    for key, allowed in ENUMS.items():
        for value in _values(snap, key):
            assert value in allowed, (key, value)
    assert all(x["kind"] in {"nda", "poc", "joint_development", "license"} for x in p["contracts"])
    assert all(x["kind"] in {"meeting", "call", "email", "chat"} for x in p["communication"]["log"])
    assert snap["parties"]["partner"]["kind"] in {"corporate", "startup", "university", "public"}
    json.dumps(snap)  # serialisable


def _values(obj, key):
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == key and not isinstance(v, (dict, list)):
                yield v
            yield from _values(v, key)
    elif isinstance(obj, list):
        for item in obj:
            yield from _values(item, key)


def test_snapshot_parses_with_the_diagnosis_engine(project, owner):
    from kyoso.engine.diagnosis.snapshot import parse_snapshot as parse

    _full_project(project, owner)
    parsed = parse(json.loads(json.dumps(build_snapshot(snapshot_queryset().get(pk=project.pk)))))
    assert parsed.project.title == project.title
    assert parsed.project.contracts[0].terms.exclusivity.months == 36


def test_snapshot_queries_are_bounded(project, owner, django_assert_max_num_queries):
    _full_project(project, owner)
    for i in range(5):
        services.add_milestone(project=project, by=owner, title=f"M{i}", due=days_ago(-i))
    with django_assert_max_num_queries(14):
        build_snapshot(snapshot_queryset().get(pk=project.pk))


def test_export_snapshot_command(project, owner, tmp_path):
    _full_project(project, owner)
    out = tmp_path / "snap.json"
    call_command("export-snapshot", str(project.pk), "--out", str(out), "--as-of", "2026-06-30")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["kyoso_snapshot"] == 1 and data["project"]["title"] == project.title
    assert AuditEvent.objects.filter(action="export", model="projects.Project").exists()
    buf = StringIO()
    call_command("export-snapshot", str(project.pk), stdout=buf)
    assert json.loads(buf.getvalue())["as_of"]


@pytest.mark.parametrize(
    "args,needle",
    [(["abc"], "PROJECT_ID"), (["999999"], "no project"), (["1", "--as-of", "2026-13-01"], "--as-of")],
)
def test_export_snapshot_bad_input(args, needle, capsys, db):
    with pytest.raises(SystemExit) as exc:
        call_command("export-snapshot", *args)
    assert exc.value.code == 2
    assert needle in capsys.readouterr().err


def test_export_view_downloads_and_audits(project, owner, login):
    response = login(owner).get(reverse("projects:export", args=[project.pk]))
    assert response.status_code == 200 and json.loads(response.content)["kyoso_snapshot"] == 1
    assert AuditEvent.objects.filter(action="export", user=owner).exists()


# --------------------------------------------------------------------------- portfolio and create


def test_create_project_flow_and_bad_input(owner, login):
    client = login(owner)
    bad = client.post(
        reverse("projects:create"),
        {
            "title": " ",
            "type": "inbound",
            "stage": "exploration",
            "status_colour": "green",
            "partner_kind": "startup",
        },
    )
    assert bad.status_code == 400 and Project.objects.count() == 0
    ok = client.post(
        reverse("projects:create"),
        {
            "title": "新規案件",
            "type": "outbound",
            "stage": "exploration",
            "status_colour": "green",
            "partner_name": "テックA",
            "partner_kind": "startup",
            "goal": "売上1億円",
            "owner": owner.pk,
        },
    )
    assert ok.status_code == 302
    project = Project.objects.get(title="新規案件")
    assert project.parties.filter(side="partner", name="テックA").exists() and project.goal == "売上1億円"


@pytest.mark.parametrize("size", [3, 30])
def test_portfolio_queries_are_bounded(size, workspace, owner, login, django_assert_max_num_queries):
    for i in range(size):
        p = services.create_project(
            workspace=workspace, by=owner, title=f"案件{i}", partner_name=f"社{i}", business_unit="製造"
        )
        services.add_milestone(project=p, by=owner, title="m", due=days_ago(3))
    client = login(owner)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("projects:list") + "?business_unit=製造&sort=title")
    assert response.status_code == 200
    assert "案件0" in response.content.decode()


def test_portfolio_filters(workspace, owner, login):
    services.create_project(workspace=workspace, by=owner, title="探索中", partner_name="A")
    services.create_project(workspace=workspace, by=owner, title="PoC中", stage="poc", partner_name="B社")
    html = login(owner).get(reverse("projects:list") + "?stage=poc").content.decode()
    assert "PoC中" in html and "探索中" not in html
    html = login(owner).get(reverse("projects:list") + "?partner=B社").content.decode()
    assert "PoC中" in html and "探索中" not in html


def test_all_tabs_render(project, owner, login):
    client = login(owner)
    for tab in ("charter", "gates", "progress", "communication", "contracts", "files", "sharing", "activity"):
        assert client.get(reverse("projects:tab", args=[project.pk, tab])).status_code == 200, tab
    assert client.get(reverse("projects:tab", args=[project.pk, "nope"])).status_code == 404


def test_project_changed_signal_fires_on_commit(project, owner, django_capture_on_commit_callbacks):
    from kyoso.projects.signals import project_changed

    seen = []
    project_changed.connect(
        lambda sender, project, **kw: seen.append(project.pk), weak=False, dispatch_uid="t"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.add_milestone(project=project, by=owner, title="x", due=days_ago(1))
        assert seen == [project.pk]
    finally:
        project_changed.disconnect(dispatch_uid="t")


def test_demo_loader_creates_the_three_cases(workspace, owner, db):
    from kyoso.core.demo import DemoContext
    from kyoso.projects.demo import load_demo_projects
    from tests.conftest import make_user

    partner = make_user("partner@kyoso.example")
    ctx = DemoContext(workspace=workspace, owner=owner, partner_user=partner)
    load_demo_projects(ctx)
    a, b, c = ctx.objects["project_a"], ctx.objects["project_b"], ctx.objects["project_c"]
    assert Project.objects.for_partner(partner).get() == a
    snap_b = build_snapshot(snapshot_queryset().get(pk=b.pk))
    jd = [x for x in snap_b["project"]["contracts"] if x["kind"] == "joint_development"][0]
    assert jd["status"] == "signed" and jd["terms"]["foreground_ip_owner"] == "undecided"
    assert (
        build_snapshot(snapshot_queryset().get(pk=c.pk))["project"]["charter"]["expected_benefits"][0][
            "target"
        ]
        is None
    )
    assert Project.objects.filter(workspace=workspace).count() == 6


@pytest.mark.parametrize("with_executive", [True, False])
def test_demo_executive_sponsor_and_mutual_ndas(workspace, owner, with_executive, request):
    from kyoso.core.demo import DemoContext
    from kyoso.projects.demo import load_demo_projects

    executive = request.getfixturevalue("executive") if with_executive else None
    ctx = DemoContext(workspace=workspace, owner=owner, partner_user=None)
    load_demo_projects(ctx)
    for key in ("project_b", "project_d", "project_e"):
        p = Project.objects.get(pk=ctx.objects[key].pk)
        assert p.sponsor_level == "executive", key
        assert p.sponsor_user == executive, key
        assert p.sponsor_name == ("" if with_executive else "高橋 美咲"), key
    ndas = Contract.objects.filter(title="相互秘密保持契約").order_by("signed_on")
    assert [(c.project_id, c.counterparty) for c in ndas] == [
        (ctx.objects["project_a"].pk, "ビジョンテック株式会社"),
        (ctx.objects["project_d"].pk, "グリーンセンシング株式会社"),
    ]
    for nda in ndas:
        assert (nda.kind, nda.status, nda.visibility) == ("nda", "signed", "shared")
        assert nda.mutual and nda.purpose_limited and nda.oral_disclosures_covered
        assert (nda.confidential_months_after_end, nda.decision_deadline_days) == (36, 60)


def test_activity_lists_changes_by_name_without_page_views(project, owner, login):
    """Opening the overview (which shows internal notes) is audited, but the activity tab lists what
    happened to the project, by people's names, not one row per visit."""
    project.internal_note = "社内だけのメモ"
    project.save()
    client = login(owner)
    for _ in range(3):
        client.get(reverse("projects:detail", args=[project.pk]))
    assert AuditEvent.objects.filter(object_id=str(project.pk), action=AuditAction.VIEW).exists()
    services.update_project(project=project, by=owner, title="新しい題名")
    page = client.get(reverse("projects:tab", args=[project.pk, "activity"])).content.decode()
    assert "閲覧" not in page
    assert owner.name in page and owner.email not in page


def test_new_project_form_offers_only_writers_and_refuses_two_different_partners(
    workspace, owner, viewer, login
):
    from kyoso.partners.models import Organisation

    client = login(owner)
    page = client.get(reverse("projects:create"))
    owners = page.context["form"].fields["owner"].queryset
    assert owner in owners and viewer not in owners
    org = Organisation.objects.create(workspace=workspace, name="ディープサイト", kind="startup")
    base = {"title": "二重指定", "type": "outbound", "stage": "exploration", "status_colour": "green"}
    refused = client.post(
        reverse("projects:create"),
        {
            **base,
            "organisation": f"ディープサイト #{org.pk}",
            "partner_name": "別の会社",
            "partner_kind": "startup",
        },
    )
    assert refused.status_code == 400 and not Project.objects.filter(title="二重指定").exists()
    assert "ディープサイト" in refused.context["form"].errors["partner_name"][0]
    same = client.post(
        reverse("projects:create"),
        {
            **base,
            "organisation": f"ディープサイト #{org.pk}",
            "partner_name": "ディープサイト",
            "partner_kind": "startup",
        },
    )
    assert same.status_code == 302

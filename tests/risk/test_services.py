"""Recompute: project -> snapshot -> engine -> stored diagnosis and warnings, raised once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from kyoso.core import domain_events
from kyoso.projects import services as project_services
from kyoso.projects.models import LogEntry
from kyoso.risk import services
from kyoso.risk.models import CAUSES, Diagnosis, RiskWarning, WarningStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_recompute_stores_six_scores_and_the_full_result_in_both_languages(project):
    result = services.recompute(project)

    d = result.diagnosis
    assert result.changed and d.is_current
    assert set(d.scores()) == set(CAUSES)
    assert d.overall_level in {"low", "medium", "high", "critical"}
    assert [c["id"] for c in d.result_ja["causes"]][0] == d.top_cause
    assert len(d.result_en["causes"]) == 6
    assert d.snapshot["kyoso_snapshot"] == 1
    assert len(d.snapshot_hash) == 64


def test_an_unchanged_snapshot_is_not_diagnosed_again(project):
    first = services.recompute(project)
    second = services.recompute(project)
    assert not second.changed
    assert second.diagnosis.pk == first.diagnosis.pk
    assert Diagnosis.objects.count() == 1


def test_a_new_engine_version_diagnoses_an_unchanged_snapshot_again(project, monkeypatch):
    from kyoso.engine.diagnosis import engine

    first = services.recompute(project)
    monkeypatch.setattr(engine, "ENGINE_VERSION", engine.ENGINE_VERSION + 1)
    second = services.recompute(project)
    assert second.changed
    assert second.diagnosis.pk != first.diagnosis.pk
    assert not services.recompute(project).changed


def test_a_change_makes_a_new_current_diagnosis_and_keeps_the_old_one(project, owner):
    first = services.recompute(project).diagnosis
    project_services.update_communication_plan(
        project=project,
        by=owner,
        cadence_days=14,
        channels=["meeting"],
        corporate_owner=owner,
        partner_owner="佐藤",
    )
    project.refresh_from_db()
    second = services.recompute(project).diagnosis
    assert second.pk != first.pk
    assert list(Diagnosis.objects.filter(is_current=True)) == [second]
    assert Diagnosis.objects.count() == 2


def _no_contact(project) -> list[RiskWarning]:
    return list(RiskWarning.objects.filter(project=project, kind="no_contact"))


def test_a_warning_is_raised_once_however_often_it_is_recomputed(project):
    # A PoC that started 120 days ago with no contact logged: the engine warns "no contact".
    first = services.recompute(project, as_of=TODAY)
    assert [w.kind for w in first.raised].count("no_contact") == 1
    later = services.recompute(project, as_of=TODAY + dt.timedelta(days=3))
    assert later.changed
    assert "no_contact" not in [w.kind for w in later.raised]
    assert len(_no_contact(project)) == 1
    assert "123" in _no_contact(project)[0].message_ja or "123" in _no_contact(project)[0].message_en


def test_acknowledged_warnings_stay_acknowledged_and_resolve_when_the_data_no_longer_shows_them(
    project, owner
):
    services.recompute(project, as_of=TODAY)
    warning = _no_contact(project)[0]
    services.acknowledge_warning(warning=warning, by=owner)
    services.recompute(project, as_of=TODAY + dt.timedelta(days=1))
    warning.refresh_from_db()
    assert warning.status == WarningStatus.ACKNOWLEDGED and warning.acknowledged_by == owner

    LogEntry.objects.create(project=project, date=TODAY, kind="meeting", parties="both", note="定例")
    services.recompute(project, as_of=TODAY + dt.timedelta(days=2))
    warning.refresh_from_db()
    assert warning.status == WarningStatus.RESOLVED and warning.resolved_by is None and not warning.active


def test_a_warning_that_comes_back_is_raised_again(project):
    services.recompute(project, as_of=TODAY)
    entry = LogEntry.objects.create(project=project, date=TODAY, kind="meeting", parties="both")
    services.recompute(project, as_of=TODAY)
    assert not _no_contact(project)[0].active
    entry.delete()
    again = services.recompute(project, as_of=TODAY + dt.timedelta(days=1))
    assert "no_contact" in [w.kind for w in again.raised]
    assert _no_contact(project)[0].status == WarningStatus.OPEN
    assert len(_no_contact(project)) == 1


def test_a_resolved_warning_is_not_raised_again_while_the_condition_lasts(project, owner):
    services.recompute(project, as_of=TODAY)
    services.resolve_warning(warning=_no_contact(project)[0], by=owner)
    again = services.recompute(project, as_of=TODAY + dt.timedelta(days=1))
    assert "no_contact" not in [w.kind for w in again.raised]
    assert _no_contact(project)[0].status == WarningStatus.RESOLVED


def test_raised_warnings_are_announced(project, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(
        domain_events,
        "_subscribers",
        {
            **domain_events._subscribers,
            "warning.raised": [lambda name, *, workspace, payload: sent.append((workspace, name, payload))],
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.recompute(project, as_of=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        services.recompute(project, as_of=TODAY + dt.timedelta(days=1))

    kinds = [payload["kind"] for _, event, payload in sent if event == "warning.raised"]
    assert kinds.count("no_contact") == 1
    assert sent[0][0] == project.workspace
    assert sent[0][2]["project"]["id"] == project.pk
    assert set(sent[0][2]["message"]) == {"ja", "en"}


def test_a_project_change_recomputes_in_the_background(project, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        project_services.update_project(project=project, by=owner, title="外観検査AI 第2期")
    d = Diagnosis.objects.get(project=project, is_current=True)
    assert d.snapshot["project"]["title"] == "外観検査AI 第2期"


def test_submitting_alignment_answers_recomputes(
    project, owner, partner_user, django_capture_on_commit_callbacks
):
    from kyoso.alignment.services import submit_answer
    from tests.alignment.conftest import CORPORATE, PARTNER

    with django_capture_on_commit_callbacks(execute=True):
        submit_answer(project=project, side="corporate", answers=CORPORATE, by=owner)
    with django_capture_on_commit_callbacks(execute=True):
        submit_answer(project=project, side="partner", answers=PARTNER, by=partner_user)
    d = Diagnosis.objects.get(project=project, is_current=True)
    assert {g["question"] for g in d.result_ja["gaps"]} >= {"goal_type", "result_owner"}
    assert RiskWarning.objects.filter(project=project, kind="alignment_gap_critical").exists()


def test_the_nightly_command_recomputes_every_project(project, other_project, capsys):
    call_command("recompute-risk")
    out = capsys.readouterr().out
    assert "2 projects, 2 recomputed" in out
    call_command("recompute-risk")
    assert "2 projects, 0 recomputed" in capsys.readouterr().out
    call_command("recompute-risk", "--workspace", project.workspace.slug, "--force")
    assert "1 projects, 1 recomputed" in capsys.readouterr().out


def test_the_nightly_command_names_bad_options(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--as-of"):
        call_command("recompute-risk", "--as-of", "2026-13-01")
    with pytest.raises(CommandError, match="--workspace"):
        call_command("recompute-risk", "--workspace", "nope")


def test_the_digest_mails_new_warnings_once_in_each_persons_language(
    project, owner, member, viewer, executive
):
    from django.core import mail

    from tests.conftest import add_member, make_user

    emma = make_user("emma@example.com", "Emma", language="en")
    add_member(project.workspace, emma, "member")
    services.recompute(project, as_of=TODAY)

    sent = services.send_warning_digests()

    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 4 and recipients == sorted([owner.email, member.email, executive.email, emma.email])
    japanese = next(m for m in mail.outbox if m.to == [owner.email])
    english = next(m for m in mail.outbox if m.to == [emma.email])
    assert project.title in japanese.body and "連絡" in japanese.body
    assert "new warning" in english.subject and "No contact" in english.body
    assert "/risk/warnings/" in japanese.body
    assert services.send_warning_digests() == 0  # reported once


def test_the_nightly_command_sends_the_digest(project, owner, capsys):
    from django.core import mail

    call_command("recompute-risk")
    assert "1 warning digest e-mails sent" in capsys.readouterr().out
    assert len(mail.outbox) == 1
    call_command("recompute-risk", "--no-digest", "--force")
    assert "digest" not in capsys.readouterr().out

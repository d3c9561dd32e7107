"""`kyoso generate-data`: the command a benchmark (and an outside check) runs on a fresh database."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from kyoso.core import datagen
from kyoso.partners.models import Organisation
from kyoso.projects.models import LogEntry, Project, StageHistory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("generate-data", *args, stdout=out)
    return out.getvalue()


def test_it_generates_the_asked_sizes_and_prints_timings() -> None:
    output = _run(
        "--organisations", "30", "--projects", "6", "--log-entries", "90", "--events", "1", "--seed", "3"
    )
    assert Organisation.objects.filter(workspace__slug="generated").count() == 30
    assert Project.objects.filter(workspace__slug="generated").count() == 6
    assert LogEntry.objects.filter(project__workspace__slug="generated").count() == 90
    assert "organisations" in output and "communication log" in output and " s " in output
    assert "owner@generated.example" in output


def test_the_same_seed_gives_the_same_data() -> None:
    first = datagen.generate(
        organisations=15, projects=3, log_entries=10, events=0, workspace="a", seed=9, say=str
    )
    second = datagen.generate(
        organisations=15, projects=3, log_entries=10, events=0, workspace="b", seed=9, say=str
    )
    names = [
        list(Organisation.objects.filter(workspace__slug=s).order_by("pk").values_list("name", flat=True))
        for s in ("a", "b")
    ]
    assert names[0] == names[1]
    assert first.counts == second.counts


def test_stage_histories_are_plausible() -> None:
    datagen.generate(organisations=10, projects=12, log_entries=50, events=0, workspace="h", seed=4, say=str)
    for project in Project.objects.filter(workspace__slug="h"):
        history = list(StageHistory.objects.filter(project=project).order_by("entered_on", "id"))
        assert history, project
        assert history[-1].stage == project.stage
        dates = [h.entered_on for h in history]
        assert dates == sorted(dates)
        assert all(h.left_on is not None for h in history[:-1])
    derived = Organisation.objects.filter(workspace__slug="h").exclude(industries=[]).first()
    assert derived is not None and derived.industry_keys.startswith(";")


def test_negative_sizes_are_refused_with_the_option_name() -> None:
    with pytest.raises(CommandError, match="--log-entries"):
        _run("--log-entries", "-1")

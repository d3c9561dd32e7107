"""`kyoso import organisations` and `kyoso search` (docs/formats.md#partner-import)."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from kyoso.accounts.models import Workspace
from kyoso.partners.models import Organisation

from .test_importing import GOOD


def write(tmp_path, text: str, name: str = "orgs.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


@pytest.mark.django_db
def test_import_then_search_json(tmp_path, capsys):
    call_command("import", "organisations", str(write(tmp_path, GOOD)))
    out = capsys.readouterr().out
    assert "3 created, 0 updated" in out
    workspace = Workspace.objects.get()
    assert Organisation.objects.filter(workspace=workspace).count() == 3

    call_command("search", "image recognition inspection", "--format", "json")
    results = json.loads(capsys.readouterr().out)
    # both vision companies; the English one matches the query's own word "inspection"
    assert {r["name"] for r in results[:2]} == {"株式会社ビジョンテック", "DeepSight Inc."}
    assert set(results[0]) >= {"name", "score", "reasons"}
    assert results[0]["reasons"] and isinstance(results[0]["score"], float)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)

    call_command("search", "自動車メーカー", "--kind", "corporate", "--format", "json")
    results = json.loads(capsys.readouterr().out)
    assert [r["name"] for r in results] == ["東都自動車"]

    call_command("search", "外観検査", "--top", "1")
    assert "株式会社ビジョンテック" in capsys.readouterr().out


@pytest.mark.django_db
def test_bad_file_exits_2_with_report_on_stderr(tmp_path, capsys, workspace):
    path = write(tmp_path, "name,kind\nA,startup\nB,vc\n,startup\n")
    with pytest.raises(SystemExit) as exc:
        call_command("import", "organisations", str(path))
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert 'row 3, column kind: expected one of corporate, startup, university, public; got "vc"' in err
    assert "row 4, column name" in err
    assert Organisation.objects.count() == 0


@pytest.mark.django_db
def test_several_workspaces_need_the_option(tmp_path, workspace, other_workspace):
    from django.core.management.base import CommandError

    path = write(tmp_path, GOOD)
    with pytest.raises(CommandError) as exc:
        call_command("import", "organisations", str(path))
    assert exc.value.returncode == 2
    assert "other-ws" in str(exc.value) and "test-ws" in str(exc.value)
    call_command("import", "organisations", str(path), "--workspace", "other-ws")
    assert Organisation.objects.filter(workspace=other_workspace).count() == 3
    assert not Organisation.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db
def test_missing_file(workspace, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as exc:
        call_command("import", "organisations", str(tmp_path / "nope.csv"))
    assert exc.value.returncode == 2

from __future__ import annotations

import os
import subprocess
import sys

from kyoso.cli import main


def test_help_lists_the_project_commands(capsys) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in ("demo", "diagnose", "schedule", "import", "search", "export-snapshot", "worker"):
        assert name in out


def test_a_malformed_database_url_is_a_clear_error_not_a_traceback(tmp_path) -> None:
    env = {**os.environ, "DATABASE_URL": "mysql//nonsense", "KYOSO_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "kyoso.cli", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_passes_with_a_production_environment(tmp_path) -> None:
    env = {
        **os.environ,
        "KYOSO_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x" * 60 + "-production-secret-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "kyoso.example.com",
        "SITE_URL": "https://kyoso.example.com",
        "KYOSO_HTTPS": "1",
        "DEBUG": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "kyoso.cli", "check", "--deploy"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # Subdomain HSTS and preload are the operator's choice; everything else must be in place.
    for warning in ("W004", "W008", "W009", "W012", "W016", "W018", "W020", "kyoso.W001"):
        assert warning not in result.stdout + result.stderr

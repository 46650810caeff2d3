"""Settings driven by environment variables fail loudly on bad values."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_settings(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DATABASE_URL", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "clinic.settings", "DJANGO_READ_ENV_FILE": "false", **env_overrides})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('ok')"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    result = run_settings({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_settings_refuse_a_malformed_database_url_with_a_clear_message():
    result = run_settings({"DEBUG": "true", "DATABASE_URL": "not a url at all"})
    assert result.returncode != 0
    assert "DATABASE_URL is not a valid database URL" in result.stderr


def test_settings_refuse_a_boolean_that_is_not_one():
    result = run_settings({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_settings_start_with_a_secret_key_and_postgres_url():
    result = run_settings({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@127.0.0.1:5432/db"})
    assert result.returncode == 0, result.stderr

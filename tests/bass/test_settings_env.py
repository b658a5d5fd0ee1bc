import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bass.env import database_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "-production-secret-that-is-long-enough-x" * 2,
    "ALLOWED_HOSTS": "bass.regionsjaelland.dk",
}


def run_manage(*args, **env):
    skip = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in skip}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_database_url_is_parsed():
    db = database_from_url("DATABASE_URL", "postgres://bass:s%40cret@db.example:6543/bass")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "bass",
        "s@cret",
        "db.example",
        "6543",
        "bass",
    )
    assert db["CONN_HEALTH_CHECKS"] is True


@pytest.mark.parametrize(
    "url", ["mysql://x@h/db", "postgres://host-without-db", "postgres://h:port/db", "nonsense"]
)
def test_malformed_database_url_names_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url("DATABASE_URL", url)


def test_bad_boolean_and_integer_are_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        env_bool("DEBUG", True)
    monkeypatch.setenv("SESSION_IDLE_SECONDS", "ten")
    with pytest.raises(ImproperlyConfigured, match="SESSION_IDLE_SECONDS"):
        env_int("SESSION_IDLE_SECONDS", 3600)


def test_startup_fails_loudly_on_malformed_database_url():
    result = run_manage("check", DATABASE_URL="postgres://nohost")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start():
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr

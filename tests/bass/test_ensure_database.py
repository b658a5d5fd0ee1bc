"""Setup creates the PostgreSQL database on a fresh machine (bin/setup runs ensure_database)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="creates a PostgreSQL database"
)
ROOT = Path(__file__).resolve().parents[2]


def _ensure(url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url}
    result = subprocess.run(
        [sys.executable, "manage.py", "ensure_database"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return result.stdout


def test_missing_database_is_created_once(settings):
    db = settings.DATABASES["default"]
    name = f"bass_setup_{uuid.uuid4().hex[:8]}"
    host, port, user = db["HOST"] or "127.0.0.1", db["PORT"] or 5432, db["USER"] or "postgres"
    with psycopg.connect(
        dbname="postgres",
        host=host,
        port=port,
        user=user,
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        try:
            assert name in _ensure(f"postgres://{user}@{host}:{port}/{name}")
            exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            assert exists.fetchone()
            assert _ensure(f"postgres://{user}@{host}:{port}/{name}") == ""  # nothing to do
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')

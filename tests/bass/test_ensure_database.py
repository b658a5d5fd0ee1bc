"""Setup creates the PostgreSQL database on a fresh machine (bin/setup runs ensure_database)."""

import io
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="creates a PostgreSQL database"
)


def _admin_connection(settings):
    db = settings.DATABASES["default"]
    params = {
        "host": db["HOST"],
        "port": db["PORT"],
        "user": db["USER"],
        "password": db["PASSWORD"],
    }
    return psycopg.connect(
        dbname="postgres", autocommit=True, **{k: v for k, v in params.items() if v}
    )


def _exists(conn, name) -> bool:
    return bool(conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone())


def test_missing_database_is_created_once(settings):
    name = f"bass_setup_{uuid.uuid4().hex[:8]}"
    default = {**settings.DATABASES["default"], "NAME": name}
    settings.DATABASES = {**settings.DATABASES, "default": default}  # restored after the test
    with _admin_connection(settings) as conn:
        try:
            out = io.StringIO()
            call_command("ensure_database", stdout=out)
            assert _exists(conn, name)
            assert name in out.getvalue()
            again = io.StringIO()
            call_command("ensure_database", stdout=again)  # second run: nothing to do
            assert again.getvalue() == ""
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')

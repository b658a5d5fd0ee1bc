"""A real Celery worker over Redis sends an immediate e-mail to a real SMTP server.

Runs where CI runs: with REDIS_URL and a PostgreSQL DATABASE_URL (the worker is a separate
process and must see the test database, which SQLite in memory cannot offer).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from bass.celery import app as celery_app
from notifications.models import Notification, OutboxMessage
from notifications.notify import notify

ROOT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).with_name("celery")

pytestmark = pytest.mark.skipif(
    not os.environ.get("REDIS_URL")
    or not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
    reason="needs REDIS_URL and a PostgreSQL DATABASE_URL (a worker process shares the test "
    "database); CI sets both",
)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{quote(db['USER'])}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{quote(db['NAME'])}"
    )


@pytest.fixture
def worker(transactional_db, smtp_server, tmp_path):
    pidfile, logfile = tmp_path / "worker.pid", tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_server.port),
        "EMAIL_USE_TLS": "false",
        "SITE_URL": "https://bass.example.dk",
    }
    subprocess.run(
        [
            str(CELERY),
            "-A",
            "bass",
            "worker",
            "--detach",
            f"--pidfile={pidfile}",
            f"--logfile={logfile}",
            "--pool=solo",
            "--loglevel=INFO",
            f"--hostname=notify-test-{uuid.uuid4().hex[:8]}@%h",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    celery_app.conf.task_always_eager = False
    try:
        yield logfile
    finally:
        deadline = time.monotonic() + 20
        while not pidfile.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        if pidfile.exists():
            pid = int(pidfile.read_text().strip())
            os.kill(pid, signal.SIGTERM)
            while time.monotonic() < deadline + 20:
                try:
                    os.kill(pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.2)


def test_an_immediate_mail_goes_through_redis_and_the_worker(world, worker, smtp):
    Notification.objects.all().delete()
    world.steering.email = "steering@example.dk"
    world.steering.save()
    notify([world.steering], "ambition_submitted", world.specialty_a, actor=world.owner_a)
    messages = smtp.wait_for(1, timeout=90)
    assert messages, "no e-mail arrived; worker log:\n" + worker.read_text()
    assert messages[0]["To"] == "steering@example.dk"
    assert "indsendte Intern medicin: kardiologi til godkendelse" in messages[0]["Subject"]
    deadline = time.monotonic() + 10
    while OutboxMessage.objects.get().status != "sent" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert OutboxMessage.objects.get().status == "sent"

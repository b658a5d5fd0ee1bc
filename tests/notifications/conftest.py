"""A real SMTP server for the e-mail tests, and Celery run in-process unless a test says not.

``smtp`` starts aiosmtpd on a free 127.0.0.1 port and points Django's real SMTP backend at
it; the messages it receives are parsed with the standard library, as a mail client would.
"""

import email
import socket
import time
from email import policy

import pytest
from aiosmtpd.controller import Controller

from bass.celery import app as celery_app


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=policy.default)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages


class SMTPServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()


@pytest.fixture
def smtp_settings(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    settings.SITE_URL = "https://bass.example.dk"
    return settings


@pytest.fixture
def smtp_server(smtp_settings):
    server = SMTPServer()
    server.start()
    smtp_settings.EMAIL_PORT = server.port
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def smtp(smtp_server):
    """The inbox of a running local SMTP server that Django sends to."""
    return smtp_server.inbox


@pytest.fixture(autouse=True)
def _tasks_in_process():
    # CI sets REDIS_URL, which turns eager execution off; these tests send in-process unless
    # they start a worker or take the broker away themselves.
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def parts(message) -> dict[str, str]:
    """{"text/plain": ..., "text/html": ...} of a received message."""
    return {
        part.get_content_type(): part.get_content()
        for part in message.walk()
        if not part.is_multipart()
    }

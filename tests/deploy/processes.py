"""Real processes for the deployment tests: gunicorn, Celery worker and beat, a private
redis-server, a fresh PostgreSQL database, and a small HTTP client with a cookie jar.

Every process is started in a session of its own and ended by its process group (the pool
processes and render children of a worker go with it), whatever the test's outcome.
"""

import contextlib
import http.cookiejar
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
COMPOSE = (ROOT / "docker-compose.yml").read_text()
README = (ROOT / "README.md").read_text()


def on_postgres_and_redis() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and bool(
        os.environ.get("REDIS_URL")
    )


SKIP_REASON = (
    "deployment tests need DATABASE_URL on PostgreSQL and REDIS_URL (CI sets both, .ci/run)"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def compose_command(service: str) -> str:
    """The command line of a service in docker-compose.yml (the last command of a chain)."""
    block = re.search(rf"^  {service}:\n(.*?)(?=^  \w|\Z)", COMPOSE, re.S | re.M)
    assert block, f"no service {service} in docker-compose.yml"
    command = re.search(r"^    command: (.+)$", block.group(1), re.M).group(1)
    if command.startswith('sh -c "'):
        command = command[len('sh -c "') : -1].split(" && ")[-1]
    return command


class Processes:
    """Processes started by a test; ``stop_all`` ends each by its own process group."""

    def __init__(self, folder: Path, env: dict):
        self.folder = folder
        self.env = env
        self.started: dict[str, subprocess.Popen] = {}

    def start(self, name: str, argv: list[str], **env) -> subprocess.Popen:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            argv,
            cwd=self.folder,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        self.started[name] = process
        return process

    def run(self, name: str, argv: list[str], timeout: int = 120) -> None:
        process = self.start(name, argv)
        try:
            code = process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise AssertionError(
                f"{name} did not finish in {timeout} s\n{self.log(name)}"
            ) from None
        assert code == 0, f"{name} exited with {code}\n{self.log(name)}"

    def stop(self, name: str, sig: int = signal.SIGTERM, wait: float = 15) -> None:
        process = self.started.pop(name, None)
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(wait)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # stragglers of the group
        process.wait()

    def stop_all(self) -> None:
        """Ask every process to stop at once (workers before their broker), then end each."""
        names = list(reversed(self.started))
        for name in names:
            if name != "redis":
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.started[name].pid, signal.SIGTERM)
        for name in names:
            self.stop(name)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name} ---\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self.folder.glob("*.log"))
        )


def production_env(folder: Path, database_url: str, redis_url: str) -> dict:
    """The variables of docker-compose.yml's x-app block, on loopback and plain HTTP."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CELERY_", "DJANGO_", "PYTEST"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bass.settings",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONPATH=str(ROOT),
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(folder / "media"),
        STATIC_ROOT=str(folder / "static"),
        # Plain HTTP on loopback: no HTTPS redirect, cookies not limited to HTTPS.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        SECURE_HSTS_SECONDS="0",
        BEHIND_TLS_PROXY="false",
    )
    return env


# --- PostgreSQL ----------------------------------------------------------------------------


def _server(database_url: str) -> dict:
    url = urllib.parse.urlsplit(database_url)
    params = {
        "host": url.hostname,
        "port": url.port,
        "user": urllib.parse.unquote(url.username or ""),
        "password": urllib.parse.unquote(url.password or ""),
        "dbname": "postgres",
    }
    return {key: value for key, value in params.items() if value}


def create_database(database_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``database_url``; return its URL."""
    with psycopg.connect(**_server(database_url), autocommit=True) as connection:
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    url = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(url._replace(path=f"/{name}"))


def drop_database(database_url: str, name: str) -> None:
    with psycopg.connect(**_server(database_url), autocommit=True) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def query(database_url: str, statement: str, params=()) -> list[tuple]:
    with psycopg.connect(database_url) as connection:
        return connection.execute(statement, params).fetchall()


# --- Redis -----------------------------------------------------------------------------------


def redis_server_argv(port: int, folder: Path, *, persistent: bool) -> list[str]:
    argv = [shutil.which("redis-server") or "redis-server", "--port", str(port)]
    argv += ["--bind", "127.0.0.1", "--dir", str(folder), "--save", ""]
    argv += ["--appendonly", "yes" if persistent else "no"]
    return argv


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing answers on port {port} after {timeout} s")


# --- HTTP as a browser would -------------------------------------------------------------------


class Browser:
    """Cookies, CSRF tokens and redirects, over plain urllib."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        request.add_header("Accept-Language", "da")
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.read()
        with response:
            return response.status, response.geturl(), response.read()

    def get(self, path: str, **headers):
        return self.request(path, headers=headers)

    def csrf_token(self, html: bytes) -> str:
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()

    def post_form(self, page: str, action: str, fields: dict):
        """Open ``page`` and send its form to ``action`` with ``fields`` and the CSRF token."""
        status, _url, html = self.get(page)
        assert status == 200, (page, status)
        return self.request(action, {**fields, "csrfmiddlewaretoken": self.csrf_token(html)})

    def wait_until_up(self, path: str, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                status, _url, _body = self.get(path)
                if status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"{self.base}{path} did not answer within {timeout} s")


def argv(command: str, replace: dict[str, str] | None = None) -> list[str]:
    """A documented command line as argv, with the given substrings replaced."""
    for old, new in (replace or {}).items():
        assert old in command, (old, command)
        command = command.replace(old, new)
    return shlex.split(command)

"""Exports are never lost: a worker killed mid-render, and a Redis restart with an export in
the queue. Real `celery -A bass worker` processes (prefork) over a redis-server of the
test's own (the machine's shared Redis is never restarted), on the test database in
PostgreSQL, which the worker reads too."""

import datetime
import os
import shutil
import signal
import time
import urllib.parse

import pytest
from django.db import connection
from django.utils import timezone

from bass.celery import app as celery_app
from bass.exports import QUEUED_DEADLINE, RENDERING_DEADLINE, request_export, sweep_exports
from bass.models import Export
from tests.deploy.processes import (
    BIN,
    ROOT,
    Processes,
    argv,
    compose_command,
    free_port,
    redis_server_argv,
    wait_for_port,
)
from tests.deploy.slow_kind import SLOW_GUIDE

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the worker and the test share the database: needs DATABASE_URL on PostgreSQL",
    ),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
    pytest.mark.django_db(transaction=True),
]

FINISH_SECONDS = 90


def _test_database_url() -> str:
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _use_broker(url: str | None) -> None:
    from kombu import pools

    celery_app.conf.broker_url = url
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Cluster:
    """A private redis-server and the workers of one test."""

    def __init__(self, folder, media_root, *, persistent: bool):
        self.port = free_port()
        self.redis_argv = redis_server_argv(self.port, folder, persistent=persistent)
        self.flag = folder / "hang-once"
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("CELERY_", "DJANGO_", "PYTEST"))
        }
        env.update(
            PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
            PYTHONPATH=str(ROOT),
            DJANGO_SETTINGS_MODULE="tests.deploy.slow_settings",
            DATABASE_URL=_test_database_url(),
            REDIS_URL=f"redis://127.0.0.1:{self.port}/0",
            MEDIA_ROOT=str(media_root),
            SLOW_EXPORT_FLAG=str(self.flag),
        )
        self.processes = Processes(folder, env)
        self.workers = 0

    def start_redis(self) -> None:
        self.processes.start("redis", self.redis_argv)
        wait_for_port(self.port)

    def restart_redis(self) -> None:
        self.processes.stop("redis")  # SIGTERM: a persistent server writes its log first
        self.start_redis()

    def start_worker(self) -> int:
        self.workers += 1
        command = compose_command("worker") + " --concurrency=1"
        name = f"worker-{self.workers}"
        process = self.processes.start(name, argv(command))
        deadline = time.monotonic() + FINISH_SECONDS
        while "ready." not in self.processes.log(name):
            assert time.monotonic() < deadline, self.processes.log(name)
            assert process.poll() is None, self.processes.log(name)
            time.sleep(0.3)
        return process.pid

    def wait_until_hanging(self, export: Export) -> None:
        """Until the first attempt is rendering and has taken the flag: it hangs now."""
        _wait(export, {"rendering"}, FINISH_SECONDS, self)
        deadline = time.monotonic() + FINISH_SECONDS
        while self.flag.exists():
            assert time.monotonic() < deadline, self.processes.logs()
            time.sleep(0.1)

    def pool_processes(self, worker_pid: int) -> list[int]:
        with open(f"/proc/{worker_pid}/task/{worker_pid}/children") as handle:
            return [int(pid) for pid in handle.read().split()]


@pytest.fixture
def cluster(request, tmp_path, settings):
    cluster = Cluster(tmp_path, settings.MEDIA_ROOT, persistent=getattr(request, "param", False))
    previous = (celery_app.conf.task_always_eager, celery_app.conf.broker_url)
    cluster.start_redis()
    celery_app.conf.task_always_eager = False
    _use_broker(f"redis://127.0.0.1:{cluster.port}/0")
    try:
        yield cluster
    finally:
        cluster.processes.stop_all()
        celery_app.conf.task_always_eager = previous[0]
        _use_broker(previous[1])
        print(cluster.processes.logs())  # shown when the test fails


def _wait(export: Export, statuses: set[str], timeout: float, cluster: Cluster) -> Export:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.status in statuses:
            return export
        time.sleep(0.3)
    raise AssertionError(
        f"export {export.pk} is {export.status}, not {statuses}, after {timeout} s\n"
        + cluster.processes.logs()
    )


@pytest.fixture
def steering_world():
    from tests.conftest import World

    return World()


def test_a_worker_process_killed_mid_render_hands_the_export_to_the_next(cluster, steering_world):
    cluster.flag.touch()  # the first attempt hangs
    worker = cluster.start_worker()
    export = request_export(SLOW_GUIDE, steering_world.programme, "da", steering_world.steering)
    cluster.wait_until_hanging(export)
    for pool_process in cluster.pool_processes(worker):
        os.kill(pool_process, signal.SIGKILL)
    # The worker reports the lost process, hands the message back, and a new pool process
    # makes the export: no sweeper needed.
    export = _wait(export, {"done", "failed"}, FINISH_SECONDS, cluster)
    assert export.status == "done" and export.attempts == 2, export.error
    with export.file.open("rb") as made:
        assert made.read(5) == b"%PDF-"


def test_a_whole_worker_killed_mid_render_is_found_by_the_sweeper(cluster, steering_world):
    cluster.flag.touch()
    cluster.start_worker()
    export = request_export(SLOW_GUIDE, steering_world.programme, "da", steering_world.steering)
    cluster.wait_until_hanging(export)
    # The machine dies: worker and pool alike. Its message waits, unacknowledged, for the
    # broker's visibility timeout; the sweeper does not wait that long.
    cluster.processes.stop("worker-1", signal.SIGKILL)
    cluster.start_worker()
    later = timezone.now() + RENDERING_DEADLINE + datetime.timedelta(seconds=1)
    assert sweep_exports(now=later) == {"requeued": 1, "failed": 0}
    export = _wait(export, {"done", "failed"}, FINISH_SECONDS, cluster)
    assert export.status == "done" and export.attempts == 2, export.error


@pytest.mark.parametrize(
    "cluster", [True, False], indirect=True, ids=["appendonly redis", "redis without persistence"]
)
def test_an_export_queued_across_a_redis_restart_still_completes(cluster, steering_world):
    from programme.miniguide import SPECIALTY_GUIDE

    export = request_export(
        SPECIALTY_GUIDE, steering_world.specialty_a, "da", steering_world.owner_a
    )
    export.refresh_from_db()
    assert export.status == "queued"  # no worker runs yet
    cluster.restart_redis()
    cluster.start_worker()
    persistent = "yes" in cluster.redis_argv
    if not persistent:
        # The message died with the broker: the export waits queued until the sweeper runs.
        time.sleep(3)
        export.refresh_from_db()
        assert export.status == "queued"
        later = timezone.now() + QUEUED_DEADLINE + datetime.timedelta(seconds=1)
        assert sweep_exports(now=later) == {"requeued": 1, "failed": 0}
    export = _wait(export, {"done", "failed"}, FINISH_SECONDS, cluster)
    assert export.status == "done" and export.attempts == 1, export.error

"""Every object URL × persona × method answers as tests/permission_matrix.py says.

The module builds one ``World`` and logs its personas in once, inside a transaction that
is rolled back when the module ends. Each matrix line runs in its own savepoint (the ``db``
fixture) on a deep copy of that world, so what a line's URL builder adds (a cluster, an
improvement project, an export) is gone before the next line, exactly as if each line had
its own world. Each persona's request runs inside a further savepoint that is rolled back,
so a POST that deletes or changes something cannot affect the next persona.
"""

import copy

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests import shared_world
from tests.conftest import World
from tests.permission_matrix import PERSONAS, URLS, rows

LINES = list(rows())


class _Rollback(Exception):
    pass


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """(world, {persona: session key}), built once for every line of the module."""
    module_transaction = transaction.atomic()
    with django_db_blocker.unblock():
        shared_world.close()  # this module builds its own world, with sessions
        module_transaction.__enter__()
        try:
            world = World()
            sessions = {}
            for persona in PERSONAS:
                user = world.persona(persona)
                if user is not None:
                    client = Client()
                    client.force_login(user)
                    sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
        except BaseException:
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)
            raise
    yield world, sessions
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


def _client(sessions, persona):
    """A fresh client, logged in as ``persona`` through the module's session."""
    client = Client()
    if persona in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[persona]
    return client


@pytest.mark.parametrize(
    ("name", "obj", "method", "expected"),
    LINES,
    ids=[f"{n}[{o}]-{m}" for n, o, m, _ in LINES],
)
def test_permission_matrix(matrix_world, db, name, obj, method, expected):
    base_world, sessions = matrix_world
    world = copy.deepcopy(base_world)
    url = URLS[name](world, obj)
    failures = []
    for persona, status in expected.items():
        client = _client(sessions, persona)
        try:
            with transaction.atomic():
                response = client.get(url) if method == "GET" else client.post(url, {})
                if response.streaming:
                    # Read file downloads to the end: the test client then closes the file
                    # (calling close() here would also close the database connection).
                    b"".join(response.streaming_content)
                raise _Rollback
        except _Rollback:
            pass
        if response.status_code != status:
            failures.append(
                f"{method} {url} as {persona}: expected {status}, got {response.status_code}"
            )
        elif (
            persona == "anonymous"
            and status == 302
            and "/log-ind/" not in response.get("Location", "")
        ):
            failures.append(f"{method} {url} as anonymous: not sent to the login page")
    assert not failures, "\n".join(failures)


def test_each_persona_is_logged_in_as_themselves(matrix_world, db):
    world, sessions = matrix_world
    for persona in PERSONAS:
        response = _client(sessions, persona).get("/")
        user = response.wsgi_request.user
        if persona == "anonymous":
            assert not user.is_authenticated
        else:
            assert user.pk == world.persona(persona).pk, persona

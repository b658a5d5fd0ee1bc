"""Every object URL × persona × method answers as tests/permission_matrix.py says.

One world per matrix line; each persona's request runs inside a savepoint that is rolled
back, so a POST that deletes or changes something cannot affect the next persona.
"""

import pytest
from django.db import transaction
from django.test import Client

from tests.permission_matrix import URLS, rows

LINES = list(rows())


class _Rollback(Exception):
    pass


@pytest.mark.parametrize(
    ("name", "obj", "method", "expected"),
    LINES,
    ids=[f"{n}[{o}]-{m}" for n, o, m, _ in LINES],
)
def test_permission_matrix(world, name, obj, method, expected):
    url = URLS[name](world, obj)
    failures = []
    for persona, status in expected.items():
        client = Client()
        user = world.persona(persona)
        if user is not None:
            client.force_login(user)
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
        elif persona == "anonymous" and "/log-ind/" not in response.get("Location", ""):
            failures.append(f"{method} {url} as anonymous: not sent to the login page")
    assert not failures, "\n".join(failures)

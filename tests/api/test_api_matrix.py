"""A personal access token never reaches an object its owner may not see: every line of
API_MATRIX (tests/permission_matrix.py), each persona asking with a token of their own and
following the pages to the end."""

import pytest
from django.test import Client

from api.models import AccessToken
from tests.api.api_matrix_objects import EXPIRES, OBJECTS
from tests.permission_matrix import PERSONAS, api_rows

LINES = list(api_rows())


def _ids(client, path) -> set[int]:
    url, ids = f"/api/v1/{path}/?page_size=500", set()
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page = response.json()
        ids |= {row["id"] for row in page["results"]}
        url = page["next"]
    return ids


@pytest.mark.parametrize(("name", "obj", "expected"), LINES, ids=[f"{n}[{o}]" for n, o, _ in LINES])
def test_api_matrix(world, name, obj, expected):
    path, build = OBJECTS[name]
    target = build(world, obj)
    failures = []
    for persona in PERSONAS:
        user = world.persona(persona)
        if user is None:
            status = Client().get(f"/api/v1/{path}/").status_code
            if status != expected[persona]:
                failures.append(f"{name}[{obj}] without a token: {status}")
            continue
        _token, raw = AccessToken.issue(user, "matrix", EXPIRES)
        seen = target.pk in _ids(Client(HTTP_AUTHORIZATION=f"Bearer {raw}"), path)
        if seen != bool(expected[persona]):
            failures.append(
                f"{name}[{obj}] as {persona}: expected {expected[persona]}, got {seen:d}"
            )
    assert not failures, "\n".join(failures)


def test_every_api_list_has_matrix_lines():
    from api.endpoints import ENDPOINTS

    covered = {OBJECTS[name][0] for name, _obj, _expected in LINES}
    assert covered == {endpoint.path for endpoint in ENDPOINTS}

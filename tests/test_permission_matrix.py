import pytest

from tests.permission_matrix import URLS, rows

CASES = list(rows())


@pytest.mark.parametrize(
    ("name", "obj", "method", "persona", "expected"),
    CASES,
    ids=[f"{n}[{o}]-{m}-{p}" for n, o, m, p, _ in CASES],
)
def test_permission_matrix(world, client, name, obj, method, persona, expected):
    url = URLS[name](world, obj)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code == expected, (
        f"{method} {url} as {persona}: expected {expected}, got {response.status_code}"
    )
    if persona == "anonymous":
        assert "/log-ind/" in response["Location"]

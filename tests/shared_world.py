"""One ``World`` shared by consecutive tests, kept in a transaction that is never committed.

Building the world (users, role assignments and the permissions derived from them) is the
largest cost of most tests. Tests that use the ``world`` fixture on the ordinary ``db``
(TestCase-style) database therefore share one: it is built inside an outer transaction, each
test runs in its savepoints inside it (pytest-django's own atomics) and gets a deep copy of
the Python objects, so a test sees exactly the rows a freshly built world would have and
nothing another test did. Before any other database test (no ``world``, or a transactional
one, which needs committed data and flushes the tables) the outer transaction is rolled
back (at the end of the test before it, so that also session fixtures such as the live
server start on an empty database), and that test sees an empty database as before; the next
``world`` test builds a new one.

This module has one identity (``tests.shared_world``); tests/conftest.py is also imported as
``conftest`` by pytest, so the state cannot live there.
"""

from django.db import transaction

_TRANSACTIONAL_FIXTURES = {
    "transactional_db",
    "live_server",
    "django_db_reset_sequences",
    "django_db_serialized_rollback",
}


class _State:
    blocker = None
    atomic = None
    world = None
    test_id = None


_state = _State()


def wants_shared_world(item) -> bool:
    """Whether the test ``item`` uses ``world`` on a non-transactional database."""
    names = set(item.fixturenames)
    if "world" not in names or names & _TRANSACTIONAL_FIXTURES:
        return False
    marker = item.get_closest_marker("django_db")
    if marker is not None:
        from pytest_django.fixtures import validate_django_db

        transactional, reset_sequences, _dbs, serialized_rollback, _apps = validate_django_db(
            marker
        )
        if transactional or reset_sequences or serialized_rollback:
            return False
    return True


def enter(item, build, blocker) -> None:
    """Before ``item``'s own atomics: keep or build the shared world, or drop it."""
    _state.blocker = blocker
    if not wants_shared_world(item):
        close()
        return
    if _state.world is None:
        _state.atomic = transaction.atomic()
        _state.atomic.__enter__()
        try:
            _state.world = build()
        except BaseException:
            close()
            raise
    _state.test_id = item.nodeid


def world_for(item):
    """The shared world if ``item`` runs on it, else None."""
    return _state.world if _state.test_id == item.nodeid else None


def close() -> None:
    """Roll back the shared world (if any)."""
    if _state.atomic is None:
        return
    atomic, _state.atomic, _state.world, _state.test_id = _state.atomic, None, None, None
    with _state.blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def after(item, nextitem) -> None:
    """After ``item``'s teardown: drop the shared world unless the next test runs on it."""
    if nextitem is None or not wants_shared_world(nextitem):
        close()

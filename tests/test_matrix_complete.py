"""Every URL pattern that takes an object (an id or a slug) has a line in the permission
matrix (tests/permission_matrix.py): the resolver's names are compared with the names the
matrix's URLs resolve to."""

from django.urls import URLResolver, get_resolver, resolve

from tests.permission_matrix import URLS, rows

# Converters that name an object; a pattern with only others (a file format) takes none.
OBJECT_PARAMETERS = ("pk>", "slug>", "node_pk>", "object_id>")


def _patterns(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        else:
            yield prefix + str(pattern.pattern), pattern.name


def object_url_names() -> set[str]:
    return {
        name
        for route, name in _patterns(get_resolver().url_patterns)
        if not route.startswith("admin/") and any(p in route for p in OBJECT_PARAMETERS)
    }


def test_every_object_url_has_a_matrix_line(world):
    covered = set()
    for name, obj, _method, _expected in rows():
        url = URLS[name](world, obj)
        covered.add(resolve(url.split("?")[0]).url_name)
    missing = sorted(object_url_names() - covered)
    assert not missing, "object URLs without a line in tests/permission_matrix.py: " + ", ".join(
        missing
    )


def test_the_comparison_sees_object_urls():
    # The scan itself must find the object URLs it is meant to check.
    names = object_url_names()
    assert {"specialty_detail", "history", "history_restore", "meeting_detail"} <= names
    assert "dashboard_export" not in names

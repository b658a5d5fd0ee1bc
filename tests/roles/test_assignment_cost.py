"""Saving a role assignment derives its holder's permissions from the existing role groups:
the groups are made once (after migrating and by ``rebuild_permissions``), not on every
save or login."""

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from roles.kinds import GROUP_PERMISSIONS
from roles.permissions import sync_user
from tests.conftest import assign


def test_the_role_groups_exist_after_migrating(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(GROUP_PERMISSIONS)
    assert (
        Group.objects.get(name="steering_group")
        .permissions.filter(codename="view_specialty")
        .exists()
    )


def test_an_assignment_costs_few_queries_and_never_rebuilds_the_groups(world):
    with CaptureQueriesContext(connection) as saving:
        assign(world.nobody, "core_team", world.specialty_b)
    statements = [q["sql"] for q in saving.captured_queries]
    assert not any("auth_group_permissions" in sql for sql in statements)
    # Measured: 35 for a core-team role: three object permissions (each a guardian lookup
    # and insert) and the "role given" notification to its holder (4); deriving the groups
    # on every save cost 44 more.
    assert len(statements) <= 35, "\n".join(statements)
    with CaptureQueriesContext(connection) as login_sync:
        sync_user(world.steering)
    assert not any("auth_group_permissions" in q["sql"] for q in login_sync.captured_queries)


def test_a_missing_group_is_made_when_first_needed(world):
    Group.objects.filter(name="concept_owners").delete()
    assign(world.nobody, "concept_owner", world.programme)
    assert world.nobody.groups.filter(name="concept_owners").exists()
    assert world.nobody.has_perm("specialties.view_specialty")

"""The change feed shows a role assignment (and a person) only to those who may see the
object the role is held on, the person themself and the programme-wide roles."""

from bass.history import acting_as
from programme.dashboard import change_feed
from roles.models import RoleAssignment
from tests.conftest import assign


def _assignment_rows(user):
    return [record for record, model in change_feed(user, limit=200) if model is RoleAssignment]


def test_role_assignments_of_another_specialty_stay_out_of_the_feed(world):
    with acting_as(world.admin, "Ny kerneteamsdeltager"):
        added = assign(world.nobody, "core_team", world.specialty_b)
    seen_by = {
        name: {r.id for r in _assignment_rows(getattr(world, name))}
        for name in ("owner_a", "core_a", "owner_b", "steering", "nobody")
    }
    assert added.pk not in seen_by["owner_a"]
    assert added.pk not in seen_by["core_a"]
    assert added.pk in seen_by["owner_b"]  # owns specialty B
    assert added.pk in seen_by["steering"]
    assert added.pk in seen_by["nobody"]  # their own role
    own_owner = RoleAssignment.objects.get(person=world.owner_a.person)
    assert own_owner.pk in seen_by["core_a"]  # the owner of their own specialty


def test_the_feed_page_hides_another_specialtys_roles(world, login):
    with acting_as(world.admin, "Udpeget til kerneteamet i geriatri"):
        assign(world.nobody, "core_team", world.specialty_b)
    assert "Udpeget til kerneteamet" not in login(world.core_a).get("/aendringer/").content.decode()
    assert "Udpeget til kerneteamet" in login(world.steering).get("/aendringer/").content.decode()


def test_a_role_given_after_a_first_view_opens_its_changes_at_once(world, login):
    """The feed keeps the SQL of what a reader may see (per process, by their permissions
    and the day); grants on objects are read when it runs, so a new role counts at once."""
    with acting_as(world.owner_a, "Ny ansvarsfordeling i A"):
        world.position_a.responsibility = "Fælles ansvar"
        world.position_a.save()
    client = login(world.nobody)
    assert "Ny ansvarsfordeling i A" not in client.get("/aendringer/").content.decode()
    with acting_as(world.admin, "Ind i kerneteamet"):
        role = assign(world.nobody, "core_team", world.specialty_a)
    assert "Ny ansvarsfordeling i A" in client.get("/aendringer/").content.decode()
    with acting_as(world.admin, "Ud af kerneteamet"):
        role.delete()
    assert "Ny ansvarsfordeling i A" not in client.get("/aendringer/").content.decode()

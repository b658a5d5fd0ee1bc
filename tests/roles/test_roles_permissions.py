import datetime
import io
import logging

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from guardian.utils import get_anonymous_user

from roles.models import RoleAssignment
from roles.permissions import can, rebuild_all, restrict, sync_user
from specialties.models import Specialty, SpecialtyUserObjectPermission
from tests.conftest import assign, make_user

TODAY = timezone.localdate()


def test_owner_gets_exactly_the_kind_permissions_on_their_specialty(world):
    assert can(world.owner_a, "change_strategic_ambition", world.specialty_a)
    assert not can(world.owner_a, "change_professional_ambition", world.specialty_a)
    assert not can(world.owner_a, "view", world.specialty_b)
    assert can(world.lead_a, "change_professional_ambition", world.specialty_a)
    assert can(world.core_a, "comment_specialty", world.specialty_a)
    assert not can(world.core_a, "change_strength_positions", world.specialty_a)
    assert can(world.steering, "view", world.specialty_b)
    assert can(world.steering, "approve_ambition", world.specialty_a)
    assert not can(world.steering, "change_strategic_ambition", world.specialty_a)


def test_rebuild_permissions_is_idempotent_and_repairs_drift(world):
    out = io.StringIO()
    call_command("rebuild_permissions", stdout=out)
    assert "No changes" in out.getvalue()
    # Someone granted a permission by hand: rebuild removes it and says so.
    from guardian.shortcuts import assign_perm

    assign_perm("change_strategic_ambition", world.nobody, world.specialty_a)
    out = io.StringIO()
    call_command("rebuild_permissions", stdout=out)
    assert "- nobody: change_strategic_ambition" in out.getvalue()
    assert not can(world.nobody, "change_strategic_ambition", world.specialty_a)
    out = io.StringIO()
    call_command("rebuild_permissions", stdout=out)
    assert "No changes" in out.getvalue()


def test_ending_an_assignment_removes_access_on_the_next_request(world, login):
    client = login(world.owner_a)
    url = f"/specialer/{world.specialty_a.slug}/styrkepositioner/ny/"
    assert client.get(url).status_code == 200
    assignment = RoleAssignment.objects.get(person=world.owner_a.person)
    admin = login(world.admin)
    response = admin.post(
        f"/roller/tildeling/{assignment.pk}/afslut/",
        {"person": world.owner_a.person.pk, "valid_to": TODAY.isoformat(), "reason": "Ny stilling"},
    )
    assert response.status_code == 302
    client.force_login(world.owner_a)
    assert client.get(url).status_code == 404
    assignment.refresh_from_db()
    assert assignment.valid_to == TODAY
    assert assignment.history.latest().history_user == world.admin


def test_deleting_an_assignment_removes_permissions(world):
    RoleAssignment.objects.get(person=world.core_a.person).delete()
    world.core_a = type(world.core_a).objects.get(pk=world.core_a.pk)
    assert not can(world.core_a, "view", world.specialty_a)


def test_future_assignment_takes_effect_on_its_date(world):
    tomorrow = TODAY + datetime.timedelta(days=1)
    assign(world.nobody, "core_team", world.specialty_b, valid_from=tomorrow)
    assert not can(world.nobody, "view", world.specialty_b)
    changes = sync_user(world.nobody, on=tomorrow)
    assert changes.added
    assert can(world.nobody, "view", world.specialty_b)
    # and an assignment ending tomorrow lapses then
    assignment = RoleAssignment.objects.get(person=world.lead_a.person)
    assignment.valid_to = tomorrow
    assignment.save()
    assert can(world.lead_a, "manage_improvement", world.specialty_a)
    rebuild_all(on=tomorrow)
    assert not can(world.lead_a, "manage_improvement", world.specialty_a)


def test_login_applies_assignments_that_started_since(world, client):
    assign(world.nobody, "core_team", world.specialty_b)
    SpecialtyUserObjectPermission.objects.filter(user=world.nobody).delete()
    client.post("/log-ind/", {"username": "nobody", "password": "correct-horse-battery-staple"})
    assert client.get(f"/specialer/{world.specialty_b.slug}/").status_code == 200


def test_no_permission_outlives_its_object(world):
    specialty_id = world.specialty_b.pk
    world.specialty_b.delete()
    assert not RoleAssignment.objects.filter(
        object_id=specialty_id, kind="specialty_owner"
    ).exists()
    assert not SpecialtyUserObjectPermission.objects.filter(content_object_id=specialty_id).exists()


def test_anonymous_user_holds_no_permissions(world):
    assert not can(AnonymousUser(), "view", world.specialty_a)
    assert not restrict(Specialty.objects.all(), AnonymousUser()).exists()
    guardian_anonymous = get_anonymous_user()
    assert not guardian_anonymous.get_all_permissions()
    assert not restrict(Specialty.objects.all(), guardian_anonymous).exists()


def test_admin_site_is_for_administrators_only(world, login):
    assert login(world.owner_a).get("/admin/").status_code == 302
    assert login(world.steering).get("/admin/").status_code == 302
    assert login(world.admin).get("/admin/").status_code == 200


def test_restrict_costs_constant_queries(world, django_assert_num_queries):
    def editable():
        user = type(world.owner_a).objects.get(pk=world.owner_a.pk)  # fresh permission cache
        return list(restrict(Specialty.objects.all(), user, "change_strategic_ambition"))

    editable()  # warm the content-type cache
    with CaptureQueriesContext(connection) as small:
        assert editable() == [world.specialty_a]
    assert len(small.captured_queries) <= 4  # the user, model permissions (2), the list
    for n in range(25):
        specialty = Specialty.objects.create(name=f"Speciale {n}", slug=f"x{n}")
        assign(world.owner_a if n % 2 else world.owner_b, "specialty_owner", specialty)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(editable()) == 13


def test_my_roles_on_the_home_page(world, login):
    body = login(world.core_a).get("/").content.decode()
    assert world.specialty_a.name in body
    assert "afdelingsledelse" in body


# --- bad input --------------------------------------------------------------------------


def assign_url(world, specialty):
    return f"/roller/specialties/specialty/{specialty.pk}/tildel/"


def post_assignment(client, world, **data):
    payload = {
        "person": world.nobody.person.pk,
        "kind": "specialty_owner",
        "valid_from": TODAY.isoformat(),
        "reason": "Udpeget af styregruppen",
    }
    payload.update(data)
    return client.post(assign_url(world, world.specialty_a), payload)


def test_second_current_owner_is_refused(world, login):
    response = post_assignment(login(world.admin), world)
    assert response.status_code == 200
    assert "Owner_A" in response.content.decode()
    assert RoleAssignment.objects.filter(kind="specialty_owner").count() == 2


def test_reversed_period_is_refused(world, login):
    response = post_assignment(
        login(world.admin),
        world,
        kind="core_team",
        valid_to=(TODAY - datetime.timedelta(days=3)).isoformat(),
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(person=world.nobody.person).exists()


def test_overlapping_period_for_same_person_is_refused(world, login):
    client = login(world.admin)
    response = post_assignment(client, world, person=world.core_a.person.pk, kind="core_team")
    assert response.status_code == 200
    assert RoleAssignment.objects.filter(person=world.core_a.person).count() == 1


def test_kind_for_another_object_type_is_refused(world, login):
    response = post_assignment(login(world.admin), world, kind="steering_group")
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(person=world.nobody.person).exists()


def test_posting_another_object_id_is_refused_and_logged(world, login, caplog):
    with caplog.at_level(logging.WARNING, logger="bass.security"):
        response = post_assignment(
            login(world.admin), world, kind="core_team", object_id=world.specialty_b.pk
        )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(person=world.nobody.person).exists()
    assert any("object_id" in r.getMessage() for r in caplog.records)


def test_ending_with_a_different_person_is_refused_and_logged(world, login, caplog):
    assignment = RoleAssignment.objects.get(person=world.owner_a.person)
    with caplog.at_level(logging.WARNING, logger="bass.security"):
        response = login(world.admin).post(
            f"/roller/tildeling/{assignment.pk}/afslut/",
            {"person": world.owner_b.person.pk, "valid_to": TODAY.isoformat(), "reason": "x"},
        )
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.valid_to is None
    assert any("posted person" in r.getMessage() for r in caplog.records)


def test_valid_assignment_grants_access_at_once(world, login):
    response = post_assignment(login(world.admin), world, kind="core_team", function="Kvalitet")
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person=world.nobody.person)
    assert assignment.assigned_by == world.admin
    assert login(world.nobody).get(f"/specialer/{world.specialty_a.slug}/").status_code == 200


def test_database_refuses_reversed_period(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        assign(world.nobody, "core_team", world.specialty_a, valid_to=datetime.date(2024, 1, 1))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints: PostgreSQL")
def test_database_refuses_overlapping_owner_periods(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        assign(
            world.nobody,
            "specialty_owner",
            world.specialty_a,
            valid_from=datetime.date(2025, 6, 1),
            valid_to=datetime.date(2025, 7, 1),
        )


def test_database_refuses_a_second_open_ended_owner(world):
    other = make_user("other")
    with pytest.raises(IntegrityError), transaction.atomic():
        assign(other, "specialty_owner", world.specialty_a, valid_from=datetime.date(2026, 1, 1))

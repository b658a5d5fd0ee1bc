import datetime

from django.urls import reverse

from roles.models import RoleAssignment


def test_an_administrator_makes_someone_forum_secretary(cw, login):
    client = login(cw.world.admin)
    url = reverse("assign_role", args=["clusters", "forum", cw.a.forum.pk])
    page = client.get(url).content.decode()
    for label in ["Formand", "Medformand", "Medlem", "Konsulent", "Sekretær"]:
        assert f">{label}</option>" in page
    assert "Specialeejer" not in page and "Specialty owner" not in page

    newcomer = cw.world.nobody
    response = client.post(
        url,
        {
            "person": newcomer.person.pk,
            "kind": "forum_secretary",
            "function": "",
            "valid_from": datetime.date(2025, 1, 1).isoformat(),
            "valid_to": "",
            "reason": "Ny sekretær",
        },
    )
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(person=newcomer.person, kind="forum_secretary").exists()
    newcomer.refresh_from_db()
    assert newcomer.has_perm("clusters.change_forum", cw.a.forum)
    assert not newcomer.has_perm("clusters.prioritise_initiatives", cw.a.forum)
    assert login(newcomer).get(reverse("item_create", args=[cw.a.meeting.pk])).status_code == 200


def test_ending_a_forum_role_removes_access_at_once(cw, login):
    assignment = RoleAssignment.objects.get(person__user=cw.world.lead_a, kind="forum_member")
    assignment.valid_to = datetime.date.today()
    assignment.save()
    assert login(cw.world.lead_a).get(cw.a.meeting.get_absolute_url()).status_code == 404

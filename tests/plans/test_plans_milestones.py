"""Plans and milestones: laying out the plan, bad input, late items, list and timeline."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from plans.models import Milestone, MilestoneDependency, Plan, creates_cycle
from tests.plans.plans_factories import depends, grant, milestone, plan_for


def _form(plan, **overrides):
    data = {
        "title": "Fælles visitation",
        "description": "",
        "responsible": plan.specialty and "",
        "start_date": "2026-01-01",
        "due_date": "2026-03-31",
        "status": "not_started",
        "done_at": "",
        "serves": "Den faglige ambition, afsnit 2",
        "link": "",
    }
    data.update(overrides)
    return data


def test_the_implementation_lead_creates_a_plan_for_a_strength_position(world, login):
    client = login(world.lead_a)
    url = reverse("plans_plan_create", args=[world.specialty_a.slug])
    response = client.post(
        url, {"title": "Plan for Holbæk", "strength_position": world.position_a.pk}
    )
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan.get_absolute_url()
    assert plan.specialty == world.specialty_a and plan.strength_position == world.position_a


def test_a_strength_position_of_another_specialty_is_refused(world, login):
    url = reverse("plans_plan_create", args=[world.specialty_a.slug])
    response = login(world.lead_a).post(
        url, {"title": "Plan", "strength_position": world.position_b.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["strength_position"]
    assert not Plan.objects.exists()


def test_the_lead_adds_a_milestone_with_a_responsible_person_and_a_dependency(world, login):
    plan = plan_for(world.specialty_a)
    first = milestone(plan, "Kortlægning")
    response = login(world.lead_a).post(
        reverse("plans_milestone_create", args=[plan.pk]),
        _form(plan, responsible=world.core_a.person.pk, depends_on=[first.pk]),
    )
    assert response.status_code == 302
    created = Milestone.objects.get(title="Fælles visitation")
    assert created.responsible == world.core_a.person
    assert [d.depends_on for d in created.dependencies.all()] == [first]
    assert created.history.get().history_user == world.lead_a
    assert MilestoneDependency.objects.get().history.get().history_user == world.lead_a


def test_the_owner_reads_the_plan_but_cannot_change_it(world, login):
    plan = plan_for(world.specialty_a)
    client = login(world.owner_a)
    assert client.get(plan.get_absolute_url()).status_code == 200
    response = client.post(reverse("plans_milestone_create", args=[plan.pk]), _form(plan))
    assert response.status_code == 403
    assert not Milestone.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"start_date": "2026-04-01", "due_date": "2026-03-01"}, "due_date", "due_before_start"),
        ({"due_date": "31-31-2026"}, "due_date", "invalid"),
        ({"status": "done", "done_at": "", "title": ""}, "title", "required"),
        ({"status": "on_track", "done_at": "2026-02-01"}, "done_at", "not_done"),
        ({"link": "not a link at all"}, "link", "invalid"),
    ],
)
def test_bad_milestone_input_is_refused_with_a_clear_error_and_nothing_saved(
    world, login, overrides, field, code
):
    plan = plan_for(world.specialty_a)
    response = login(world.lead_a).post(
        reverse("plans_milestone_create", args=[plan.pk]), _form(plan, **overrides)
    )
    assert response.status_code == 200
    assert response.context["form"].has_error(field, code)
    assert not Milestone.objects.exists()


def test_a_responsible_person_without_a_role_on_the_specialty_is_refused(world, login):
    plan = plan_for(world.specialty_a)
    response = login(world.lead_a).post(
        reverse("plans_milestone_create", args=[plan.pk]),
        _form(plan, responsible=world.owner_b.person.pk),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("responsible", "no_role")
    message = response.context["form"].errors["responsible"][0]
    assert str(world.owner_b.person) in message and world.specialty_a.name in message
    assert not Milestone.objects.exists()


def test_a_person_whose_role_has_ended_is_no_longer_offered_or_accepted(world, login):
    from roles.models import RoleAssignment

    assignment = RoleAssignment.objects.get(person=world.core_a.person)
    assignment.valid_to = timezone.localdate()
    assignment.save()
    plan = plan_for(world.specialty_a)
    client = login(world.lead_a)
    form = client.get(reverse("plans_milestone_create", args=[plan.pk])).context["form"]
    assert world.core_a.person not in form.fields["responsible"].queryset
    response = client.post(
        reverse("plans_milestone_create", args=[plan.pk]),
        _form(plan, responsible=world.core_a.person.pk),
    )
    assert "responsible" in response.context["form"].errors


def test_a_dependency_cycle_is_refused(world, login):
    plan = plan_for(world.specialty_a)
    a, b, c = (milestone(plan, title) for title in "ABC")
    depends(b, a)
    depends(c, b)
    response = login(world.lead_a).post(
        reverse("plans_milestone_update", args=[a.pk]),
        _form(plan, title="A", depends_on=[c.pk], base_version=a.version),
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("depends_on", "cycle")
    assert not a.dependencies.exists()


def test_a_milestone_cannot_depend_on_itself_or_on_another_plans_milestone(world, login):
    plan = plan_for(world.specialty_a)
    other_plan = plan_for(world.specialty_a, "Anden plan")
    a = milestone(plan, "A")
    foreign = milestone(other_plan, "Fremmed")
    client = login(world.lead_a)
    for target in (a, foreign):
        response = client.post(
            reverse("plans_milestone_update", args=[a.pk]),
            _form(plan, title="A", depends_on=[target.pk], base_version=a.version),
        )
        assert response.status_code == 200
        assert "depends_on" in response.context["form"].errors
    assert not MilestoneDependency.objects.exists()


def test_the_cycle_check_itself():
    edges = {2: {1}, 3: {2}}
    assert creates_cycle(edges, 1, {3})
    assert creates_cycle(edges, 1, {1})
    assert not creates_cycle(edges, 3, {1})
    assert not creates_cycle(edges, None, {3})


def test_removing_a_dependency_deletes_its_row_with_history(world, login):
    plan = plan_for(world.specialty_a)
    a, b = milestone(plan, "A"), milestone(plan, "B")
    depends(b, a)
    response = login(world.lead_a).post(
        reverse("plans_milestone_update", args=[b.pk]),
        _form(plan, title="B", base_version=b.version),
    )
    assert response.status_code == 302
    assert not MilestoneDependency.objects.exists()
    assert MilestoneDependency.history.filter(history_type="-").count() == 1


def test_an_edit_on_a_stale_version_shows_the_conflict(world, login):
    plan = plan_for(world.specialty_a)
    a = milestone(plan, "A")
    stale = a.version
    a.title = "Ændret af en anden"
    a.save()
    response = login(world.lead_a).post(
        reverse("plans_milestone_update", args=[a.pk]),
        _form(plan, title="Min titel", base_version=stale),
    )
    assert response.status_code == 409
    a.refresh_from_db()
    assert a.title == "Ændret af en anden"


def test_marking_done_records_the_day(world, login):
    plan = plan_for(world.specialty_a)
    a = milestone(plan, "A")
    login(world.lead_a).post(
        reverse("plans_milestone_update", args=[a.pk]),
        _form(plan, title="A", status="done", base_version=a.version),
    )
    a.refresh_from_db()
    assert a.status == "done" and a.done_at == timezone.localdate()


def test_a_milestone_past_its_due_date_shows_as_late_even_if_marked_on_track(world, login):
    today = timezone.localdate()
    plan = plan_for(world.specialty_a)
    overdue = milestone(
        plan,
        "Overskredet",
        start=today - datetime.timedelta(days=40),
        due=today - datetime.timedelta(days=5),
        status="on_track",
    )
    milestone(
        plan, "I risiko", start=today, due=today + datetime.timedelta(days=10), status="at_risk"
    )
    milestone(plan, "Fint", start=today, due=today + datetime.timedelta(days=10))
    assert overdue.effective_status() == "late" and overdue.days_late() == 5
    response = login(world.core_a).get(plan.get_absolute_url())
    attention = [row["milestone"].title for row in response.context["attention"]]
    assert attention == ["Overskredet", "I risiko"]
    text = response.content.decode()
    assert "⚠" in text  # an icon and text, not colour alone
    assert 'class="overridden"' in text


def test_the_timeline_places_bars_and_marks_late_items(world, login):
    today = timezone.localdate()
    plan = plan_for(world.specialty_a)
    milestone(
        plan,
        "Tidlig",
        start=today - datetime.timedelta(days=90),
        due=today - datetime.timedelta(days=1),
    )
    milestone(plan, "Sen", start=today, due=today + datetime.timedelta(days=90), status="at_risk")
    response = login(world.steering).get(reverse("plans_plan_timeline", args=[plan.pk]))
    assert response.status_code == 200
    rows = response.context["timeline"]["rows"]
    assert rows[0]["left"] < rows[1]["left"]
    assert all(0 <= r["left"] <= 100 and r["left"] + r["width"] <= 100.01 for r in rows)
    assert [r["status"] for r in rows] == ["late", "at_risk"]
    text = response.content.decode()
    assert "bar-late" in text and "bar-at_risk" in text
    assert response.context["timeline"]["months"]


def test_an_empty_plan_says_so_on_both_views(world, login):
    plan = plan_for(world.specialty_a)
    client = login(world.lead_a)
    for url in (plan.get_absolute_url(), reverse("plans_plan_timeline", args=[plan.pk])):
        assert 'class="empty"' in client.get(url).content.decode()


@pytest.mark.parametrize("view", ["plans_plan_detail", "plans_plan_timeline"])
def test_plan_pages_cost_the_same_queries_with_twice_the_milestones(world, login, view):
    plan = plan_for(world.specialty_a)
    client = login(world.lead_a)

    def add(n, start):
        made = [
            milestone(plan, f"M{i}", responsible=world.core_a.person)
            for i in range(start, start + n)
        ]
        for before, after in zip(made, made[1:], strict=False):
            depends(after, before)

    add(4, 0)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(view, args=[plan.pk])).status_code == 200
    add(8, 4)
    with CaptureQueriesContext(connection) as big:
        assert client.get(reverse(view, args=[plan.pk])).status_code == 200
    assert len(big) == len(small) <= 13  # with the unread count in the header


def test_deleting_a_milestone_asks_first_and_removes_its_dependencies(world, login):
    plan = plan_for(world.specialty_a)
    a, b = milestone(plan, "A"), milestone(plan, "B")
    depends(b, a)
    client = login(world.lead_a)
    confirm = client.get(reverse("plans_milestone_delete", args=[a.pk]))
    assert confirm.status_code == 200 and "B" in [
        d.milestone.title for d in confirm.context["dependents"]
    ]
    assert client.post(reverse("plans_milestone_delete", args=[a.pk])).status_code == 302
    assert list(Milestone.objects.values_list("title", flat=True)) == ["B"]
    assert not MilestoneDependency.objects.exists()


def test_deleting_a_plan_keeps_the_deletions_in_history(world, login):
    plan = plan_for(world.specialty_a)
    a, b = milestone(plan, "A"), milestone(plan, "B")
    depends(b, a)
    funds = grant(world.specialty_a)
    funds.milestone = a
    funds.save()
    response = login(world.lead_a).post(reverse("plans_plan_delete", args=[plan.pk]))
    assert response.status_code == 302
    assert not Plan.objects.exists() and not Milestone.objects.exists()
    # The cascade wrote every deletion, with the user who deleted.
    for model, count in ((Plan, 1), (Milestone, 2), (MilestoneDependency, 1)):
        gone = model.history.filter(history_type="-")
        assert gone.count() == count
        assert set(gone.values_list("history_user", flat=True)) == {world.lead_a.pk}
    # The grant stays, without its milestone, and says so in its history.
    funds.refresh_from_db()
    assert funds.milestone is None
    last = funds.history.latest()
    assert (last.milestone_id, last.history_user, last.version) == (None, world.lead_a, 3)


def test_the_plan_exports_to_xlsx_with_dates_statuses_and_no_formulas(world, login):
    import io

    from openpyxl import load_workbook

    today = timezone.localdate()
    plan = plan_for(world.specialty_a)
    a = milestone(
        plan,
        "=HYPERLINK(1)",
        start=today - datetime.timedelta(days=20),
        due=today - datetime.timedelta(days=2),
    )
    b = milestone(
        plan, "Næste", start=today, due=today + datetime.timedelta(days=9), status="at_risk"
    )
    depends(b, a)
    response = login(world.core_a).get(reverse("plans_plan_export", args=[plan.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 3
    first, second = rows[1], rows[2]
    assert first[0] == "'=HYPERLINK(1)"
    assert first[3].date() == today - datetime.timedelta(days=20)
    assert first[8] == 2  # days late, although recorded as on track
    assert second[9] == "'=HYPERLINK(1)"

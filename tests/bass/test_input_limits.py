"""Shared input limits of every form: a sane date range, a maximum length for every text,
no invisible direction controls in names and titles."""

import datetime
import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

from bass.dates import DATE_MAX, DATE_MIN, clamp_date
from bass.forms import PLAIN_TEXT_MAX_LENGTH, Form, SafeInputMixin
from bass.text import clean_plain_text
from improvement.models import PDSACycle
from plans.models import Milestone
from roles.models import RoleAssignment
from tests.improvement.improvement_world import build
from tests.plans.plans_factories import milestone, plan_for

APPS = ["bass", "roles", "specialties", "sustainability", "improvement", "clusters", "plans"]
OUT_OF_RANGE = ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01"]
RANGE_MESSAGE = "Angiv en dato mellem 01.01.2000 og 31.12.2100."


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


def _cycle(**extra):
    data = {
        "title": "Opkald dag 2",
        "objective": "Kan sygeplejersken ringe til fem patienter?",
        "planned_start": "2026-01-05",
        "planned_end": "2026-01-09",
    }
    return {**data, **extra}


def _milestone(**extra):
    data = {
        "title": "Fælles visitation",
        "start_date": "2026-01-01",
        "due_date": "2026-03-31",
        "status": "not_started",
        "serves": "Den faglige ambition",
    }
    return {**data, **extra}


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_a_pdsa_cycle_outside_the_date_range_is_refused(world, imp, login, day):
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    response = login(world.core_a).post(url, _cycle(planned_end=day))
    assert response.status_code == 200
    assert response.context["form"].errors["planned_end"] == [RANGE_MESSAGE]
    assert PDSACycle.objects.count() == 1


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_a_milestone_outside_the_date_range_is_refused(world, login, day):
    plan = plan_for(world.specialty_a)
    url = reverse("plans_milestone_create", args=[plan.pk])
    response = login(world.lead_a).post(url, _milestone(start_date=day))
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("field", ["valid_from", "valid_to"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_role_assignment_outside_the_date_range_is_refused(world, login, field, day):
    payload = {
        "person": world.nobody.person.pk,
        "kind": "core_team",
        "valid_from": "2026-01-01",
        "reason": "Udpeget",
        field: day,
    }
    response = login(world.admin).post(
        f"/roller/specialties/specialty/{world.specialty_a.pk}/tildel/", payload
    )
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not RoleAssignment.objects.filter(person=world.nobody.person).exists()


def test_the_edges_of_the_range_are_accepted(world, imp, login):
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    response = login(world.core_a).post(
        url, _cycle(planned_start=DATE_MIN.isoformat(), planned_end=DATE_MAX.isoformat())
    )
    assert response.status_code == 302


def test_date_inputs_tell_the_browser_the_range(world, imp, login):
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    html = login(world.core_a).get(url).content.decode()
    assert 'min="2000-01-01"' in html and 'max="2100-12-31"' in html


def test_a_timeline_with_a_milestone_due_in_9999_still_answers(world, login):
    plan = plan_for(world.specialty_a)
    milestone(plan, "Normal", start=datetime.date(2026, 1, 1), due=datetime.date(2026, 6, 30))
    milestone(plan, "Slåfejl", start=datetime.date(1, 1, 1), due=datetime.date(9999, 12, 31))
    for user in (world.lead_a, world.steering):
        response = login(user).get(reverse("plans_plan_timeline", args=[plan.pk]))
        assert response.status_code == 200
        rows = response.context["timeline"]["rows"]
        assert all(0 <= r["left"] <= 100 and r["left"] + r["width"] <= 100.01 for r in rows)
        months = response.context["timeline"]["months"]
        assert len(months) == 101  # one column a year, 2000-2100
    assert login(world.lead_a).get(plan.get_absolute_url()).status_code == 200


def test_clamp_date():
    assert clamp_date(datetime.date(9999, 12, 31)) == DATE_MAX
    assert clamp_date(datetime.date(1, 1, 1)) == DATE_MIN
    assert clamp_date(datetime.date(2026, 3, 4)) == datetime.date(2026, 3, 4)


def test_a_5_mb_objective_is_refused_and_nothing_stored(world, imp, login):
    url = reverse("improvement_pdsa_update", args=[imp.cycle.pk])
    before = imp.cycle.history.count()
    response = login(world.core_a).post(
        url,
        _cycle(objective="x" * 5_000_000, base_version=imp.cycle.version),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["objective"] == [
        f"Denne værdi må højst have {PLAIN_TEXT_MAX_LENGTH} tegn (den har 5000000)."
    ]
    imp.cycle.refresh_from_db()
    assert imp.cycle.objective == "Kan vi nå fem patienter på en uge?"
    assert imp.cycle.history.count() == before


def test_a_long_but_allowed_text_is_kept(world, imp, login):
    url = reverse("improvement_pdsa_update", args=[imp.cycle.pk])
    text = "y" * PLAIN_TEXT_MAX_LENGTH
    response = login(world.core_a).post(url, _cycle(objective=text, base_version=imp.cycle.version))
    assert response.status_code == 302
    imp.cycle.refresh_from_db()
    assert imp.cycle.objective == text


def test_direction_overrides_are_removed_from_titles(world, imp, login):
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    response = login(world.core_a).post(url, _cycle(title="Opkald \u202efdp.exe\u202c dag\u2066 2"))
    assert response.status_code == 302
    assert PDSACycle.objects.filter(title="Opkald fdp.exe dag 2").exists()


def test_a_title_of_direction_controls_only_counts_as_empty(world, imp, login):
    url = reverse("improvement_pdsa_create", args=[imp.project.pk, imp.idea.pk])
    response = login(world.core_a).post(url, _cycle(title="\u202e\u2067"))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors


def test_clean_plain_text_removes_every_direction_control():
    controls = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    assert clean_plain_text(f"a{controls}b") == "ab"
    assert clean_plain_text("Kardiologi – Holbæk «ø»") == "Kardiologi – Holbæk «ø»"


def test_a_form_field_without_a_length_gets_the_shared_one():
    class Note(Form):
        text = forms.CharField()
        code = forms.CharField(max_length=10)

    form = Note(data={"text": "z" * (PLAIN_TEXT_MAX_LENGTH + 1), "code": "abc"})
    assert not form.is_valid()
    assert list(form.errors) == ["text"]
    assert form.fields["code"].max_length == 10


def _project_form_classes():
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            importlib.import_module(info.name)
    seen, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            if sub not in seen:
                seen.add(sub)
                todo.append(sub)
    return [c for c in seen if c.__module__.split(".")[0] in APPS]


def test_every_form_of_the_project_has_the_shared_limits():
    classes = _project_form_classes()
    assert len(classes) > 30
    missing = [
        f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, SafeInputMixin)
    ]
    assert not missing, "Forms without bass.forms.Form/ModelForm: " + ", ".join(missing)

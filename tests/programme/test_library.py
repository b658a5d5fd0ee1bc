"""The programme library: what is shared, finding it, reusing it, and progress scores."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import DriverNode, ImprovementProject, PDSACycle
from roles.permissions import VIEW_SHARED, can, restrict
from specialties.models import Ambition
from tests.improvement.improvement_world import build, improvement_for

APPROVED = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def _approved_ambition(specialty, text="<p>Hjertesvigt behandles tæt på borgeren.</p>"):
    return Ambition.objects.create(
        specialty=specialty,
        kind="strategic",
        approved_text=text,
        draft_text="<p>Hemmeligt nyt udkast om lukning af afsnit</p>",
        approved_at=APPROVED,
        status="draft",
    )


def _finish(cycle, decision="adopt", learning="Opkaldene blev taget godt imod"):
    cycle.study_results = "Fire af fem patienter nået"
    cycle.study_learning = learning
    cycle.act_decision = decision
    cycle.save()
    return cycle


@pytest.fixture
def work(world):
    return improvement_for(world, "B")  # specialty B's work; owner_a works on specialty A


def test_another_specialtys_approved_ambition_is_readable_but_not_its_draft(world, login):
    ambition = _approved_ambition(world.specialty_b)
    client = login(world.owner_a)
    page = client.get(reverse("ambition_shared", args=["b", "strategisk"]))
    assert page.status_code == 200
    assert "Hjertesvigt behandles tæt på borgeren" in page.content.decode()
    assert "Hemmeligt nyt udkast" not in page.content.decode()
    # The full ambition page (with the draft) and the edit pages stay with the specialty.
    for name in ("ambition_detail", "ambition_update", "ambition_submit"):
        assert client.get(reverse(name, args=["b", "strategisk"])).status_code == 404
    assert can(world.owner_a, VIEW_SHARED, ambition)
    assert not can(world.owner_a, "view", ambition)


def test_a_draft_that_was_never_approved_is_not_shared(world, login):
    Ambition.objects.create(specialty=world.specialty_b, kind="strategic", draft_text="<p>x</p>")
    response = login(world.owner_a).get(reverse("ambition_shared", args=["b", "strategisk"]))
    assert response.status_code == 404


def test_someone_without_any_role_reads_nothing_shared(world, login, work):
    _approved_ambition(world.specialty_b)
    work.project.shared_with_programme = True
    work.project.save()
    assert not restrict(Ambition.objects.all(), world.nobody, VIEW_SHARED).exists()
    assert not restrict(ImprovementProject.objects.all(), world.nobody, VIEW_SHARED).exists()
    client = login(world.nobody)
    assert client.get(reverse("ambition_shared", args=["b", "strategisk"])).status_code == 404
    assert (
        client.get(reverse("improvement_shared_project", args=[work.project.pk])).status_code == 404
    )
    assert "Færre genindlæggelser" not in client.get(reverse("programme_library")).content.decode()


def test_the_team_shares_and_unshares_a_finished_cycle(world, login):
    own = improvement_for(world, "A")
    _finish(own.cycle)
    client = login(world.core_a)  # the core team contributes
    url = reverse("improvement_share", args=["pdsa", own.cycle.pk])
    response = client.post(url, {"shared": "1"})
    assert response.status_code == 302
    own.cycle.refresh_from_db()
    assert own.cycle.shared_with_programme
    assert own.cycle.history.first().history_user == world.core_a
    assert own.cycle.history.first().history_change_reason == "Delt med programmet"
    client.post(url, {"shared": "0"})
    own.cycle.refresh_from_db()
    assert not own.cycle.shared_with_programme


def test_an_unfinished_cycle_cannot_be_shared_and_nothing_changes(world, login):
    own = improvement_for(world, "A")
    client = login(world.lead_a)
    response = client.post(
        reverse("improvement_share", args=["pdsa", own.cycle.pk]), {"shared": "1"}, follow=True
    )
    assert "Kun en afsluttet cyklus" in response.content.decode()
    own.cycle.refresh_from_db()
    assert not own.cycle.shared_with_programme
    assert own.cycle.history.count() == 1


def test_people_outside_the_team_cannot_share(world, login, work):
    response = login(world.owner_a).post(
        reverse("improvement_share", args=["projekt", work.project.pk]), {"shared": "1"}
    )
    assert response.status_code == 404
    work.project.refresh_from_db()
    assert not work.project.shared_with_programme


def test_a_shared_cycle_is_found_in_the_library_and_shows_its_context(world, login, work):
    _finish(work.cycle, learning="Patienterne ønskede opkaldet om formiddagen")
    work.cycle.shared_with_programme = True
    work.cycle.save()
    page = login(world.owner_a).get(reverse("programme_library"), {"q": "formiddagen"})
    text = page.content.decode()
    assert "Opkald til fem patienter" in text
    assert "Intern medicin: geriatri" in text  # its specialty
    assert "Genindlæggelser" in text  # its measures
    assert "Indfør" in text  # its result (adopt)
    detail = login(world.owner_a).get(reverse("improvement_shared_cycle", args=[work.cycle.pk]))
    assert detail.status_code == 200
    assert "Owner_B" in detail.content.decode()  # the team


@pytest.mark.skipif(connection.vendor != "postgresql", reason="Danish stemming needs PostgreSQL")
def test_a_shared_cycle_is_found_by_an_inflected_danish_word(world, login, work):
    _finish(work.cycle, learning="Genindlæggelserne faldt på afsnittet")
    work.cycle.shared_with_programme = True
    work.cycle.save()
    page = login(world.owner_a).get(reverse("programme_library"), {"q": "genindlæggelse"})
    assert "Opkald til fem patienter" in page.content.decode()
    page = login(world.owner_a).get(reverse("programme_library"), {"q": "afsnit"})
    assert "Opkald til fem patienter" in page.content.decode()


def test_search_and_filters_leave_out_what_does_not_match(world, login, work):
    _finish(work.cycle, decision="abandon")
    work.cycle.shared_with_programme = True
    work.cycle.save()
    client = login(world.owner_a)
    library = reverse("programme_library")
    assert "Opkald til fem" in client.get(library, {"outcome": "abandon"}).content.decode()
    assert "Opkald til fem" not in client.get(library, {"outcome": "adopt"}).content.decode()
    assert "Opkald til fem" not in client.get(library, {"specialty": "a"}).content.decode()
    assert "Opkald til fem" not in client.get(library, {"q": "nonsensord"}).content.decode()
    # An edited address with a value that is not a choice gives a page, not an error.
    assert client.get(library, {"hospital": "x", "kind": "<script>"}).status_code == 200


def test_using_a_shared_change_idea_as_a_template(world, login, work):
    work.idea.shared_with_programme = True
    work.idea.save()
    own = improvement_for(world, "A")
    client = login(world.lead_a)
    url = reverse("improvement_reuse_idea", args=[work.idea.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"parent": own.primary.pk})
    assert response.status_code == 302
    copy = DriverNode.objects.get(origin=work.idea)
    assert copy.project == own.project and copy.parent == own.primary
    assert copy.title == work.idea.title
    assert not copy.shared_with_programme
    assert copy.history.first().history_user == world.lead_a
    origin_page = client.get(reverse("improvement_shared_idea", args=[work.idea.pk]))
    assert "Brugt som skabelon én gang" in origin_page.content.decode()


def test_copying_into_a_project_the_person_cannot_edit_is_refused(world, login, work):
    work.idea.shared_with_programme = True
    work.idea.save()
    other = build(world.specialty_b, title="Andet projekt")  # B's: owner_a may not edit it
    improvement_for(world, "A")  # owner_a's own project, so the form has a choice
    response = login(world.owner_a).post(
        reverse("improvement_reuse_idea", args=[work.idea.pk]), {"parent": other.primary.pk}
    )
    assert response.status_code == 200
    assert "Marker en gyldig valgmulighed" in response.content.decode()
    assert not DriverNode.objects.filter(origin=work.idea).exists()


def test_using_a_shared_plan_copies_the_plan_not_the_data(world, login, work):
    _finish(work.cycle)
    work.cycle.predictions = "Vi når fire af fem"
    work.cycle.shared_with_programme = True
    work.cycle.save()
    own = improvement_for(world, "A")
    response = login(world.lead_a).post(
        reverse("improvement_reuse_cycle", args=[work.cycle.pk]),
        {"change_idea": own.idea.pk, "planned_start": "2026-02-01", "planned_end": "2026-02-14"},
    )
    assert response.status_code == 302
    copy = PDSACycle.objects.get(origin=work.cycle)
    assert copy.change_idea == own.idea
    assert copy.predictions == "Vi når fire af fem"
    assert copy.study_learning == "" and copy.act_decision == ""
    assert copy.planned_start == datetime.date(2026, 2, 1)


def test_the_progress_score_needs_a_reason_and_is_kept_in_history(world, login):
    own = improvement_for(world, "A")
    client = login(world.core_a)
    url = reverse("improvement_progress", args=[own.project.pk])
    form = {"progress_score": "3.5", "progress_reason": "", "base_version": own.project.version}
    response = client.post(url, form)
    assert "Sig hvorfor" in response.content.decode()
    own.project.refresh_from_db()
    assert own.project.progress_score == ""
    form["progress_reason"] = "Målingen viser et skift under medianen"
    assert client.post(url, form).status_code == 302
    own.project.refresh_from_db()
    assert own.project.progress_score == "3.5"
    assert own.project.history.first().history_user == world.core_a
    assert login(world.owner_b).get(url).status_code == 404


def test_the_library_shows_progress_per_specialty(world, login):
    own = improvement_for(world, "A")
    own.project.progress_score = "2.5"
    own.project.progress_reason = "Ændringer afprøvet"
    own.project.save()
    page = login(world.steering).get(reverse("programme_library"))
    rows = page.context["progress"]
    assert rows == [("Intern medicin: kardiologi", [0, 0, 0, 0, 1, 0, 0, 0, 0, 0])]


def _share_more(world, n):
    for i in range(n):
        work = build(world.specialty_b, title=f"Projekt {i}")
        work.project.shared_with_programme = True
        work.project.save()
        work.idea.shared_with_programme = True
        work.idea.save()
        _finish(work.cycle)
        work.cycle.shared_with_programme = True
        work.cycle.save()
    Ambition.objects.filter(specialty=world.specialty_b).delete()
    _approved_ambition(world.specialty_b)


def test_the_library_keeps_its_number_of_queries_as_the_shared_work_doubles(world, login):
    client = login(world.owner_a)
    _share_more(world, 3)
    client.get(reverse("programme_library"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("programme_library"))
    _share_more(world, 3)
    with CaptureQueriesContext(connection) as more:
        page = client.get(reverse("programme_library"))
    assert len(page.context["rows"]) == 19  # 6 projects, ideas and cycles, and one ambition
    assert len(more) == len(few)


def test_the_dashboard_shows_the_same_progress_per_specialty(world, login):
    own = improvement_for(world, "A")
    own.project.progress_score = "4.0"
    own.project.progress_reason = "Skift under medianen i seks måneder"
    own.project.save()
    page = login(world.steering).get(reverse("programme_dashboard"))
    assert page.context["progress"] == [
        ("Intern medicin: kardiologi", [0, 0, 0, 0, 0, 0, 0, 1, 0, 0])
    ]
    assert "Forbedringsprojekternes fremdrift pr. speciale" in page.content.decode()

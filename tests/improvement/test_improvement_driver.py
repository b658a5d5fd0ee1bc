"""The driver diagram editor: add, rename, reorder, move, delete with confirmation."""

import pytest
from django.urls import reverse

from improvement.models import DriverNode, PDSACycle
from tests.improvement.improvement_world import build


@pytest.fixture
def imp(world):
    return build(world.specialty_a)


@pytest.fixture
def lead(world, login):
    return login(world.lead_a)


def _editor(imp):
    return reverse("improvement_driver_diagram", args=[imp.project.pk])


def test_editor_shows_the_nested_diagram_with_controls(imp, lead):
    response = lead.get(_editor(imp))
    html = response.content.decode()
    assert response.status_code == 200
    for node in (imp.primary, imp.secondary, imp.idea):
        assert f'id="node-{node.pk}"' in html
    # Nested: the change idea's list sits inside the secondary driver's row.
    assert html.index(f'id="node-{imp.secondary.pk}"') < html.index(f'id="node-{imp.idea.pk}"')
    assert reverse("improvement_node_delete", args=[imp.project.pk, imp.idea.pk]) in html


def test_add_primary_secondary_and_change_idea(imp, lead):
    url = _editor(imp)
    response = lead.post(url, {"kind": "primary", "parent": "", "title": "Personale"})
    assert response.status_code == 302
    primary = DriverNode.objects.get(title="Personale")
    assert primary.parent is None
    assert list(DriverNode.objects.filter(project=imp.project, parent=None)) == [
        imp.primary,
        primary,
    ]
    lead.post(url, {"kind": "secondary", "parent": primary.pk, "title": "Kompetencer"})
    secondary = DriverNode.objects.get(title="Kompetencer")
    lead.post(url, {"kind": "change_idea", "parent": secondary.pk, "title": "Undervisning"})
    idea = DriverNode.objects.get(title="Undervisning")
    assert idea.parent == secondary and idea.kind == "change_idea"


@pytest.mark.parametrize(
    ("kind", "parent_attr"),
    [("secondary", None), ("primary", "primary"), ("secondary", "secondary")],
)
def test_wrong_place_is_a_form_error_not_a_500(imp, lead, kind, parent_attr):
    parent = getattr(imp, parent_attr).pk if parent_attr else ""
    before = DriverNode.objects.count()
    response = lead.post(_editor(imp), {"kind": kind, "parent": parent, "title": "Forkert"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert DriverNode.objects.count() == before


def test_a_change_idea_cannot_be_chosen_as_parent(imp, lead):
    response = lead.post(
        _editor(imp), {"kind": "change_idea", "parent": imp.idea.pk, "title": "Under idé"}
    )
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_other_projects_boxes_are_not_offered_as_parent(world, imp, lead):
    other = build(world.specialty_a, title="Andet projekt")
    response = lead.post(
        _editor(imp), {"kind": "secondary", "parent": other.primary.pk, "title": "x"}
    )
    assert "parent" in response.context["form"].errors


def test_rename_and_move_to_another_parent(imp, lead):
    second = DriverNode.objects.create(
        project=imp.project, kind="primary", title="Personale", order=5
    )
    url = reverse("improvement_node_update", args=[imp.project.pk, imp.secondary.pk])
    response = lead.post(
        url, {"title": "Opfølgning efter udskrivelse", "parent": second.pk, "base_version": 1}
    )
    assert response.status_code == 302
    imp.secondary.refresh_from_db()
    assert imp.secondary.title == "Opfølgning efter udskrivelse"
    assert imp.secondary.parent == second
    assert imp.secondary.parent_kind == "primary"
    # Its change ideas moved with it.
    imp.idea.refresh_from_db()
    assert imp.idea.parent == imp.secondary


def test_move_refuses_a_parent_of_the_wrong_kind(imp, lead):
    url = reverse("improvement_node_update", args=[imp.project.pk, imp.secondary.pk])
    response = lead.post(url, {"title": "x", "parent": imp.idea.pk, "base_version": 1})
    assert response.status_code == 200
    assert "parent" in response.context["form"].errors


def test_stale_edit_shows_the_conflict_page(imp, lead):
    imp.secondary.title = "Ændret af en anden"
    imp.secondary.save()
    url = reverse("improvement_node_update", args=[imp.project.pk, imp.secondary.pk])
    response = lead.post(url, {"title": "Min titel", "parent": imp.primary.pk, "base_version": 1})
    assert response.status_code == 409
    assert "Min titel" in response.content.decode()


def test_reorder_up_and_down(imp, lead):
    second = DriverNode.objects.create(project=imp.project, kind="primary", title="B", order=2)
    third = DriverNode.objects.create(project=imp.project, kind="primary", title="C", order=3)
    move = reverse("improvement_node_move", args=[imp.project.pk, third.pk])
    response = lead.post(move, {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#node-{third.pk}")
    titles = list(
        DriverNode.objects.filter(project=imp.project, parent=None).values_list("title", flat=True)
    )
    assert titles == [imp.primary.title, "C", "B"]
    lead.post(reverse("improvement_node_move", args=[imp.project.pk, imp.primary.pk]), {})
    titles = list(
        DriverNode.objects.filter(project=imp.project, parent=None).values_list("title", flat=True)
    )
    assert titles == ["C", imp.primary.title, "B"]
    # The top box cannot go further up: nothing changes, no error.
    lead.post(
        reverse("improvement_node_move", args=[imp.project.pk, third.pk]), {"direction": "up"}
    )
    second.refresh_from_db()
    assert second.order == 3


def test_move_is_post_only(imp, lead):
    response = lead.get(reverse("improvement_node_move", args=[imp.project.pk, imp.primary.pk]))
    assert response.status_code == 405


def test_delete_asks_first_and_names_what_goes_with_it(imp, lead):
    url = reverse("improvement_node_delete", args=[imp.project.pk, imp.primary.pk])
    response = lead.get(url)
    html = response.content.decode()
    assert imp.secondary.title in html and imp.idea.title in html
    assert response.context["cycle_count"] == 1
    assert DriverNode.objects.filter(project=imp.project).count() == 3
    response = lead.post(url)
    assert response.status_code == 302
    assert not DriverNode.objects.filter(project=imp.project).exists()
    assert not PDSACycle.objects.exists()
    # Deleted row by row, so each deletion is in the history.
    assert DriverNode.history.filter(history_type="-").count() == 3


def test_node_of_another_project_is_404(world, imp, lead):
    other = build(world.specialty_a, title="Andet")
    url = reverse("improvement_node_update", args=[imp.project.pk, other.primary.pk])
    assert lead.get(url).status_code == 404


def test_project_page_draws_the_diagram_for_readers(world, imp, login):
    client = login(world.steering)
    html = client.get(imp.project.get_absolute_url()).content.decode()
    assert 'class="dd-figure"' in html and "<svg" in html  # the drawing
    assert 'class="dd-list"' in html  # and the same content as a list
    assert imp.idea.title in html and imp.cycle.title in html
    assert reverse("improvement_node_delete", args=[imp.project.pk, imp.idea.pk]) not in html
    assert "improvement/improvement.css" in html  # print rules hide the controls


def test_a_box_links_to_its_place_on_the_project_page_which_every_reader_sees(world, imp, login):
    """A box's own address (a discussion's "back to" link, the history, notifications) is the
    project page at the box, not the editor that only those who may change it open (found
    by the accessibility crawl of the demo: the steering group got 403)."""
    url = imp.idea.get_absolute_url()
    assert url == imp.project.get_absolute_url() + f"#node-{imp.idea.pk}"
    client = login(world.steering)
    assert f'id="node-{imp.idea.pk}"' in client.get(url).content.decode()
    assert client.get(_editor(imp)).status_code == 403


def test_the_editor_heads_the_list_under_its_h1(imp, lead):
    html = lead.get(_editor(imp)).content.decode()
    assert '<h2 id="driverdiagram-liste">' in html

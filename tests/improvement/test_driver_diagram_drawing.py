"""The driver diagram drawn as a diagram: columns by kind, lines between boxes, box details,
placement rules in the forms, the text version beside the drawing."""

import re

import pytest
from django.urls import reverse

from bass.diagrams import BOX_WIDTH, COLUMN_GAP
from improvement.models import DriverNode, NodeMeasure
from improvement.queries import driver_diagram_svg, driver_tree
from tests.improvement.improvement_world import improvement_for

pytestmark = pytest.mark.django_db


def _box_x(svg: str) -> dict[str, list[float]]:
    """The x of every box's rectangle, by kind."""
    found: dict[str, list[float]] = {}
    for kind, x in re.findall(r'<g data-kind="(\w+)"><rect x="([\d.]+)"', svg):
        found.setdefault(kind, []).append(float(x))
    return found


def test_a_change_idea_under_a_primary_driver_is_drawn_in_the_change_idea_column(world):
    work = improvement_for(world, "A")
    DriverNode.objects.create(
        project=work.project, parent=work.primary, kind="change_idea", title="Tjekliste"
    )
    svg = driver_diagram_svg(work.project, driver_tree(work.project))
    columns = _box_x(svg)
    step = BOX_WIDTH + COLUMN_GAP
    assert columns["aim"] == [1]
    assert columns["primary"] == [step + 1]
    assert columns["secondary"] == [2 * step + 1]
    assert columns["change_idea"] == [3 * step + 1, 3 * step + 1]  # both in the last column
    assert svg.count("<path") == 4  # aim–primary, primary–secondary, two to change ideas
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


def test_boxes_show_description_owner_measures_and_cycles(world, login):
    work = improvement_for(world, "A")
    client = login(world.lead_a)
    url = reverse("improvement_node_update", args=[work.project.pk, work.idea.pk])
    owner = world.core_a.person
    response = client.post(
        url,
        {
            "title": work.idea.title,
            "description": "Sygeplejerske ringer dagen efter udskrivelse",
            "owner": owner.pk,
            "parent": work.secondary.pk,
            "measures": [work.measure.pk],
            "base_version": work.idea.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert NodeMeasure.objects.get().measure == work.measure
    assert NodeMeasure.history.count() == 1
    page = client.get(work.project.get_absolute_url()).content.decode()
    drawing = page.split('class="dd-figure"')[1].split("</svg>")[0]
    assert "Sygeplejerske ringer dagen" in drawing
    assert "Målinger: 1" in drawing and "PDSA-cyklusser: 1" in drawing
    text = page.split('class="dd-text"')[1]
    assert reverse("improvement_measure_detail", args=[work.measure.pk]) in text
    assert work.cycle.get_absolute_url() in text
    assert str(owner) in text


def test_a_change_idea_under_the_aim_is_refused_with_the_rule(world, login):
    work = improvement_for(world, "A")
    client = login(world.lead_a)
    response = client.post(
        reverse("improvement_driver_diagram", args=[work.project.pk]),
        {"kind": "change_idea", "parent": "", "title": "Løs idé"},
    )
    assert response.status_code == 200
    assert "En forandringsidé hører under en driver" in response.content.decode()
    assert not DriverNode.objects.filter(title="Løs idé").exists()
    response = client.post(
        reverse("improvement_driver_diagram", args=[work.project.pk]),
        {"kind": "secondary", "parent": work.secondary.pk, "title": "For dybt"},
    )
    assert "En sekundær driver hører under en primær driver." in response.content.decode()
    assert not DriverNode.objects.filter(title="For dybt").exists()


def test_an_owner_from_outside_the_team_is_refused(world, login):
    work = improvement_for(world, "A")
    response = login(world.lead_a).post(
        reverse("improvement_node_update", args=[work.project.pk, work.idea.pk]),
        {
            "title": work.idea.title,
            "owner": world.owner_b.person.pk,
            "parent": work.secondary.pk,
            "base_version": work.idea.version,
        },
    )
    assert response.status_code == 200
    assert "Vælg ejeren blandt personerne i indsatsens team." in response.content.decode()

"""The thread is on every piece of work, with one line in its template, and costs the same
number of queries however long it grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clusters.cluster_world import side
from tests.discussion.factories import attachment_on, comment_on
from tests.discussion.urls import on
from tests.improvement.improvement_world import improvement_for
from tests.plans.plans_factories import milestone, plan_for
from tests.specialties.ambition_matrix_urls import _dilemma
from tests.sustainability.sustainability_factories import make_assessment

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(target, n, author):
    for i in range(n):
        parent = comment_on(target, author, f"Kommentar {i}")
        comment_on(target, author, f"Svar {i}", parent=parent)
        attachment_on(target, author, name=f"bilag {i}.pdf")


def test_a_thread_costs_the_same_queries_however_long(world, client):
    cycle = improvement_for(world, "A").cycle
    client.force_login(world.core_a)
    url = cycle.get_absolute_url()
    grow(cycle, 2, world.lead_a)
    client.get(url)  # warm the content-type and permission caches
    before = queries(client, url)
    grow(cycle, 8, world.lead_a)
    after = queries(client, url)
    assert before == after
    body = client.get(url).content.decode()
    assert body.count('class="comment card"') == 10 and "bilag 7.pdf" in body


def test_the_thread_is_on_every_piece_of_work(world, client):
    work = improvement_for(world, "A")
    client.force_login(world.owner_a)
    from specialties.models import Ambition

    ambition = Ambition.objects.create(specialty=world.specialty_a, kind="strategic")
    own_pages = [
        ambition,
        work.cycle,
        work.measure,
        make_assessment(world.specialty_a, {"professional": 3}),
        side(world, "A").initiative,
    ]
    for target in own_pages:
        comment_on(target, world.lead_a, f"Tråd på {target._meta.model_name}")
        body = client.get(target.get_absolute_url()).content.decode()
        assert 'id="diskussion"' in body, target
        assert f"Tråd på {target._meta.model_name}" in body
    # Rows shown inside another page link to a discussion page of their own.
    parts = [
        (_dilemma(world, "A"), None),
        (work.primary, work.project.get_absolute_url()),  # the diagram on the project page
        (milestone(plan_for(world.specialty_a)), None),
        (side(world, "A").item, None),
    ]
    for target, shown_on in parts:
        url = on("discussion_page", target)
        shown_on = shown_on or target.get_absolute_url()
        assert url in client.get(shown_on).content.decode(), target
        assert 'id="diskussion"' in client.get(url).content.decode()


def test_the_mechanism_takes_any_registered_object(world, client):
    # A data point has no thread in its pages yet; registered, it works as any other row.
    from discussion.registry import _REGISTRY, register

    point = improvement_for(world, "A").point
    register("improvement.datapoint", write="contribute_improvement", own_page=False)
    try:
        client.force_login(world.core_a)
        url = on("comment_create", point)
        assert client.post(url, {"body": "Ny praksis fra denne uge"}).status_code == 302
        client.force_login(world.owner_b)
        assert client.get(on("discussion_page", point)).status_code == 404
    finally:
        _REGISTRY.pop("improvement.datapoint")

"""One rule for who may see what: ``restrict`` (lists) and ``can`` (one object) agree for
every tracked model, every persona and every object, for "view" and "change".

The data is demo-like: the shared ``World`` with every object the permission matrix builds
(ambitions, dilemmas, improvement projects of a specialty and of a cluster initiative,
assessments, plans, grants, cluster forums with open and closed items, exports).
"""

import pytest
from django.apps import apps

from bass.history import TrackedModel
from roles.models import Person, RoleAssignment
from roles.permissions import can, restrict
from tests.permission_matrix import PERSONAS, URLS

ACTIONS = ("view", "change")
# Objects checked per model; the rule has no per-row special cases beyond these.
PER_MODEL = 12


def tracked_models():
    return sorted(
        (m for m in apps.get_models() if issubclass(m, TrackedModel)),
        key=lambda m: m._meta.label,
    )


def build_everything(world) -> None:
    from bass.models import ProgrammeChapter

    for build in URLS.values():
        for side in ("A", "B"):
            build(world, side)
    import datetime
    from decimal import Decimal

    from clusters.models import (
        AgendaItem,
        Attendance,
        Dissent,
        Meeting,
        TripleAimMeasure,
        TripleAimValue,
    )
    from improvement.models import CycleMeasure, Measure, NodeMeasure, PDSACycle
    from plans.models import CentreSupport, Grant, Milestone, Spending
    from specialties.models import Ambition
    from tests.discussion.factories import attachment_on, comment_on
    from tests.plans.plans_factories import depends, milestone, move_phase, plan_for
    from tests.sustainability.sustainability_factories import make_assessment

    ProgrammeChapter.objects.create(programme=world.programme, slug="hvad", title="Hvad er BASS?")
    for specialty, person in [
        (world.specialty_a, world.owner_a.person),
        (world.specialty_b, world.owner_b.person),
    ]:
        first = Milestone.objects.filter(plan__specialty=specialty).first()
        depends(milestone(plan_for(specialty), "Næste"), first)
        move_phase(specialty, 1, by=world.admin)
        grant = Grant.objects.filter(specialty=specialty).first()
        Spending.objects.create(grant=grant, amount=Decimal("100.00"), note="Vikarer")
        CentreSupport.objects.create(
            specialty=specialty, concept_owner=person, centre="hr", hours=Decimal("4.0")
        )
        ambition = Ambition.objects.filter(specialty=specialty).first()
        comment_on(ambition)
        attachment_on(ambition)
    # Attendance at a meeting of each cluster's forum.
    for meeting in Meeting.objects.order_by("pk")[:2]:
        Attendance.objects.create(meeting=meeting, person=world.lead_a.person, status="present")
    # A dissent on an item of each cluster, and a box linked to its measure in each project.
    for item in AgendaItem.objects.order_by("pk")[:4]:
        Dissent.objects.create(
            item=item, author=world.lead_a, author_name="Lead A", text="Jeg tager forbehold."
        )
    for measure in Measure.objects.order_by("pk")[:4]:
        node = measure.project.driver_nodes.first()
        NodeMeasure.objects.get_or_create(node=node, measure=measure)
        cycle = PDSACycle.objects.filter(change_idea__project=measure.project).first()
        if cycle is not None:
            CycleMeasure.objects.get_or_create(
                cycle=cycle, measure=measure, defaults={"predicted_value": Decimal("20")}
            )
    # A dated triple-aim value on measures of initiatives of both clusters.
    for measure in TripleAimMeasure.objects.order_by("pk"):
        TripleAimValue.objects.get_or_create(
            measure=measure, date=datetime.date(2025, 1, 1), defaults={"value": Decimal("10")}
        )
    # Comments on rows of other owners, among them a closed agenda item (its forum only).
    for item in AgendaItem.objects.order_by("pk")[:4]:
        comment_on(item)
        attachment_on(item)
        make_assessment(specialty, {"professional": 3})


@pytest.fixture
def everything(world):
    build_everything(world)
    return world


def test_restrict_and_can_agree_for_every_tracked_model(everything):
    # One test over all models: building the world costs far more than the checks.
    disagreements, checked = [], 0
    for model in tracked_models():
        objects = list(model._default_manager.order_by("pk")[:PER_MODEL])
        if not objects:
            disagreements.append(f"no {model._meta.label} in the world")
        for persona in PERSONAS:
            user = everything.persona(persona)
            for action in ACTIONS:
                allowed = set(
                    restrict(model._default_manager.all(), user, action).values_list(
                        "pk", flat=True
                    )
                )
                for obj in objects:
                    checked += 1
                    if (obj.pk in allowed) != can(user, action, obj):
                        disagreements.append(
                            f"{persona} {action} {model._meta.label} {obj.pk}: "
                            f"restrict says {obj.pk in allowed}"
                        )
    assert not disagreements, "\n".join(disagreements)
    assert checked > 2000
    # The same world, so built once: the rules a reader would check by hand.
    people_and_roles_are_seen_through_the_objects_they_govern(everything)
    the_kind_of_an_ambition_selects_who_changes_it(everything)
    closed_items_stay_in_their_forum(everything)


def people_and_roles_are_seen_through_the_objects_they_govern(everything):
    w = everything
    owner_b_person = w.owner_b.person
    # owner_b's roles (specialty B, forum B) are hidden from the people of A ...
    assert not can(w.core_a, "view", owner_b_person)
    assert not restrict(Person.objects.filter(pk=owner_b_person.pk), w.core_a).exists()
    hidden = RoleAssignment.objects.filter(person=owner_b_person)
    assert not restrict(hidden, w.core_a).exists()
    assert not restrict(hidden, w.nobody).exists()
    # ... but not from themself or the steering group
    assert restrict(hidden, w.owner_b).count() == hidden.count()
    assert restrict(hidden, w.steering).count() == hidden.count()
    # and a colleague on specialty A sees the owner of A
    assert can(w.core_a, "view", w.owner_a.person)
    assert can(w.nobody, "view", w.nobody.person)
    assert not can(w.nobody, "view", w.owner_a.person)


def the_kind_of_an_ambition_selects_who_changes_it(everything):
    from specialties.models import Ambition

    w = everything
    ambitions = Ambition.objects.filter(specialty=w.specialty_a)
    assert {a.kind for a in restrict(ambitions, w.owner_a, "change")} == {"strategic"}
    assert {a.kind for a in restrict(ambitions, w.lead_a, "change")} == {"professional"}
    assert not restrict(ambitions, w.core_a, "change").exists()
    for ambition in ambitions:
        assert can(w.owner_a, "change", ambition) == (ambition.kind == "strategic")


def closed_items_stay_in_their_forum(everything):
    from tests.clusters.cluster_world import side

    w = everything
    a = side(w, "A")
    # core_a sits in cluster A's theme committee: the open item, not the closed one
    assert can(w.core_a, "view", a.item)
    assert not can(w.core_a, "view", a.closed)
    assert not can(w.core_a, "view", a.attachment)
    assert can(w.core_a, "view", a.meeting)
    assert can(w.lead_a, "view", a.closed)
    assert not can(w.owner_b, "view", a.item)

"""Writes that would bypass history are refused by the tracked models' querysets, and the
writes Django does on its own (cascades) are kept in history with the user."""

import pytest
from django.apps import apps

from bass.history import HistoryBypassError, TrackedModel, acting_as
from bass.models import Municipality
from plans.models import Plan
from specialties.models import PopulationResponsibility, StrengthPosition

TRACKED = sorted(
    (m for m in apps.get_models() if issubclass(m, TrackedModel)), key=lambda m: m._meta.label
)


def test_every_domain_app_has_tracked_models():
    labels = {m._meta.app_label for m in TRACKED}
    assert {"bass", "roles", "specialties", "sustainability", "plans", "clusters"} <= labels
    assert "improvement" in labels


@pytest.mark.django_db
@pytest.mark.parametrize("model", TRACKED, ids=lambda m: m._meta.label)
def test_bulk_writes_on_a_tracked_model_raise(model):
    with pytest.raises(HistoryBypassError):
        model._default_manager.filter(pk=-1).update(version=7)
    with pytest.raises(HistoryBypassError):
        model._default_manager.bulk_create([])
    with pytest.raises(HistoryBypassError):
        model._default_manager.bulk_update([], ["version"])


def test_related_managers_refuse_bulk_updates_too(world):
    with pytest.raises(HistoryBypassError):
        world.specialty_a.strength_positions.update(responsibility="x")
    with pytest.raises(HistoryBypassError):
        world.region.hospitals.all().update(name="x")
    assert world.position_a.history.count() == 1


def test_the_escape_hatch_is_explicit_and_survives_chaining(world):
    updated = (
        Municipality.objects.bypassing_history()
        .filter(pk=world.municipalities[0].pk)
        .update(population=1)
    )
    assert updated == 1
    world.municipalities[0].refresh_from_db()
    assert world.municipalities[0].population == 1
    # ... and that write is exactly what is not in history.
    assert world.municipalities[0].history.count() == 1
    with pytest.raises(HistoryBypassError):
        Municipality.objects.filter(pk=world.municipalities[0].pk).update(population=2)


def test_deleting_a_parent_writes_deletion_history_for_its_children(world):
    position = world.position_a
    position_pk = position.pk
    responsibilities = list(position.population_responsibilities.all())
    assert responsibilities
    with acting_as(world.owner_a, "Styrkeposition nedlagt"):
        position.delete()
    for responsibility in responsibilities:
        last = PopulationResponsibility.history.filter(id=responsibility.pk).latest()
        assert last.history_type == "-"
        assert last.history_user == world.owner_a
    assert StrengthPosition.history.filter(id=position_pk).latest().history_type == "-"


def test_a_link_cleared_by_a_delete_is_in_the_history_of_the_linking_object(world):
    plan = Plan.objects.create(specialty=world.specialty_a, title="Plan", strength_position=None)
    plan.strength_position = world.position_a
    plan.save()
    with acting_as(world.owner_a):
        world.position_a.delete()
    plan.refresh_from_db()
    assert plan.strength_position is None
    last = plan.history.latest()
    assert last.history_type == "~"
    assert last.strength_position_id is None
    assert last.history_user == world.owner_a
    assert last.version == plan.version == 3
    assert "deleted" in last.history_change_reason or "slettet" in last.history_change_reason

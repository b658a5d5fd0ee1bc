"""No lost update: the version is compared and swapped in the database at save time.

Two saves based on the same version can never both succeed, whether they come one after
the other or at the same moment; the loser meets the conflict page with both texts.
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from bass.conflicts import conflict_checked
from bass.history import StaleVersion, acting_as
from specialties.ambition_forms import AmbitionForm
from specialties.models import Ambition, StrengthPosition

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises writers, so saves cannot meet there; CI runs PostgreSQL",
)


def _ambition(world, text="<p>Start</p>") -> Ambition:
    with acting_as(world.owner_a):
        return Ambition.objects.create(
            specialty=world.specialty_a, kind="strategic", draft_text=text
        )


def _versions(obj) -> list[int]:
    return list(
        type(obj)
        .history.filter(id=obj.pk)
        .exclude(history_type="-")
        .values_list("version", flat=True)
    )


@pytest.mark.django_db
def test_a_save_from_a_stale_copy_is_refused_and_writes_nothing(world):
    first = StrengthPosition.objects.get(pk=world.position_a.pk)
    second = StrengthPosition.objects.get(pk=world.position_a.pk)
    first.responsibility = "Første"
    first.save()
    second.responsibility = "Anden"
    with pytest.raises(StaleVersion):
        second.save()
    saved = StrengthPosition.objects.get(pk=world.position_a.pk)
    assert (saved.responsibility, saved.version) == ("Første", 2)
    assert sorted(_versions(saved)) == [1, 2]


@pytest.mark.django_db
def test_an_edit_form_whose_version_changed_after_its_check_shows_the_conflict(world):
    """The window the form's own check cannot see: someone saves between clean() and save()."""
    ambition = _ambition(world)
    form = AmbitionForm(
        {"draft_text": "<p>Min tekst</p>", "base_version": ambition.version}, instance=ambition
    )
    assert form.is_valid()
    other = Ambition.objects.get(pk=ambition.pk)
    other.draft_text = "<p>Deres tekst</p>"
    with acting_as(world.lead_a):
        other.save()

    with conflict_checked(form):
        form.save()
        pytest.fail("the stale save went through")
    assert form.has_conflict
    assert form.current_version == 2
    assert Ambition.objects.get(pk=ambition.pk).draft_text == "<p>Deres tekst</p>"
    assert sorted(_versions(ambition)) == [1, 2]
    assert form.saved_version().history_user == world.lead_a
    [(_label, theirs, mine)] = form.conflicting_fields()
    assert "Deres tekst" in theirs and "Min tekst" in mine


@pytest.mark.django_db
def test_two_posts_of_one_version_the_second_gets_the_conflict_page(world, client):
    ambition = _ambition(world)
    url = reverse("ambition_update", args=[world.specialty_a.slug, "strategisk"])
    client.force_login(world.owner_a)
    opened_on = ambition.version
    first = client.post(url, {"draft_text": "<p>Ejerens tekst</p>", "base_version": opened_on})
    assert first.status_code == 302
    other = Client()  # a second tab, opened on the same version
    other.force_login(world.owner_a)
    second = other.post(url, {"draft_text": "<p>Anden tekst</p>", "base_version": opened_on})
    assert second.status_code == 409
    page = second.content.decode()
    assert "Ejerens tekst" in page and "Anden tekst" in page
    assert "Owner_A" in page  # who saved first
    ambition.refresh_from_db()
    assert ambition.draft_text == "<p>Ejerens tekst</p>"
    assert sorted(_versions(ambition)) == [1, 2]


def _race(count: int, work) -> Counter:
    """Run ``work(i)`` in ``count`` threads that start together; count what each returned."""
    barrier = threading.Barrier(count, timeout=30)
    results: list = [None] * count

    def run(i):
        try:
            results[i] = work(i, barrier)
        except Exception as error:  # noqa: BLE001 - reported in the assertion below
            results[i] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return Counter(results)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_saves_of_one_ambition_exactly_one_wins(world):
    ambition = _ambition(world)

    def save(i, barrier):
        mine = Ambition.objects.get(pk=ambition.pk)
        mine.draft_text = f"<p>Tekst {i}</p>"
        barrier.wait()
        try:
            with transaction.atomic():
                mine.save()
        except StaleVersion:
            return "conflict"
        return "saved"

    outcome = _race(8, save)
    assert outcome == Counter({"saved": 1, "conflict": 7})
    versions = _versions(ambition)
    assert sorted(versions) == [1, 2]
    ambition.refresh_from_db()
    assert ambition.version == 2


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_posts_of_the_edit_form_exactly_one_is_saved(world):
    ambition = _ambition(world)
    url = reverse("ambition_update", args=[world.specialty_a.slug, "strategisk"])

    def post(i, barrier):
        client = Client()
        client.force_login(world.owner_a)
        data = {"draft_text": f"<p>Tekst {i}</p>", "base_version": ambition.version}
        barrier.wait()
        return client.post(url, data).status_code

    outcome = _race(4, post)
    assert outcome == Counter({302: 1, 409: 3})
    ambition.refresh_from_db()
    assert ambition.version == 2
    assert sorted(_versions(ambition)) == [1, 2]


@pytest.mark.django_db
def test_a_lost_race_outside_an_edit_form_gets_a_clear_page_not_a_500(world, rf):
    from bass.middleware import StaleVersionMiddleware

    request = rf.post("/")
    request.user = world.owner_a
    middleware = StaleVersionMiddleware(lambda r: None)
    response = middleware.process_exception(request, StaleVersion(world.position_a, 1))
    assert response.status_code == 409
    assert world.position_a.get_absolute_url() in response.content.decode()
    assert middleware.process_exception(request, ValueError()) is None


def test_saving_over_a_newer_text_from_the_conflict_page_tells_its_author(world, client):
    from notifications.models import Notification

    ambition = _ambition(world)
    url = reverse("ambition_update", args=[world.specialty_a.slug, "strategisk"])
    opened_on = ambition.version
    other = Client()
    other.force_login(world.admin)
    assert other.post(url, {"draft_text": "<p>Sekretariatets</p>", "base_version": opened_on})
    client.force_login(world.owner_a)
    conflict = client.post(url, {"draft_text": "<p>Ejerens</p>", "base_version": opened_on})
    assert conflict.status_code == 409
    assert not Notification.objects.filter(event="edit_overwritten").exists()

    rebased = conflict.context["form"].data  # what the conflict page sends back
    assert rebased["overwrites"] == rebased["base_version"]
    unconfirmed = client.post(url, dict(rebased.items()))
    assert unconfirmed.status_code == 409  # replacing a newer text needs a confirmation
    assert "Ejerens" in unconfirmed.context["form"]["draft_text"].value()
    ambition.refresh_from_db()
    assert ambition.draft_text == "<p>Sekretariatets</p>"
    saved = client.post(url, {**dict(rebased.items()), "confirm_overwrite": "1"})
    assert saved.status_code == 302
    ambition.refresh_from_db()
    assert ambition.draft_text == "<p>Ejerens</p>"
    [told] = Notification.objects.filter(event="edit_overwritten")
    assert told.recipient == world.admin
    assert told.url == ambition.get_history_url()

    # An ordinary later save replaces nobody's newer text: no one is told.
    client.post(url, {"draft_text": "<p>Ejerens, rettet</p>", "base_version": ambition.version})
    assert Notification.objects.filter(event="edit_overwritten").count() == 1

"""The ambition workflow: draft → submitted → approved or returned, and who may do what."""

import pytest
from django.urls import reverse

from discussion.models import Comment
from specialties.models import Ambition, AmbitionStatus, Dilemma
from tests.discussion.urls import comment_url


def url(name, world, kind="strategisk", specialty=None):
    return reverse(name, args=[(specialty or world.specialty_a).slug, kind])


def edit(client, world, text, kind="strategisk", **extra):
    ambition = Ambition.objects.filter(
        specialty=world.specialty_a, kind="strategic" if kind == "strategisk" else "professional"
    ).first()
    data = {"draft_text": text, "base_version": ambition.version if ambition else ""}
    return client.post(url("ambition_update", world, kind), data | extra)


def transition(client, world, name, kind="strategisk", comment=""):
    ambition = Ambition.objects.get(
        specialty=world.specialty_a, kind="strategic" if kind == "strategisk" else "professional"
    )
    return client.post(
        url(name, world, kind), {"base_version": ambition.version, "comment": comment}
    )


def strategic(world) -> Ambition:
    return Ambition.objects.get(specialty=world.specialty_a, kind="strategic")


@pytest.mark.django_db
def test_owner_writes_submits_and_steering_group_approves(world, client):
    client.force_login(world.owner_a)
    response = edit(client, world, "<h2>Mål</h2><p>Fælles <strong>populationsansvar</strong></p>")
    assert response.status_code == 302
    ambition = strategic(world)
    assert ambition.status == AmbitionStatus.DRAFT
    assert ambition.draft_text == "<h2>Mål</h2><p>Fælles <strong>populationsansvar</strong></p>"
    assert ambition.approved_text == ""

    assert transition(client, world, "ambition_submit", comment="Klar").status_code == 302
    assert strategic(world).status == AmbitionStatus.SUBMITTED

    client.force_login(world.steering)
    waiting = client.get(reverse("ambitions_waiting"))
    assert world.specialty_a.name in waiting.content.decode()
    assert transition(client, world, "ambition_approve", comment="Godkendt").status_code == 302
    ambition = strategic(world)
    assert ambition.status == AmbitionStatus.APPROVED
    assert ambition.approved_text == ambition.draft_text
    assert ambition.approved_by == world.steering
    assert ambition.approved_at is not None
    assert ambition.decision_comment == "Godkendt"

    reasons = list(ambition.history.values_list("history_change_reason", flat=True))
    # The comment of each transition is its reason in history (the prefix is translated).
    assert reasons[0].endswith(": Godkendt")
    assert reasons[1].endswith(": Klar")
    assert world.specialty_a.name not in client.get(reverse("ambitions_waiting")).content.decode()


@pytest.mark.django_db
def test_approved_text_stays_current_while_a_new_draft_is_edited(world, client):
    client.force_login(world.owner_a)
    edit(client, world, "<p>Første udgave</p>")
    transition(client, world, "ambition_submit")
    client.force_login(world.steering)
    transition(client, world, "ambition_approve")

    client.force_login(world.owner_a)
    edit(client, world, "<p>Anden udgave</p>")
    ambition = strategic(world)
    assert ambition.status == AmbitionStatus.DRAFT
    assert ambition.approved_text == "<p>Første udgave</p>"
    assert ambition.draft_text == "<p>Anden udgave</p>"

    # The workspace shows the approved text as current and the new draft apart from it.
    page = client.get(world.specialty_a.get_absolute_url()).content.decode()
    section = page.split('id="ambition-strategic"')[1].split("</article>")[0].splitlines()
    approved = next(line for line in section if "Første udgave" in line)
    draft = next(line for line in section if "Anden udgave" in line)
    assert approved != draft
    assert "#godkendt" in approved and "#udkast" in draft
    detail = client.get(ambition.get_absolute_url()).content.decode()
    assert "Første udgave" in detail and "Anden udgave" in detail

    # Returned: the approved text is still the current one, the comment is kept.
    transition(client, world, "ambition_submit")
    client.force_login(world.steering)
    assert transition(client, world, "ambition_return", comment="").status_code == 200
    assert strategic(world).status == AmbitionStatus.SUBMITTED  # comment required
    transition(client, world, "ambition_return", comment="Mangler tal for Lolland")
    ambition = strategic(world)
    assert ambition.status == AmbitionStatus.RETURNED
    assert ambition.approved_text == "<p>Første udgave</p>"
    assert ambition.decision_comment == "Mangler tal for Lolland"
    assert ambition.history.first().history_change_reason.endswith(": Mangler tal for Lolland")


@pytest.mark.django_db
def test_who_may_do_each_step(world, client):
    client.force_login(world.owner_a)
    edit(client, world, "<p>Strategisk</p>")
    client.force_login(world.lead_a)
    assert client.get(url("ambition_update", world)).status_code == 403
    assert edit(client, world, "<p>Forsøg</p>").status_code == 403
    assert transition(client, world, "ambition_submit").status_code == 403
    assert edit(client, world, "<p>Fagligt</p>", kind="faglig").status_code == 302

    client.force_login(world.owner_a)
    assert edit(client, world, "<p>Forsøg</p>", kind="faglig").status_code == 403
    transition(client, world, "ambition_submit")
    assert transition(client, world, "ambition_approve").status_code == 403
    assert transition(client, world, "ambition_return", comment="x").status_code == 403

    client.force_login(world.core_a)
    assert edit(client, world, "<p>Forsøg</p>").status_code == 403
    assert transition(client, world, "ambition_approve").status_code == 403
    response = client.post(comment_url(strategic(world)), {"body": "God retning"})
    assert response.status_code == 302
    assert Comment.objects.get().author_name == "Core_A"

    client.force_login(world.owner_b)
    assert client.get(url("ambition_detail", world)).status_code == 404
    assert edit(client, world, "<p>Forsøg</p>").status_code == 404
    assert client.get(reverse("ambitions_waiting")).status_code == 403

    client.force_login(world.steering)
    assert edit(client, world, "<p>Forsøg</p>").status_code == 403
    assert transition(client, world, "ambition_approve").status_code == 302
    assert strategic(world).draft_text == "<p>Strategisk</p>"


@pytest.mark.django_db
def test_double_submit_and_stale_decision(world, client):
    client.force_login(world.owner_a)
    edit(client, world, "<p>Tekst</p>")
    version = strategic(world).version
    data = {"base_version": version, "comment": ""}
    assert client.post(url("ambition_submit", world), data).status_code == 302
    assert client.post(url("ambition_submit", world), data).status_code == 302
    statuses = list(strategic(world).history.values_list("status", flat=True))
    assert statuses.count(AmbitionStatus.SUBMITTED) == 1

    # A double click on save makes one change, not a conflict page.
    edit(client, world, "<p>Ny tekst</p>")
    stale = {"draft_text": "<p>Ny tekst</p>", "base_version": strategic(world).version - 1}
    assert client.post(url("ambition_update", world), stale).status_code == 302
    assert strategic(world).status == AmbitionStatus.DRAFT

    # The steering group opened the page on one version; the owner changed the text since.
    transition(client, world, "ambition_submit")
    opened_on = strategic(world).version
    edit(client, world, "<p>Ændret bagefter</p>")
    transition(client, world, "ambition_submit")
    client.force_login(world.steering)
    response = client.post(url("ambition_approve", world), {"base_version": opened_on})
    assert response.status_code == 409
    assert "Ændret bagefter" in response.content.decode()
    assert strategic(world).status == AmbitionStatus.SUBMITTED


@pytest.mark.django_db
def test_editing_a_submitted_ambition_withdraws_it_and_empty_drafts_are_not_submitted(
    world, client
):
    client.force_login(world.owner_a)
    edit(client, world, "<p></p>")
    response = transition(client, world, "ambition_submit")
    assert response.status_code == 302
    assert strategic(world).status == AmbitionStatus.DRAFT
    edit(client, world, "<p>Indhold</p>")
    transition(client, world, "ambition_submit")
    edit(client, world, "<p>Rettet</p>")
    assert strategic(world).status == AmbitionStatus.DRAFT


@pytest.mark.django_db
def test_restore_brings_back_text_as_a_draft_never_an_approval(world, client):
    client.force_login(world.owner_a)
    edit(client, world, "<p>Gammel godkendt</p>")
    transition(client, world, "ambition_submit")
    client.force_login(world.steering)
    transition(client, world, "ambition_approve")
    approved_record = strategic(world).history.first()
    client.force_login(world.owner_a)
    edit(client, world, "<p>Ny</p>")
    transition(client, world, "ambition_submit")
    client.force_login(world.steering)
    transition(client, world, "ambition_approve")

    client.force_login(world.owner_a)
    ambition = strategic(world)
    restore = reverse(
        "history_restore", args=["specialties", "ambition", ambition.pk, approved_record.history_id]
    )
    assert client.get(restore).status_code == 200
    assert client.post(restore).status_code == 302
    ambition = strategic(world)
    assert ambition.draft_text == "<p>Gammel godkendt</p>"
    assert ambition.approved_text == "<p>Ny</p>"
    assert ambition.status == AmbitionStatus.DRAFT

    client.force_login(world.lead_a)
    assert client.post(restore).status_code == 403


@pytest.mark.django_db
def test_dilemmas_follow_their_kind(world, client):
    client.force_login(world.owner_a)
    create = reverse("dilemma_create", args=["a", "strategisk"])
    response = client.post(
        create, {"title": "Centralt vs. lokalt", "description": "<p>Nærhed</p>", "order": 1}
    )
    assert response.status_code == 302
    dilemma = Dilemma.objects.get()
    assert (dilemma.kind, dilemma.specialty) == ("strategic", world.specialty_a)
    page = client.get(world.specialty_a.get_absolute_url()).content.decode()
    assert "Centralt vs. lokalt" in page

    client.force_login(world.lead_a)
    assert client.get(reverse("dilemma_create", args=["a", "strategisk"])).status_code == 403
    update = reverse("dilemma_update", args=["a", dilemma.pk])
    assert client.get(update).status_code == 403
    assert client.post(reverse("dilemma_delete", args=["a", dilemma.pk])).status_code == 403

    client.force_login(world.owner_a)
    data = {"title": "Ny titel", "description": "", "order": 2, "base_version": dilemma.version}
    assert client.post(update, data).status_code == 302
    delete = reverse("dilemma_delete", args=["a", dilemma.pk])
    assert "Ny titel" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Dilemma.objects.exists()
    assert Dilemma.history.filter(history_type="-").count() == 1


@pytest.mark.django_db
def test_dilemma_history_compares_and_restores(world, client):
    client.force_login(world.owner_a)
    dilemma = Dilemma.objects.create(
        specialty=world.specialty_a, kind="strategic", title="Nærhed", description="<p>lokalt</p>"
    )
    update = reverse("dilemma_update", args=["a", dilemma.pk])
    data = {"title": "Nærhed", "description": "<p>centralt</p>", "order": 0}
    client.post(update, data | {"base_version": dilemma.version})
    first, last = dilemma.history.earliest(), dilemma.history.latest()
    page = client.get(dilemma.get_history_url(), {"a": first.history_id, "b": last.history_id})
    html = page.content.decode()
    assert "<del>lokalt</del>" in html and "<ins>centralt</ins>" in html

    restore = reverse(
        "history_restore", args=["specialties", "dilemma", dilemma.pk, first.history_id]
    )
    client.force_login(world.lead_a)
    assert client.post(restore).status_code == 403
    client.force_login(world.owner_a)
    assert client.post(restore).status_code == 302
    assert Dilemma.objects.get().description == "<p>lokalt</p>"

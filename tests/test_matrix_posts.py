"""Allowed POSTs of the permission matrix really change something, and history names the
user who posted.

The matrix itself posts empty forms: a confirmation (delete, restore, move) answers 302
and a form answers 200 with errors. Here every allowed POST line is posted once by the
first persona the matrix allows: confirmations with the empty form, forms with the valid
data in ``VALID``. Each post must leave a historical row written by that user.
"""

import datetime

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone

from bass.history import TrackedModel
from tests.permission_matrix import PERSONAS, URLS, rows

TODAY = timezone.localdate()

PRISM_EFFECTS = {
    "professional_effect": 1,
    "professional_reason": "Ens behandling",
    "staff_effect": -1,
    "staff_reason": "Flere vagter",
    "organisational_effect": 0,
    "organisational_reason": "Uændret samarbejde",
}


def _succession(w):
    """A new health council succeeds cluster A, each forum going to a new forum of it."""
    from tests.clusters.cluster_world import side

    a = side(w, "A")
    return {
        "council": "",
        "council_name": "Sundhedsråd A",
        "starts": "2025-06-01",
        f"forum_{a.forum.pk}": "new",
        f"forum_{a.theme.pk}": "new",
        "confirm": "1",
    }


# Valid data for forms (lines whose empty POST answers 200), by matrix name.
VALID = {
    # owner_a decides on the suggestion made to specialty A's strategic ambition.
    "suggestion_accept": lambda w: {
        "base_version": w.specialty_a.ambitions.get(kind="strategic").version
    },
    "suggestion_edit": lambda w: {
        "draft_text": "<p>Forslaget, lidt rettet</p>",
        "base_version": w.specialty_a.ambitions.get(kind="strategic").version,
    },
    "suggestion_decline": lambda w: {"reason": "Vi holder fast i teksten"},
    # lead_a suggests a change to specialty A's strategic ambition.
    "suggestion_create": lambda w: {
        "text": "<p>Et bedre forslag</p>",
        "reason": "Tydeligere mål",
        "base_version": w.specialty_a.ambitions.get(kind="strategic").version,
    },
    # owner_a copies specialty A's shared work into A's own project.
    "improvement_reuse_idea": lambda w: {"parent": w._improvement_A.primary.pk},
    "improvement_reuse_cycle": lambda w: {
        "change_idea": w._improvement_A.idea.pk,
        "planned_start": "2026-02-01",
        "planned_end": "2026-02-14",
    },
    "end_assignment": lambda w: {
        "person": w.owner_a.person.pk,
        "valid_to": (TODAY + datetime.timedelta(days=1)).isoformat(),
        "reason": "Ny stilling",
    },
    "assign_role": lambda w: {
        "person": w.nobody.person.pk,
        "kind": "core_team",
        "valid_from": TODAY.isoformat(),
        "reason": "Udpeget",
    },
    "comment_create": lambda w: {"body": "Et godt udkast, @lead_a."},
    "comment_reply": lambda w: {"body": "Enig."},
    "comment_update": lambda w: {"body": "Et bedre udkast."},
    "discussion_attachment_create": lambda w: {
        "files": [
            SimpleUploadedFile("Referat æøå.pdf", b"%PDF-1.7\n%x\n"),
            SimpleUploadedFile("Plan.pdf", b"%PDF-1.7\n%y\n"),
        ]
    },
    "strength_position_create": lambda w: {
        "hospital": w.hospital_2.pk,
        "organisation_form": "at_a_distance",
        "responsibility": "Behandlingsansvar på afstand",
    },
    "strength_position_update": lambda w: {
        "hospital": w.hospital_1.pk,
        "organisation_form": "cross_hospital",
        "responsibility": "Tværgående fagligt fællesskab",
        "base_version": w.position_a.version,
    },
    "meeting_create": lambda w: {
        "starts_at": "2025-09-04T16:30",
        "place": "Holbæk Sygehus",
    },
    "export_create": lambda w: {"language": "da"},
    "project_report_create": lambda w: {"language": "da"},
    "dilemma_create_strategic": lambda w: {
        "title": "Centralt eller nært",
        "description": "<p>Samling mod nærhed.</p>",
        "order": 1,
    },
    "dilemma_create_professional": lambda w: {
        "title": "Trivsel eller fleksibilitet",
        "description": "<p>Vagtplaner.</p>",
        "order": 2,
    },
    "meeting_update": lambda w: {
        "starts_at": "2025-04-03T17:00",
        "place": "Slagelse Sygehus",
    },
    "item_create": lambda w: {"number": 7, "title": "Eventuelt"},
    "cluster_succession": lambda w: _succession(w),
    "standard_items": lambda w: {"title": "Eventuelt", "position": "last", "order": 1},
    "standard_item_update": lambda w: {"title": "Eventuelt", "position": "last", "order": 2},
    "triple_aim_value_create": lambda w: {"date": "2025-03-31", "value": "12,5"},
    "meeting_advance": lambda w: {"from": "held"},
    "meeting_attendance": lambda w: {f"status_{w.owner_a.person.pk}": "present"},
    "item_dissent": lambda w: {"text": "Jeg tager forbehold."},
    "item_update": lambda w: {"number": 1, "title": "Velkomst"},
    "plans_plan_create": lambda w: {"title": "Plan for udredning", "description": "Trin for trin"},
    "plans_plan_update": lambda w: {"title": "Plan for behandling", "description": "Ny"},
    "plans_spending_create": lambda w: {
        "date": "2026-03-01",
        "amount": "1000",
        "note": "Vikardækning",
    },
    "plans_grant_create": lambda w: {"amount": "50000", "year": 2026, "pool": "Transition"},
    "improvement_measure_phase_create": lambda w: {
        "starts_on": "2025-02-01",
        "title": "Ny praksis",
    },
    "prism_create": lambda w: {
        "title": "Fælles vagtlag",
        **PRISM_EFFECTS,
    },
    "prism_update": lambda w: {
        "title": "Fælles vagtlag",
        **PRISM_EFFECTS,
        "professional_effect": 2,
    },
    **{
        name: (lambda w: PRISM_EFFECTS)
        for name in [
            "prism_rate_change_idea",
            "prism_rate_project",
            "prism_rate_pdsa",
            "prism_rate_milestone",
            "prism_rate_cluster_initiative",
        ]
    },
}

# Lines whose 302 is a refusal with a message, not a change: a finalised assessment keeps
# its scores and is never deleted (tests/sustainability covers the message).
REFUSED = {"finalised_assessment_delete", "finalised_assessment_scores"}

# A person's own read marks and delivery settings are not domain data and keep no history
# (README, Notifications); tests/notifications asserts what these POSTs change.
PERSONAL = {"notification_settings", "notification_read_all", "notification_read"}
# A person's own API access tokens are not domain data either (tests/api asserts what
# creating and revoking one does; the token page answers 200 with the new token shown once).
PERSONAL |= {"api_tokens", "api_token_revoke"}
# A personal data export answers with the ZIP and records itself (tests/roles asserts it).
PERSONAL |= {"personal_data"}

# Allowed POST lines not yet posted with valid data here: each is a form whose data this
# file does not build yet. The list may only shrink.
NOT_YET_COVERED = {
    "ambition_approve",
    "ambition_return",
    "ambition_submit",
    "ambition_update_professional",
    "ambition_update_strategic",
    "ambitions_waiting",
    "assessment_create",
    "assessment_finalise",
    "assessment_scores",
    "assessment_update",
    "attachment_create",
    "criterion_create",
    "criterion_update",
    "dilemma_update",
    "dilemma_update_professional",
    "improvement_driver_diagram",
    "improvement_measure_create",
    "improvement_measure_data",
    "improvement_measure_import",
    "improvement_node_move",
    "improvement_node_update",
    "improvement_pdsa_create",
    "improvement_pdsa_update",
    "improvement_project_create",
    "improvement_project_update",
    "initiative_create",
    "initiative_measure_data",
    "initiative_pdsa_update",
    "initiative_project_create",
    "initiative_project_update",
    "plans_milestone_create",
    "plans_milestone_update",
    "plans_phase_move",
    "plans_support_create",
    "prioritisation",
}


class _Rollback(Exception):
    pass


def allowed_posts():
    """(name, object, persona) of the first allowed persona of each allowed POST name."""
    seen = {}
    for name, obj, method, expected in rows():
        if method != "POST" or name in seen:
            continue
        allowed = [
            p for p in PERSONAS if p != "anonymous" and expected[p] in (200, 302)
        ]  # matrix column order: the object's own roles come before the administrator
        if allowed:
            seen[name] = (name, obj, allowed[0], expected[allowed[0]])
    return list(seen.values())


def _history_by(user, since) -> list[str]:
    written = []
    for model in apps.get_models():
        if (
            issubclass(model, TrackedModel)
            and hasattr(model, "history")
            and model.history.filter(history_user=user, history_date__gte=since).exists()
        ):
            written.append(model._meta.label)
    return written


def test_every_allowed_post_is_covered_or_listed():
    names = {name for name, *_rest in allowed_posts()}
    listed = NOT_YET_COVERED | REFUSED | PERSONAL
    assert not (listed - names), "listed but no longer an allowed POST"
    assert not (set(VALID) & NOT_YET_COVERED)


def test_allowed_posts_change_data_and_history_names_the_user(world):
    skipped = NOT_YET_COVERED | REFUSED | PERSONAL
    lines = [line for line in allowed_posts() if line[0] not in skipped]
    urls = {(name, obj): URLS[name](world, obj) for name, obj, _p, _s in lines}
    failures = []
    for name, obj, persona, _status in lines:
        user = world.persona(persona)
        client = Client()
        client.force_login(user)
        data = VALID[name](world) if name in VALID else {}
        since = timezone.now()
        try:
            with transaction.atomic():
                response = client.post(urls[name, obj], data)
                written = _history_by(user, since)
                raise _Rollback
        except _Rollback:
            pass
        if response.status_code != 302:
            failures.append(f"{name} as {persona}: {response.status_code}, not saved")
        elif not written:
            failures.append(f"{name} as {persona}: no history row names the user")
    assert not failures, "\n".join(failures)
    assert len(lines) >= 25

"""The permission matrix: every URL that takes an object, per persona, GET and POST.

One line per URL, object and method. Columns are the personas of tests/conftest.py:
owner_a, lead_a, core_a (specialty A), owner_b (specialty B), steering (steering group),
admin (administrator), nobody (a user with no role), anon (not logged in).

Statuses: 200 page, 302 redirect after a successful POST (anonymous users: to the login
page; a 200 for anonymous is a public page needing no log-in), 403 seen but not allowed,
404 not visible. POSTs send an empty form, so an allowed
POST to a form answers 200 with errors and changes nothing; confirmation pages answer 302.

Each new object URL gets its lines here: a name in URLS (how to build the URL for object A or B)
and lines in MATRIX.
"""

from django.urls import reverse

from sustainability.models import Criterion
from tests.clusters.cluster_matrix_urls import URLS as CLUSTER_URLS
from tests.discussion.discussion_matrix_urls import URLS as DISCUSSION_URLS
from tests.improvement.improvement_world import URLS as IMPROVEMENT_URLS
from tests.improvement.improvement_world import improvement_for
from tests.improvement.phase_matrix_urls import URLS as PHASE_URLS
from tests.plans.plans_matrix_urls import URLS as PLANS_URLS
from tests.programme.library_matrix_urls import URLS as LIBRARY_URLS
from tests.specialties.ambition_matrix_urls import URLS as AMBITION_URLS
from tests.sustainability.sustainability_matrix_urls import URLS as SUSTAINABILITY_URLS

PERSONAS = ["owner_a", "lead_a", "core_a", "owner_b", "steering", "admin", "nobody", "anonymous"]


def _specialty(w, x):
    return w.specialty_a if x == "A" else w.specialty_b


def _position(w, x):
    return w.position_a if x == "A" else w.position_b


def _export(w, x):
    """A finished miniguide export of specialty A or B, with a small stored file."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    from bass.models import Export

    specialty = _specialty(w, x)
    export = Export.objects.create(
        kind="specialty_miniguide",
        content_type=ContentType.objects.get_for_model(specialty),
        object_id=specialty.pk,
        language="da",
        status=Export.Status.DONE,
    )
    export.file.save(f"matrix-{specialty.slug}.pdf", ContentFile(b"%PDF-1.7 matrix"))
    return export


def _assignment(w, x):
    from roles.models import RoleAssignment

    return RoleAssignment.objects.on_object(_specialty(w, x)).get(kind="specialty_owner")


def _forum_assignment(w, x):
    """The chair's role on cluster x's strategic forum (owner_a chairs forum A)."""
    from roles.models import RoleAssignment
    from tests.clusters.cluster_world import side

    return RoleAssignment.objects.on_object(side(w, x).forum).get(kind="forum_chair")


def _programme_export(w, x):
    from django.contrib.contenttypes.models import ContentType

    from bass.models import Export

    return Export.objects.create(
        kind="programme_miniguide",
        content_type=ContentType.objects.get_for_model(w.programme),
        object_id=w.programme.pk,
        language="da",
        status=Export.Status.DONE,
    )


def _restore_url(obj):
    return reverse(
        "history_restore",
        args=[obj._meta.app_label, obj._meta.model_name, obj.pk, obj.history.earliest().history_id],
    )


def _notification(w, x):
    """A notification of owner_a about specialty A (A), or of owner_b about B (B)."""
    from notifications.notify import notify

    owner, specialty = (w.owner_a, w.specialty_a) if x == "A" else (w.owner_b, w.specialty_b)
    return notify([owner], "comment", specialty, actor=w.admin)[0]


def _token(w, x):
    """An access token of owner_a (A) or owner_b (B)."""
    import datetime

    from api.models import AccessToken

    owner = w.owner_a if x == "A" else w.owner_b
    return AccessToken.issue(owner, "BI", datetime.date(2100, 1, 1))[0]


URLS = {
    "api_tokens": lambda w, x: reverse("api_tokens"),
    "personal_data": lambda w, x: reverse(
        "personal_data", args=[(w.owner_a if x == "A" else w.owner_b).person.pk]
    ),
    "api_token_revoke": lambda w, x: reverse("api_token_revoke", args=[_token(w, x).pk]),
    "notification_centre": lambda w, x: reverse("notification_centre"),
    "notification_settings": lambda w, x: reverse("notification_settings"),
    "notification_read_all": lambda w, x: reverse("notification_read_all"),
    "notification_read": lambda w, x: reverse("notification_read", args=[_notification(w, x).pk]),
    "notification_open": lambda w, x: reverse("notification_open", args=[_notification(w, x).pk]),
    "specialty_detail": lambda w, x: reverse("specialty_detail", args=[_specialty(w, x).slug]),
    "strength_position_create": lambda w, x: reverse(
        "strength_position_create", args=[_specialty(w, x).slug]
    ),
    "strength_position_update": lambda w, x: reverse(
        "strength_position_update", args=[_specialty(w, x).slug, _position(w, x).pk]
    ),
    "strength_position_delete": lambda w, x: reverse(
        "strength_position_delete", args=[_specialty(w, x).slug, _position(w, x).pk]
    ),
    "population_responsibility_update": lambda w, x: reverse(
        "population_responsibility_update", args=[_specialty(w, x).slug, _position(w, x).pk]
    ),
    "specialty_history": lambda w, x: _specialty(w, x).get_history_url(),
    "position_history": lambda w, x: _position(w, x).get_history_url(),
    "position_restore": lambda w, x: reverse(
        "history_restore",
        args=[
            "specialties",
            "strengthposition",
            _position(w, x).pk,
            _position(w, x).history.earliest().history_id,
        ],
    ),
    "specialty_roles": lambda w, x: reverse(
        "object_roles", args=["specialties", "specialty", _specialty(w, x).pk]
    ),
    "assign_role": lambda w, x: reverse(
        "assign_role", args=["specialties", "specialty", _specialty(w, x).pk]
    ),
    "end_assignment": lambda w, x: reverse("end_assignment", args=[_assignment(w, x).pk]),
    "assignment_history": lambda w, x: _assignment(w, x).get_history_url(),
    "assignment_restore": lambda w, x: _restore_url(_assignment(w, x)),
    "forum_assignment_history": lambda w, x: _forum_assignment(w, x).get_history_url(),
    "forum_assignment_restore": lambda w, x: _restore_url(_forum_assignment(w, x)),
    "person_history": lambda w, x: w.owner_a.person.get_history_url(),
    "programme_detail": lambda w, x: reverse("programme_detail", args=[w.programme.pk]),
    "programme_roles": lambda w, x: reverse(
        "object_roles", args=["bass", "programme", w.programme.pk]
    ),
    "hospital_detail": lambda w, x: reverse("hospital_detail", args=[w.hospital_1.pk]),
    "municipality_history": lambda w, x: w.municipalities[0].get_history_url(),
    "criterion_create": lambda w, x: reverse("criterion_create"),
    "criterion_update": lambda w, x: reverse(
        "criterion_update", args=[Criterion.objects.order_by("pk").first().pk]
    ),
    # --- ambitions ---
    # builders in tests/specialties/ambition_matrix_urls.py (they create the objects)
    **AMBITION_URLS,
    **DISCUSSION_URLS,
    # --- improvement ---
    # URL builders live beside the improvement tests (they create the objects they need).
    **IMPROVEMENT_URLS,
    # a measure's chart phases: builders in tests/improvement/phase_matrix_urls.py
    **PHASE_URLS,
    # --- sustainability ---
    # builders in tests/sustainability/sustainability_matrix_urls.py (they create the objects)
    **SUSTAINABILITY_URLS,
    # --- clusters ---
    # builders in tests/clusters/cluster_matrix_urls.py (they create the objects)
    **CLUSTER_URLS,
    # --- plans ---
    # builders in tests/plans/plans_matrix_urls.py (they create the objects)
    **PLANS_URLS,
    **LIBRARY_URLS,
    # --- pdf ---
    "export_page": lambda w, x: reverse(
        "export_page", args=["specialty_miniguide", _specialty(w, x).pk]
    ),
    "export_create": lambda w, x: reverse(
        "export_create", args=["specialty_miniguide", _specialty(w, x).pk]
    ),
    "export_detail": lambda w, x: reverse("export_detail", args=[_export(w, x).pk]),
    "export_download": lambda w, x: reverse("export_download", args=[_export(w, x).pk]),
    "export_history": lambda w, x: _export(w, x).get_history_url(),
    "export_restore": lambda w, x: _restore_url(_export(w, x)),
    "programme_export_history": lambda w, x: _programme_export(w, x).get_history_url(),
    "project_report_page": lambda w, x: reverse(
        "export_page", args=["improvement_project_report", improvement_for(w, x).project.pk]
    ),
    "project_report_create": lambda w, x: reverse(
        "export_create", args=["improvement_project_report", improvement_for(w, x).project.pk]
    ),
    "programme_export_page": lambda w, x: reverse(
        "export_page", args=["programme_miniguide", w.programme.pk]
    ),
    # --- dashboard ---
    "programme_dashboard": lambda w, x: reverse("programme_dashboard"),
    "dashboard_xlsx": lambda w, x: reverse("dashboard_export", args=["xlsx"]),
    "change_feed": lambda w, x: reverse("change_feed"),
    "measure_wall": lambda w, x: reverse("programme:measure_wall"),
    "measure_wall_csv": lambda w, x: reverse("programme:measure_wall_export", args=["csv"]),
}

# url name                    object method owner_a lead_a core_a owner_b steering admin nobody anon
MATRIX = """
specialty_detail                  A   GET    200     200    200    404     200      200   404    302
specialty_detail                  B   GET    404     404    404    200     200      200   404    302
strength_position_create          A   GET    200     403    403    404     403      200   404    302
strength_position_create          A   POST   200     403    403    404     403      200   404    302
strength_position_create          B   GET    404     404    404    200     403      200   404    302
strength_position_update          A   GET    200     403    403    404     403      200   404    302
strength_position_update          A   POST   200     403    403    404     403      200   404    302
strength_position_update          B   POST   404     404    404    200     403      200   404    302
strength_position_delete          A   GET    200     403    403    404     403      200   404    302
strength_position_delete          A   POST   302     403    403    404     403      302   404    302
strength_position_delete          B   POST   404     404    404    302     403      302   404    302
population_responsibility_update  A   GET    200     403    403    404     403      200   404    302
population_responsibility_update  A   POST   302     403    403    404     403      302   404    302
population_responsibility_update  B   POST   404     404    404    302     403      302   404    302
specialty_history                 A   GET    200     200    200    404     200      200   404    302
specialty_history                 B   GET    404     404    404    200     200      200   404    302
position_history                  A   GET    200     200    200    404     200      200   404    302
position_restore                  A   GET    200     403    403    404     403      200   404    302
position_restore                  A   POST   302     403    403    404     403      302   404    302
position_restore                  B   POST   404     404    404    302     403      302   404    302
specialty_roles                   A   GET    200     200    200    404     200      200   404    302
specialty_roles                   B   GET    404     404    404    200     200      200   404    302
assign_role                       A   GET    403     403    403    404     403      200   404    302
assign_role                       A   POST   403     403    403    404     403      200   404    302
end_assignment                    A   GET    403     403    403    404     403      200   404    302
end_assignment                    A   POST   403     403    403    404     403      200   404    302
# a role assignment is seen by whoever sees the object it is held on, and by its holder
assignment_history                A   GET    200     200    200    404     200      200   404    302
assignment_history                B   GET    404     404    404    200     200      200   404    302
assignment_restore                A   GET    403     403    403    404     403      200   404    302
assignment_restore                A   POST   403     403    403    404     403      302   404    302
# the chair's role on forum A: the people of cluster A see it (core_a sits in its theme
# committee), owner_b chairs forum B only
forum_assignment_history          A   GET    200     200    200    404     200      200   404    302
forum_assignment_history          B   GET    404     404    404    200     200      200   404    302
forum_assignment_restore          A   GET    403     403    403    404     403      200   404    302
# owner_a's person: lead_a and core_a see owner_a's role on specialty A
person_history                    -   GET    200     200    200    404     200      200   404    302
programme_detail                  -   GET    200     200    200    200     200      200   200    302
programme_roles                   -   GET    200     200    200    200     200      200   200    302
hospital_detail                   -   GET    200     200    200    200     200      200   200    302
municipality_history              -   GET    200     200    200    200     200      200   200    302
# --- ambitions ---
ambition_detail                   A   GET    200     200    200    404     200      200   404    302
ambition_detail                   B   GET    404     404    404    200     200      200   404    302
ambition_update_strategic         A   GET    200     403    403    404     403      200   404    302
ambition_update_strategic         A   POST   200     403    403    404     403      200   404    302
ambition_update_strategic         B   GET    404     404    404    200     403      200   404    302
ambition_update_strategic         B   POST   404     404    404    200     403      200   404    302
ambition_update_professional      A   GET    403     200    403    404     403      200   404    302
ambition_update_professional      A   POST   403     200    403    404     403      200   404    302
ambition_update_professional      B   POST   404     404    404    403     403      200   404    302
ambition_submit                   A   GET    403     200    403    404     403      200   404    302
ambition_submit                   A   POST   403     200    403    404     403      200   404    302
ambition_submit                   B   POST   404     404    404    403     403      200   404    302
ambition_approve                  A   GET    403     403    403    404     200      200   404    302
ambition_approve                  A   POST   403     403    403    404     200      200   404    302
ambition_approve                  B   GET    404     404    404    403     200      200   404    302
ambition_approve                  B   POST   404     404    404    403     200      200   404    302
ambition_return                   A   GET    403     403    403    404     200      200   404    302
ambition_return                   A   POST   403     403    403    404     200      200   404    302
ambition_return                   B   POST   404     404    404    403     200      200   404    302
ambition_history                  A   GET    200     200    200    404     200      200   404    302
ambition_history                  B   GET    404     404    404    200     200      200   404    302
ambition_restore                  A   GET    200     403    403    404     403      200   404    302
ambition_restore                  A   POST   302     403    403    404     403      302   404    302
ambition_restore                  B   POST   404     404    404    302     403      302   404    302
ambitions_waiting                 -   GET    403     403    403    403     200      200   403    302
ambitions_waiting                 -   POST   403     403    403    403     200      200   403    302
# suggestions ("forslag") on the strategic ambition: the lead suggests, the owner decides
suggestion_create                 A   GET    403     200    403    404     403      200   404    302
suggestion_create                 A   POST   403     200    403    404     403      200   404    302
suggestion_create                 B   POST   404     404    404    403     403      200   404    302
suggestion_detail                 A   GET    200     200    200    404     200      200   404    302
suggestion_detail                 B   GET    404     404    404    200     200      200   404    302
suggestion_accept                 A   GET    302     403    403    404     403      302   404    302
suggestion_accept                 A   POST   200     403    403    404     403      200   404    302
suggestion_accept                 B   POST   404     404    404    200     403      200   404    302
suggestion_edit                   A   GET    200     403    403    404     403      200   404    302
suggestion_edit                   A   POST   200     403    403    404     403      200   404    302
suggestion_edit                   B   POST   404     404    404    200     403      200   404    302
suggestion_decline                A   GET    302     403    403    404     403      302   404    302
suggestion_decline                A   POST   200     403    403    404     403      200   404    302
suggestion_decline                B   POST   404     404    404    200     403      200   404    302
suggestion_history                A   GET    200     200    200    404     200      200   404    302
suggestion_history                B   GET    404     404    404    200     200      200   404    302
dilemma_create_strategic          A   GET    200     403    403    404     403      200   404    302
dilemma_create_strategic          A   POST   200     403    403    404     403      200   404    302
dilemma_create_strategic          B   POST   404     404    404    200     403      200   404    302
dilemma_create_professional       A   GET    403     200    403    404     403      200   404    302
dilemma_create_professional       A   POST   403     200    403    404     403      200   404    302
dilemma_update                    A   GET    200     403    403    404     403      200   404    302
dilemma_update                    A   POST   200     403    403    404     403      200   404    302
dilemma_update                    B   GET    404     404    404    200     403      200   404    302
dilemma_update                    B   POST   404     404    404    200     403      200   404    302
dilemma_update_professional       A   GET    403     200    403    404     403      200   404    302
dilemma_update_professional       A   POST   403     200    403    404     403      200   404    302
dilemma_delete                    A   GET    200     403    403    404     403      200   404    302
dilemma_delete                    A   POST   302     403    403    404     403      302   404    302
dilemma_delete                    B   POST   404     404    404    302     403      302   404    302
dilemma_history                   A   GET    200     200    200    404     200      200   404    302
# --- improvement ---
improvement_specialty_projects    A   GET    200     200    200    404     200      200   404    302
improvement_specialty_projects    B   GET    404     404    404    200     200      200   404    302
improvement_project_create        A   GET    403     200    403    404     403      200   404    302
improvement_project_create        A   POST   403     200    403    404     403      200   404    302
improvement_project_create        B   GET    404     404    404    403     403      200   404    302
improvement_project_detail        A   GET    200     200    200    404     200      200   404    302
improvement_project_detail        B   GET    404     404    404    200     200      200   404    302
improvement_project_update        A   GET    403     200    403    404     403      200   404    302
improvement_project_update        A   POST   403     200    403    404     403      200   404    302
improvement_project_delete        A   GET    403     200    403    404     403      200   404    302
improvement_project_delete        A   POST   403     302    403    404     403      302   404    302
improvement_project_delete        B   POST   404     404    404    403     403      302   404    302
improvement_driver_diagram        A   GET    403     200    403    404     403      200   404    302
improvement_driver_diagram        A   POST   403     200    403    404     403      200   404    302
improvement_driver_diagram        B   GET    404     404    404    403     403      200   404    302
improvement_node_update           A   GET    403     200    403    404     403      200   404    302
improvement_node_update           A   POST   403     200    403    404     403      200   404    302
improvement_node_move             A   POST   403     302    403    404     403      302   404    302
improvement_node_delete           A   GET    403     200    403    404     403      200   404    302
improvement_node_delete           A   POST   403     302    403    404     403      302   404    302
improvement_pdsa_create           A   GET    200     200    200    404     403      200   404    302
improvement_pdsa_create           A   POST   200     200    200    404     403      200   404    302
improvement_pdsa_detail           A   GET    200     200    200    404     200      200   404    302
improvement_pdsa_detail           B   GET    404     404    404    200     200      200   404    302
improvement_pdsa_update           A   GET    200     200    200    404     403      200   404    302
improvement_pdsa_update           A   POST   200     200    200    404     403      200   404    302
improvement_pdsa_update           B   GET    404     404    404    200     403      200   404    302
improvement_pdsa_update           B   POST   404     404    404    200     403      200   404    302
improvement_pdsa_next             A   GET    200     200    200    404     403      200   404    302
improvement_pdsa_delete           A   GET    403     200    403    404     403      200   404    302
improvement_pdsa_delete           A   POST   403     302    403    404     403      302   404    302
improvement_measure_create        A   GET    403     200    403    404     403      200   404    302
improvement_measure_create        A   POST   403     200    403    404     403      200   404    302
improvement_measure_detail        A   GET    200     200    200    404     200      200   404    302
improvement_measure_detail        B   GET    404     404    404    200     200      200   404    302
improvement_measure_update        A   GET    403     200    403    404     403      200   404    302
improvement_measure_delete        A   GET    403     200    403    404     403      200   404    302
improvement_measure_delete        A   POST   403     302    403    404     403      302   404    302
improvement_measure_delete        B   POST   404     404    404    403     403      302   404    302
improvement_measure_data          A   GET    200     200    200    404     403      200   404    302
improvement_measure_data          A   POST   200     200    200    404     403      200   404    302
improvement_measure_data          B   GET    404     404    404    200     403      200   404    302
improvement_measure_data          B   POST   404     404    404    200     403      200   404    302
improvement_measure_import        A   GET    200     200    200    404     403      200   404    302
improvement_measure_import        A   POST   200     200    200    404     403      200   404    302
improvement_measure_export        A   GET    200     200    200    404     200      200   404    302
improvement_measure_phase_create  A   GET    403     200    403    404     403      200   404    302
improvement_measure_phase_create  A   POST   403     200    403    404     403      200   404    302
improvement_measure_phase_create  B   POST   404     404    404    403     403      200   404    302
improvement_measure_phase_delete  A   GET    403     200    403    404     403      200   404    302
improvement_measure_phase_delete  A   POST   403     302    403    404     403      302   404    302
improvement_measure_phase_delete  B   POST   404     404    404    403     403      302   404    302
# a cluster initiative's project: forum A's chair (owner_a) manages, its member (lead_a)
# contributes; core_a sits in another forum of cluster A and sees the initiative, not the project
initiative_project_create         A   GET    200     403    403    404     403      200   404    302
initiative_project_create         A   POST   200     403    403    404     403      200   404    302
initiative_project_detail         A   GET    200     200    404    404     200      200   404    302
initiative_project_detail         B   GET    404     404    404    200     200      200   404    302
initiative_project_update         A   GET    200     403    404    404     403      200   404    302
initiative_project_update         A   POST   200     403    404    404     403      200   404    302
initiative_pdsa_create            A   GET    200     200    404    404     403      200   404    302
initiative_pdsa_update            A   POST   200     200    404    404     403      200   404    302
initiative_measure_detail         A   GET    200     200    404    404     200      200   404    302
initiative_measure_data           A   POST   200     200    404    404     403      200   404    302
initiative_measure_data           B   GET    404     404    404    200     403      200   404    302
initiative_measure_export         A   GET    200     200    404    404     200      200   404    302
# --- sustainability ---
criterion_create                  -   GET    403     403    403    403     200      200   403    302
criterion_create                  -   POST   403     403    403    403     200      200   403    302
criterion_update                  -   GET    403     403    403    403     200      200   403    302
criterion_update                  -   POST   403     403    403    403     200      200   403    302
sustainability_overview           -   GET    200     200    200    200     200      200   200    302
criterion_list                    -   GET    200     200    200    200     200      200   200    302
criterion_history                 -   GET    200     200    200    200     200      200   200    302
specialty_sustainability          A   GET    200     200    200    404     200      200   404    302
specialty_sustainability          B   GET    404     404    404    200     200      200   404    302
assessment_create                 A   GET    200     403    403    404     403      200   404    302
assessment_create                 A   POST   200     403    403    404     403      200   404    302
assessment_create                 B   POST   404     404    404    200     403      200   404    302
assessment_detail                 A   GET    200     200    200    404     200      200   404    302
assessment_detail                 B   GET    404     404    404    200     200      200   404    302
assessment_update                 A   GET    200     403    403    404     403      200   404    302
assessment_update                 A   POST   200     403    403    404     403      200   404    302
assessment_update                 B   POST   404     404    404    200     403      200   404    302
assessment_scores                 A   GET    200     403    403    404     403      200   404    302
assessment_scores                 A   POST   302     403    403    404     403      302   404    302
assessment_scores                 B   POST   404     404    404    302     403      302   404    302
assessment_finalise               A   GET    200     403    403    404     403      200   404    302
assessment_finalise               A   POST   200     403    403    404     403      200   404    302
assessment_finalise               B   POST   404     404    404    200     403      200   404    302
assessment_delete                 A   GET    200     403    403    404     403      200   404    302
assessment_delete                 A   POST   302     403    403    404     403      302   404    302
assessment_delete                 B   POST   404     404    404    302     403      302   404    302
assessment_history                A   GET    200     200    200    404     200      200   404    302
finalised_assessment_detail       A   GET    200     200    200    404     200      200   404    302
finalised_assessment_detail       B   GET    404     404    404    200     200      200   404    302
finalised_assessment_scores       A   GET    302     403    403    404     403      302   404    302
finalised_assessment_scores       A   POST   302     403    403    404     403      302   404    302
finalised_assessment_delete       A   POST   302     403    403    404     403      302   404    302
prism_create                      A   GET    200     200    200    404     403      200   404    302
prism_create                      A   POST   200     200    200    404     403      200   404    302
prism_create                      B   POST   404     404    404    200     403      200   404    302
prism_rate_change_idea            A   GET    403     200    403    404     403      200   404    302
prism_rate_change_idea            A   POST   403     200    403    404     403      200   404    302
prism_rate_change_idea            B   GET    404     404    404    403     403      200   404    302
prism_rate_project                A   GET    403     200    403    404     403      200   404    302
prism_rate_project                B   POST   404     404    404    403     403      200   404    302
prism_rate_pdsa                   A   GET    200     200    200    404     403      200   404    302
prism_rate_pdsa                   A   POST   200     200    200    404     403      200   404    302
prism_rate_pdsa                   B   GET    404     404    404    200     403      200   404    302
prism_rate_milestone              A   GET    403     200    403    404     403      200   404    302
prism_rate_milestone              A   POST   403     200    403    404     403      200   404    302
prism_rate_cluster_initiative     A   GET    403     403    403    404     403      200   404    302
prism_rate_cluster_initiative     A   POST   403     403    403    404     403      200   404    302
prism_update                      A   GET    200     200    200    404     403      200   404    302
prism_update                      A   POST   200     200    200    404     403      200   404    302
prism_update                      B   POST   404     404    404    200     403      200   404    302
prism_delete                      A   GET    200     200    200    404     403      200   404    302
prism_delete                      A   POST   302     302    302    404     403      302   404    302
prism_delete                      B   POST   404     404    404    302     403      302   404    302
# --- clusters ---
# Closed items and their attachments: the forum's own circle and the administrators; the
# steering group reads the programme, not a cluster forum's closed items (404).
cluster_list                      -   GET    200     200    200    200     200      200   200    302
cluster_detail                    A   GET    200     200    200    200     200      200   200    302
decision_log                      -   GET    200     200    200    200     200      200   200    302
forum_detail                      A   GET    200     200    200    404     200      200   404    302
forum_detail                      B   GET    404     404    404    200     200      200   404    302
meeting_detail                    A   GET    200     200    200    404     200      200   404    302
meeting_detail                    B   GET    404     404    404    200     200      200   404    302
meeting_minutes_export            A   GET    200     200    200    404     200      200   404    302
meeting_minutes_members_export    A   GET    200     200    404    404     404      200   404    302
meeting_history                   A   GET    200     200    200    404     200      200   404    302
# the meeting's life: the secretary (change) moves it on, the chair approves the minutes
meeting_advance                   A   POST   302     403    403    404     403      302   404    302
meeting_attendance                A   GET    200     403    403    404     403      200   404    302
meeting_attendance                A   POST   302     403    403    404     403      302   404    302
# the agenda as sent holds the closed items: the forum and the administrators
agenda_as_sent                    A   GET    200     200    403    404     403      200   404    302
# the public agenda and minutes need no log-in (closed items by number and title only)
public_meeting                    A   GET    200     200    200    200     200      200   200    200
public_meeting_pdf                A   GET    200     200    200    200     200      200   200    200
meeting_create                    A   GET    200     403    403    404     403      200   404    302
meeting_create                    A   POST   200     403    403    404     403      200   404    302
meeting_create                    B   POST   404     404    404    200     403      200   404    302
meeting_update                    A   GET    200     403    403    404     403      200   404    302
meeting_update                    A   POST   200     403    403    404     403      200   404    302
item_create                       A   GET    200     403    403    404     403      200   404    302
item_create                       A   POST   200     403    403    404     403      200   404    302
item_update                       A   GET    200     403    403    404     403      200   404    302
item_update                       A   POST   200     403    403    404     403      200   404    302
item_update                       B   POST   404     404    404    200     403      200   404    302
item_update_closed                A   GET    200     403    404    404     404      200   404    302
item_decision                     A   GET    200     403    403    404     403      200   404    302
item_decision                     A   POST   302     403    403    404     403      302   404    302
item_dissent                      A   GET    200     200    403    404     403      200   404    302
item_dissent                      A   POST   200     200    403    404     403      200   404    302
item_move                         A   POST   302     403    403    404     403      302   404    302
item_delete                       A   GET    200     403    403    404     403      200   404    302
item_delete                       A   POST   302     403    403    404     403      302   404    302
attachment_create                 A   GET    200     403    404    404     404      200   404    302
attachment_create                 A   POST   200     403    404    404     404      200   404    302
attachment_download               A   GET    200     200    404    404     404      200   404    302
prioritisation                    A   GET    200     403    403    404     403      200   404    302
prioritisation                    A   POST   200     403    403    404     403      200   404    302
initiative_detail                 A   GET    200     200    200    404     200      200   404    302
initiative_detail                 B   GET    404     404    404    200     200      200   404    302
initiative_create                 A   GET    200     403    403    404     403      200   404    302
initiative_create                 A   POST   200     403    403    404     403      200   404    302
initiative_update                 A   GET    403     403    403    404     403      200   404    302
# an initiative's triple-aim series: whoever may change its measures (the proposing forum's
# chair and secretary, here forum A's initiative), not its members or the cluster's others
triple_aim_value_create           A   GET    200     403    403    404     403      200   404    302
triple_aim_value_create           A   POST   200     403    403    404     403      200   404    302
triple_aim_value_create           B   POST   404     404    404    200     403      200   404    302
triple_aim_value_delete           A   GET    200     403    403    404     403      200   404    302
triple_aim_value_delete           A   POST   302     403    403    404     403      302   404    302
triple_aim_value_delete           B   POST   404     404    404    302     403      302   404    302
# succession by a health council: the administrators only (the cluster is reference data)
cluster_succession                A   GET    403     403    403    403     403      200   403    302
cluster_succession                A   POST   403     403    403    403     403      200   403    302
# the forum's standard items: those who keep its agenda (secretary, chair) and administrators
standard_items                    A   GET    200     403    403    404     403      200   404    302
standard_items                    A   POST   200     403    403    404     403      200   404    302
standard_item_update              A   GET    200     403    404    404     403      200   404    302
standard_item_update              A   POST   200     403    404    404     403      200   404    302
# an archived forum (its cluster succeeded): read as before, every change refused for
# everyone, administrators included
archived_meeting_detail           A   GET    200     200    200    404     200      200   404    302
archived_meeting_update           A   GET    403     403    403    404     403      403   404    302
archived_meeting_update           A   POST   403     403    403    404     403      403   404    302
archived_meeting_advance          A   POST   403     403    403    404     403      403   404    302
archived_item_update              A   POST   403     403    403    404     403      403   404    302
archived_item_decision            A   POST   403     403    403    404     403      403   404    302
archived_item_dissent             A   POST   403     403    403    404     403      403   404    302
archived_meeting_create           A   POST   403     403    403    404     403      403   404    302
archived_prioritisation           A   POST   403     403    403    404     403      403   404    302
# --- plans ---
plans_index                       -   GET    200     200    200    200     200      200   200    302
plans_specialty                   A   GET    200     200    200    404     200      200   404    302
plans_specialty                   B   GET    404     404    404    200     200      200   404    302
plans_phase_move                  A   GET    200     200    403    404     403      200   404    302
plans_phase_move                  A   POST   200     200    403    404     403      200   404    302
plans_phase_move                  B   POST   404     404    404    200     403      200   404    302
plans_plan_create                 A   GET    403     200    403    404     403      200   404    302
plans_plan_create                 A   POST   403     200    403    404     403      200   404    302
plans_plan_create                 B   POST   404     404    404    403     403      200   404    302
plans_plan_detail                 A   GET    200     200    200    404     200      200   404    302
plans_plan_detail                 B   GET    404     404    404    200     200      200   404    302
plans_plan_timeline               A   GET    200     200    200    404     200      200   404    302
plans_plan_export                 A   GET    200     200    200    404     200      200   404    302
plans_plan_export                 B   GET    404     404    404    200     200      200   404    302
plans_plan_update                 A   POST   403     200    403    404     403      200   404    302
plans_plan_delete                 A   GET    403     200    403    404     403      200   404    302
plans_plan_delete                 A   POST   403     302    403    404     403      302   404    302
plans_plan_delete                 B   POST   404     404    404    403     403      302   404    302
plans_milestone_create            A   POST   403     200    403    404     403      200   404    302
plans_milestone_update            A   GET    403     200    403    404     403      200   404    302
plans_milestone_update            A   POST   403     200    403    404     403      200   404    302
plans_milestone_update            B   POST   404     404    404    403     403      200   404    302
plans_milestone_delete            A   GET    403     200    403    404     403      200   404    302
plans_milestone_delete            A   POST   403     302    403    404     403      302   404    302
plans_milestone_history           A   GET    200     200    200    404     200      200   404    302
plans_milestone_restore           A   GET    403     200    403    404     403      200   404    302
plans_milestone_restore           A   POST   403     302    403    404     403      302   404    302
plans_grant_create                A   GET    403     403    403    404     200      200   404    302
plans_grant_create                A   POST   403     403    403    404     200      200   404    302
plans_grant_create                B   GET    404     404    404    403     200      200   404    302
plans_spending_create             A   GET    403     200    403    404     403      200   404    302
plans_spending_create             A   POST   403     200    403    404     403      200   404    302
plans_spending_create             B   POST   404     404    404    403     403      200   404    302
plans_grant_history               A   GET    200     200    200    404     200      200   404    302
plans_support_create              A   GET    403     403    403    404     403      200   404    302
plans_support_create              A   POST   403     403    403    404     403      200   404    302
# --- pdf ---
export_page                       A   GET    200     200    200    404     200      200   404    302
export_page                       B   GET    404     404    404    200     200      200   404    302
export_create                     A   POST   302     302    302    404     302      302   404    302
export_create                     B   POST   404     404    404    302     302      302   404    302
export_detail                     A   GET    200     200    200    404     200      200   404    302
export_download                   A   GET    200     200    200    404     200      200   404    302
export_download                   B   GET    404     404    404    200     200      200   404    302
export_history                    A   GET    200     200    200    404     200      200   404    302
export_history                    B   GET    404     404    404    200     200      200   404    302
export_restore                    A   GET    403     403    403    404     403      200   404    302
programme_export_history          -   GET    404     404    404    404     200      200   404    302
programme_export_page             -   GET    404     404    404    404     200      200   404    302
# the project report of an improvement project: whoever sees the project
project_report_page               A   GET    200     200    200    404     200      200   404    302
project_report_page               B   GET    404     404    404    200     200      200   404    302
project_report_create             A   POST   302     302    302    404     302      302   404    302
project_report_create             B   POST   404     404    404    302     302      302   404    302
# --- dashboard ---
programme_dashboard               -   GET    403     403    403    403     200      200   403    302
dashboard_xlsx                    -   GET    403     403    403    403     200      200   403    302
change_feed                       -   GET    200     200    200    200     200      200   200    302
# --- measure wall: everyone, each seeing only the measures they may see ---
measure_wall                      -   GET    200     200    200    200     200      200   200    302
measure_wall_csv                  -   GET    200     200    200    200     200      200   200    302
# --- notifications: one's own only (the unsubscribe link is governed by its signature) ---
notification_centre               -   GET    200     200    200    200     200      200   200    302
notification_settings             -   GET    200     200    200    200     200      200   200    302
notification_settings             -   POST   200     200    200    200     200      200   200    302
notification_read_all             -   POST   302     302    302    302     302      302   302    302
notification_read                 A   GET    405     405    405    405     405      405   405    302
notification_read                 A   POST   302     404    404    404     404      404   404    302
notification_read                 B   POST   404     404    404    302     404      404   404    302
notification_open                 A   GET    302     404    404    404     404      404   404    302
notification_open                 B   GET    404     404    404    302     404      404   404    302
# --- personal data access: one's own (A is owner_a's, B owner_b's), and the administrator's ---
personal_data                     A   GET    200     404    404    404     404      200   404    302
personal_data                     A   POST   200     404    404    404     404      200   404    302
personal_data                     B   POST   404     404    404    200     404      200   404    302
# --- read API: one's own access tokens only; what a token reads is in API_MATRIX below ---
api_tokens                        -   GET    200     200    200    200     200      200   200    302
api_tokens                        -   POST   200     200    200    200     200      200   200    302
api_token_revoke                  A   GET    405     405    405    405     405      405   405    302
api_token_revoke                  A   POST   302     404    404    404     404      404   404    302
api_token_revoke                  B   POST   404     404    404    302     404      404   404    302
# --- the programme library: shared work is read by everyone with a role (owner_b too) ---
programme_library                 -   GET    200     200    200    200     200      200   200    302
ambition_shared                   A   GET    200     200    200    200     200      200   404    302
improvement_shared_project        A   GET    200     200    200    200     200      200   404    302
improvement_shared_idea           A   GET    200     200    200    200     200      200   404    302
improvement_shared_cycle          A   GET    200     200    200    200     200      200   404    302
improvement_reuse_idea            A   GET    200     200    200    200     200      200   404    302
improvement_reuse_idea            A   POST   200     200    200    200     200      200   404    302
improvement_reuse_cycle           A   POST   200     200    200    200     200      200   404    302
# sharing and the progress score are the team's (those who contribute)
# (the administrator, as for every project's work)
improvement_share                 A   GET    405     405    405    405     405      405   405    302
improvement_share                 A   POST   302     302    302    404     403      302   404    302
improvement_share                 B   POST   404     404    404    302     403      302   404    302
improvement_progress              A   GET    200     200    200    404     403      200   404    302
improvement_progress              A   POST   302     302    302    404     403      302   404    302
# --- discussion: read with the object, write with its comment permission, edit one's own ---
discussion_page                   A   GET    200     200    200    404     200      200   404    302
discussion_page                   B   GET    404     404    404    200     200      200   404    302
comment_create                    A   GET    200     200    200    404     200      200   404    302
comment_create                    A   POST   200     200    200    404     200      200   404    302
comment_create                    B   POST   404     404    404    200     200      200   404    302
mention_suggestions               A   GET    200     200    200    404     200      200   404    302
mention_suggestions               B   GET    404     404    404    200     200      200   404    302
comment_detail                    A   GET    302     302    302    404     302      302   404    302
comment_detail                    B   GET    404     404    404    302     302      302   404    302
comment_reply                     A   GET    200     200    200    404     200      200   404    302
comment_reply                     A   POST   200     200    200    404     200      200   404    302
comment_reply                     B   POST   404     404    404    200     200      200   404    302
comment_update                    A   GET    200     403    403    404     403      403   404    302
comment_update                    A   POST   200     403    403    404     403      403   404    302
comment_update                    B   POST   404     404    404    200     403      403   404    302
comment_delete                    A   GET    200     403    403    404     403      403   404    302
comment_delete                    A   POST   302     403    403    404     403      403   404    302
comment_delete                    B   POST   404     404    404    302     403      403   404    302
comment_history                   A   GET    200     200    200    404     200      200   404    302
comment_history                   B   GET    404     404    404    200     200      200   404    302
discussion_attachment_create      A   GET    200     200    200    404     200      200   404    302
discussion_attachment_create      A   POST   200     200    200    404     200      200   404    302
discussion_attachment_create      B   POST   404     404    404    200     200      200   404    302
discussion_attachment_download    A   GET    200     200    200    404     200      200   404    302
discussion_attachment_download    B   GET    404     404    404    200     200      200   404    302
discussion_attachment_delete      A   GET    200     403    403    404     403      403   404    302
discussion_attachment_delete      A   POST   302     403    403    404     403      403   404    302
discussion_attachment_delete      B   POST   404     404    404    302     403      403   404    302
attachment_history                A   GET    200     200    200    404     200      200   404    302
attachment_history                B   GET    404     404    404    200     200      200   404    302
"""

# What a personal access token reads: for each API list and an object of side A or B, does
# the list hold it when the persona's own token asks (1) or not (0)? Anonymous (no token)
# gets 401. A token reaches exactly what its owner sees on the pages (same columns as the
# object's page above); builders in tests/api/api_matrix_objects.py.
# endpoint          object  owner_a lead_a core_a owner_b steering admin nobody anon
API_MATRIX = """
specialties           A       1       1      1      0       1        1     0      401
specialties           B       0       0      0      1       1        1     0      401
ambitions             A       1       1      1      0       1        1     0      401
ambitions             B       0       0      0      1       1        1     0      401
assessments           A       1       1      1      0       1        1     0      401
assessments           B       0       0      0      1       1        1     0      401
measures              A       1       1      1      0       1        1     0      401
measures              B       0       0      0      1       1        1     0      401
# a cluster initiative's measure: forum A's chair and member, not core_a (as its page)
initiative_measures   A       1       1      0      0       1        1     0      401
pdsa_cycles           A       1       1      1      0       1        1     0      401
pdsa_cycles           B       0       0      0      1       1        1     0      401
milestones            A       1       1      1      0       1        1     0      401
milestones            B       0       0      0      1       1        1     0      401
funds                 A       1       1      1      0       1        1     0      401
funds                 B       0       0      0      1       1        1     0      401
# an open item's decision: the people of cluster A (core_a too); a closed item: forum A only
decisions             A       1       1      1      0       1        1     0      401
decisions             B       0       0      0      1       1        1     0      401
closed_decisions      A       1       1      0      0       1        1     0      401
"""


def api_rows():
    """(list, object, {persona: 1, 0 or 401}) for every line of API_MATRIX."""
    for line in API_MATRIX.strip().splitlines():
        if line.startswith("#"):
            continue
        name, obj, *expected = line.split()
        if len(expected) != len(PERSONAS):
            raise ValueError(f"API matrix line has {len(expected)} values: {line}")
        yield name, obj, dict(zip(PERSONAS, map(int, expected), strict=True))


def rows():
    """(url name, object, method, {persona: expected status}) for every line."""
    for line in MATRIX.strip().splitlines():
        if line.startswith("#"):
            continue
        name, obj, method, *statuses = line.split()
        if len(statuses) != len(PERSONAS):
            raise ValueError(f"matrix line has {len(statuses)} statuses: {line}")
        yield name, obj, method, dict(zip(PERSONAS, map(int, statuses), strict=True))

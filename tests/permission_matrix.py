"""The permission matrix: every URL that takes an object, per persona, GET and POST.

One line per URL, object and method. Columns are the personas of tests/conftest.py:
owner_a, lead_a, core_a (specialty A), owner_b (specialty B), steering (steering group),
admin (administrator), nobody (a user with no role), anon (not logged in).

Statuses: 200 page, 302 redirect after a successful POST (anonymous users: to the login
page), 403 seen but not allowed, 404 not visible. POSTs send an empty form, so an allowed
POST to a form answers 200 with errors and changes nothing; confirmation pages answer 302.

Each later issue adds its URLs here: a name in URLS (how to build the URL for object A or B)
and lines in MATRIX.
"""

from django.urls import reverse

PERSONAS = ["owner_a", "lead_a", "core_a", "owner_b", "steering", "admin", "nobody", "anonymous"]


def _specialty(w, x):
    return w.specialty_a if x == "A" else w.specialty_b


def _position(w, x):
    return w.position_a if x == "A" else w.position_b


def _assignment(w, x):
    from roles.models import RoleAssignment

    return RoleAssignment.objects.on_object(_specialty(w, x)).get(kind="specialty_owner")


URLS = {
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
    "programme_detail": lambda w, x: reverse("programme_detail", args=[w.programme.pk]),
    "programme_roles": lambda w, x: reverse(
        "object_roles", args=["bass", "programme", w.programme.pk]
    ),
    "hospital_detail": lambda w, x: reverse("hospital_detail", args=[w.hospital_1.pk]),
    "municipality_history": lambda w, x: w.municipalities[0].get_history_url(),
    # --- ambitions (issue 4) ---
    # --- improvement (issue 5) ---
    # --- sustainability (issue 6) ---
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
end_assignment                    A   GET    403     403    403    403     403      200   403    302
end_assignment                    A   POST   403     403    403    403     403      200   403    302
programme_detail                  -   GET    200     200    200    200     200      200   200    302
programme_roles                   -   GET    200     200    200    200     200      200   200    302
hospital_detail                   -   GET    200     200    200    200     200      200   200    302
municipality_history              -   GET    200     200    200    200     200      200   200    302
# --- ambitions (issue 4) ---
# --- improvement (issue 5) ---
# --- sustainability (issue 6) ---
"""


def rows():
    for line in MATRIX.strip().splitlines():
        if line.startswith("#"):
            continue
        name, obj, method, *statuses = line.split()
        if len(statuses) != len(PERSONAS):
            raise ValueError(f"matrix line has {len(statuses)} statuses: {line}")
        for persona, status in zip(PERSONAS, statuses, strict=True):
            yield name, obj, method, persona, int(status)

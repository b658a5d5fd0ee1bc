"""The one list of role kinds and the permissions each grants.

Adding a kind is one entry in ``KINDS``. A kind is held on one type of object
(``applies_to``, as "app_label.model"). It grants:

- ``object_permissions``: guardian object permissions on the object it is held on;
- ``group``: membership of a group whose model-wide permissions are set by
  ``GROUP_PERMISSIONS`` (used for roles that see or do something across the programme).
"""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

PROGRAMME = "bass.programme"
SPECIALTY = "specialties.specialty"


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    applies_to: str
    object_permissions: tuple[str, ...] = ()
    group: str | None = None
    one_current_holder: bool = False
    has_function: bool = False
    staff: bool = False
    key_tasks: tuple[Promise, ...] = field(default=())


_VIEW_SPECIALTY = "view_specialty"

KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            key="steering_group",
            label=_("Steering group member"),
            applies_to=PROGRAMME,
            object_permissions=("view_programme",),
            group="steering_group",
        ),
        Kind(
            key="administrator",
            label=_("Administrator"),
            applies_to=PROGRAMME,
            object_permissions=("view_programme", "change_programme"),
            group="administrators",
            staff=True,
        ),
        Kind(
            key="concept_owner",
            label=_("Concept owner"),
            applies_to=PROGRAMME,
            object_permissions=("view_programme",),
            group="concept_owners",
            has_function=True,
        ),
        Kind(
            key="specialty_owner",
            label=_("Specialty owner"),
            applies_to=SPECIALTY,
            object_permissions=(
                _VIEW_SPECIALTY,
                "change_strategic_ambition",
                "suggest_professional_ambition",
                "change_strength_positions",
                "submit_ambition",
                "comment_specialty",
                "manage_assessment",
                "contribute_improvement",
            ),
            one_current_holder=True,
            key_tasks=(
                _("Write and own the strategic ambition of the specialty"),
                _("Handle strategic dilemmas and create coherence across strength positions"),
                _("Mobilise resources and secure organisational sustainability"),
                _("Create motivation and engagement among staff"),
            ),
        ),
        Kind(
            key="implementation_lead",
            label=_("Implementation lead"),
            applies_to=SPECIALTY,
            object_permissions=(
                _VIEW_SPECIALTY,
                "change_professional_ambition",
                "suggest_strategic_ambition",
                "submit_ambition",
                "manage_improvement",
                "contribute_improvement",
                "comment_specialty",
            ),
            one_current_holder=True,
            key_tasks=(
                _("Realise the professional ambition and drive change in the clinic"),
                _("Handle professional dilemmas and secure good patient journeys"),
                _("Secure progress, engagement and involvement of the staff concerned"),
                _("Create professional anchoring and exchange of experience in the specialty"),
            ),
        ),
        Kind(
            key="core_team",
            label=_("Core team member"),
            applies_to=SPECIALTY,
            object_permissions=(_VIEW_SPECIALTY, "contribute_improvement", "comment_specialty"),
            has_function=True,
        ),
        # Health cluster forums (issue 9): members keep meetings and minutes of their forum.
        Kind(
            key="forum_chair",
            label=_("Forum chair"),
            applies_to="clusters.forum",
            object_permissions=(
                "view_forum",
                "read_closed_items",
                "change_forum",
                "decide_forum",
                "approve_minutes",
                "add_dissent",
                "prioritise_initiatives",
                "manage_improvement",
                "contribute_improvement",
            ),
        ),
        Kind(
            key="forum_co_chair",
            label=_("Forum co-chair"),
            applies_to="clusters.forum",
            object_permissions=(
                "view_forum",
                "read_closed_items",
                "add_dissent",
                "prioritise_initiatives",
                "contribute_improvement",
            ),
        ),
        # Members take part in the decisions but do not write them: they comment and may
        # add a dissent to the minutes (protokoltilførsel).
        Kind(
            key="forum_member",
            label=_("Forum member"),
            applies_to="clusters.forum",
            object_permissions=(
                "view_forum",
                "read_closed_items",
                "add_dissent",
                "contribute_improvement",
            ),
            has_function=True,
        ),
        Kind(
            key="forum_consultant",
            label=_("Forum consultant"),
            applies_to="clusters.forum",
            object_permissions=("view_forum", "read_closed_items"),
            has_function=True,
        ),
        # The secretary keeps agenda and minutes; the chair approves them.
        Kind(
            key="forum_secretary",
            label=_("Forum secretary"),
            applies_to="clusters.forum",
            object_permissions=(
                "view_forum",
                "read_closed_items",
                "change_forum",
                "decide_forum",
                "manage_improvement",
                "contribute_improvement",
            ),
        ),
    ]
}

# Model-wide permissions of the groups that programme-level kinds place people in.
# "view" means every view_* permission of the project's apps.
GROUP_PERMISSIONS: dict[str, dict] = {
    "steering_group": {
        "label": _("BASS steering group"),
        "view_all": True,
        "permissions": [
            "specialties.approve_ambition",
            "specialties.grant_funds",
            "sustainability.add_criterion",
            "sustainability.change_criterion",
        ],
    },
    "concept_owners": {
        "label": _("Concept owners"),
        "view_all": True,
        "permissions": ["specialties.record_centre_support"],
    },
    "administrators": {
        "label": _("Administrators"),
        "view_all": True,
        "all": True,
        # Unlocking a user locked out after failed log-ins (README: Locked log-ins).
        "permissions": ["axes.view_accessattempt", "axes.delete_accessattempt"],
    },
}

PROJECT_APPS = [
    "bass",
    "roles",
    "notifications",
    "specialties",
    "sustainability",
    "improvement",
    "clusters",
    "plans",
]


def kind_choices() -> list[tuple[str, Promise]]:
    return [(kind.key, kind.label) for kind in KINDS.values()]


def kinds_for(model_label: str) -> list[Kind]:
    return [kind for kind in KINDS.values() if kind.applies_to == model_label]

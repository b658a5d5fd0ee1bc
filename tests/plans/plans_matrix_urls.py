"""URL builders for the permission matrix rows of implementation plans.

tests/permission_matrix.py merges ``URLS`` under its "plans" anchor. Each builder
creates what its URL needs: a plan of specialty x with one milestone, and a grant.
"""

import datetime

from django.urls import reverse


def _specialty(w, x):
    return w.specialty_a if x == "A" else w.specialty_b


def _plan(w, x):
    from plans.models import Plan

    plan, _created = Plan.objects.get_or_create(specialty=_specialty(w, x), title="Plan")
    return plan


def _milestone(w, x):
    from plans.models import Milestone

    milestone, _created = Milestone.objects.get_or_create(
        plan=_plan(w, x),
        title="Milepæl",
        defaults={"start_date": datetime.date(2026, 1, 1), "due_date": datetime.date(2026, 6, 1)},
    )
    return milestone


def _grant(w, x):
    from plans.models import Grant

    grant, _created = Grant.objects.get_or_create(
        specialty=_specialty(w, x), defaults={"amount": 1000, "year": 2026, "pool": "Pulje"}
    )
    return grant


def _slug(name):
    return lambda w, x: reverse(name, args=[_specialty(w, x).slug])


def _plan_pk(name):
    return lambda w, x: reverse(name, args=[_plan(w, x).pk])


def _milestone_pk(name):
    return lambda w, x: reverse(name, args=[_milestone(w, x).pk])


URLS = {
    "plans_index": lambda w, x: reverse("plans_index"),
    "plans_specialty": _slug("plans_specialty"),
    "plans_phase_move": _slug("plans_phase_move"),
    "plans_plan_create": _slug("plans_plan_create"),
    "plans_grant_create": _slug("plans_grant_create"),
    "plans_support_create": _slug("plans_support_create"),
    "plans_plan_detail": _plan_pk("plans_plan_detail"),
    "plans_plan_timeline": _plan_pk("plans_plan_timeline"),
    "plans_plan_export": _plan_pk("plans_plan_export"),
    "plans_plan_update": _plan_pk("plans_plan_update"),
    "plans_plan_delete": _plan_pk("plans_plan_delete"),
    "plans_milestone_create": _plan_pk("plans_milestone_create"),
    "plans_milestone_update": _milestone_pk("plans_milestone_update"),
    "plans_milestone_delete": _milestone_pk("plans_milestone_delete"),
    "plans_spending_create": lambda w, x: reverse("plans_spending_create", args=[_grant(w, x).pk]),
    "plans_milestone_history": lambda w, x: _milestone(w, x).get_history_url(),
    "plans_milestone_restore": lambda w, x: reverse(
        "history_restore",
        args=[
            "plans",
            "milestone",
            _milestone(w, x).pk,
            _milestone(w, x).history.earliest().history_id,
        ],
    ),
    "plans_grant_history": lambda w, x: _grant(w, x).get_history_url(),
}

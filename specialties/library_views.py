"""An approved ambition as the programme library shows it to everyone who takes part in
the programme: the approved text and who answers for it, never the working draft."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from roles import queries as roles
from roles.permissions import can
from specialties import queries
from specialties.models import AMBITION_URL_KINDS


@login_required
def ambition_shared(request, slug: str, kind: str):
    if kind not in AMBITION_URL_KINDS:
        raise Http404
    ambition = queries.get_shared_ambition(request.user, slug, AMBITION_URL_KINDS[kind])
    specialty = ambition.specialty
    team = roles.holders_by_object(
        [specialty], kinds=["specialty_owner", "implementation_lead"]
    ).get(("specialties.specialty", specialty.pk), [])
    return render(
        request,
        "specialties/ambition_shared.html",
        {
            "ambition": ambition,
            "specialty": specialty,
            "team": team,
            # Those who work on the specialty get a link to the whole ambition page.
            "sees_specialty": can(request.user, "view", specialty),
        },
    )

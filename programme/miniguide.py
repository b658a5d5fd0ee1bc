"""The PDF miniguides: per specialty and for the whole programme.

The guides read the apps through their public query functions, like the dashboard does.
"""

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bass.exports import ExportKind, register
from bass.models import Hospital, Programme
from improvement.analysis import analyse
from improvement.models import CycleStatus, ImprovementProject
from improvement.queries import driver_diagram_svg, driver_tree
from roles.kinds import KINDS
from roles.models import RoleAssignment
from roles.permissions import can, sees_programme
from specialties.models import (
    Ambition,
    AmbitionKind,
    PopulationResponsibility,
    Specialty,
    StrengthPosition,
)
from specialties.queries import coverage_by_specialty
from sustainability.queries import latest_profiles, profile_chart, sustainability_chapter


def _roles(specialty):
    assignments = (
        RoleAssignment.objects.current()
        .on_object(specialty)
        .select_related("person__user", "person__employer")
        .order_by("kind")
    )
    return [
        {"assignment": a, "key_tasks": KINDS[a.kind].key_tasks if a.kind in KINDS else ()}
        for a in assignments
    ]


def _ambitions(specialty) -> list[dict]:
    found = {a.kind: a for a in Ambition.objects.filter(specialty=specialty)}
    dilemmas = list(specialty.dilemmas.all())
    return [
        {
            "kind": kind,
            "label": label,
            "ambition": found.get(kind),
            "dilemmas": [d for d in dilemmas if d.kind == kind],
        }
        for kind, label in AmbitionKind.choices
    ]


def _sustainability(specialty) -> dict | None:
    profile = latest_profiles([specialty])[specialty.pk]
    if profile is None:
        return None
    return {
        "profile": profile,
        "chart": profile_chart(profile),
        **sustainability_chapter(specialty),
    }


def _improvement(specialty) -> list[dict]:
    projects = ImprovementProject.objects.filter(specialty=specialty).prefetch_related(
        "driver_nodes__cycles", "measures__data_points", "measures__phases"
    )
    result = []
    for project in projects:
        cycles = [c for n in project.driver_nodes.all() for c in n.cycles.all()]
        counts = {label: 0 for _value, label in CycleStatus.choices}
        labels = dict(CycleStatus.choices)
        for cycle in cycles:
            counts[labels[cycle.status]] += 1
        result.append(
            {
                "project": project,
                "tree": (tree := driver_tree(project, cycles)),
                "diagram": driver_diagram_svg(project, tree, fit=True),
                "cycle_counts": counts,
                "cycles": sorted(cycles, key=lambda c: c.planned_start)[-10:],
                "measures": [
                    {
                        "measure": m,
                        "analysis": analyse(
                            m, list(m.data_points.all()), cycles, phases=list(m.phases.all())
                        ),
                    }
                    for m in project.measures.all()
                ],
            }
        )
    return result


def specialty_section(specialty, coverage, *, full: bool = True) -> dict:
    positions = list(
        specialty.strength_positions.select_related("hospital").prefetch_related("municipalities")
    )
    for position in positions:
        position.citizens = sum(m.population for m in position.municipalities.all())
    section = {
        "specialty": specialty,
        "positions": positions,
        "coverage": coverage,
        "roles": _roles(specialty),
        "ambitions": _ambitions(specialty),
    }
    if full:
        section["sustainability"] = _sustainability(specialty)
        section["improvement"] = _improvement(specialty)
    return section


def specialty_context(specialty: Specialty, language: str) -> dict:
    programme = Programme.current()
    coverage = coverage_by_specialty([specialty])[specialty.pk]
    return {
        "programme": programme,
        "chapters": programme.chapters.all() if programme else [],
        "section": specialty_section(specialty, coverage),
        "generated_at": timezone.localtime(),
        "data_version": specialty_data_version(specialty),
    }


def programme_context(programme: Programme, language: str) -> dict:
    specialties = list(Specialty.objects.order_by("name"))
    coverage = coverage_by_specialty(specialties)
    hospitals = list(Hospital.objects.filter(is_acute=True).order_by("name"))
    held = set(StrengthPosition.objects.values_list("specialty_id", "hospital_id"))
    matrix = [
        {"specialty": s, "cells": [(h, (s.pk, h.pk) in held) for h in hospitals]}
        for s in specialties
    ]
    return {
        "programme": programme,
        "chapters": programme.chapters.all(),
        # The programme guide keeps a page per specialty short: positions, population,
        # roles and ambitions; the specialty guide has the improvement work in full.
        "sections": [specialty_section(s, coverage[s.pk], full=False) for s in specialties],
        "hospitals": hospitals,
        "matrix": matrix,
        "generated_at": timezone.localtime(),
        "data_version": programme_data_version(programme),
    }


def _latest(*querysets) -> str:
    dates = [qs.aggregate(latest=Max("history_date"))["latest"] for qs in querysets]
    dates = [d for d in dates if d is not None]
    return max(dates).isoformat(timespec="seconds") if dates else ""


def specialty_data_version(specialty) -> str:
    """The time of the newest change to the data the guide shows."""
    return _latest(
        Specialty.history.filter(id=specialty.pk),
        StrengthPosition.history.filter(specialty_id=specialty.pk),
        PopulationResponsibility.history.filter(
            strength_position_id__in=specialty.strength_positions.values("pk")
        ),
        RoleAssignment.history.filter(object_id=specialty.pk),
    )


def programme_data_version(programme) -> str:
    return _latest(
        Programme.history.all(),
        Specialty.history.all(),
        StrengthPosition.history.all(),
        PopulationResponsibility.history.all(),
    )


def _sees_every_specialty(user, programme) -> bool:
    return sees_programme(user)


SPECIALTY_GUIDE = ExportKind(
    key="specialty_miniguide",
    label=_("Specialty miniguide"),
    model="specialties.specialty",
    template="pdf/specialty_miniguide.html",
    build_context=specialty_context,
    allowed=lambda user, specialty: can(user, "view", specialty),
    data_version=specialty_data_version,
    filename=lambda specialty, language: f"miniguide-{specialty.slug}-{language}",
)

PROGRAMME_GUIDE = ExportKind(
    key="programme_miniguide",
    label=_("Programme miniguide"),
    model="bass.programme",
    template="pdf/programme_miniguide.html",
    build_context=programme_context,
    allowed=_sees_every_specialty,
    data_version=programme_data_version,
    filename=lambda programme, language: f"miniguide-{programme.short_name}-{language}",
)

register(SPECIALTY_GUIDE)
register(PROGRAMME_GUIDE)

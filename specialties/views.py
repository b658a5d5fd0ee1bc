from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.forms import save_once
from roles.models import RoleAssignment
from roles.permissions import can, get_for_user, restrict
from specialties.forms import PopulationResponsibilityForm, StrengthPositionForm
from specialties.models import PopulationResponsibility, Specialty
from specialties.queries import coverage_by_specialty, get_specialty


@login_required
def specialty_list(request):
    specialties = list(restrict(Specialty.objects.order_by("name"), request.user))
    coverage = coverage_by_specialty(specialties)
    rows = [{"specialty": s, "coverage": coverage[s.pk]} for s in specialties]
    return render(request, "specialties/specialty_list.html", {"rows": rows})


@login_required
def specialty_detail(request, slug: str):
    specialty = get_specialty(request.user, slug)
    positions = list(
        specialty.strength_positions.select_related("hospital").prefetch_related("municipalities")
    )
    coverage = coverage_by_specialty([specialty])[specialty.pk]
    assignments = (
        RoleAssignment.objects.current()
        .on_object(specialty)
        .select_related("person__user", "person__employer")
        .order_by("kind", "person__user__first_name")
    )
    return render(
        request,
        "specialties/specialty_detail.html",
        {
            "specialty": specialty,
            "positions": positions,
            "coverage": coverage,
            "assignments": assignments,
            "can_change_positions": can(request.user, "change_strength_positions", specialty),
        },
    )


def _specialty_for_change(request, slug: str) -> Specialty:
    return get_for_user(
        Specialty.objects.all(), request.user, "change_strength_positions", slug=slug
    )


@login_required
def strength_position_create(request, slug: str):
    specialty = _specialty_for_change(request, slug)
    form = StrengthPositionForm(
        request.POST if request.method == "POST" else None, specialty=specialty
    )
    if request.method == "POST" and form.is_valid():
        position = save_once(request, form.save)
        messages.success(
            request, _("Strength position at %(h)s created.") % {"h": position.hospital}
        )
        return redirect(specialty)
    return render(
        request,
        "specialties/strength_position_form.html",
        {"form": form, "specialty": specialty},
    )


@login_required
def strength_position_update(request, slug: str, pk: int):
    specialty = _specialty_for_change(request, slug)
    position = get_for_user(specialty.strength_positions.all(), request.user, "change", pk=pk)
    form = StrengthPositionForm(
        request.POST if request.method == "POST" else None, instance=position, specialty=specialty
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Strength position saved."))
            return redirect(specialty)
    return render_form_or_conflict(
        request,
        "specialties/strength_position_form.html",
        form,
        {"specialty": specialty, "position": position},
    )


@login_required
def strength_position_delete(request, slug: str, pk: int):
    specialty = _specialty_for_change(request, slug)
    position = get_for_user(specialty.strength_positions.all(), request.user, "delete", pk=pk)
    if request.method == "POST":
        position.delete()
        messages.success(request, _("Strength position deleted."))
        return redirect(specialty)
    return render(
        request,
        "specialties/strength_position_confirm_delete.html",
        {"specialty": specialty, "position": position},
    )


@login_required
def population_responsibility_update(request, slug: str, pk: int):
    specialty = _specialty_for_change(request, slug)
    position = get_for_user(specialty.strength_positions.all(), request.user, "change", pk=pk)
    current = {r.municipality_id: r for r in position.population_responsibilities.all()}
    form = PopulationResponsibilityForm(
        request.POST if request.method == "POST" else None,
        initial={"municipalities": list(current)},
    )
    if request.method == "POST" and form.is_valid():
        wanted = {m.pk: m for m in form.cleaned_data["municipalities"]}
        reason = form.cleaned_data["change_reason"]
        with transaction.atomic():
            for municipality_id, responsibility in current.items():
                if municipality_id not in wanted:
                    responsibility._change_reason = reason
                    responsibility.delete()
            for municipality_id, municipality in wanted.items():
                if municipality_id not in current:
                    responsibility = PopulationResponsibility(
                        strength_position=position, municipality=municipality
                    )
                    responsibility._change_reason = reason
                    responsibility.save()
        messages.success(request, _("Population responsibility saved."))
        return redirect(specialty)
    return render(
        request,
        "specialties/population_responsibility_form.html",
        {"form": form, "specialty": specialty, "position": position},
    )

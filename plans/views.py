import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from bass import spreadsheets
from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.forms import save_once
from plans.export import plan_xlsx
from plans.forms import (
    CentreSupportForm,
    GrantForm,
    MilestoneForm,
    PhaseMoveForm,
    PlanForm,
    SpendingForm,
)
from plans.models import (
    PHASE_MOVE_PERMISSIONS,
    CentreSupport,
    Grant,
    Milestone,
    MilestoneDependency,
    MilestoneStatus,
    Phase,
    PhaseChange,
    Plan,
    Spending,
)
from plans.queries import programme_totals, progress_by_specialty
from plans.timeline import build_timeline
from roles.permissions import can, get_for_user, restrict
from specialties.models import Specialty
from specialties.queries import get_specialty

# --- fetching with permission checks ------------------------------------------------------


def _specialty(request, slug: str) -> Specialty:
    return get_specialty(request.user, slug)


def _plan(request, pk: int, action: str = "view") -> Plan:
    return get_for_user(
        Plan.objects.select_related("specialty", "strength_position__hospital"),
        request.user,
        action,
        pk=pk,
    )


def _milestone(request, pk: int, action: str = "view") -> Milestone:
    return get_for_user(
        Milestone.objects.select_related("plan__specialty"), request.user, action, pk=pk
    )


def can_move_phase(user, specialty: Specialty) -> bool:
    """The owner (strategic ambition) or the implementation lead (improvement work)."""
    return any(can(user, codename, specialty) for codename in PHASE_MOVE_PERMISSIONS)


def _current_phase(specialty: Specialty) -> PhaseChange | None:
    return PhaseChange.latest_per_specialty([specialty.pk]).first()


# --- the programme -----------------------------------------------------------------------


@login_required
def index(request):
    """Every specialty the user may see, with its phase, progress and funds."""
    specialties = list(restrict(Specialty.objects.order_by("name"), request.user))
    progress = progress_by_specialty(specialties)
    rows = [(s, progress[s.pk]) for s in specialties]
    phases = list(Phase.objects.all())
    by_phase = {phase.pk: 0 for phase in phases}
    without_phase = 0
    for _s, p in rows:
        if p.phase is None:
            without_phase += 1
        else:
            by_phase[p.phase.phase_id] = by_phase.get(p.phase.phase_id, 0) + 1
    return render(
        request,
        "plans/index.html",
        {
            "rows": rows,
            "total": programme_totals(progress.values()),
            "phase_counts": [(phase, by_phase[phase.pk]) for phase in phases],
            "without_phase": without_phase,
        },
    )


# --- one specialty -----------------------------------------------------------------------


@login_required
def specialty_progress(request, slug: str):
    specialty = _specialty(request, slug)
    progress = progress_by_specialty([specialty])[specialty.pk]
    phase_history = list(
        specialty.phase_changes.select_related("phase", "moved_by").order_by("-started_on", "-pk")[
            :50
        ]
    )
    plans = list(specialty.plans.select_related("strength_position__hospital").order_by("title"))
    plan_progress = _plan_counts(plans)
    grants = list(
        specialty.grants.select_related("milestone")
        .annotate(spent_total=Sum("spendings__amount"))
        .prefetch_related(Prefetch("spendings", queryset=Spending.objects.order_by("date", "pk")))
        .order_by("-year", "pk")
    )
    support = list(
        specialty.centre_support.select_related("concept_owner__user").order_by("-date", "pk")[:100]
    )
    support_hours = sum((s.hours for s in support if s.hours), start=0)
    user = request.user
    # Each distinct permission costs a guardian lookup: ask each one once.
    manages = can(user, "manage_improvement", specialty)
    decides_funds = can(user, "add", Grant(specialty=specialty))
    return render(
        request,
        "plans/specialty_progress.html",
        {
            "specialty": specialty,
            "progress": progress,
            "phase_history": phase_history,
            "plans": [(plan, plan_progress.get(plan.pk, {})) for plan in plans],
            "grants": grants,
            "support": support,
            "support_hours": support_hours,
            "can_move_phase": manages or can_move_phase(user, specialty),
            "can_add_plan": manages,
            "can_grant": decides_funds,
            "can_spend": manages,
            # The same question support_create asks (the steering group grants funds but
            # does not record the centre's support).
            "can_add_support": can(user, "add", CentreSupport(specialty=specialty)),
        },
    )


def _plan_counts(plans: list[Plan]) -> dict[int, dict]:
    """Milestones, done and late per plan, in one query."""
    today = timezone.localdate()
    counts: dict[int, dict] = {plan.pk: {"total": 0, "done": 0, "late": 0} for plan in plans}
    rows = Milestone.objects.filter(plan__in=plans).values_list("plan_id", "status", "due_date")
    for plan_id, status, due in rows:
        entry = counts[plan_id]
        entry["total"] += 1
        if status == MilestoneStatus.DONE:
            entry["done"] += 1
        elif due < today or status == MilestoneStatus.LATE:
            entry["late"] += 1
    return counts


@login_required
def phase_move(request, slug: str):
    specialty = _specialty(request, slug)
    if not can_move_phase(request.user, specialty):
        raise PermissionDenied
    current = _current_phase(specialty)
    form = PhaseMoveForm(
        request.POST if request.method == "POST" else None,
        specialty=specialty,
        current=current,
        moved_by=request.user,
    )
    if request.method == "POST" and form.is_valid():
        change = save_once(request, form.save)
        messages.success(
            request,
            _("%(specialty)s is now in the phase “%(phase)s”.")
            % {"specialty": specialty.name, "phase": change.phase.label},
        )
        return redirect("plans_specialty", slug=specialty.slug)
    return render(
        request,
        "plans/phase_form.html",
        {"form": form, "specialty": specialty, "current": current},
    )


# --- plans -------------------------------------------------------------------------------


@login_required
def plan_create(request, slug: str):
    specialty = _specialty(request, slug)
    if not can(request.user, "add", Plan(specialty=specialty)):
        raise PermissionDenied
    form = PlanForm(request.POST if request.method == "POST" else None, specialty=specialty)
    if request.method == "POST" and form.is_valid():
        plan = save_once(request, form.save)
        messages.success(request, _("Implementation plan created."))
        return redirect(plan)
    return render(request, "plans/plan_form.html", {"form": form, "specialty": specialty})


def _milestones(plan: Plan) -> list[Milestone]:
    return list(
        plan.milestones.select_related("responsible__user").prefetch_related(
            Prefetch(
                "dependencies",
                queryset=MilestoneDependency.objects.select_related("depends_on").order_by(
                    "depends_on__start_date", "pk"
                ),
            )
        )
    )


def _rows(milestones: list[Milestone], today: datetime.date) -> list[dict]:
    return [
        {
            "milestone": m,
            "status": m.effective_status(today),
            "status_label": m.effective_status_label(today),
            "overridden": m.overrides_recorded_status(today),
            "days_late": m.days_late(today),
        }
        for m in milestones
    ]


@login_required
def plan_detail(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    milestones = _milestones(plan)
    page = Paginator(milestones, 100).get_page(request.GET.get("side"))
    rows = _rows(list(page.object_list), today)
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "page": page,
            "rows": rows,
            "attention": [
                r for r in _rows(milestones, today) if r["status"] in ("late", "at_risk")
            ],
            "can_change": can(request.user, "change", plan),
            "today": today,
        },
    )


@login_required
def plan_timeline(request, pk: int):
    plan = _plan(request, pk)
    today = timezone.localdate()
    milestones = _milestones(plan)
    timeline = build_timeline(_rows(milestones, today), today)
    return render(
        request,
        "plans/plan_timeline.html",
        {"plan": plan, "timeline": timeline, "today": today},
    )


@login_required
def plan_export(request, pk: int):
    plan = _plan(request, pk)
    response = HttpResponse(
        plan_xlsx(plan, _milestones(plan), timezone.localdate()),
        content_type=spreadsheets.XLSX_CONTENT_TYPE,
    )
    name = slugify(plan.title) or "plan"
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


@login_required
def plan_update(request, pk: int):
    plan = _plan(request, pk, "change")
    form = PlanForm(
        request.POST if request.method == "POST" else None, instance=plan, specialty=plan.specialty
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Implementation plan saved."))
            return redirect(plan)
    return render_form_or_conflict(
        request, "plans/plan_form.html", form, {"specialty": plan.specialty, "plan": plan}
    )


@login_required
def plan_delete(request, pk: int):
    plan = _plan(request, pk, "delete")
    milestones = list(plan.milestones.all())
    if request.method == "POST":
        specialty = plan.specialty
        # Milestones and their dependencies go with the plan, and grants lose the link to a
        # milestone; each of those changes is kept in history (bass.history).
        plan.delete()
        messages.success(request, _("Implementation plan deleted."))
        return redirect("plans_specialty", slug=specialty.slug)
    return render(
        request,
        "plans/plan_confirm_delete.html",
        {"plan": plan, "milestone_count": len(milestones)},
    )


# --- milestones --------------------------------------------------------------------------


@login_required
def milestone_create(request, pk: int):
    plan = _plan(request, pk, "change")
    form = MilestoneForm(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            milestone = save_once(request, form.save)
        messages.success(request, _("Milestone “%(title)s” added.") % {"title": milestone.title})
        return redirect(plan)
    return render(request, "plans/milestone_form.html", {"form": form, "plan": plan})


@login_required
def milestone_update(request, pk: int):
    milestone = _milestone(request, pk, "change")
    plan = milestone.plan
    form = MilestoneForm(
        request.POST if request.method == "POST" else None, instance=milestone, plan=plan
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(
                request, _("Milestone “%(title)s” saved.") % {"title": milestone.title}
            )
            return redirect(milestone)
    return render_form_or_conflict(
        request, "plans/milestone_form.html", form, {"plan": plan, "milestone": milestone}
    )


@login_required
def milestone_delete(request, pk: int):
    milestone = _milestone(request, pk, "delete")
    plan = milestone.plan
    dependents = list(milestone.dependents.select_related("milestone"))
    if request.method == "POST":
        milestone.delete()
        messages.success(request, _("Milestone “%(title)s” deleted.") % {"title": milestone.title})
        return redirect(plan)
    return render(
        request,
        "plans/milestone_confirm_delete.html",
        {"milestone": milestone, "plan": plan, "dependents": dependents},
    )


# --- funds and centre support ----------------------------------------------------------------


@login_required
def grant_create(request, slug: str):
    specialty = _specialty(request, slug)
    if not can(request.user, "add", Grant(specialty=specialty)):
        raise PermissionDenied
    form = GrantForm(request.POST if request.method == "POST" else None, specialty=specialty)
    if request.method == "POST" and form.is_valid():
        save_once(request, form.save)
        messages.success(request, _("Grant recorded."))
        return redirect("plans_specialty", slug=specialty.slug)
    return render(request, "plans/grant_form.html", {"form": form, "specialty": specialty})


@login_required
def spending_create(request, pk: int):
    grant = get_for_user(Grant.objects.select_related("specialty"), request.user, "spend", pk=pk)
    specialty = grant.specialty
    form = SpendingForm(request.POST if request.method == "POST" else None, grant=grant)
    if request.method == "POST":
        with transaction.atomic():
            # Lock the grant so two spendings at once cannot both pass the balance check.
            form.instance.grant = Grant.objects.select_for_update().get(pk=grant.pk)
            if form.is_valid():
                save_once(request, form.save)
                messages.success(request, _("Spending recorded."))
                return redirect("plans_specialty", slug=specialty.slug)
    return render(
        request,
        "plans/spending_form.html",
        {"form": form, "grant": grant, "specialty": specialty},
    )


@login_required
def support_create(request, slug: str):
    specialty = _specialty(request, slug)
    if not can(request.user, "add", CentreSupport(specialty=specialty)):
        raise PermissionDenied
    form = CentreSupportForm(
        request.POST if request.method == "POST" else None, specialty=specialty
    )
    if request.method == "POST" and form.is_valid():
        save_once(request, form.save)
        messages.success(request, _("Centre support recorded."))
        return redirect("plans_specialty", slug=specialty.slug)
    return render(request, "plans/support_form.html", {"form": form, "specialty": specialty})

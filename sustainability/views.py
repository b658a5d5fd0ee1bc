from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from bass import formatting
from bass.conflicts import conflict_checked, render_form_or_conflict
from bass.forms import save_once
from bass.history import StaleVersion
from roles.permissions import can, get_for_user, may, permission_target, require, restrict
from specialties.models import Specialty
from specialties.queries import get_specialty
from sustainability import scoring
from sustainability.forms import (
    AssessmentForm,
    CriterionForm,
    NewAssessmentForm,
    PrismRatingForm,
    ScoreSheetForm,
)
from sustainability.models import (
    FINALISED_MESSAGE,
    PRISM_TARGETS,
    Assessment,
    AssessmentStatus,
    Axis,
    Criterion,
    PrismRating,
    Score,
)
from sustainability.queries import (
    assessment_profile,
    latest_profiles,
    prism_summary,
    profile_chart,
    profile_series,
    trend_chart,
)


def rule_context() -> dict:
    return {
        "attention_below": formatting.number(scoring.ATTENTION_BELOW, 1),
        "attention_gap": formatting.number(scoring.ATTENTION_GAP, 1),
    }


def _specialty(request, slug: str, action: str = "view") -> Specialty:
    return get_specialty(request.user, slug, action)


def _assessment(request, pk: int, action: str = "view") -> Assessment:
    queryset = Assessment.objects.select_related(
        "specialty", "strength_position__hospital", "made_by"
    )
    return get_for_user(queryset, request.user, action, pk=pk)


def _refuse_if_finalised(request, assessment: Assessment):
    """A finalised assessment is read-only: every edit page sends the user back to it."""
    if assessment.is_finalised:
        messages.error(request, FINALISED_MESSAGE)
        return redirect(assessment)
    return None


# --- overview and catalogue ------------------------------------------------------------


@login_required
def overview(request):
    specialties = Paginator(restrict(Specialty.objects.order_by("name"), request.user), 50)
    page = specialties.get_page(request.GET.get("side"))
    profiles = latest_profiles(list(page.object_list))
    rows = [{"specialty": s, "profile": profiles.get(s.pk)} for s in page.object_list]
    return render(
        request,
        "sustainability/overview.html",
        {"page": page, "rows": rows, "axes": Axis.choices, **rule_context()},
    )


@login_required
def criterion_list(request):
    criteria = list(Criterion.objects.order_by("axis", "order", "name"))
    groups = [
        {"axis": axis, "label": label, "criteria": [c for c in criteria if c.axis == axis]}
        for axis, label in Axis.choices
    ]
    return render(
        request,
        "sustainability/criterion_list.html",
        {
            "groups": groups,
            "can_add": may(request.user, "add", Criterion),
            "can_change": may(request.user, "change", Criterion),
        },
    )


@login_required
def criterion_create(request):
    if not may(request.user, "add", Criterion):
        raise PermissionDenied
    form = CriterionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        criterion = save_once(request, form.save)
        messages.success(request, _("Criterion “%(name)s” created.") % {"name": criterion})
        return redirect(criterion)
    return render(request, "sustainability/criterion_form.html", {"form": form})


@login_required
def criterion_update(request, pk: int):
    criterion = get_for_user(Criterion.objects.all(), request.user, "change", pk=pk)
    form = CriterionForm(request.POST if request.method == "POST" else None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Criterion saved."))
            return redirect(criterion)
    return render_form_or_conflict(
        request, "sustainability/criterion_form.html", form, {"criterion": criterion}
    )


# --- a specialty's sustainability ------------------------------------------------------


@login_required
def specialty_sustainability(request, slug: str):
    specialty = _specialty(request, slug)
    assessments = Paginator(
        specialty.sustainability_assessments.select_related(
            "strength_position__hospital", "made_by"
        ).newest_first(),
        20,
    ).get_page(request.GET.get("side"))
    series = profile_series(specialty)
    latest = series[-1] if series else None
    prism = prism_summary(specialty, latest)
    return render(
        request,
        "sustainability/specialty.html",
        {
            "specialty": specialty,
            "page": assessments,
            "latest": latest,
            "radar": profile_chart(latest) if latest else "",
            "trend": trend_chart(series) if len(series) > 1 else "",
            "prism": prism,
            "axes": Axis.choices,
            "can_assess": can(request.user, "manage_assessment", specialty),
            "can_rate": can(request.user, "contribute_improvement", specialty),
            **rule_context(),
        },
    )


# --- assessments -----------------------------------------------------------------------


@login_required
def assessment_create(request, slug: str):
    specialty = _specialty(request, slug, "manage_assessment")
    source = specialty.sustainability_assessments.finalised().newest_first().first()
    source = source or specialty.sustainability_assessments.newest_first().first()
    form = NewAssessmentForm(
        request.POST if request.method == "POST" else None,
        specialty=specialty,
        has_previous=source is not None,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():

        def create() -> Assessment:
            assessment = form.save(commit=False)
            assessment.made_by = request.user
            assessment.save()
            if source is not None and form.cleaned_data.get("copy_evidence"):
                for old in source.scores.filter(criterion__is_active=True):
                    if old.evidence or old.indicator_value is not None:
                        Score.objects.create(
                            assessment=assessment,
                            criterion_id=old.criterion_id,
                            evidence=old.evidence,
                            evidence_copied=bool(old.evidence),
                            indicator_value=old.indicator_value,
                        )
            return assessment

        with transaction.atomic():
            assessment = save_once(request, create)
        messages.success(request, _("Assessment created. Score the criteria below."))
        return redirect("assessment_scores", pk=assessment.pk)
    return render(
        request,
        "sustainability/assessment_form.html",
        {"form": form, "specialty": specialty, "source": source},
    )


@login_required
def assessment_detail(request, pk: int):
    assessment = _assessment(request, pk)
    profile, criteria, scores = assessment_profile(assessment)
    groups = [
        {
            "label": label,
            "axis": profile.axes[axis],
            "rows": [
                {
                    "criterion": c,
                    "score": scores.get(c.pk),
                    "suggested": c.suggest_score(scores[c.pk].indicator_value)
                    if c.pk in scores
                    else None,
                }
                for c in criteria
                if c.axis == axis
            ],
        }
        for axis, label in Axis.choices
    ]
    return render(
        request,
        "sustainability/assessment_detail.html",
        {
            "assessment": assessment,
            "specialty": assessment.specialty,
            "profile": profile,
            "groups": groups,
            "radar": profile_chart(profile),
            "can_change": not assessment.is_finalised and can(request.user, "change", assessment),
            **rule_context(),
        },
    )


@login_required
def assessment_update(request, pk: int):
    assessment = _assessment(request, pk, "change")
    if refused := _refuse_if_finalised(request, assessment):
        return refused
    form = AssessmentForm(
        request.POST if request.method == "POST" else None,
        instance=assessment,
        specialty=assessment.specialty,
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            try:
                form.save()
            except ValidationError:
                messages.error(request, FINALISED_MESSAGE)
            else:
                messages.success(request, _("Assessment saved."))
            return redirect(assessment)
    return render_form_or_conflict(
        request,
        "sustainability/assessment_form.html",
        form,
        {"assessment": assessment, "specialty": assessment.specialty},
    )


@login_required
def assessment_scores(request, pk: int):
    assessment = _assessment(request, pk, "change")
    if refused := _refuse_if_finalised(request, assessment):
        return refused
    profile, criteria, scores = assessment_profile(assessment)
    form = ScoreSheetForm(
        request.POST if request.method == "POST" else None,
        assessment=assessment,
        criteria=criteria,
        scores=scores,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data.get("base_version") not in (None, assessment.version):
                raise StaleVersion(assessment, form.cleaned_data["base_version"])
            _save_scores(form, criteria, scores, assessment)
        except ValidationError:
            messages.error(request, FINALISED_MESSAGE)
            return redirect(assessment)
        except StaleVersion:
            # Someone saved the sheet in between: keep what this user typed, show the error,
            # and base a second save on the current version.
            assessment.refresh_from_db()
            data = form.data.copy()
            data["base_version"] = str(assessment.version)
            form.data = data
            form.add_error(
                None,
                _(
                    "Someone else saved scores for this assessment while you were editing. "
                    "Your entries are kept below; check them against the saved assessment "
                    "and save again to overwrite."
                ),
            )
            status = 409
        else:
            messages.success(request, _("Scores saved."))
            contradicting = _contradictions(form, criteria)
            for criterion, suggested in contradicting:
                messages.warning(
                    request,
                    _(
                        "“%(name)s”: the score contradicts the indicator, which suggests score "
                        "%(suggested)s. Keep it only if the evidence explains why."
                    )
                    % {"name": criterion.name, "suggested": suggested},
                )
            if "finalise" in request.POST:
                return redirect("assessment_finalise", pk=assessment.pk)
            if contradicting:
                return redirect("assessment_scores", pk=assessment.pk)
            return redirect(assessment)
    groups = []
    rows = list(form.rows())
    for axis, label in Axis.choices:
        groups.append(
            {
                "label": label,
                "axis": profile.axes[axis],
                "rows": [r for r in rows if r["criterion"].axis == axis],
            }
        )
    return render(
        request,
        "sustainability/assessment_scores.html",
        {
            "assessment": assessment,
            "specialty": assessment.specialty,
            "form": form,
            "groups": groups,
        },
        status=status,
    )


def _contradictions(form, criteria) -> list[tuple]:
    """(criterion, suggested score) where a score differs from its indicator's suggestion."""
    found = []
    for criterion in criteria:
        value, _evidence, indicator = form.values(criterion)
        suggested = criterion.suggest_score(indicator) if indicator is not None else None
        if value and suggested and value != suggested:
            found.append((criterion, suggested))
    return found


@transaction.atomic
def _save_scores(form, criteria, scores, assessment) -> None:
    # A new version of the assessment marks the sheet as changed. Saved first, it claims
    # the sheet: of two saves at the same moment, the second stops here (StaleVersion).
    assessment._change_reason = _("Scores saved")
    assessment.save()
    for criterion in criteria:
        value, evidence, indicator = form.values(criterion)
        existing = scores.get(criterion.pk)
        if existing is None:
            if value is None and not evidence and indicator is None:
                continue
            Score.objects.create(
                assessment=assessment,
                criterion=criterion,
                score=value,
                evidence=evidence,
                indicator_value=indicator,
            )
        elif (existing.score, existing.evidence, existing.indicator_value) != (
            value,
            evidence,
            indicator,
        ):
            if existing.evidence != evidence:
                existing.evidence_copied = False
            existing.score, existing.evidence, existing.indicator_value = value, evidence, indicator
            existing.save()


@login_required
def assessment_finalise(request, pk: int):
    assessment = _assessment(request, pk, "change")
    if refused := _refuse_if_finalised(request, assessment):
        return refused
    profile, criteria, scores = assessment_profile(assessment)
    unscored = [c for c in criteria if c.pk not in scores or scores[c.pk].score is None]
    if request.method == "POST" and not unscored:
        assessment.status = AssessmentStatus.FINALISED
        assessment.finalised_at = timezone.now()
        assessment._change_reason = _("Finalised")
        try:
            assessment.save()
        except ValidationError:
            messages.error(request, FINALISED_MESSAGE)
            return redirect(assessment)
        messages.success(request, _("The assessment is finalised and can no longer be changed."))
        return redirect(assessment)
    return render(
        request,
        "sustainability/assessment_finalise.html",
        {
            "assessment": assessment,
            "specialty": assessment.specialty,
            "profile": profile,
            "unscored": unscored,
            "tried": request.method == "POST",
        },
    )


@login_required
def assessment_delete(request, pk: int):
    assessment = _assessment(request, pk, "delete")
    if refused := _refuse_if_finalised(request, assessment):
        return refused
    if request.method == "POST":
        specialty = assessment.specialty
        assessment.delete()
        messages.success(request, _("Draft assessment deleted."))
        return redirect("specialty_sustainability", slug=specialty.slug)
    return render(
        request,
        "sustainability/assessment_confirm_delete.html",
        {"assessment": assessment, "specialty": assessment.specialty},
    )


# --- the prism ---------------------------------------------------------------------------


@login_required
def prism_create(request, slug: str):
    specialty = _specialty(request, slug, "contribute_improvement")
    form = PrismRatingForm(request.POST if request.method == "POST" else None, specialty=specialty)
    if request.method == "POST" and form.is_valid():
        rating = save_once(request, form.save)
        messages.success(request, _("“%(title)s” rated through the prism.") % {"title": rating})
        return redirect(rating)
    return render(request, "sustainability/prism_form.html", {"form": form, "specialty": specialty})


def _work(request, app_label: str, model_name: str, pk: int):
    """The work to rate: 404 unless it is a kind of work of ``PRISM_TARGETS`` that the user
    may see, 403 unless the user may edit it (whoever may edit the work may rate it)."""
    label = f"{app_label}.{model_name}"
    if label not in PRISM_TARGETS:
        raise Http404
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        raise Http404 from None
    work = get_for_user(model.objects.all(), request.user, "view", pk=pk)
    require(request.user, PRISM_TARGETS[label], work)
    return work


@login_required
def prism_rate(request, app_label: str, model_name: str, pk: int):
    """Rate work (a change idea, a project, a PDSA cycle, a milestone, a cluster initiative)
    through the prism; a second visit edits the same rating."""
    work = _work(request, app_label, model_name, pk)
    owner = permission_target(work)
    specialty = owner if isinstance(owner, Specialty) else None
    content_type = ContentType.objects.get_for_model(work)
    rating = PrismRating.objects.filter(
        content_type=content_type, object_id=work.pk
    ).first() or PrismRating(specialty=specialty, content_type=content_type, object_id=work.pk)
    form = PrismRatingForm(
        request.POST if request.method == "POST" else None, instance=rating, specialty=specialty
    )
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = ""
    back = back or work.get_absolute_url()
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("“%(title)s” rated through the prism.") % {"title": work})
            return redirect(back)
    return render_form_or_conflict(
        request,
        "sustainability/prism_form.html",
        form,
        {
            "rating": rating if rating.pk else None,
            "initiative": work,
            "specialty": specialty,
            "back": back,
        },
    )


def _may_edit(user, rating: PrismRating) -> bool:
    """Work is rated by whoever may edit the work; a free-standing proposal by whoever may
    change the specialty's ratings."""
    if rating.content_type_id:
        work = rating.initiative
        label = rating.content_type.app_label + "." + rating.content_type.model
        return work is not None and can(user, PRISM_TARGETS.get(label, "change"), work)
    return can(user, "change", rating)


def _rating(request, pk: int, action: str) -> PrismRating:
    rating = get_for_user(
        PrismRating.objects.select_related("specialty", "content_type"), request.user, "view", pk=pk
    )
    if action != "view" and not _may_edit(request.user, rating):
        raise PermissionDenied
    return rating


@login_required
def prism_update(request, pk: int):
    rating = _rating(request, pk, "change")
    form = PrismRatingForm(
        request.POST if request.method == "POST" else None,
        instance=rating,
        specialty=rating.specialty,
    )
    if request.method == "POST" and form.is_valid():
        with conflict_checked(form):
            form.save()
            messages.success(request, _("Prism rating saved."))
            return redirect(rating)
    return render_form_or_conflict(
        request,
        "sustainability/prism_form.html",
        form,
        {"rating": rating, "specialty": rating.specialty},
    )


@login_required
def prism_delete(request, pk: int):
    rating = _rating(request, pk, "delete")
    if request.method == "POST":
        back = rating.get_absolute_url()
        rating.delete()
        messages.success(request, _("Prism rating deleted."))
        return redirect(back)
    return render(
        request,
        "sustainability/prism_confirm_delete.html",
        {"rating": rating, "specialty": rating.specialty},
    )

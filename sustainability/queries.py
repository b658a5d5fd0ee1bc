"""Public query functions: profiles of assessments for pages and the programme dashboard.

Each function costs a constant number of queries whatever the number of specialties and
assessments (pinned in tests/sustainability/test_sustainability_queries.py).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bass import formatting
from bass.charts import radar_chart
from bass.diagrams import TimeSeries, time_chart
from bass.models import Programme
from bass.waiting import Waiting, WaitingGroup, group
from roles.permissions import restrict
from specialties.models import Specialty
from sustainability import scoring
from sustainability.models import (
    Assessment,
    AssessmentStatus,
    Axis,
    Criterion,
    PrismRating,
    Score,
)


@dataclass
class Profile:
    """Axis scores of one assessment, against the previous finalised one."""

    assessment: Assessment
    axes: dict[str, scoring.AxisScore]
    previous: Assessment | None = None
    previous_axes: dict[str, scoring.AxisScore] | None = None
    trend: dict[str, str | None] = field(default_factory=dict)
    attention: list[str] = field(default_factory=list)

    def __post_init__(self):
        current = scoring.means(self.axes)
        before = scoring.means(self.previous_axes) if self.previous_axes else None
        self.trend = scoring.trends(current, before)
        self.attention = scoring.attention_axes(current)

    def rows(self) -> list[dict]:
        return [
            {
                "axis": axis,
                "label": Axis(axis).label,
                "score": self.axes[axis],
                "previous": self.previous_axes[axis] if self.previous_axes else None,
                "trend": self.trend.get(axis),
                "attention": axis in self.attention,
            }
            for axis in scoring.AXES
        ]

    def means(self) -> list[float | None]:
        return [self.axes[axis].mean for axis in scoring.AXES]

    def previous_means(self) -> list[float | None] | None:
        if not self.previous_axes:
            return None
        return [self.previous_axes[axis].mean for axis in scoring.AXES]


def _scored_entries(assessment_ids: Iterable[int]) -> dict[int, list[tuple[str, int]]]:
    """(axis, score) of the scored criteria of each assessment, in one query."""
    entries: dict[int, list[tuple[str, int]]] = defaultdict(list)
    rows = Score.objects.filter(
        assessment_id__in=list(assessment_ids), score__isnull=False
    ).order_by()  # the default ordering would join and sort every row for nothing
    for assessment_id, axis, value in rows.values_list("assessment_id", "criterion__axis", "score"):
        entries[assessment_id].append((axis, value))
    return entries


def finalised_axes(assessment_ids: Iterable[int]) -> dict[int, dict[str, scoring.AxisScore]]:
    """Axis scores of finalised assessments (every criterion in scope is scored)."""
    entries = _scored_entries(assessment_ids)
    return {pk: scoring.axis_scores(entries.get(pk, [])) for pk in assessment_ids}


def criteria_in_scope(assessment: Assessment, scores: dict[int, Score]) -> list[Criterion]:
    """The criteria an assessment is scored on.

    A finalised assessment keeps the criteria it was scored on, whatever the catalogue
    became later. A draft covers the active criteria plus any criterion it already holds a
    score or evidence for.
    """
    if assessment.is_finalised:
        criteria = [s.criterion for s in scores.values() if s.score is not None]
    else:
        active = {c.pk: c for c in Criterion.objects.filter(is_active=True)}
        for score in scores.values():
            active.setdefault(score.criterion_id, score.criterion)
        criteria = list(active.values())
    order = {axis: i for i, axis in enumerate(scoring.AXES)}
    return sorted(criteria, key=lambda c: (order[c.axis], c.order, c.name))


def scores_of(assessment: Assessment) -> dict[int, Score]:
    return {s.criterion_id: s for s in assessment.scores.select_related("criterion").order_by("pk")}


def previous_finalised(assessment: Assessment) -> Assessment | None:
    """The finalised assessment of the same specialty made before this one."""
    earlier = (
        Assessment.objects.finalised()
        .filter(specialty_id=assessment.specialty_id)
        .exclude(pk=assessment.pk)
    )
    if assessment.pk and assessment.date:
        earlier = earlier.filter(
            Q(date__lt=assessment.date) | Q(date=assessment.date, pk__lt=assessment.pk)
        )
    return earlier.newest_first().first()


def assessment_profile(assessment: Assessment) -> tuple[Profile, list[Criterion], dict]:
    """The profile of one assessment, its criteria in scope and its scores by criterion."""
    scores = scores_of(assessment)
    criteria = criteria_in_scope(assessment, scores)
    entries = [(c.axis, scores[c.pk].score if c.pk in scores else None) for c in criteria]
    previous = previous_finalised(assessment)
    previous_axes = finalised_axes([previous.pk])[previous.pk] if previous else None
    profile = Profile(
        assessment=assessment,
        axes=scoring.axis_scores(entries),
        previous=previous,
        previous_axes=previous_axes,
    )
    return profile, criteria, scores


def profile_series(specialty, limit: int = 20) -> list[Profile]:
    """The specialty's last ``limit`` finalised assessments, oldest first, in two queries."""
    assessments = list(
        Assessment.objects.finalised()
        .filter(specialty=specialty)
        .select_related("strength_position__hospital")
        .newest_first()[:limit]
    )
    assessments.reverse()
    axes = finalised_axes([a.pk for a in assessments])
    series = []
    for index, assessment in enumerate(assessments):
        previous = assessments[index - 1] if index else None
        series.append(
            Profile(
                assessment=assessment,
                axes=axes[assessment.pk],
                previous=previous,
                previous_axes=axes[previous.pk] if previous else None,
            )
        )
    return series


def latest_profiles(specialties: Iterable) -> dict[int, Profile | None]:
    """Per specialty (instances or primary keys): the profile of its latest finalised
    assessment with the trend against the one before, or ``None`` if it has none.

    Two queries whatever the number of specialties and assessments: one picks the two
    newest finalised assessments per specialty with a window function, one reads their
    scores.
    """
    ids = [getattr(s, "pk", s) for s in specialties]
    if not ids:
        return {}
    ranked = (
        Assessment.objects.filter(specialty_id__in=ids, status=AssessmentStatus.FINALISED)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("specialty_id")],
                order_by=[F("date").desc(), F("finalised_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=2)
        .order_by("specialty_id", "rank")
    )
    newest: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in ranked:
        newest[assessment.specialty_id].append(assessment)
    axes = finalised_axes([a.pk for pair in newest.values() for a in pair])
    profiles: dict[int, Profile | None] = dict.fromkeys(ids)
    for specialty_id, pair in newest.items():
        latest, previous = pair[0], pair[1] if len(pair) > 1 else None
        profiles[specialty_id] = Profile(
            assessment=latest,
            axes=axes[latest.pk],
            previous=previous,
            previous_axes=axes[previous.pk] if previous else None,
        )
    return profiles


def profile_chart(profile) -> str:
    """The three-axis profile as SVG, the previous assessment behind (pages and PDFs)."""
    labels = [str(label) for _value, label in Axis.choices]
    previous = profile.previous_means()
    date = formatting.date(profile.assessment.date)
    return radar_chart(
        labels,
        profile.means(),
        previous,
        title=_("Sustainability profile %(date)s") % {"date": date},
        desc=_("Axis scores from 1 to 5: %(values)s")
        % {
            "values": "; ".join(
                f"{label} {formatting.number(v, 1)}"
                for label, v in zip(labels, profile.means(), strict=True)
            )
        },
        current_label=_("This assessment (%(date)s)") % {"date": date},
        previous_label=(
            _("Previous (%(date)s)") % {"date": formatting.date(profile.previous.date)}
            if profile.previous
            else ""
        ),
    )


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` earlier (the month's last day where it has fewer days)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 - months, 12)
    first_of_next = datetime.date(year + (month0 + 1) // 12, (month0 + 1) % 12 + 1, 1)
    last_day = (first_of_next - datetime.timedelta(days=1)).day
    return datetime.date(year, month0 + 1, min(day.day, last_day))


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """Assessments that wait for those who keep them: drafts to finalise, and specialties
    whose latest finalised assessment is older than the programme's interval."""
    on = on or timezone.localdate()
    programme = Programme.current()
    months = programme.assessment_interval_months if programme else 12
    cutoff = months_before(on, months)
    drafts = restrict(
        Assessment.objects.filter(status=AssessmentStatus.DRAFT).select_related("specialty"),
        user,
        "change",
    ).order_by("date", "pk")
    stale = (
        restrict(Specialty.objects.all(), user, "manage_assessment")
        .annotate(
            assessed=Max(
                "sustainability_assessments__date",
                filter=Q(sustainability_assessments__status=AssessmentStatus.FINALISED),
            )
        )
        .filter(Q(assessed__isnull=True) | Q(assessed__lt=cutoff))
        .order_by(F("assessed").asc(nulls_first=True), "name")
    )

    def old(specialty):
        if specialty.assessed is None:
            reason = _("No finalised sustainability assessment yet")
        else:
            reason = _(
                "Last assessed more than %(months)s months ago: the programme's interval"
            ) % {"months": months}
        return Waiting(
            specialty.name,
            reason,
            specialty.assessed,
            reverse("specialty_sustainability", args=[specialty.slug]),
        )

    return [
        group(
            "assessment_draft",
            _("Assessments to finalise"),
            drafts,
            lambda a: Waiting(
                str(a), _("A draft waiting to be finalised"), a.date, a.get_absolute_url()
            ),
        ),
        group("assessment_due", _("Sustainability assessments due"), stale, old),
    ]


# --- the read API (api/) ----------------------------------------------------------------


def api_assessments(user):
    """Assessments ``user`` may see, newest first; their axis scores come from
    ``finalised_axes`` (one query for a page of them)."""
    return (
        restrict(Assessment.objects.all(), user)
        .select_related("specialty", "strength_position__hospital")
        .order_by("-date", "-pk")
    )


def axis_scores_of(assessment_ids: Iterable[int]) -> dict[int, dict[str, scoring.AxisScore]]:
    """Axis scores (mean, scored, total) of each assessment, draft or finalised."""
    return finalised_axes(list(assessment_ids))


# --- the prism on real work ----------------------------------------------------------------


def ratings_of(objects: Iterable) -> dict[tuple[int, int], PrismRating]:
    """The prism rating of each object (any model), keyed by (content type id, pk); one
    query whatever the number of objects. The caller has already checked that the user may
    see the objects."""
    objects = [o for o in objects if o is not None and o.pk is not None]
    if not objects:
        return {}
    condition = Q(pk__in=[])
    by_type: dict[int, list[int]] = defaultdict(list)
    for obj in objects:
        by_type[ContentType.objects.get_for_model(obj).pk].append(obj.pk)
    for content_type_id, pks in by_type.items():
        condition |= Q(content_type_id=content_type_id, object_id__in=pks)
    return {
        (r.content_type_id, r.object_id): r
        for r in PrismRating.objects.filter(condition).order_by()
    }


def rating_of(obj) -> PrismRating | None:
    return ratings_of([obj]).get((ContentType.objects.get_for_model(obj).pk, obj.pk))


def weakest_axis(profile: Profile | None) -> str | None:
    """The axis that needs special attention: the lowest of the flagged axes, else the
    lowest axis; None without a scored profile."""
    if profile is None:
        return None
    scored = {a: profile.axes[a].mean for a in scoring.AXES if profile.axes[a].mean is not None}
    if not scored:
        return None
    flagged = [a for a in profile.attention if a in scored]
    return min(flagged or scored, key=lambda a: (scored[a], scoring.AXES.index(a)))


@dataclass
class PrismSummary:
    """What the prism shows of a specialty's work: every rating, the blind spots (an axis
    not considered or expected to worsen), and for the weakest axis the work meant to
    strengthen it."""

    ratings: list[PrismRating]
    blind_spots: list[PrismRating]
    weakest_axis: str | None
    weakest_label: str
    strengthening: list[PrismRating]


def prism_summary(specialty, profile: Profile | None = None, limit: int = 100) -> PrismSummary:
    """The prism of a specialty's rated work: two queries (ratings with their work) plus
    the latest profile's when none is given."""
    if profile is None:
        profile = latest_profiles([specialty]).get(specialty.pk)
    ratings = list(
        specialty.prism_ratings.select_related("content_type")
        .prefetch_related("initiative")
        .order_by("-pk")[:limit]
    )
    axis = weakest_axis(profile)
    strengthening = []
    if axis:
        strengthening = [r for r in ratings if (getattr(r, f"{axis}_effect") or 0) > 0]
    return PrismSummary(
        ratings=ratings,
        blind_spots=[r for r in ratings if r.is_blind_spot],
        weakest_axis=axis,
        weakest_label=str(Axis(axis).label) if axis else "",
        strengthening=strengthening,
    )


def blind_spots_by_specialty(specialties: Iterable) -> dict[int, list[PrismRating]]:
    """Blind spots (rated work with an axis not considered or expected to worsen) per
    specialty (instances or primary keys), for the dashboard: one query for the ratings
    and one per kind of work rated, whatever the number of specialties and ratings."""
    ids = [getattr(s, "pk", s) for s in specialties]
    result: dict[int, list[PrismRating]] = {pk: [] for pk in ids}
    rows = (
        PrismRating.objects.filter(specialty_id__in=ids)
        .blind_spots()
        .select_related("content_type")
        .prefetch_related("initiative")
        .order_by("specialty_id", "-pk")
    )
    for rating in rows:
        result[rating.specialty_id].append(rating)
    return result


def trend_chart(series: list[Profile]) -> str:
    """The three axes of a specialty's finalised assessments in one chart: the fixed 1–5
    scale, dates spaced as time, the attention threshold drawn and labelled (pages, PDFs)."""
    dates = [p.assessment.date for p in series]
    threshold = formatting.number(scoring.ATTENTION_BELOW, 1)
    return time_chart(
        dates,
        [formatting.date(d) for d in dates],
        [
            TimeSeries(str(label), [p.axes[axis].mean for p in series])
            for axis, label in Axis.choices
        ],
        title=_("The three axes over time"),
        desc=_(
            "Axis scores of each finalised assessment on the scale from 1 to 5, dates spaced "
            "as time: %(values)s"
        )
        % {
            "values": "; ".join(
                formatting.date(p.assessment.date)
                + ": "
                + ", ".join(
                    f"{Axis(axis).label} {formatting.number(p.axes[axis].mean, 1)}"
                    for axis in scoring.AXES
                )
                for p in series
            )
        },
        threshold=scoring.ATTENTION_BELOW,
        threshold_label=_("Attention: an axis below %(threshold)s needs special attention")
        % {"threshold": threshold},
        empty_label=_("No finalised assessment yet."),
    )


def sustainability_chapter(specialty) -> dict:
    """The sustainability chapter of a specialty's miniguide beyond the profile: the trend
    of the three axes and the prism of the rated work (blind spots, the weakest axis and
    the work meant to strengthen it)."""
    series = profile_series(specialty)
    latest = series[-1] if series else None
    return {
        "trend": trend_chart(series) if len(series) > 1 else "",
        "prism": prism_summary(specialty, latest),
    }

"""Demo data: two finalised assessments per specialty (so trends show) and a few prism
ratings. All of it is invented and marked as example data.

``load()`` is idempotent: a specialty that already has a finalised assessment is left alone.
Call it inside ``acting_as(...)`` so the history names who loaded it.
"""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from specialties.models import Specialty
from sustainability.models import Assessment, AssessmentStatus, Criterion, PrismRating, Score

FIRST = datetime.date(2025, 4, 1)
SECOND = datetime.date(2025, 10, 1)

PROPOSALS = [
    (
        "Samling af specialets ambulatorium på to sygehuse",
        {"professional": 2, "staff": -1, "organisational": 1},
        "Stærkere fagligt miljø, men længere transport for en del af personalet.",
    ),
    (
        "Videokonsultationer fra styrkepositionen til akutsygehusene",
        {"professional": 1, "staff": 1, "organisational": 2},
        "Behandlingsansvar på distancen; kræver fælles vagtplan.",
    ),
]


def _score(slug: str, criterion_pk: int, round_: int) -> int:
    """A stable, varied score 1–5 per specialty, criterion and round."""
    digest = hashlib.sha256(f"{slug}:{criterion_pk}".encode()).digest()
    base = 2 + digest[0] % 3  # 2..4
    step = (digest[1] % 3) - 1 if round_ == 2 else 0  # -1, 0 or +1 in the second round
    return min(5, max(1, base + step))


@transaction.atomic
def load(specialties=None, today: datetime.date | None = None) -> int:
    """Create the demo assessments and ratings; returns the number of objects created."""
    today = today or timezone.localdate()
    finalised_at = timezone.make_aware(datetime.datetime.combine(today, datetime.time(12)))
    created = 0
    criteria = list(Criterion.objects.filter(is_active=True))
    specialties = specialties if specialties is not None else Specialty.objects.all()
    for specialty in specialties:
        if specialty.sustainability_assessments.finalised().exists():
            continue
        for round_, date in [(1, FIRST), (2, SECOND)]:
            assessment = Assessment.objects.create(
                specialty=specialty,
                date=date,
                is_example=True,
                summary="Eksempeldata: opfundet vurdering til demonstration.",
            )
            created += 1
            for criterion in criteria:
                Score.objects.create(
                    assessment=assessment,
                    criterion=criterion,
                    score=_score(specialty.slug, criterion.pk, round_),
                    evidence="Eksempeldata: opfundet belæg.",
                )
                created += 1
            assessment.status = AssessmentStatus.FINALISED
            assessment.finalised_at = finalised_at
            assessment.save()
        if not specialty.prism_ratings.exists():
            for title, effects, note in PROPOSALS:
                PrismRating.objects.create(
                    specialty=specialty,
                    title=title,
                    note=note,
                    is_example=True,
                    **{f"{axis}_effect": value for axis, value in effects.items()},
                )
                created += 1
    return created

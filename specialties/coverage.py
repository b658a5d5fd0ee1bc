"""Population-responsibility coverage: which citizens no strength position answers for."""

from dataclasses import dataclass, field

from bass.models import Municipality
from specialties.models import PopulationResponsibility, Specialty


@dataclass
class Coverage:
    specialty: Specialty
    uncovered: list[Municipality] = field(default_factory=list)
    covered_citizens: int = 0
    total_citizens: int = 0

    @property
    def uncovered_citizens(self) -> int:
        return sum(m.population for m in self.uncovered)

    @property
    def is_complete(self) -> bool:
        return not self.uncovered


def coverage_by_specialty(specialties=None, municipalities=None) -> dict[int, Coverage]:
    """Coverage per specialty in two queries, whatever the number of specialties.

    ``specialties`` defaults to all; pass a restricted queryset for a user's view.
    ``municipalities`` defaults to every municipality of the database (the whole region).
    """
    specialties = list(specialties if specialties is not None else Specialty.objects.all())
    municipalities = list(
        municipalities if municipalities is not None else Municipality.objects.order_by("name")
    )
    covered: dict[int, set[int]] = {s.pk: set() for s in specialties}
    # No ordering: the model's default ordering would join and sort every row for nothing.
    rows = (
        PopulationResponsibility.objects.filter(
            strength_position__specialty__in=[s.pk for s in specialties]
        )
        .order_by()
        .values_list("strength_position__specialty_id", "municipality_id")
    )
    for specialty_id, municipality_id in rows:
        covered[specialty_id].add(municipality_id)
    total = sum(m.population for m in municipalities)
    result = {}
    for specialty in specialties:
        ids = covered[specialty.pk]
        uncovered = [m for m in municipalities if m.pk not in ids]
        result[specialty.pk] = Coverage(
            specialty=specialty,
            uncovered=uncovered,
            covered_citizens=total - sum(m.population for m in uncovered),
            total_citizens=total,
        )
    return result

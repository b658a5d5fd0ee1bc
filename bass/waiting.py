"""What waits for a person: the shape every app's ``waiting_for`` answers in.

An app's ``queries.waiting_for(user, on)`` looks at the state of its work (nothing is
stored) and returns one ``WaitingGroup`` per kind of thing that waits for ``user``; the
home page (``programme.inbox``) puts the groups together.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

# Rows shown per kind; the count says how many there are in all.
ROWS_PER_KIND = 20


@dataclass(frozen=True)
class Waiting:
    title: str  # the object: "Strategisk ambition for Intern medicin: kardiologi"
    reason: str  # why it waits for this person, in a few words
    since: datetime.date | None  # since when it has waited
    url: str  # where the person can act on it


@dataclass
class WaitingGroup:
    key: str
    label: str
    count: int = 0
    items: list[Waiting] = field(default_factory=list)

    @property
    def more(self) -> int:
        return self.count - len(self.items)


def as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def group(key: str, label: str, queryset, row) -> WaitingGroup:
    """A group from ``queryset`` (already restricted to the user): the count (one query)
    and the first ``ROWS_PER_KIND`` rows made into ``Waiting`` by ``row`` (one query)."""
    rows = list(queryset[: ROWS_PER_KIND + 1])
    count = len(rows) if len(rows) <= ROWS_PER_KIND else queryset.count()
    return WaitingGroup(key, str(label), count, [row(obj) for obj in rows[:ROWS_PER_KIND]])

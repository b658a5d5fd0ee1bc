"""What waits for the signed-in person, from the state of the work ("Venter på dig").

Nothing is stored: each app's ``queries.waiting_for`` looks at its own work. The number of
queries is constant whatever the amount of data (about two per kind).
"""

import datetime

from bass.waiting import WaitingGroup
from improvement import queries as improvement
from plans import queries as plans
from roles import queries as roles
from specialties import queries as specialties
from sustainability import queries as sustainability

SOURCES = (specialties, improvement, plans, sustainability, roles)


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """The kinds of work that wait for ``user``, each with its count and first rows; kinds
    with nothing waiting are left out."""
    groups = [group for source in SOURCES for group in source.waiting_for(user, on)]
    return [group for group in groups if group.count]

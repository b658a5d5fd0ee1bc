"""What waits for the signed-in person, from the state of the work ("Venter på dig").

Nothing is stored: each app's ``queries.waiting_for`` looks at its own work. The number of
queries is constant whatever the amount of data (about two per kind). Building those
queries (each restricted to what the person may see) is most of the home page's time, so
the answer is cached per person, day and language until any tracked data changes (one
query of index look-ups tells), and for at most a minute.
"""

import datetime
import hashlib

from django.core.cache import cache
from django.utils import timezone, translation

from bass.history import data_fingerprint
from bass.waiting import WaitingGroup
from clusters import queries as clusters
from improvement import queries as improvement
from plans import queries as plans
from roles import queries as roles
from specialties import queries as specialties
from sustainability import queries as sustainability

SOURCES = (specialties, improvement, plans, sustainability, clusters, roles)


def waiting_for(user, on: datetime.date | None = None) -> list[WaitingGroup]:
    """The kinds of work that wait for ``user``, each with its count and first rows; kinds
    with nothing waiting are left out."""
    day = on or timezone.localdate()
    state = hashlib.sha1(data_fingerprint().encode()).hexdigest()  # noqa: S324 - a cache key
    key = f"waiting:{user.pk}:{day.isoformat()}:{translation.get_language()}:{state}"
    found = cache.get(key)
    if found is None:
        groups = [group for source in SOURCES for group in source.waiting_for(user, on)]
        found = [group for group in groups if group.count]
        cache.set(key, found, timeout=60)
    return found

"""The shape in which apps offer what they share with the programme library.

Each app's ``queries.library_keys`` answers cheap keys (kind, id, newest change, result rank)
for everything shared that matches a search, so that the programme library can sort and page
across apps; ``queries.library_entries`` then loads only the page's entries.
"""

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LibraryKey:
    kind: str
    pk: int
    changed_at: datetime.datetime | None
    #: Higher is a better result (a project's progress score, a cycle that was adopted).
    rank: float = 0.0


@dataclass
class LibraryEntry:
    kind: str
    kind_label: str
    title: str
    url: str
    owner: str
    team: list[str] = field(default_factory=list)
    dates: str = ""
    result: str = ""
    summary: str = ""
    measures: list[str] = field(default_factory=list)
    reused: int = 0
    changed_at: datetime.datetime | None = None

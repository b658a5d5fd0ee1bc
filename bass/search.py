"""Text search over a few fields of a queryset.

PostgreSQL: full-text search with the Danish configuration, which stems words, so
"indlæggelser" finds "indlæggelse" and "genindlagte" finds "genindlagt". SQLite (the
development default) has no Danish stemmer: there every word of the query must occur in one
of the fields, case-insensitively.
"""

from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Q, QuerySet

#: Longer queries are cut here: nobody searches with more, and the vector stays cheap.
MAX_QUERY_LENGTH = 200


def every_word(fields, words, also=None) -> Q:
    """Rows where each of ``words`` occurs (case-insensitively) in one of ``fields``, or in
    ``also(word)`` (a further condition per word, e.g. an EXISTS on related rows): the plain
    search where there is no Danish stemmer."""
    condition = Q()
    for word in words:
        per_word = reduce(or_, (Q(**{f"{name}__icontains": word}) for name in fields))
        if also is not None:
            per_word |= also(word)
        condition &= per_word
    return condition


def text_search(queryset: QuerySet, fields: list[str], text: str) -> QuerySet:
    """The rows of ``queryset`` where ``fields`` match ``text`` (all rows for empty text)."""
    text = " ".join(text.split())[:MAX_QUERY_LENGTH]
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector(*fields, config="danish")
        query = SearchQuery(text, config="danish", search_type="websearch")
        return queryset.annotate(library_document=vector).filter(library_document=query)
    words = [word for word in text.replace('"', " ").split() if word not in {"or", "-"}]
    if not words:
        return queryset
    return queryset.filter(every_word(fields, words))

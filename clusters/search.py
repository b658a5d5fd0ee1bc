"""Search in decisions: PostgreSQL full-text search with the Danish configuration (stems,
so "prioritere" finds "prioriterede"); on SQLite a plain case-insensitive filter."""

from django.db import connection
from django.db.models import Q


def search_decisions(items, text: str):
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = (
            SearchVector("decision", weight="A", config="danish")
            + SearchVector("title", weight="B", config="danish")
            + SearchVector("case_id", "summary", weight="C", config="danish")
        )
        query = SearchQuery(text, config="danish", search_type="websearch")
        # Match with @@ (a rank can be above 0 for rows that do not match) and order by rank.
        return (
            items.annotate(document=vector, rank=SearchRank(vector, query))
            .filter(Q(document=query) | Q(case_id__iexact=text))
            .order_by("-rank", "-meeting__starts_at", "number")
        )
    return items.filter(
        Q(decision__icontains=text)
        | Q(title__icontains=text)
        | Q(case_id__icontains=text)
        | Q(summary__icontains=text)
    )

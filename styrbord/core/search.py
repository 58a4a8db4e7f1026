"""Full-text search shared by the apps: Swedish on PostgreSQL, a word-by-word match elsewhere.

On PostgreSQL every word of the query must match (AND) as a prefix of a stemmed word, with the
"swedish" configuration: the Swedish stemmer cuts "projektor" to "projek" but leaves "projektorn"
whole, so a prefix match finds the definite forms too. Elsewhere (SQLite, in development and
tests) each word must occur, case-insensitively, in one of the fields.
"""

import re
from functools import reduce
from operator import and_, or_

from django.db import connection
from django.db.models import Q

WORD = re.compile(r"[^\W_]+")
CONFIG = "swedish"


def is_postgres():
    return connection.vendor == "postgresql"


def words(text):
    return WORD.findall(text or "")


def prefix_query(text):
    """A SearchQuery in which every word must match as a prefix, or None when there is no word."""
    from django.contrib.postgres.search import SearchQuery

    found = words(text)
    if not found:
        return None
    return SearchQuery(" & ".join(f"{word}:*" for word in found), config=CONFIG, search_type="raw")


def full_text(queryset, text, fields, *, weights=None):
    """Rows of ``queryset`` that match ``text`` in ``fields``; best first on PostgreSQL.

    ``weights`` (``{field: "A".."D"}``) ranks a hit in a title above one in the body. The filter
    uses the plain vector of ``fields`` so that a GIN index on the same expression serves it.
    """
    found = words(text)
    if not found:
        return queryset
    if is_postgres():
        from django.contrib.postgres.search import SearchRank, SearchVector

        query = prefix_query(text)
        document = SearchVector(*fields, config=CONFIG)
        weighted = reduce(
            lambda a, b: a + b,
            (SearchVector(field, config=CONFIG, weight=(weights or {}).get(field, "D")) for field in fields),
        )
        return (
            queryset.annotate(search_document=document, search_rank=SearchRank(weighted, query))
            .filter(search_document=query)
            .order_by("-search_rank", "pk")
        )
    return queryset.filter(
        reduce(and_, (reduce(or_, (Q(**{f"{field}__icontains": word}) for field in fields)) for word in found))
    )

"""Full-text search over tickets: title, description and replies.

On PostgreSQL: a Swedish full-text search over ``SearchVector("title", "description",
config="swedish")`` and, for replies, the comments' bodies with the same configuration. Each
word of the query must match (AND) as a prefix of a stemmed word, so "skrivare" finds
"skrivaren" and "projektor" finds "projektorn". Elsewhere (SQLite): a case-insensitive substring match on
the same fields. A reference such as "#123" or "123" also finds that ticket.

Internal notes are searched only on tickets of ``internal_organisations`` (where the user is desk
staff); nobody's search matches on a note they cannot read.
"""

import re

from django.db import connection
from django.db.models import Q

from .models import Comment, Ticket

REFERENCE = re.compile(r"^#?(\d{1,12})$")
WORD = re.compile(r"[^\W_]+")


def _postgres():
    return connection.vendor == "postgresql"


def search_tickets(queryset, text, *, internal_organisations=()):
    text = (text or "").strip()
    if not text:
        return queryset
    comments = Comment.objects.filter(Q(is_public=True) | Q(ticket__organisation__in=internal_organisations))
    reference = REFERENCE.match(text)
    if _postgres():
        return queryset.filter(pk__in=_postgres_hits(text, comments, reference))
    condition = Q(title__icontains=text) | Q(description__icontains=text)
    condition |= Q(pk__in=comments.filter(body__icontains=text).values("ticket_id"))
    if reference:
        condition |= Q(pk=int(reference.group(1)))
    return queryset.filter(condition)


def _postgres_hits(text, comments, reference):
    """The ids of matching tickets as one UNION, so that each part uses its GIN index (migration 0003)."""
    from django.contrib.postgres.search import SearchQuery, SearchVector

    words = WORD.findall(text)
    if not words:
        return Ticket.objects.none().values("pk")
    # Every word, as a prefix of a stemmed word: the Swedish stemmer leaves "projektorn" whole but
    # cuts "projektor" to "projek", so a prefix match finds the definite forms too.
    query = SearchQuery(" & ".join(f"{word}:*" for word in words), config="swedish", search_type="raw")
    tickets = Ticket.objects.annotate(document=SearchVector("title", "description", config="swedish"))
    hits = tickets.filter(document=query).order_by().values("pk")
    replies = comments.annotate(document=SearchVector("body", config="swedish")).filter(document=query)
    hits = hits.union(replies.order_by().values("ticket_id"))
    if reference:
        hits = hits.union(Ticket.objects.filter(pk=int(reference.group(1))).order_by().values("pk"))
    return hits

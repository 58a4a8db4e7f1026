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

from django.db.models import Q

from styrbord.core.search import is_postgres as _postgres
from styrbord.core.search import prefix_query

from .models import Comment, Ticket

REFERENCE = re.compile(r"^#?(\d{1,12})$")


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
    from django.contrib.postgres.search import SearchVector

    # Every word, as a prefix of a stemmed word (see styrbord.core.search).
    query = prefix_query(text)
    if query is None:
        return Ticket.objects.none().values("pk")
    tickets = Ticket.objects.annotate(document=SearchVector("title", "description", config="swedish"))
    hits = tickets.filter(document=query).order_by().values("pk")
    replies = comments.annotate(document=SearchVector("body", config="swedish")).filter(document=query)
    hits = hits.union(replies.order_by().values("ticket_id"))
    if reference:
        hits = hits.union(Ticket.objects.filter(pk=int(reference.group(1))).order_by().values("pk"))
    return hits

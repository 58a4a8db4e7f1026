"""GIN indexes for the Swedish full-text search (search.py), on PostgreSQL only.

The indexed expressions are built from the same ``SearchVector`` as the search, so PostgreSQL
uses them. SQLite has no such index: its fallback search is a substring match.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    "ticket": GinIndex(SearchVector("title", "description", config="swedish"), name="ticket_search_idx"),
    "comment": GinIndex(SearchVector("body", config="swedish"), name="comment_search_idx"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES.items():
        schema_editor.add_index(apps.get_model("servicedesk", model_name), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES.items():
        schema_editor.remove_index(apps.get_model("servicedesk", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("servicedesk", "0002_ticket_scoping")]

    operations = [migrations.RunPython(create, drop)]

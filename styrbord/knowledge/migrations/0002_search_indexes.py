"""GIN indexes for the Swedish full-text search (styrbord.core.search.full_text), on PostgreSQL only.

The indexed expressions are the same ``SearchVector`` the search filters on, so PostgreSQL uses
them. SQLite has no such index: its fallback search matches word by word.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEXES = {
    "article": GinIndex(SearchVector("title", "summary", "body", config="swedish"), name="knowledge_article_search_idx"),
    "course": GinIndex(SearchVector("title", "description", config="swedish"), name="knowledge_course_search_idx"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES.items():
        schema_editor.add_index(apps.get_model("knowledge", model_name), index)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model_name, index in INDEXES.items():
        schema_editor.remove_index(apps.get_model("knowledge", model_name), index)


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

# The full-text index took each saved article's words into a pending list (GIN's fastupdate), merged
# into the index only by VACUUM or when the list reaches 4 MB. Every search reads the whole list, and
# the planner, pricing a search of the index with a long list above reading the table, then read all
# 10,000 articles of a small archive for one word (30-60 ms instead of 1-2 ms) until autovacuum came
# by. A newsroom saves articles a few hundred times a day: each save writes its words into the index
# at once instead (a few milliseconds), and searches always find the index as VACUUM leaves it.


def write_through(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX article_search_idx SET (fastupdate = off)")
        schema_editor.execute("SELECT gin_clean_pending_list('article_search_idx'::regclass)")


def pending_list(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER INDEX article_search_idx RESET (fastupdate)")


class Migration(migrations.Migration):
    dependencies = [("news", "0016_article_sitemap_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(write_through, pending_list, elidable=False)],
            state_operations=[
                migrations.RemoveIndex(model_name="article", name="article_search_idx"),
                migrations.AddIndex(
                    model_name="article",
                    index=GinIndex(fields=["search_vector"], name="article_search_idx", fastupdate=False),
                ),
            ],
        )
    ]

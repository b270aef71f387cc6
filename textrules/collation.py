"""Norwegian alphabetical order, the same on PostgreSQL and SQLite.

Names sort as a Norwegian reader expects: case does not matter («iKuben» among the I's), a space
comes before any letter («Arena olje- og gassklynge» before «Arena Smart City»), and æ, ø, å come
after z. The database sorts with a collation called NORWEGIAN: on PostgreSQL an ICU collation
for nb-NO (made by textrules' first migration); on SQLite the function `compare` below, registered
on every connection (textrules.apps).
"""

import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

NORWEGIAN = "norwegian"

# Æ, ø and å come after every other letter; ä, ö, ü and aa sort as æ, ø, y and å, as in ICU's
# nb-NO. Where two names differ only so, the letters themselves decide (å before aa).
NORWEGIAN_LETTERS = str.maketrans(
    {"æ": "\U000f0001", "ä": "\U000f0001", "ø": "\U000f0002", "ö": "\U000f0002", "å": "\U000f0003", "ü": "y"}
)


def norwegian(field):
    """`field` in Norwegian order, for Meta.ordering and order_by()."""
    return Collate(F(field), NORWEGIAN)


def sort_key(text):
    """The order ICU's nb-NO gives: base letters first, then accents, then lower case before upper."""
    folded = text.casefold()
    letters = unicodedata.normalize("NFD", folded.replace("aa", "å").translate(NORWEGIAN_LETTERS))
    base = "".join(char for char in letters if not unicodedata.combining(char))
    return base, folded.replace("aa", "å\U0010ffff"), text.swapcase()


def compare(a, b):
    """SQLite's collation function: negative, zero or positive as `a` sorts before, with or after `b`."""
    key_a, key_b = sort_key(a), sort_key(b)
    return (key_a > key_b) - (key_a < key_b)


def register_on_sqlite(sender, connection, **kwargs):
    """connection_created receiver: SQLite learns the collation when each connection opens."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(NORWEGIAN, compare)

"""Full-text search: PostgreSQL with the `norwegian` configuration; plain matching elsewhere."""

from django.contrib.postgres.search import SearchVector
from django.db import connection

SEARCH_CONFIG = "norwegian"


def article_vector():
    """Headline weighs most, then the lead, then the body."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("lead", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def is_postgresql():
    return connection.vendor == "postgresql"


def update_search_vector(queryset):
    """Store the search vector of these articles (PostgreSQL only; SQLite matches plainly)."""
    if is_postgresql():
        queryset.update(search_vector=article_vector())

"""Full-text search: PostgreSQL with the `norwegian` configuration; plain matching elsewhere.

Articles also match through their clusters' names and former names, so "Oslo Medtech" finds
the news about Health Technology.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q

from clusters.models import Cluster

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
    """Store the search vector of these articles (PostgreSQL only; SQLite matches plainly).

    Article.save() calls this; rows made with bulk_create() or update() need
    `manage.py update_search_vectors`.
    """
    if is_postgresql():
        return queryset.update(search_vector=article_vector())
    return 0


def search(queryset, text):
    """Articles of `queryset` matching `text`: by relevance on PostgreSQL, newest first elsewhere."""
    text = text.strip()
    if not text:
        return queryset
    if is_postgresql():
        return _search_postgresql(queryset, text)
    clusters = Cluster.objects.filter(Q(name__icontains=text) | Q(former_names__icontains=text))
    return queryset.filter(
        Q(headline__icontains=text)
        | Q(lead__icontains=text)
        | Q(body__icontains=text)
        | Q(pk__in=_linked_to(queryset.model, clusters))
    )


def _search_postgresql(queryset, text):
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    clusters = Cluster.objects.annotate(
        document=SearchVector("name", "former_names", config=SEARCH_CONFIG)
    ).filter(document=query)
    return (
        queryset.filter(Q(search_vector=query) | Q(pk__in=_linked_to(queryset.model, clusters)))
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by(F("rank").desc(nulls_last=True), "-publish_at", "-pk")
    )


def _linked_to(article_model, clusters):
    return article_model.clusters.through.objects.filter(cluster__in=clusters).values("article_id")

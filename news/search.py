"""Full-text search: PostgreSQL with the `norwegian` configuration; plain matching elsewhere.

Articles also match through their clusters' names and former names, so "Oslo Medtech" finds
the news about Health Technology.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

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


def matching_clusters(text):
    """The primary keys of the clusters whose name or a former name matches `text` (clusters are few)."""
    text = text.strip()
    if is_postgresql():
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        document = SearchVector("name", "former_names", config=SEARCH_CONFIG)
        clusters = Cluster.objects.annotate(document=document).filter(document=query)
    else:
        clusters = Cluster.objects.filter(Q(name__icontains=text) | Q(former_names__icontains=text))
    return list(clusters.values_list("pk", flat=True))


def search(queryset, text, cluster_ids=None):
    """Articles of `queryset` matching `text`: by relevance on PostgreSQL, newest first elsewhere.

    `cluster_ids` are matching_clusters(text), when the caller has them already.
    """
    text = text.strip()
    if not text:
        return queryset
    if cluster_ids is None:
        cluster_ids = matching_clusters(text)
    # The clusters are resolved first: with none matching, PostgreSQL reads only the GIN index.
    linked = Exists(
        queryset.model.clusters.through.objects.filter(article=OuterRef("pk"), cluster__in=cluster_ids)
    )
    if not is_postgresql():
        words = Q(headline__icontains=text) | Q(lead__icontains=text) | Q(body__icontains=text)
        return queryset.filter(words | linked if cluster_ids else words)
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    words = Q(search_vector=query)
    return (
        queryset.filter(words | linked if cluster_ids else words)
        .annotate(rank=SearchRank(F("search_vector"), query))
        .order_by(F("rank").desc(nulls_last=True), "-publish_at", "-pk")
    )

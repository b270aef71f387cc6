"""Full-text search: PostgreSQL with the `norwegian` configuration; plain matching elsewhere.

Articles also match through their clusters' names and former names, so "Oslo Medtech" finds
the news about Health Technology: its newest MATCHES_THROUGH_CLUSTERS articles, after those that have
the words themselves. The bound keeps a search for a large cluster's name as cheap as one for a rare
word (all of a cluster's news is a filter away: `klynge`); PostgreSQL reads both kinds of match from
indexes in one bitmap scan and ranks only what matched.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BooleanField, F, Func, Q

from clusters.models import Cluster

SEARCH_CONFIG = "norwegian"
MATCHES_THROUGH_CLUSTERS = 500


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


def words(text):
    """The condition that an article has the words of `text` (websearch syntax on PostgreSQL)."""
    if is_postgresql():
        return Q(search_vector=SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch"))
    return Q(headline__icontains=text) | Q(lead__icontains=text) | Q(body__icontains=text)


class IsAnyOf(Func):
    """`pk = ANY(ARRAY(subquery))`: unlike `pk IN (subquery)`, an index condition that PostgreSQL can OR
    with the full-text index's in one bitmap scan, instead of testing every article."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def through_clusters(queryset, cluster_ids):
    """The condition that an article is one of the newest MATCHES_THROUGH_CLUSTERS of `queryset`
    about `cluster_ids`."""
    newest = (
        queryset.about(cluster_ids).order_by("-publish_at", "-pk").values("pk")[:MATCHES_THROUGH_CLUSTERS]
    )
    if is_postgresql():
        return Q(IsAnyOf(F("pk"), ArraySubquery(newest)))
    return Q(pk__in=newest)


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
    matching = words(text) | through_clusters(queryset, cluster_ids) if cluster_ids else words(text)
    if not is_postgresql():
        return queryset.filter(matching)
    rank = SearchRank(F("search_vector"), SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch"))
    return (
        queryset.filter(matching)
        .annotate(rank=rank)
        .order_by(F("rank").desc(nulls_last=True), "-publish_at", "-pk")
    )

"""Full-text search: PostgreSQL with the `norwegian` configuration; plain matching elsewhere.

What matches: an article with the words (headline, lead or body), or one of the newest
MATCHES_THROUGH_CLUSTERS articles about a cluster whose name or a former name has them, so "Oslo
Medtech" finds the news about Health Technology. The bound keeps a search for a large cluster's name as
cheap as one for a rare word (all of a cluster's news is a filter away: `klynge`).

In what order (PostgreSQL): the newest RANKED_MATCHES matches first, by relevance (ts_rank: headline
over lead over body, then how often), then newest; the older matches after them, newest first. Most
searches match fewer articles than that, and are simply in order of relevance, then newest. A word in
tens of thousands of articles says little about which of them is the most relevant, and ranking them
all would unpack every one's stored search vector (a third of a second at 100,000 articles); ranking
only the newest keeps a common word as cheap as a rare one, and shows recent news first. Among the
ranked, articles that match only through a cluster's name come after those with the words. Elsewhere
(SQLite): newest first.

For a list: matching_ids() gives every match's primary key (for its counts) from one bitmap scan of the
indexes, which unpacks no search vector; Ranked pages the matches, given them newest first: a page among
the ranked unpacks at most RANKED_MATCHES vectors, a page beyond them reads only its own rows.
"""

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, Case, F, Func, Q, Value, When
from django.db.models.expressions import RawSQL

from clusters.models import Cluster

from .pages import KeyedPages

SEARCH_CONFIG = "norwegian"
MATCHES_THROUGH_CLUSTERS = 500
RANKED_MATCHES = 500


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


def text_query(text):
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


class UnseenQuery(SearchQuery):
    """The query as a scalar subquery, whose words the planner does not see when it plans.

    For a word it knows to be common, the planner prefers reading the whole table to the GIN index:
    it does not count that testing a row unpacks the row's search vector (2 kB compressed), which makes
    that scan 3-4 times slower than the index's bitmap, which tests no vector. Not seeing the words, it
    plans for a few matches and reads them from the index, the cheaper way for any word when every
    match is wanted (never for a LIMIT over a common word's newest matches: keep the plain query there).
    """

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = super().as_sql(compiler, connection, **extra_context)
        return f"(SELECT {sql})", params


class UnseenWhenAll(UnseenQuery):
    """UnseenQuery in a query that wants every match (a count, the keys of all matches, an action on
    them), the plain query in one with a LIMIT (a page walked in date order), so that one condition
    serves both: a list whose count finds its matches from the index and whose page, for a common word,
    is near the start of the walk (the newsroom's list: news/admin_changelist.py). For a word in four
    articles of five ("sykehus"), the count read the table, unpacking each row's vector until it had
    enough: at 100,000 articles twice the time of taking them from the index."""

    def as_sql(self, compiler, connection, **extra_context):
        if compiler.query.is_sliced:
            return SearchQuery.as_sql(self, compiler, connection, **extra_context)
        return super().as_sql(compiler, connection, **extra_context)


def words(text, query_class=SearchQuery):
    """The condition that an article has the words of `text` (websearch syntax on PostgreSQL)."""
    if is_postgresql():
        return Q(search_vector=query_class(text, config=SEARCH_CONFIG, search_type="websearch"))
    return Q(headline__icontains=text) | Q(lead__icontains=text) | Q(body__icontains=text)


class IsAnyOf(Func):
    """`pk = ANY(ARRAY(subquery))`: unlike `pk IN (subquery)`, an index condition that PostgreSQL can OR
    with the full-text index's in one bitmap scan, instead of testing every article."""

    template = "(%(expressions)s))"
    arg_joiner = " = ANY("
    output_field = BooleanField()


def among(pks, unseen=False):
    """The condition that an article's primary key is one of `pks` (a list): on PostgreSQL one array
    parameter, quicker to plan than hundreds of `IN` parameters. `unseen`: as a scalar subquery, whose
    keys the planner does not count when it plans (UnseenQuery): ORed with the words, 500 keys of a
    10,000-article table looked like a twentieth of it, and it tested every row's search vector."""
    if not is_postgresql():
        return Q(pk__in=pks)
    array_field = ArrayField(BigIntegerField())
    if unseen:
        array = RawSQL("(SELECT %s::bigint[])::bigint[]", [list(pks)], output_field=array_field)
        return Q(IsAnyOf(F("pk"), array))
    return Q(IsAnyOf(F("pk"), Value(list(pks), output_field=array_field)))


def through_clusters(queryset, cluster_ids):
    """The condition that an article is one of the newest MATCHES_THROUGH_CLUSTERS of `queryset`
    about `cluster_ids`."""
    newest = (
        queryset.about(cluster_ids).order_by("-publish_at", "-pk").values("pk")[:MATCHES_THROUGH_CLUSTERS]
    )
    if is_postgresql():
        return Q(IsAnyOf(F("pk"), ArraySubquery(newest)))
    return Q(pk__in=newest)


def matching(queryset, text, cluster_ids=None, query_class=SearchQuery, through=None):
    """The condition that an article of `queryset` matches `text`. `through`: the primary keys that
    match through the clusters' names, when the caller knows them (else through_clusters())."""
    found = words(text, query_class)
    if through is not None:
        return found | among(through, unseen=query_class is UnseenQuery) if through else found
    if cluster_ids is None:
        cluster_ids = matching_clusters(text)
    # The clusters are resolved first: with none matching, PostgreSQL reads only the GIN index.
    return found | through_clusters(queryset, cluster_ids) if cluster_ids else found


def matching_ids(queryset, text, cluster_ids=None, *, through=None):
    """The primary keys of all the articles of `queryset` matching `text`, in no particular order (for
    counts): one query, a bitmap scan of the indexes that unpacks no search vector.

    `cluster_ids` are matching_clusters(text), when the caller has them already. `through`, when the
    caller knows them cheaper than SQL does (an index of the archive): the primary keys of the newest
    MATCHES_THROUGH_CLUSTERS articles of `queryset` about `cluster_ids`; SQL finds them by reading
    thousands of cluster links (tens of milliseconds at 100,000 articles). A blank `text` matches every
    article of `queryset`.
    """
    text = text.strip()
    if text:
        queryset = queryset.filter(matching(queryset, text, cluster_ids, UnseenQuery, through))
    # Tens of thousands of keys for a common word: read without the ORM's work per row, and on
    # PostgreSQL as one array rather than a row each (a third of the time).
    sql, params = queryset.order_by().values_list("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT array_agg(pk) FROM ({sql}) AS matches(pk)", params)
            return cursor.fetchone()[0] or []
        cursor.execute(sql, params)
        return [pk for (pk,) in cursor.fetchall()]


def search(queryset, text, cluster_ids=None):
    """Articles of `queryset` matching `text`, in the order the module docstring tells.

    `cluster_ids` are matching_clusters(text), when the caller has them already. Ranking is bounded, but
    any slice still reads every match (with the joins of `queryset`) to sort them: cheap for a rare word,
    not for a common one. A list that knows its matches newest first (an index of the archive) pages
    with matching_ids() and Ranked instead, which read no more than a page and the ranked candidates.
    """
    text = text.strip()
    if not text:
        return queryset
    if not is_postgresql():
        return queryset.filter(matching(queryset, text, cluster_ids))
    found = queryset.filter(matching(queryset, text, cluster_ids, UnseenQuery))
    newest = found.order_by("-publish_at", "-pk").values("pk")[:RANKED_MATCHES]
    rank = Case(When(pk__in=newest, then=SearchRank(F("search_vector"), text_query(text))))
    return found.annotate(rank=rank).order_by(F("rank").desc(nulls_last=True), "-publish_at", "-pk")


class Ranked(KeyedPages):
    """A search's matches in the order of search(), for the paginator to slice, when the caller knows
    them newest first (e.g. from an index of the archive).

    `newest(start, stop)` gives the primary keys of the matches at those positions, newest first; `count`
    is how many match. A page among the first RANKED_MATCHES costs a query that ranks those (their
    primary keys and search vectors only) and one for the page's rows; a page beyond them, the one for
    its rows.
    """

    def __init__(self, queryset, text, newest, count, rows=None):
        super().__init__(queryset, newest, count, rows)
        self.text = text.strip()

    def page(self, start, stop):
        ranked = min(stop, RANKED_MATCHES) if is_postgresql() else 0
        found = self._ranked(start, ranked) if start < ranked else []
        return found + super().page(max(start, ranked), stop) if stop > ranked else found

    def _ranked(self, start, stop):
        """Rank the candidates on their primary keys and search vectors alone, then read the page's
        rows: the cards' joins for a page, not for every candidate."""
        candidates = self.keys(0, min(RANKED_MATCHES, self.count))
        rank = SearchRank(F("search_vector"), text_query(self.text))
        ranked = self.queryset.model.objects.filter(among(candidates)).annotate(rank=rank)
        ranked = ranked.order_by("-rank", "-publish_at", "-pk").values_list("pk", flat=True)
        return self.rows(ranked[start:stop])

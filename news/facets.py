"""The news list's facet counts: for each choice, how many articles the list would hold if it were
chosen, given the other active filters; and the list's total.

The cluster, tier, region and category filters are tests on an article's category, set of clusters
and set of tiers then (news.TierThen: the tiers its clusters had when it was published), so one
grouped query (articles per category, cluster set and tier set, under the filters that are not
facets) answers every facet and the total, worked out in Python. That query reads every published
article, so its rows are kept in the shared cache until the news changes or a scheduled article comes due.
"""

from collections import Counter
from functools import cached_property, partial

from django.db import connection
from django.db.models import Case, Min, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from clusters.models import Tier

from .cache import remember
from .models import Article, Category

FACETS = ("klynge", "program", "region", "kategori")
MASK_BITS = 60  # clusters or tiers per bit mask: SQLite's integers are 64-bit


class Facets:
    """The counts of an ArticleFilter's choices and of its list.

    Reads the filterset's cleaned data, its other filters (q, merke, fra, til) and what a choice stands
    for (`cluster_ids()`, `cluster_regions`, `category_ids`), so the counts mean what the list means.
    A group is (category pk, cluster pks, tier-then pks, number of articles).
    """

    def __init__(self, filterset):
        self.filterset = filterset

    def counts(self):
        """{"klynge": {cluster pk: n}, "program": {tier pk: n}, "region": {…}, "kategori": {…}}."""
        if not self.valid:
            return {}
        return {
            "klynge": self._tally("klynge", lambda category, clusters, tiers: clusters),
            "program": self._tally("program", lambda category, clusters, tiers: tiers),
            "region": self._tally("region", self._regions),
            "kategori": roll_up(self._tally("kategori", lambda category, clusters, tiers: [category])),
        }

    def total(self):
        """How many articles the list holds (no COUNT(*) of its own): none for an invalid filter."""
        if not self.valid:
            return 0
        return sum(group[-1] for group in self._matching())

    def label_choices(self):
        """Label each choice of the facets with its count, e.g. «NCE (3)»."""
        for name, counts in self.counts().items():
            self.filterset.form.fields[name].label_from_instance = partial(_with_count, counts)

    @cached_property
    def valid(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    @cached_property
    def chosen(self):
        return self.filterset.form.cleaned_data if self.filterset.is_bound else {}

    @cached_property
    def groups(self):
        """[(category pk, cluster pks, tier pks, n articles)] under the filters that are not facets."""
        others = {name: value for name, value in self.chosen.items() if name not in FACETS and value}
        parts = sorted((name, str(value)) for name, value in others.items())
        return remember("article-groups", parts, partial(self._query_groups, others))

    @cached_property
    def tests(self):
        """For each active facet filter, a test on a group's category, cluster set and tier set."""
        return {name: self._test(name, self.chosen[name]) for name in FACETS if self.chosen.get(name)}

    def _test(self, name, value):
        if name == "kategori":
            categories = set(self.filterset.category_ids)
            return lambda category, clusters, tiers: category in categories
        if name == "program":
            return lambda category, clusters, tiers: value.pk in tiers
        cluster_ids = self.filterset.cluster_ids(name, value)
        return lambda category, clusters, tiers: not cluster_ids.isdisjoint(clusters)

    def _matching(self, ignoring=None):
        """The groups that pass every active facet filter but `ignoring`."""
        tests = [test for name, test in self.tests.items() if name != ignoring]
        return [group for group in self.groups if all(test(*group[:-1]) for test in tests)]

    def _tally(self, facet, keys):
        """Articles per key, over the groups matching every active filter but `facet`'s own."""
        counts = Counter()
        for *group, n in self._matching(ignoring=facet):
            for key in keys(*group):
                counts[key] += n
        return dict(counts)

    def _regions(self, category, clusters, tiers):
        """A group's regions, through its clusters."""
        known = self.filterset.cluster_regions
        return set().union(*(known.get(pk, ()) for pk in clusters))

    def _query_groups(self, filters):
        """The groups and when they lapse, in `remember()`'s terms."""
        articles = Article.objects.published()
        for name, value in filters.items():
            articles = self.filterset.filters[name].filter(articles, value)
        clusters = sorted(self.filterset.cluster_regions)
        tiers = list(Tier.objects.values_list("pk", flat=True))
        return article_groups(articles, clusters, tiers), next_due()


def article_groups(articles, cluster_pks, tier_pks):
    """[(category pk, cluster pks, tier pks, n)]: `articles` counted per category, set of clusters and
    set of tiers then."""
    cluster_chunks, tier_chunks = _chunked(cluster_pks), _chunked(tier_pks)
    masks = {f"c{i}": _mask("clusters", chunk) for i, chunk in enumerate(cluster_chunks)}
    masks |= {f"t{i}": _mask("tiers_then__tier", chunk) for i, chunk in enumerate(tier_chunks)}
    per_article = articles.order_by().values("pk", "category_id").annotate(**masks)
    rows = _count_by(per_article, ["category_id", *masks])
    split = len(cluster_chunks)
    return [
        (category, _unmask(cluster_chunks, bits[:split]), _unmask(tier_chunks, bits[split:]), n)
        for category, *bits, n in rows
    ]


def _chunked(pks):
    return [pks[i : i + MASK_BITS] for i in range(0, len(pks), MASK_BITS)]


def _mask(relation, chunk):
    """An article's clusters or tiers of `chunk` as a bit mask, grouped by article. The two relations
    join side by side, repeating rows, so only distinct bits are summed: each pk has its own."""
    bits = (When(**{relation: pk}, then=Value(1 << bit)) for bit, pk in enumerate(chunk))
    return Coalesce(Sum(Case(*bits, default=0), distinct=True), 0)


def _unmask(chunks, masks):
    # PostgreSQL sums masks past 31 bits (more than 31 clusters) as numeric: Decimal, not int.
    pairs = zip(chunks, masks, strict=True)
    return tuple(pk for chunk, mask in pairs for bit, pk in enumerate(chunk) if int(mask) >> bit & 1)


def _count_by(queryset, columns):
    """`queryset`'s rows counted per value of `columns`: a grouping over a grouping, in SQL."""
    sql, params = queryset.query.sql_with_params()
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quoted}, COUNT(*) FROM ({sql}) per_article GROUP BY {quoted}", params)
        return cursor.fetchall()


def next_due():
    """When the next scheduled article comes due, and the groups stop being right."""
    return Article.objects.scheduled().aggregate(next=Min("publish_at"))["next"]


def roll_up(direct):
    """Per category, its own articles plus those of the categories beneath it."""
    parents = dict(Category.objects.values_list("pk", "parent_id"))
    counts = Counter()
    for category_id, n in direct.items():
        seen = set()
        while category_id is not None and category_id not in seen:  # a cycle stops the walk
            seen.add(category_id)
            counts[category_id] += n
            category_id = parents.get(category_id)
    return dict(counts)


def _with_count(counts, choice):
    return _("%(choice)s (%(count)s)") % {"choice": choice, "count": counts.get(choice.pk, 0)}

"""The news list's facet counts, its total and the articles of any of its pages, from an index of the
archive held in memory.

The index (ArchiveIndex) holds, for every cluster, tier then (news.TierThen) and category, the set of
articles linked to it as a bit set: a Python int whose bit n stands for the article of primary key n.
It also holds the published articles' primary keys, newest first. A choice's count is then the
population count of an AND of bit sets, and a page of the list is a slice of that order (filtered by
its bit set): microseconds, whatever the size of the archive and whichever page, where counting in
SQL reads every published article for each choice, and OFFSET reads every row before a deep page.

The index is built by reading the archive three times (the published order with categories, the
cluster links, the tiers then: about 0.2 s at 100,000 articles), by one process while the others wait
for it (news.cache.remember()), and kept in each process's memory. When the news changes, each
process patches the index it holds with the rows of the articles the change touched, which the new
generation records (news.cache.changes()): a publish costs a few small queries, not a new index.
A change that may touch any article (a decision, a deletion of a cluster), a lapse of the generation
(a scheduled article comes due, the day ends) and age (PUBLIC_CACHE_SECONDS) build it anew.
The filters that are not facets (q, merke, fra, til) are read from SQL once per generation and
combination, as the bit set of the articles matching them.
"""

import re
import time
from array import array
from collections import Counter
from functools import cached_property, partial

from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext

from .cache import changes, generation, remember, remember_here
from .models import Article, TierThen, category_parents
from .search import MATCHES_THROUGH_CLUSTERS, matching_ids

FACETS = ("klynge", "program", "region", "kategori")
INDEX_VERSION = 2  # a new layout of ArchiveIndex is a new cache key
PATCH_AT_MOST = 200  # articles changed at once; more, and the index is built anew
# pks() finds a page of a selection by walking the order (about a fifth of a microsecond a step) or by
# sorting the whole selection by place (about a microsecond an article): it walks unless the walk
# would be more than SORT_COST times as long as the selection.
SORT_COST = 5


class ArchiveIndex:
    """The published articles in list order and, per cluster, tier then and category, a bit set of the
    articles (published or not) linked to it. `published` is the bit set of the published ones."""

    def __init__(self, order, clusters, tiers, categories):
        self.order = order  # array of primary keys, newest first
        self.clusters = clusters  # {cluster pk: bit set}
        self.tiers = tiers  # {tier pk: bit set}
        self.categories = categories  # {category pk: bit set}
        self.published = bit_set(order)
        self.built = time.time()  # patched() copies keep the time of the build they come from

    @classmethod
    def build(cls):
        published = Article.objects.published()
        newest_first = ("-publish_at", "-pk")
        if connection.vendor == "postgresql":
            order = array(
                "q", published.aggregate(pks=ArrayAgg("pk", order_by=newest_first, default=[]))["pks"]
            )
        else:
            order = array("q", (pk for (pk,) in fetch(published.order_by(*newest_first).values_list("pk"))))
        return cls(
            order,
            clusters=grouped(Article.clusters.through.objects.all(), "cluster_id", "article_id"),
            tiers=grouped(TierThen.objects.all(), "tier_id", "article_id"),
            categories=grouped(published.filter(category__isnull=False), "category_id", "pk"),
        )

    def patched(self, changed):
        """A copy with the articles of primary keys `changed` read again (their publication, order,
        category, links and tiers then): what a publish or an edit costs instead of a new index."""
        changed = set(changed)
        if not changed:
            return self
        published = Article.objects.published()
        rows = list(published.filter(pk__in=changed).values_list("pk", "category_id", "publish_at"))
        links = Article.clusters.through.objects.filter(article__in=changed)
        tiers = TierThen.objects.filter(article__in=changed)
        kept = ~bit_set(changed)

        def merged(sets, pairs):
            found = bit_sets(pairs)
            return {key: (sets.get(key, 0) & kept) | found.get(key, 0) for key in sets.keys() | found.keys()}

        order = array("q", self.order)
        for pk in changed:
            if self.published >> pk & 1:
                order.remove(pk)
        # Each article at its place: after the published articles before it (newer, or as new with a
        # greater key), counted in PostgreSQL's index; from the first place to the last.
        places = []
        for pk, _category, publish_at in rows:
            before = published.filter(Q(publish_at__gt=publish_at) | Q(publish_at=publish_at, pk__gt=pk))
            places.append((before.count(), pk))
        for place, pk in sorted(places):
            order.insert(place, pk)
        categories = ((category, pk) for pk, category, _ in rows if category is not None)
        index = ArchiveIndex.__new__(ArchiveIndex)
        index.order = order
        index.clusters = merged(self.clusters, fetch(links.values_list("cluster_id", "article_id")))
        index.tiers = merged(self.tiers, fetch(tiers.values_list("tier_id", "article_id")))
        index.categories = merged(self.categories, categories)
        index.published = (self.published & kept) | bit_set(pk for pk, _, _ in rows)
        index.built = self.built
        return index

    @cached_property
    def position(self):
        """{primary key: its place in the order}, for the few articles of a rare selection."""
        return {pk: place for place, pk in enumerate(self.order)}

    def is_stale(self):
        return time.time() - self.built > settings.PUBLIC_CACHE_SECONDS

    def pks(self, selected, start, stop):
        """The primary keys at positions start:stop of the list of the published articles in `selected`
        (a bit set)."""
        selected &= self.published
        if selected == self.published:
            return list(self.order[start:stop])
        count = selected.bit_count()
        if not count:
            return []
        # The walk passes about len(order) / count articles for each one it finds.
        if stop * len(self.order) > SORT_COST * count * count:  # a long walk: sort the few instead
            return sorted(members(selected), key=self.position.__getitem__)[start:stop]
        found = []
        bits = selected.to_bytes((selected.bit_length() + 7) // 8, "little")
        size, skip = len(bits), start
        for pk in self.order:
            byte = pk >> 3
            if byte < size and bits[byte] >> (pk & 7) & 1:
                if skip:
                    skip -= 1
                    continue
                found.append(pk)
                if len(found) >= stop - start:
                    break
        return found


def fetch(queryset):
    """The rows of a values_list() query, without the ORM's work per row: the index reads 300,000."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def bit_set(pks):
    """The bit set of these primary keys."""
    pks = list(pks)
    bits = bytearray((max(pks, default=0) >> 3) + 1)
    for pk in pks:
        bits[pk >> 3] |= 1 << (pk & 7)
    return int.from_bytes(bits, "little")


def grouped(queryset, key, pk):
    """{value of `key`: the bit set of the `pk` of its rows in `queryset`}. PostgreSQL groups the keys
    into arrays, a row per key rather than per article."""
    queryset = queryset.order_by()
    if connection.vendor == "postgresql":
        rows = fetch(queryset.values(key).annotate(pks=ArrayAgg(pk)).values_list(key, "pks"))
        return {value: bit_set(pks) for value, pks in rows}
    return bit_sets(fetch(queryset.values_list(key, pk)))


# The set bits of each byte value, and the bytes with any set: a selection of a few hundred articles
# among 100,000 is a few hundred bytes in 12,500, found by the regular expression engine.
BITS_OF_BYTE = [[bit for bit in range(8) if byte >> bit & 1] for byte in range(256)]
NONZERO_BYTE = re.compile(rb"[^\x00]")


def members(bits):
    """The primary keys in the bit set `bits`, in increasing order."""
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    return [
        found.start() * 8 + bit
        for found in NONZERO_BYTE.finditer(data)
        for bit in BITS_OF_BYTE[data[found.start()]]
    ]


def bit_sets(pairs):
    """{key: the bit set of its primary keys} from (key, pk) pairs."""
    grouped = {}
    for key, pk in pairs:
        grouped.setdefault(key, []).append(pk)
    return {key: bit_set(pks) for key, pks in grouped.items()}


_held = (None, None)  # (generation, its index) in this process; replaced whole, never changed


def archive_index():
    """The index of the current news generation: the one this process holds, patched with the
    articles changed since (news.cache.changes()); else the shared one, built by one process at a
    time. An index is built anew at least every PUBLIC_CACHE_SECONDS, so that changes made without
    save() (update(), SQL) show within that time, as on every cached page."""
    global _held
    held_token, held = _held
    token = generation()
    if held_token == token:
        return held
    changed = changes(held_token, token) if held is not None else None
    if changed is not None and len(changed) <= PATCH_AT_MOST and not held.is_stale():
        index = held.patched(changed)
    else:
        index = remember("archive-index", INDEX_VERSION, ArchiveIndex.build)
    _held = (token, index)
    return index


class Facets:
    """The counts of an ArticleFilter's choices, its list's total and its pages.

    Reads the filterset's cleaned data, its other filters (q, merke, fra, til) and what a choice stands
    for (`cluster_ids()`, `cluster_regions`, `category_ids`), so the counts mean what the list means.
    """

    def __init__(self, filterset):
        self.filterset = filterset

    def counts(self):
        """{"klynge": {cluster pk: n}, "program": {tier pk: n}, "region": {…}, "kategori": {…}}."""
        return self._counts

    @cached_property
    def _counts(self):
        if not self.valid:
            return {}
        counts = {}
        for name in FACETS:
            selected = self._selected(ignoring=name)
            if selected is self.index.published:  # no other filter: the same counts on every such list
                counts[name] = remember_here("facet-counts", name, partial(self._tally, name, selected))
            else:
                counts[name] = self._tally(name, selected)
        return counts

    def _tally(self, name, selected):
        """{key: how many of `selected` its choice lets through} for the facet `name`."""
        index = self.index
        if name == "klynge":
            return tally(index.clusters, selected)
        if name == "program":
            return tally(index.tiers, selected)
        if name == "region":
            regions = self.region_clusters.items()
            sets = {region: union(index.clusters.get(pk, 0) for pk in pks) for region, pks in regions}
            return tally(sets, selected)
        return roll_up(tally(index.categories, selected))

    def total(self):
        """How many articles the list holds (no COUNT(*) of its own): none for an invalid filter."""
        if not self.valid:
            return 0
        return self._selected().bit_count()

    def pks(self, start, stop):
        """The primary keys of the list's articles at positions start:stop, newest first."""
        if not self.valid:
            return []
        return self.index.pks(self._selected(), start, stop)

    def label_choices(self):
        """Label each choice of the facets with its count, e.g. «NCE (3)»: counted when first shown."""
        if not self.valid:
            return
        for name in FACETS:
            self.filterset.form.fields[name].label_from_instance = partial(self._with_count, name)

    def _with_count(self, name, choice):
        count = self.counts().get(name, {}).get(choice.pk, 0)
        return self._count_label % {"choice": choice, "count": count}

    @cached_property
    def _count_label(self):
        return gettext("%(choice)s (%(count)s)")  # translated once, not once per choice

    @cached_property
    def index(self):
        return archive_index()

    @cached_property
    def valid(self):
        return not self.filterset.is_bound or self.filterset.is_valid()

    @cached_property
    def chosen(self):
        return self.filterset.form.cleaned_data if self.filterset.is_bound else {}

    @cached_property
    def region_clusters(self):
        """{region pk: its cluster pks}."""
        found = {}
        for cluster, regions in self.filterset.cluster_regions.items():
            for region in regions:
                found.setdefault(region, set()).add(cluster)
        return found

    @cached_property
    def others(self):
        """The bit set of the published articles that pass the filters that are not facets."""
        others = {name: value for name, value in self.chosen.items() if name not in FACETS and value}
        if not others:
            return self.index.published
        parts = (
            INDEX_VERSION,
            sorted((name, str(getattr(value, "pk", value))) for name, value in others.items()),
        )
        return remember("article-others", parts, partial(self._query_others, others))

    @cached_property
    def sets(self):
        """For each active facet filter, the bit set of the articles it lets through."""
        index, sets = self.index, {}
        for name in FACETS:
            value = self.chosen.get(name)
            if not value:
                continue
            if name == "kategori":
                sets[name] = union(index.categories.get(pk, 0) for pk in self.filterset.category_ids)
            elif name == "program":
                sets[name] = index.tiers.get(value.pk, 0)
            else:
                sets[name] = union(
                    index.clusters.get(pk, 0) for pk in self.filterset.cluster_ids(name, value)
                )
        return sets

    def _selected(self, ignoring=None):
        """The bit set of the published articles passing every active filter but `ignoring`."""
        selected = self.others
        for name, bits in self.sets.items():
            if name != ignoring:
                selected &= bits
        return selected

    def _query_others(self, filters):
        """The bit set of the published articles passing `filters`."""
        articles = Article.objects.published()
        text = filters.pop("q", "")
        for name, value in filters.items():
            articles = self.filterset.filters[name].filter(articles, value)
        cluster_ids = self.filterset.text_clusters if text else []
        through = None
        if cluster_ids and not filters:  # the newest about the clusters named, from the index
            about = self.index.published & union(self.index.clusters.get(pk, 0) for pk in cluster_ids)
            through = self.index.pks(about, 0, MATCHES_THROUGH_CLUSTERS)
        return bit_set(matching_ids(articles, text, cluster_ids, through=through))


def union(bit_sets):
    found = 0
    for bits in bit_sets:
        found |= bits
    return found


def tally(sets, selected):
    """{key: how many of `selected` are in its bit set}."""
    return {key: count for key, bits in sets.items() if (count := (bits & selected).bit_count())}


def roll_up(direct):
    """Per category, its own articles plus those of the categories beneath it."""
    parents = category_parents()
    counts = Counter()
    for category_id, n in direct.items():
        seen = set()
        while category_id is not None and category_id not in seen:  # a cycle stops the walk
            seen.add(category_id)
            counts[category_id] += n
            category_id = parents.get(category_id)
    return dict(counts)

"""The news list's filters: one FilterSet for the list page, its feeds and its facet counts.

GET parameters (a public contract: readers bookmark and share them): q, klynge (repeatable, any of), program,
region, kategori, fra, til. Each filter is independent: `program=nce&region=bergen` means "about
a cluster now in NCE, and about a cluster in Bergen". An empty parameter means no filter. An unknown
slug, a malformed date or a too long q makes the filterset invalid; the views then show the form
with its errors, no articles and answer 400 (django-filter's `strict` behaviour plus a status).
"""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, partial

import django_filters
from django import forms
from django.db import connection
from django.db.models import Case, Min, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from clusters.filters import PublicFilterSet
from clusters.models import Cluster, Region, Tier

from .cache import remember
from .models import Article, Category
from .search import matching_clusters, search

FACETS = ("klynge", "program", "region", "kategori")
MASK_BITS = 60  # clusters per bit mask: SQLite's integers are 64-bit


class DateInput(forms.DateInput):
    """A native date picker; a malformed date is not echoed back into it (the error says why)."""

    input_type = "date"

    def format_value(self, value):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value).isoformat()
            except ValueError:
                return None
        return super().format_value(value)


class DayFilter(django_filters.DateFilter):
    """A day in the site's time zone, compared as the instant it starts (`gte`) or, for `lt`, the
    instant the next day starts: a range on publish_at that its index serves, unlike `__date`."""

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        try:
            day = value + timedelta(days=1) if self.lookup_expr == "lt" else value
            instant = timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)
        except OverflowError:  # a bound beyond year 1 or 9999 bounds nothing
            return qs
        return super().filter(qs, instant)


def _with_count(counts, choice):
    return _("%(choice)s (%(count)s)") % {"choice": choice, "count": counts.get(choice.pk, 0)}


class ArticleFilter(PublicFilterSet):
    q = django_filters.CharFilter(
        label=_("Søk"),
        method="filter_text",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    klynge = django_filters.ModelMultipleChoiceFilter(
        label=_("Klynge"),
        queryset=Cluster.objects.all(),
        to_field_name="slug",
        method="filter_clusters",
        widget=forms.CheckboxSelectMultiple,
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Programnivå"),
        queryset=Tier.objects.all(),
        to_field_name="slug",
        method="filter_tier",
        empty_label=_("Alle"),
    )
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        queryset=Region.objects.all(),
        to_field_name="slug",
        method="filter_region",
        empty_label=_("Alle"),
    )
    kategori = django_filters.ModelChoiceFilter(
        label=_("Kategori"),
        queryset=Category.objects.select_related("parent"),
        to_field_name="slug",
        method="filter_category",
        empty_label=_("Alle"),
    )
    fra = DayFilter(
        label=_("Fra dato"),
        field_name="publish_at",
        lookup_expr="gte",
        widget=DateInput(format="%Y-%m-%d"),
    )
    til = DayFilter(
        label=_("Til dato"),
        field_name="publish_at",
        lookup_expr="lt",
        widget=DateInput(format="%Y-%m-%d"),
    )

    class Meta:
        model = Article
        fields = ["q", "klynge", "program", "region", "kategori", "fra", "til"]

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Article.objects.published()
        super().__init__(data, queryset, **kwargs)

    def filter_text(self, queryset, name, value):
        if not hasattr(self, "_text_clusters"):  # the list and its facet counts search alike
            self._text_clusters = matching_clusters(value)
        return search(queryset, value, cluster_ids=self._text_clusters)

    def filter_clusters(self, queryset, name, value):
        return self._about(queryset, name, value) if value else queryset

    def filter_tier(self, queryset, name, value):
        return self._about(queryset, name, value)

    def filter_region(self, queryset, name, value):
        return self._about(queryset, name, value)

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=self._category_ids(value))

    def _about(self, queryset, name, value):
        cluster_ids = self._cluster_ids(name, value)
        return queryset.about(cluster_ids) if cluster_ids else queryset.none()

    @cached_property
    def clusters(self):
        """{cluster pk: (current tier pk, region pk)}, read once: clusters are few, articles many."""
        rows = Cluster.objects.with_current_tier().values_list("pk", "current_tier_id", "region_id")
        return {pk: (tier_id, region_id) for pk, tier_id, region_id in rows}

    def _cluster_ids(self, name, value):
        """The clusters a choice of the klynge, program or region filter stands for."""
        if name == "klynge":
            return {cluster.pk for cluster in value}
        position = 0 if name == "program" else 1
        return {pk for pk, keys in self.clusters.items() if keys[position] == value.pk}

    def _category_ids(self, category):
        if not hasattr(self, "_categories"):
            self._categories = category.with_descendants()
        return self._categories

    def active_filters(self):
        """Each chosen value, with the query string (page dropped) that removes just that value."""
        if not self.is_bound:
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            multiple = isinstance(value, list | QuerySet)
            chosen = value if multiple else [value]
            for item in chosen:
                if item in EMPTY_VALUES:
                    continue
                remaining = self.data.copy()
                remaining.pop("side", None)
                kept = [slug for slug in self.data.getlist(name) if multiple and slug != item.slug]
                remaining.setlist(name, kept)
                if not kept:
                    del remaining[name]
                label = date_format(item) if isinstance(item, date) else str(item)
                active.append({"name": self.form.fields[name].label, "value": label, "query": remaining})
        return active

    def show_counts(self):
        """Label each choice of the facets with its count, e.g. «NCE (3)»."""
        for name, counts in self.facet_counts().items():
            self.form.fields[name].label_from_instance = partial(_with_count, counts)

    # Facet counts: for each choice, how many articles the list would hold if it were chosen,
    # given the other active filters. The cluster and category filters are tests on an article's
    # category and set of clusters, so one grouped query (articles per category and cluster set,
    # under q, fra and til) answers every facet and the list's total, worked out in Python. That
    # query reads every published article, so its rows are kept in the shared cache.

    def facet_counts(self):
        """{"klynge": {cluster_pk: n}, "program": {tier_pk: n}, "region": {…}, "kategori": {…}}."""
        if self.is_bound and not self.is_valid():
            return {}
        return {
            "klynge": self._tally("klynge", lambda category, clusters: clusters),
            "program": self._tally("program", self._cluster_keys(0)),
            "region": self._tally("region", self._cluster_keys(1)),
            "kategori": self._roll_up(self._tally("kategori", lambda category, clusters: [category])),
        }

    def _cluster_keys(self, position):
        """A group's tiers (position 0) or regions (1), through its clusters."""
        known = self.clusters
        return lambda category, clusters: {known[pk][position] for pk in clusters if pk in known} - {None}

    def count(self):
        """How many articles the list holds, from the same groups as the facet counts."""
        tests = self._tests().values()
        return sum(n for category, clusters, n in self._groups() if all(t(category, clusters) for t in tests))

    def _tally(self, facet, keys):
        """Articles per key, over the groups matching every active filter but `facet`."""
        tests = [test for name, test in self._tests().items() if name != facet]
        counts = Counter()
        for category, clusters, n in self._groups():
            if all(test(category, clusters) for test in tests):
                for key in keys(category, clusters):
                    counts[key] += n
        return dict(counts)

    def _tests(self):
        """For each active facet filter, a test on a group's category and cluster set."""
        if not self.is_bound:
            return {}
        tests = {}
        for name in FACETS:
            value = self.form.cleaned_data.get(name)
            if not value:
                continue
            if name == "kategori":
                categories = set(self._category_ids(value))
                tests[name] = lambda category, clusters, chosen=categories: category in chosen
            else:
                ids = self._cluster_ids(name, value)
                tests[name] = lambda category, clusters, chosen=ids: not chosen.isdisjoint(clusters)
        return tests

    def _groups(self):
        """[(category pk, cluster pks, number of articles)] under the filters that are not facets."""
        if not hasattr(self, "_group_rows"):
            chosen = self.form.cleaned_data if self.is_bound else {}
            parts = sorted(
                (name, str(value)) for name, value in chosen.items() if name not in FACETS and value
            )
            self._group_rows = remember("article-groups", parts, partial(self._query_groups, chosen))
        return self._group_rows

    def _query_groups(self, chosen):
        articles = Article.objects.published()
        for name, value in chosen.items():
            if name not in FACETS:
                articles = self.filters[name].filter(articles, value)
        # Each article's set of clusters as bit masks: a sum over its links, grouped by article.
        clusters = sorted(self.clusters)
        chunks = [clusters[i : i + MASK_BITS] for i in range(0, len(clusters), MASK_BITS)]
        masks = {
            f"m{i}": Coalesce(
                Sum(
                    Case(
                        *(When(clusters=pk, then=Value(1 << bit)) for bit, pk in enumerate(chunk)), default=0
                    )
                ),
                0,
            )
            for i, chunk in enumerate(chunks)
        }
        per_article = articles.order_by().values("pk", "category_id").annotate(**masks)
        sql, params = per_article.query.sql_with_params()
        columns = ", ".join(connection.ops.quote_name(c) for c in ["category_id", *masks])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {columns}, COUNT(*) FROM ({sql}) per_article GROUP BY {columns}", params)
            rows = cursor.fetchall()
        groups = []
        for category, *bits, n in rows:
            found = [
                pk
                for chunk, mask in zip(chunks, bits, strict=True)
                for bit, pk in enumerate(chunk)
                if mask >> bit & 1
            ]
            groups.append((category, tuple(found), n))
        now = timezone.now()
        due = Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=now)
        return groups, due.aggregate(next=Min("publish_at"))["next"]

    def _roll_up(self, direct):
        """Per category, its own articles plus those of the categories beneath it."""
        parents = dict(Category.objects.values_list("pk", "parent_id"))
        counts = {}
        for category_id, n in direct.items():
            seen = set()
            while category_id is not None and category_id not in seen:  # a cycle stops the walk
                seen.add(category_id)
                counts[category_id] = counts.get(category_id, 0) + n
                category_id = parents.get(category_id)
        return counts

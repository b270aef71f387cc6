"""The news list's filters: one FilterSet for the list page, its feeds and its facet counts.

GET parameters (a public contract, see DESIGN.md): q, klynge (repeatable, any of), program,
region, kategori, fra, til. Each filter is independent: `program=nce&region=bergen` means "about
a cluster now in NCE, and about a cluster in Bergen". An unknown slug, a malformed date or a too
long q makes the filterset invalid; the views then show the form with its errors, no articles and
answer 400 (django-filter's `strict` behaviour plus a status).
"""

from datetime import date
from functools import partial

import django_filters
from django import forms
from django.db.models import Count, F, OuterRef, QuerySet, Subquery
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from clusters.models import Cluster, Decision, Region, Tier

from .models import Article, Category
from .search import search

ArticleCluster = Article.clusters.through


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


def _with_count(counts, choice):
    return _("%(choice)s (%(count)s)") % {"choice": choice, "count": counts.get(choice.pk, 0)}


def about_clusters(queryset, clusters):
    """Articles linked to any of `clusters` (a queryset or list), without duplicate rows."""
    return queryset.filter(pk__in=ArticleCluster.objects.filter(cluster__in=clusters).values("article_id"))


class ArticleFilter(django_filters.FilterSet):
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
    fra = django_filters.DateFilter(
        label=_("Fra dato"),
        field_name="publish_at",
        lookup_expr="date__gte",
        widget=DateInput(format="%Y-%m-%d"),
    )
    til = django_filters.DateFilter(
        label=_("Til dato"),
        field_name="publish_at",
        lookup_expr="date__lte",
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
        return search(queryset, value)

    def filter_clusters(self, queryset, name, value):
        return about_clusters(queryset, value) if value else queryset

    def filter_tier(self, queryset, name, value):
        return about_clusters(queryset, Cluster.objects.in_tier(value).values("pk"))

    def filter_region(self, queryset, name, value):
        return about_clusters(queryset, Cluster.objects.filter(region=value).values("pk"))

    def filter_category(self, queryset, name, value):
        if not hasattr(self, "_category_ids"):
            self._category_ids = value.with_descendants()
        return queryset.filter(category__in=self._category_ids)

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
    # given the other active filters. One grouped query per facet, whatever the number of choices.

    def facet_counts(self):
        """{"klynge": {cluster_pk: n}, "program": {tier_pk: n}, "region": {…}, "kategori": {…}}."""
        if self.is_bound and not self.is_valid():
            return {}
        current_tier = Decision.objects.filter(cluster=OuterRef("cluster_id")).order_by(
            "-announcement__date", "-pk"
        )
        return {
            "klynge": self._count_links("klynge", F("cluster_id")),
            "program": self._count_links("program", Subquery(current_tier.values("tier")[:1])),
            "region": self._count_links("region", F("cluster__region_id")),
            "kategori": self._category_counts(),
        }

    def _count_links(self, facet, key):
        """Distinct articles per value of `key`, an expression over the article–cluster links."""
        return dict(
            ArticleCluster.objects.filter(article__in=self._without(facet))
            .annotate(key=key)
            .values_list("key")
            .annotate(n=Count("article_id", distinct=True))
            .order_by()
        )

    def _without(self, facet):
        """The primary keys of the articles matching every active filter but `facet`."""
        queryset = self.queryset.all()
        if self.is_bound:
            for name, value in self.form.cleaned_data.items():
                if name != facet:
                    queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by().values("pk")

    def _category_counts(self):
        """Per category, its own articles plus those of the categories beneath it."""
        direct = dict(
            Article.objects.filter(pk__in=self._without("kategori"))
            .values_list("category_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
        parents = dict(Category.objects.values_list("pk", "parent_id"))
        counts = {}
        for category_id, n in direct.items():
            while category_id is not None:
                counts[category_id] = counts.get(category_id, 0) + n
                category_id = parents.get(category_id)
        return counts

"""The news list's filters: one FilterSet for the list page, its feeds and its facet counts.

GET parameters (a public contract: readers bookmark and share them): q, klynge (repeatable, any of), program,
region, merke, kategori, fra, til. Each filter is independent: `program=nce&region=bergen` means "about
a cluster that was in NCE when the article was published, and about a cluster in Bergen". Program
and merke go by the day of publication, so a URL keeps its meaning whatever the programme becomes;
a retired tier is offered only when chosen. An empty parameter means no filter. An unknown
slug, a malformed date or a too long q makes the filterset invalid; the views then show the form
with its errors, no articles and answer 400 (django-filter's `strict` behaviour plus a status).
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property, partial

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from clusters.filters import (
    ListedMultipleChoiceFilter,
    PublicFilterSet,
    QuickInput,
    search_field,
    slug_choice,
)
from clusters.models import Cluster, Label, Region, Tier, today

from .cache import remember_here
from .facets import Facets
from .models import Article, Category, category_parents
from .register import register_today
from .search import matching_clusters, search


class DateInput(QuickInput, forms.DateInput):
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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput(format="%Y-%m-%d"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        try:
            day = value + timedelta(days=1) if self.lookup_expr == "lt" else value
            instant = timezone.make_aware(datetime.combine(day, time.min)).astimezone(UTC)
        except OverflowError:  # a bound beyond year 1 or 9999 bounds nothing
            return qs
        return super().filter(qs, instant)


def cluster_regions():
    """{cluster pk: its region pks}, for remember(): the same until the register changes."""
    regions = {}
    for pk, region_id in Cluster.objects.order_by().values_list("pk", "regions"):
        regions.setdefault(pk, set()).update([region_id] if region_id else [])
    return regions


KEPT_CHOICES = ("region", "merke", "kategori")  # the tiers offered depend on the one chosen


def listed(queryset):
    return list(queryset.all())


def registered_clusters():
    return register_today().clusters


def offered_tiers(chosen):
    """The tiers offer_current_tiers() offers (those in force today, and the one chosen, if it is
    another), from the register kept for the news generation."""
    day = today()
    return [tier for tier in register_today().tiers.values() if tier.applies_on(day) or tier.slug == chosen]


class ArticleFilter(PublicFilterSet):
    q = search_field(_("Søk"), "filter_text")
    klynge = ListedMultipleChoiceFilter(
        label=_("Klynge"),
        queryset=Cluster.objects.all(),
        to_field_name="slug",
        method="filter_about",
        widget=forms.CheckboxSelectMultiple,
    )
    program = slug_choice(
        _("Programnivå"),
        Tier.objects.all(),
        method="filter_tier",
        help_text=_(
            "En sak hører til programnivået klyngen hadde den dagen saken ble publisert, "
            "også om klyngen har byttet nivå senere."
        ),
    )
    region = slug_choice(_("Region"), Region.objects.all(), method="filter_about")
    merke = slug_choice(_("Merke"), Label.objects.all(), method="filter_label")
    kategori = slug_choice(_("Kategori"), Category.objects.select_related("parent"), method="filter_category")
    fra = DayFilter(label=_("Fra dato"), field_name="publish_at", lookup_expr="gte")
    til = DayFilter(label=_("Til dato"), field_name="publish_at", lookup_expr="lt")

    class Meta:
        model = Article
        fields = ["q", "klynge", "program", "region", "merke", "kategori", "fra", "til"]

    def __init__(self, data=None, queryset=None, **kwargs):
        if queryset is None:
            queryset = Article.objects.published()
        super().__init__(data, queryset, **kwargs)

    @property
    def form(self):
        new = not hasattr(self, "_form")
        form = super().form
        if new:  # the same choices for every list until the register changes: read once per generation
            for name in KEPT_CHOICES:
                choices = form.fields[name].widget.choices
                choices.source = partial(
                    remember_here, f"choices:{name}", 1, partial(listed, choices.queryset)
                )
            chosen = form.data.get("program") if form.is_bound else None
            form.fields["program"].widget.choices.source = partial(offered_tiers, chosen)
            # The clusters offered, and found by their slugs, are the register's (cluster_choices).
            form.fields["klynge"].widget.choices.source = registered_clusters
        return form

    def filter_text(self, queryset, name, value):
        return search(queryset, value, cluster_ids=self.text_clusters)

    def filter_about(self, queryset, name, value):
        """Articles about the chosen clusters, or about a cluster in the chosen region."""
        if not value:  # no cluster ticked
            return queryset
        cluster_ids = self.cluster_ids(name, value)
        return queryset.about(cluster_ids) if cluster_ids else queryset.none()

    def filter_tier(self, queryset, name, value):
        return queryset.in_tier(value)

    def filter_label(self, queryset, name, value):
        return queryset.holding_label(value)

    def filter_category(self, queryset, name, value):
        return queryset.filter(category__in=self.category_ids)

    @cached_property
    def facets(self):
        """The counts beside the choices, and the list's total."""
        return Facets(self)

    # What a choice stands for, worked out once for the list and its facet counts alike.

    @cached_property
    def text_clusters(self):
        """The clusters whose name or a former name matches q."""
        return matching_clusters(self.form.cleaned_data["q"])

    @cached_property
    def category_ids(self):
        """The chosen category and every category beneath it."""
        return self.form.cleaned_data["kategori"].with_descendants(category_parents())

    @cached_property
    def cluster_regions(self):
        """{cluster pk: its region pks} for every cluster: clusters are few, articles many."""
        return remember_here("cluster-regions", 1, cluster_regions)

    def cluster_ids(self, name, value):
        """The clusters a choice of the klynge or region filter stands for."""
        if name == "klynge":
            return {cluster.pk for cluster in value}
        return {pk for pk, regions in self.cluster_regions.items() if value.pk in regions}

    def active_filters(self):
        """Each chosen value, with the query string (page dropped) that removes just that value."""
        if not self.is_bound:
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            multiple = isinstance(value, list | QuerySet)
            for item in value if multiple else [value]:
                if item in EMPTY_VALUES:
                    continue
                shown = date_format(item) if isinstance(item, date) else str(item)
                query = self._query_without(name, item.slug if multiple else None)
                active.append({"name": self.form.fields[name].label, "value": shown, "query": query})
        return active

    def _query_without(self, name, slug):
        """This query string on its first page, without the value `slug` of `name` (None: any value)."""
        remaining = self.data.copy()
        remaining.pop("side", None)
        kept = [value for value in remaining.getlist(name) if slug is not None and value != slug]
        if kept:
            remaining.setlist(name, kept)
        else:
            remaining.pop(name, None)
        return remaining

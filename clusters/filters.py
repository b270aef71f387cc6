"""The cluster directory's filters: q, program and region (a public contract: readers bookmark them).

Tiers and regions are offered from their tables, so a tier an editor adds is a choice at once.
An empty parameter (`?program=`) means no filter. An unknown slug or a too long q makes the filterset
invalid: the directory then shows the form with its errors, no clusters, and answers 400, as the news
list does.
"""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Cluster, Region, Tier


class PublicFilterSet(django_filters.FilterSet):
    """A public list's FilterSet, reading a parameter left empty (`?klynge=`) as no filter."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for name, values in list(data.lists()):
                del data[name]
                if kept := [value for value in values if value.strip()]:
                    data.setlist(name, kept)
        super().__init__(data, *args, **kwargs)


class ClusterFilter(PublicFilterSet):
    q = django_filters.CharFilter(
        label=_("Navn"),
        method="filter_name",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
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
        field_name="region",
        empty_label=_("Alle"),
    )

    class Meta:
        model = Cluster
        fields = ["q", "program", "region"]

    def filter_name(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(former_names__icontains=value))

    def filter_tier(self, queryset, name, value):
        """By current tier: the tier of each cluster's latest decision."""
        return queryset.filter(pk__in=Cluster.objects.in_tier(value).values("pk"))

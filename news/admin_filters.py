"""The newsroom's filters for the article list. Their choices (categories, clusters, tiers) are the
same on every load until the register or the categories change: they are kept for the news generation
(news/cache.py), which any such change renews."""

from functools import partial

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clusters.admin import CurrentTierFilter
from clusters.models import Cluster

from .admin_changelist import category_tree
from .cache import remember_here
from .models import Article, Category, category_parents


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Article.State.choices

    def queryset(self, request, queryset):
        in_state = {
            Article.State.DRAFT: queryset.drafts,
            Article.State.SCHEDULED: queryset.scheduled,
            Article.State.PUBLISHED: queryset.published,
        }.get(self.value())
        return in_state() if in_state else queryset


class CategoryFilter(admin.SimpleListFilter):
    """A category with the categories beneath it, as on the public site."""

    title = _("kategori")
    parameter_name = "kategori"

    def lookups(self, request, model_admin):
        return remember_here("admin-category-choices", 1, category_choices)

    def queryset(self, request, queryset):
        """The chosen category's subtree from the category tree kept for the generation, as the
        public filter finds it: not a query for each level beneath it."""
        category = Category.objects.filter(slug=self.value()).first() if self.value() else None
        if category is None:
            return queryset
        return queryset.filter(category__in=category.with_descendants(category_parents()))


class ClusterFilter(admin.RelatedFieldListFilter):
    """Django's filter by cluster, reading the clusters' names only: there are dozens."""

    def field_choices(self, field, request, model_admin):
        return remember_here(
            "admin-cluster-choices", 1, lambda: list(Cluster.objects.values_list("pk", "name"))
        )


class TierFilter(CurrentTierFilter):
    """Articles about clusters whose current tier is this one."""

    def lookups(self, request, model_admin):
        return remember_here("admin-tier-choices", 1, partial(super().lookups, request, model_admin))

    def about(self, queryset, clusters):
        return queryset.about(clusters)


def category_choices():
    return [(category.slug, str(category)) for category in category_tree(Category.objects.all()).values()]

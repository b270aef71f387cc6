"""The newsroom's filters for the article list."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clusters.admin import CurrentTierFilter
from clusters.models import Cluster

from .admin_changelist import category_tree
from .models import Article, Category


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
        return [(c.slug, str(c)) for c in category_tree(Category.objects.all()).values()]

    def queryset(self, request, queryset):
        category = Category.objects.filter(slug=self.value()).first() if self.value() else None
        return queryset.filter(category__in=category.with_descendants()) if category else queryset


class ClusterFilter(admin.RelatedFieldListFilter):
    """Django's filter by cluster, reading the clusters' names only: there are dozens."""

    def field_choices(self, field, request, model_admin):
        return list(Cluster.objects.values_list("pk", "name"))


class TierFilter(CurrentTierFilter):
    """Articles about clusters whose current tier is this one."""

    def about(self, queryset, clusters):
        return queryset.about(clusters)

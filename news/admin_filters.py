"""The newsroom's filters for the article list."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from clusters.admin import CurrentTierFilter

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
        return [(c.slug, str(c)) for c in Category.objects.select_related("parent")]

    def queryset(self, request, queryset):
        category = Category.objects.filter(slug=self.value()).first()
        return queryset.filter(category__in=category.with_descendants()) if category else queryset


class TierFilter(CurrentTierFilter):
    """Articles about clusters whose current tier is this one."""

    def about(self, queryset, clusters):
        return queryset.about(clusters)

"""The newsroom's filters for the article list."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusters.models import Cluster, Tier

from .models import Article, Category


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("draft", _("utkast")), ("scheduled", _("planlagt")), ("published", _("publisert"))]

    def queryset(self, request, queryset):
        now, published = timezone.now(), Article.Status.PUBLISHED
        return {
            "draft": lambda: queryset.filter(status=Article.Status.DRAFT),
            "scheduled": lambda: queryset.filter(status=published, publish_at__gt=now),
            "published": lambda: queryset.filter(status=published, publish_at__lte=now),
        }.get(self.value(), lambda: queryset)()


class CategoryFilter(admin.SimpleListFilter):
    """A category with the categories beneath it, as on the public site."""

    title = _("kategori")
    parameter_name = "kategori"

    def lookups(self, request, model_admin):
        return [(c.slug, str(c)) for c in Category.objects.select_related("parent")]

    def queryset(self, request, queryset):
        category = Category.objects.filter(slug=self.value()).first()
        return queryset.filter(category__in=category.with_descendants()) if category else queryset


class TierFilter(admin.SimpleListFilter):
    """Articles about clusters whose current tier is this one."""

    title = _("programnivå")
    parameter_name = "programniva"

    def lookups(self, request, model_admin):
        return [(tier.slug, str(tier)) for tier in Tier.objects.all()]

    def queryset(self, request, queryset):
        tier = Tier.objects.filter(slug=self.value()).first()
        if tier is None:
            return queryset
        return queryset.filter(clusters__in=Cluster.objects.in_tier(tier).values("pk")).distinct()

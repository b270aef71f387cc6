from django.db.models import Prefetch, Subquery
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition
from django.views.generic import DetailView
from django_filters.views import FilterView

from clusters.models import Cluster, Tier

from .filters import ArticleFilter
from .models import Article, Correction

PUBLIC_MAX_AGE = 300


def news_last_modified(request, *args, **kwargs):
    """When any public news list last changed: an edit, a correction, a publication coming due."""
    latest = (
        Article.objects.order_by("-updated")
        .annotate(
            corrected=_newest(Correction.objects, "created"),
            due=_newest(Article.objects.published(), "publish_at"),
        )
        .values_list("updated", "corrected", "due")[:1]
    )
    return max(filter(None, next(iter(latest), ())), default=None)


def _newest(queryset, field):
    """The newest value of `field`, read from the top of its index."""
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1])


def article_last_modified(request, slug):
    article = Article.objects.published().filter(slug=slug).prefetch_related("corrections").first()
    return article.modified if article else None


public_list = [cache_control(max_age=PUBLIC_MAX_AGE), condition(last_modified_func=news_last_modified)]


class PublishedArticleMixin:
    """What readers see of the news: published articles, with everything a list shows."""

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("category", "lead_photo")
            .prefetch_related(Prefetch("clusters", queryset=Cluster.objects.only("name", "slug")))
        )


@method_decorator(public_list, name="get")
class ArticleListView(PublishedArticleMixin, FilterView):
    filterset_class = ArticleFilter
    paginate_by = 20
    page_kwarg = "side"

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not self.filterset.errors:
            paginator.count = self.filterset.count()  # from the facet counts' groups, no COUNT(*)
        return paginator

    def get_context_data(self, **kwargs):
        self.filterset.show_counts()
        return super().get_context_data(**kwargs) | {"active_filters": self.filterset.active_filters()}

    def render_to_response(self, context, **kwargs):
        """An invalid filter (unknown slug, malformed date) shows the form with errors: 400."""
        status = 400 if self.filterset.errors else 200
        return super().render_to_response(context, status=status, **kwargs)


@method_decorator(condition(last_modified_func=article_last_modified), name="get")
class ArticleDetailView(PublishedArticleMixin, DetailView):
    def get_queryset(self):
        if self.request.user.has_perm("news.change_article"):
            queryset = Article.objects.all()
        else:
            queryset = Article.objects.published()
        return queryset.select_related("category", "lead_photo", "announcement").prefetch_related(
            "authors",
            "corrections",
            Prefetch("clusters", queryset=Cluster.objects.with_current_tier()),
        )

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        tiers = Tier.objects.in_bulk()
        for cluster in article.clusters.all():
            cluster.current_tier = tiers.get(cluster.current_tier_id)
        return article

    def get_context_data(self, **kwargs):
        related = self.object.related().select_related("category")
        return super().get_context_data(**kwargs) | {"related": related}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.object.is_visible:
            patch_cache_control(response, max_age=PUBLIC_MAX_AGE)
        else:
            add_never_cache_headers(response)  # a staff preview of a draft or scheduled article
        return response

from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.generic import DetailView
from django_filters.views import FilterView

from clusters.models import Cluster, Tier

from .filters import ArticleFilter
from .models import Article

PUBLIC_MAX_AGE = 300


# Revalidation goes by the ETag that ConditionalGetMiddleware computes from the page itself: a
# Last-Modified would miss deletions and changes to the cluster register, which reshape lists too.
public_list = [cache_control(max_age=PUBLIC_MAX_AGE)]


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

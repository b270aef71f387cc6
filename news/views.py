from django.db.models import Prefetch
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView
from django_filters.views import FilterView

from clusters.models import Announcement, Cluster, Tier
from clusters.views import FilteredListMixin

from .filters import ArticleFilter
from .models import Article

LATEST_NEWS = 10
ANNOUNCEMENT_NEWS = 50


class PublishedArticleMixin:
    """What readers see of the news: published articles, as cards."""

    def get_queryset(self):
        return Article.objects.published().for_cards()


class ArticleListView(PublishedArticleMixin, FilteredListMixin, FilterView):
    filterset_class = ArticleFilter
    paginate_by = 20

    def get_paginator(self, queryset, per_page, **kwargs):
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not self.filterset.errors:
            paginator.count = self.filterset.facets.total()  # from the facet counts' groups, no COUNT(*)
        return paginator

    def get_context_data(self, **kwargs):
        self.filterset.facets.label_choices()
        return super().get_context_data(**kwargs) | {"active_filters": self.filterset.active_filters()}


class ArticleDetailView(DetailView):
    """One article; staff who may change articles also preview drafts and scheduled ones."""

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

    def get_context_data(self, **kwargs):
        clusters = self.object.clusters.all()
        tiers = Tier.objects.in_bulk({cluster.current_tier_id for cluster in clusters} - {None})
        return super().get_context_data(**kwargs) | {
            "cluster_tiers": [(cluster, tiers.get(cluster.current_tier_id)) for cluster in clusters],
            "related": self.object.related().select_related("category"),
        }

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_visible:
            add_never_cache_headers(response)  # a staff preview of a draft or scheduled article
        return response


# The pages of the cluster register that show news. They answer to the clusters app's URL names
# (helseinfo/urls.py), and their templates are the news app's.


class ClusterDetailView(DetailView):
    """One cluster: facts, former names, its history in the programme, its latest news."""

    queryset = Cluster.objects.select_related("region")
    template_name = "news/cluster_detail.html"

    def get_context_data(self, **kwargs):
        news = Article.objects.published().about([self.object]).for_cards()[:LATEST_NEWS]
        return super().get_context_data(history=list(self.object.history()), news=news, **kwargs)


class TierDetailView(DetailView):
    """One tier: its description, its current clusters and their latest news."""

    model = Tier
    template_name = "news/tier_detail.html"

    def get_context_data(self, **kwargs):
        clusters = list(Cluster.objects.in_tier(self.object).select_related("region"))
        news = Article.objects.published().about(clusters).for_cards()[:LATEST_NEWS]
        return super().get_context_data(clusters=clusters, news=news, **kwargs)


class AnnouncementDetailView(DetailView):
    """One announcement: its facts, its decisions by tier, the news about it."""

    model = Announcement
    template_name = "news/announcement_detail.html"

    def get_context_data(self, **kwargs):
        decisions = self.object.decisions.select_related("tier", "cluster__region").order_by(
            "tier__order", "tier__name", "cluster__name"
        )
        news = self.object.articles.published().for_cards()[:ANNOUNCEMENT_NEWS]
        return super().get_context_data(decisions=decisions, news=news, **kwargs)

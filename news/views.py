from collections import defaultdict

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.generic import DetailView
from django_filters.views import FilterView

from clusters.models import LABEL_KINDS, Announcement, Cluster, Decision, Tier, today, under_names_then
from clusters.timeline import Period, timeline
from clusters.views import FilteredListMixin
from textrules.collation import norwegian

from .filters import ArticleFilter
from .models import Article, TierThen

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
            Prefetch("clusters", queryset=Cluster.objects.with_current_tier().named_on()),
            Prefetch("tiers_then", queryset=TierThen.objects.select_related("tier")),
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "cluster_tiers": self.cluster_tiers(),
            "related": self.object.related().select_related("category"),
        }

    def cluster_tiers(self):
        """Each cluster of the article with its tier and labels on the day of publication, and its
        tier today where that differs."""
        clusters = under_names_then(self.object.clusters.all())
        day = timezone.localdate(self.object.publish_at)
        then = {row.cluster_id: row.tier for row in self.object.tiers_then.all()}
        now = Tier.objects.in_bulk({cluster.current_tier_id for cluster in clusters} - {None})
        labels = defaultdict(list)
        decisions = Decision.objects.filter(cluster__in=clusters, kind__in=LABEL_KINDS).select_related(
            "label"
        )
        for decision in decisions:
            labels[decision.cluster_id].append(decision)
        return [
            {
                "cluster": cluster,
                "tier_then": then.get(cluster.pk),
                "tier_now": now.get(cluster.current_tier_id),
                "labels_then": [p.obj for p in timeline(labels[cluster.pk], day) if p.covers(day)],
            }
            for cluster in clusters
        ]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_visible:
            add_never_cache_headers(response)  # a staff preview of a draft or scheduled article
        return response


# The pages of the cluster register that show news. They answer to the clusters app's URL names
# (helseinfo/urls.py), and their templates are the news app's.


class ClusterDetailView(DetailView):
    """One cluster: facts, its timeline in the programme (tiers, labels, names), its latest news."""

    template_name = "news/cluster_detail.html"

    def get_queryset(self):
        return Cluster.objects.named_on().prefetch_related("regions")  # today: per request

    def get_object(self, queryset=None):
        (cluster,) = under_names_then([super().get_object(queryset)])
        return cluster

    def get_context_data(self, **kwargs):
        periods = self.object.timeline()
        now = [period for period in periods if period.covers(today()) and period.kind != Period.NAME]
        news = Article.objects.published().about([self.object]).for_cards()[:LATEST_NEWS]
        return super().get_context_data(
            timeline=periods,
            tiers=[period for period in periods if period.kind == Period.TIER],
            tier_now=next((period.obj for period in now if period.kind == Period.TIER), None),
            labels_now=[period.obj for period in now if period.kind == Period.LABEL],
            news=news,
            **kwargs,
        )


class TierDetailView(DetailView):
    """One tier: its clusters (today's; a retired tier's as they were on its last day) and the news
    about clusters in it when the news was published."""

    model = Tier
    template_name = "news/tier_detail.html"

    def get_context_data(self, **kwargs):
        day = self.object.last_day if self.object.is_retired else today()
        clusters = Cluster.objects.in_tier(self.object, day).named_on(day).prefetch_related("regions")
        news = Article.objects.published().in_tier(self.object).for_cards()[:LATEST_NEWS]
        return super().get_context_data(clusters=under_names_then(clusters), day=day, news=news, **kwargs)


class AnnouncementDetailView(DetailView):
    """One announcement: its facts, its decisions by tier, the news about it."""

    model = Announcement
    template_name = "news/announcement_detail.html"

    def get_context_data(self, **kwargs):
        decisions = (
            self.object.decisions.select_related("tier", "label", "cluster")
            .prefetch_related("cluster__regions")
            .order_by("tier__order", norwegian("tier__name"), norwegian("cluster__name"))
        )
        news = self.object.articles.published().for_cards()[:ANNOUNCEMENT_NEWS]
        return super().get_context_data(decisions=decisions, news=news, **kwargs)

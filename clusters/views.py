from collections import defaultdict

from django.db.models import Count, Prefetch
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from .filters import ClusterFilter
from .models import Announcement, Cluster, Tier

LATEST_NEWS = 10
ANNOUNCEMENT_NEWS = 50


def as_cards(articles):
    """Everything includes/article_card.html shows, in a fixed number of queries."""
    return articles.select_related("category", "lead_photo").prefetch_related(
        Prefetch("clusters", queryset=Cluster.objects.only("name", "slug"))
    )


def news_about(clusters):
    """Published articles about any of `clusters`, newest first.

    Article belongs to the news app, which this app never imports: it is reached through the
    reverse relation, whose default manager is the news app's ArticleQuerySet.
    """
    articles = Cluster.articles.field.model.objects
    return as_cards(articles.published().about(clusters))


class ClusterListView(FilterView):
    filterset_class = ClusterFilter
    queryset = Cluster.objects.with_current_tier().select_related("region")
    template_name_suffix = "_list"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        """The clusters grouped by current tier, in tier order; unplaced clusters last."""
        by_tier = defaultdict(list)
        for cluster in self.object_list:
            by_tier[cluster.current_tier_id].append(cluster)
        groups = [(tier, by_tier[tier.pk]) for tier in Tier.objects.all() if by_tier[tier.pk]]
        return super().get_context_data(groups=groups, unplaced=by_tier[None], **kwargs)


class ClusterDetailView(DetailView):
    queryset = Cluster.objects.select_related("region")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            history=list(self.object.history()),
            news=news_about([self.object])[:LATEST_NEWS],
            **kwargs,
        )


class TierDetailView(DetailView):
    model = Tier

    def get_context_data(self, **kwargs):
        clusters = list(Cluster.objects.in_tier(self.object).select_related("region"))
        return super().get_context_data(clusters=clusters, news=news_about(clusters)[:LATEST_NEWS], **kwargs)


class AnnouncementListView(ListView):
    queryset = Announcement.objects.annotate(decision_count=Count("decisions")).order_by("-date", "title")
    paginate_by = 20
    page_kwarg = "side"


class AnnouncementDetailView(DetailView):
    model = Announcement

    def get_context_data(self, **kwargs):
        decisions = self.object.decisions.select_related("tier", "cluster__region").order_by(
            "tier__order", "tier__name", "cluster__name"
        )
        news = as_cards(self.object.articles.published())[:ANNOUNCEMENT_NEWS]
        return super().get_context_data(decisions=decisions, news=news, **kwargs)

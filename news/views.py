from collections import defaultdict
from functools import partial

from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.views.generic import DetailView
from django_filters.views import FilterView

from clusters.models import (
    LABEL_KINDS,
    PLACING_KINDS,
    Announcement,
    Cluster,
    Decision,
    Tier,
    today,
    under_names_then,
)
from clusters.timeline import Period, period_on, timeline
from clusters.views import FilteredListMixin
from helseinfo.prepared import Prepared
from textrules.collation import norwegian

from .cache import generation, remember_here
from .facets import archive_index
from .filters import ArticleFilter
from .models import Article, Correction, prefetched, published_cards
from .pages import KeyedPages
from .register import register_today
from .search import Ranked

LATEST_NEWS = 10
ANNOUNCEMENT_NEWS = 50


class PublishedArticleMixin:
    """What readers see of the news: published articles, as cards. A list reads a page's cards by their
    keys with published_cards(), the same rows with its query compiled once."""

    def get_queryset(self):
        return Article.objects.published().for_cards()


class IndexedFilterView(FilterView):
    """A FilterView whose pages come from the archive index (get_paginator()): the filtered queryset
    (filterset.qs), which no page reads, is not built. Building it cost a filtered page 1-2 ms, a
    search more: every filter's method makes its part of a query."""

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        if self.filterset.errors:
            self.object_list = self.filterset.queryset.none()
        else:
            self.object_list = self.filterset.queryset
        context = self.get_context_data(filter=self.filterset, object_list=self.object_list)
        return self.render_to_response(context)


class ArticleListView(PublishedArticleMixin, FilteredListMixin, IndexedFilterView):
    """The news, newest first or, searched, by relevance. Its total and the articles of a page in date
    order come from the archive index (news/facets.py): no COUNT(*), no OFFSET."""

    filterset_class = ArticleFilter
    paginate_by = 20

    def get_paginator(self, queryset, per_page, **kwargs):
        facets = self.filterset.facets
        if not self.filterset.errors:
            # The keys come filtered from the index: the rows are read by key alone, not filtered again.
            # The page's cards: get_queryset()'s rows (as the filterset was given it), by their keys.
            cards = self.filterset.queryset
            if text := facets.chosen.get("q"):
                queryset = Ranked(cards, text, facets.pks, facets.total(), published_cards)
            else:
                queryset = KeyedPages(cards, facets.pks, facets.total(), published_cards)
        paginator = super().get_paginator(queryset, per_page, **kwargs)
        if not self.filterset.errors:
            paginator.count = facets.total()
        return paginator

    def get_context_data(self, **kwargs):
        self.filterset.facets.label_choices()
        filters = self.request.GET.copy()
        filters.pop(self.page_kwarg, None)
        return super().get_context_data(**kwargs) | {
            "active_filters": self.filterset.active_filters(),
            # The filter form is the same on every page of a list: rendered once per news generation.
            "filter_form_key": f"{generation()}:{sorted(filters.lists())}",
            "filter_form_seconds": settings.PUBLIC_CACHE_SECONDS,
        }


class ArticleDetailView(DetailView):
    """One article; staff who may change articles also preview drafts and scheduled ones."""

    def get_object(self, queryset=None):
        """The article at this address, with its corrections: read only for an article that has any,
        as few have."""
        slug = self.kwargs["slug"]
        if self.request.user.has_perm("news.change_article"):
            found = any_article(Article, slug=slug)
        else:
            found = published_article(Article, slug=slug, now=timezone.now())
        if not found:
            raise Http404("No article at this address.")
        article = found[0]
        corrected = remember_here("corrected-articles", 1, corrected_articles)
        prefetched(article)["corrections"] = (
            list(article.corrections.all()) if article.pk in corrected else []
        )
        return article

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | {
            "cluster_tiers": self.cluster_tiers(),
            "related": self.object.related(),
        }

    @staticmethod
    def histories():
        """Each cluster's tier periods (as TierThen.objects.refresh() reads them) and label decisions,
        for remember_here(): what every article page reads of the register besides register_today()."""
        labels = defaultdict(list)
        for decision in Decision.objects.filter(kind__in=LABEL_KINDS).select_related("label"):
            labels[decision.cluster_id].append(decision)
        tier_periods = Decision.objects.filter(kind__in=PLACING_KINDS).periods()
        return {"tier_periods": tier_periods, "labels": dict(labels)}

    def cluster_tiers(self):
        """Each cluster of the article with its tier and labels on the day of publication, and its
        tier today where that differs."""
        register = register_today()
        histories = remember_here("cluster-histories", 1, self.histories)
        day = timezone.localdate(self.object.publish_at)
        found = []
        for cluster in self.object.clusters.all():  # the register's, today (with_register_clusters())
            then = period_on(histories["tier_periods"].get(cluster.pk, []), Period.TIER, day)
            labels = timeline(histories["labels"].get(cluster.pk, []), day)
            found.append(
                {
                    "cluster": cluster,
                    "tier_then": then and then.obj,
                    "tier_now": register.tiers.get(cluster.current_tier_id),
                    "labels_then": [period.obj for period in labels if period.covers(day)],
                }
            )
        return found

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.object.is_visible:
            add_never_cache_headers(response)  # a staff preview of a draft or scheduled article
        return response


def article_page(articles, slug):
    """The article at `slug` among `articles`, with what its page shows."""
    return (
        articles.filter(slug=slug)
        .order_by()
        .defer("search_vector")
        .select_related("lead_photo")
        .with_kept("category", "announcement")
        .with_register_clusters()  # under today's names, with their tiers today
        .with_author_names()
    )


# Built and compiled once per process (helseinfo/prepared.py): that was a third of the page's Python.
any_article = Prepared(article_page, slug="")
published_article = Prepared(
    lambda articles, slug, now: article_page(articles.published(now), slug), slug="", now=timezone.now()
)


# The pages of the cluster register that show news. They answer to the clusters app's URL names
# (helseinfo/urls.py), and their templates are the news app's.


def corrected_articles():
    """The primary keys of the articles that have a correction, for remember_here(): a correction
    starts a new news generation."""
    return set(Correction.objects.values_list("article_id", flat=True).distinct())


def cluster_pages():
    """{slug: (the cluster under its name today with its regions, its decisions oldest first)} for
    every cluster: what a cluster's page shows besides its news, kept for the news generation (which
    the register's changes and the day's end renew), so that a cluster's page reads only its news."""
    return remember_here("cluster-pages", 1, read_cluster_pages)


def read_cluster_pages():
    clusters = under_names_then(Cluster.objects.named_on().prefetch_related("regions"))
    decisions = defaultdict(list)
    for decision in Decision.objects.select_related("tier", "label", "announcement"):
        decisions[decision.cluster_id].append(decision)
    return {cluster.slug: (cluster, decisions[cluster.pk]) for cluster in clusters}


class ClusterDetailView(DetailView):
    """One cluster: facts, its timeline in the programme (tiers, labels, names), its latest news."""

    template_name = "news/cluster_detail.html"

    def get_object(self, queryset=None):
        try:
            cluster, self.decisions = cluster_pages()[self.kwargs["slug"]]
        except KeyError:
            raise Http404("No cluster has this slug.") from None
        return cluster

    def get_context_data(self, **kwargs):
        periods = timeline(self.decisions, today())  # what Cluster.timeline() reads, kept
        now = [period for period in periods if period.covers(today()) and period.kind != Period.NAME]
        index = archive_index()  # the list's index: `?klynge=` and its first page
        newest = index.pks(index.clusters.get(self.object.pk, 0), 0, LATEST_NEWS)
        news = published_cards(newest)
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
        return super().get_context_data(
            day=day,
            # Read only when the template renders them: they are the same for every reader and every
            # `?side=` until the news changes, so the page keeps them once per generation (news/cache.py).
            clusters=SimpleLazyObject(partial(self.clusters, day)),
            news=SimpleLazyObject(self.news),
            fragment_key=generation(),
            fragment_seconds=settings.PUBLIC_CACHE_SECONDS,
            **kwargs,
        )

    def clusters(self, day):
        clusters = Cluster.objects.in_tier(self.object, day).named_on(day)
        return under_names_then(clusters.prefetch_related("regions"))

    def news(self):
        index = archive_index()  # the list's index: `?program=` and its first page
        newest = index.pks(index.tiers.get(self.object.pk, 0), 0, LATEST_NEWS)
        return published_cards(newest)


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

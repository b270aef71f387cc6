from django.db.models import Max, Prefetch
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition
from django.views.generic import DetailView
from django_filters.views import FilterView

from clusters.models import Cluster, Tier

from .filters import ArticleFilter
from .models import Article

PUBLIC_MAX_AGE = 300


def news_last_modified(request, *args, **kwargs):
    """When any public news list last changed: an edit, a correction, a publication coming due."""
    changed = Article.objects.aggregate(edited=Max("updated"), corrected=Max("corrections__created"))
    published = Article.objects.published().aggregate(due=Max("publish_at"))
    return max(filter(None, [*changed.values(), published["due"]]), default=None)


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

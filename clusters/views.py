"""The cluster register's own pages: the directory and the announcements.

The pages about one cluster, tier or announcement show its news, so the news app serves them under
this app's URL names (helseinfo/urls.py). What every public page shares is here, the app that both
the news app and the project may import.
"""

from collections import defaultdict
from functools import wraps

from django.conf import settings
from django.db.models import Count
from django.utils.cache import patch_cache_control
from django.views.generic import ListView
from django_filters.views import FilterView

from .filters import ClusterFilter
from .models import Announcement, Cluster, Tier


def public_page(view):
    """Browsers and shared caches may keep the view's answers for PUBLIC_CACHE_SECONDS. An answer that
    says how it may be cached (a staff preview: never) keeps its own rule.

    Revalidation goes by the ETag that ConditionalGetMiddleware computes from the page itself: a
    Last-Modified would miss deletions and changes to the cluster register, which reshape lists too.
    Applied in the URLconfs, to every public page, feed and sitemap.
    """

    @wraps(view)
    def public(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, max_age=settings.PUBLIC_CACHE_SECONDS)
        return response

    return public


class FilteredListMixin:
    """A public list served by FilterView: an invalid filter (an unknown slug, a malformed date) shows
    the form with its errors and no results, and answers 400."""

    def render_to_response(self, context, **kwargs):
        status = 400 if self.filterset.errors else 200
        return super().render_to_response(context, status=status, **kwargs)


class ClusterListView(FilteredListMixin, FilterView):
    filterset_class = ClusterFilter
    queryset = Cluster.objects.with_current_tier().select_related("region")
    template_name_suffix = "_list"

    def get_context_data(self, **kwargs):
        """The clusters grouped by current tier, in tier order; unplaced clusters last."""
        by_tier = defaultdict(list)
        for cluster in self.object_list:
            by_tier[cluster.current_tier_id].append(cluster)
        groups = [(tier, by_tier[tier.pk]) for tier in Tier.objects.all() if by_tier[tier.pk]]
        return super().get_context_data(groups=groups, unplaced=by_tier[None], **kwargs)


class AnnouncementListView(ListView):
    queryset = Announcement.objects.annotate(decision_count=Count("decisions")).order_by("-date", "title")
    paginate_by = 20
    page_kwarg = "side"

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from clusters.models import Cluster, Tier
from news.views import PublishedArticleMixin

HOME_ARTICLES = 10
HEALTH_KEY = "healthz"


class HomeView(PublishedArticleMixin, ListView):
    """The front page: the latest news, the tiers with their current clusters, the search box."""

    template_name = "home.html"

    def get_queryset(self):
        return super().get_queryset()[:HOME_ARTICLES]

    def get_context_data(self, **kwargs):
        clusters = Cluster.objects.with_current_tier()  # in Norwegian order (Meta.ordering)
        in_force = Tier.objects.current()  # a retired tier has no clusters now: /program/ lists it
        tiers = [(tier, [c for c in clusters if c.current_tier_id == tier.pk]) for tier in in_force]
        return super().get_context_data(**kwargs) | {"tiers": tiers}


home = HomeView.as_view()


@never_cache
@require_GET
def healthz(request):
    """503 only when this server cannot serve: without the cache it serves, uncached (degraded)."""
    database, cache_ok = _database_answers(), _cache_answers()
    body = f"database: {'ok' if database else 'unavailable'}\ncache: {'ok' if cache_ok else 'degraded'}\n"
    return HttpResponse(body, status=200 if database else 503, content_type="text/plain")


def _database_answers():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def _cache_answers():
    # The cache hides an outage from its callers (helseinfo/cache.py): a value written and read back
    # is the test.
    cache.set(HEALTH_KEY, True, 60)
    return cache.get(HEALTH_KEY) is True


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")

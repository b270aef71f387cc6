from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from clusters.models import Cluster, Tier
from news.views import PublishedArticleMixin, public_list

HOME_ARTICLES = 10


@method_decorator(public_list, name="get")
class HomeView(PublishedArticleMixin, ListView):
    """The front page: the latest news, the tiers with their current clusters, the search box."""

    template_name = "home.html"

    def get_queryset(self):
        return super().get_queryset()[:HOME_ARTICLES]

    def get_context_data(self, **kwargs):
        clusters = Cluster.objects.with_current_tier().order_by("name")
        tiers = [(tier, [c for c in clusters if c.current_tier_id == tier.pk]) for tier in Tier.objects.all()]
        return super().get_context_data(**kwargs) | {"tiers": tiers}


home = HomeView.as_view()


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def robots_txt(request):
    return render(request, "robots.txt", content_type="text/plain")

"""The cluster register's own pages: the directory and the announcements.

The pages about one cluster, tier or announcement show its news, so the news app serves them under
this app's URL names (helseinfo/urls.py). What every public page shares is here, the app that both
the news app and the project may import.
"""

from collections import Counter, defaultdict
from functools import wraps

from django.conf import settings
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.utils.encoding import escape_uri_path
from django.views.defaults import bad_request
from django.views.generic import ListView
from django_filters.views import FilterView

from .filters import ClusterFilter, without_empty
from .models import LABEL_KINDS, Announcement, Cluster, Decision, Tier, today, under_names_then
from .timeline import Period


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

    public.is_public_page = True  # what the project's full-page cache may keep
    return public


class PublicListMixin:
    """The query string rules of a public list, whose URLs readers bookmark and share.

    Empty parameters (what a plain form sends for the fields left alone) redirect to the same list
    without them, so the address in the browser is the one worth sharing. The redirect is a 302: a
    301 would be cached by browsers for a URL typed by hand or the JavaScript that skips empty fields.
    A `side` that is not a positive whole number is malformed, a 400 like any bad parameter; a page
    past the end is a 404, as it may exist later. The context gives the list's canonical URL (no
    `side=1`) and its first page's URL, for the pagination.
    """

    page_kwarg = "side"

    def get(self, request, *args, **kwargs):
        query = without_empty(request.GET)
        if query != request.GET:
            return HttpResponseRedirect(self.url_with(query))
        page = query.get(self.page_kwarg)
        if page is not None and not (page.isascii() and page.isdigit() and page.strip("0")):
            return bad_request(request, exception=None)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["first_page_url"] = self.url_with(query)
        if (page := context.get("page_obj")) and page.number > 1:
            query[self.page_kwarg] = page.number
        context["canonical_url"] = self.url_with(query)
        return context

    def url_with(self, query):
        path = escape_uri_path(self.request.path)
        return f"{path}?{query.urlencode()}" if query else path


class FilteredListMixin(PublicListMixin):
    """A public list served by FilterView: an invalid filter (an unknown slug, a malformed date) shows
    the form with its errors and no results, and answers 400."""

    def render_to_response(self, context, **kwargs):
        status = 400 if self.filterset.errors else 200
        return super().render_to_response(context, status=status, **kwargs)


class ClusterListView(FilteredListMixin, FilterView):
    filterset_class = ClusterFilter
    template_name_suffix = "_list"

    def get_queryset(self):
        return (
            Cluster.objects.with_current_tier().named_on().prefetch_related("regions")
        )  # today: per request

    def get_context_data(self, **kwargs):
        """The clusters grouped by current tier, in tier order; unplaced clusters last."""
        by_tier = defaultdict(list)
        labels = labels_now()
        for cluster in under_names_then(self.object_list):
            cluster.labels_now = labels.get(cluster.pk, [])
            by_tier[cluster.current_tier_id].append(cluster)
        groups = [(tier, by_tier[tier.pk]) for tier in Tier.objects.all() if by_tier[tier.pk]]
        return super().get_context_data(groups=groups, unplaced=by_tier[None], **kwargs)


def labels_now():
    """{cluster pk: the labels it holds today}."""
    periods = Decision.objects.filter(kind__in=LABEL_KINDS, effective_on__lte=today()).periods()
    return {
        pk: [period.obj for period in found if period.kind == Period.LABEL and period.covers(today())]
        for pk, found in periods.items()
    }


class AnnouncementListView(PublicListMixin, ListView):
    queryset = Announcement.objects.annotate(decision_count=Count("decisions")).order_by("-date", "title")
    paginate_by = 20


class TierListView(ListView):
    """Every tier of the programme, current and retired, in the programme's order: a current tier with
    its clusters today, a retired one with its clusters on its last day."""

    # An aggregate drops Meta.ordering, so the tiers' order is asked for again.
    queryset = Tier.objects.annotate(cluster_count=Count("decisions__cluster", distinct=True)).order_by(
        *Tier._meta.ordering
    )

    def get_context_data(self, **kwargs):
        current = Counter(Cluster.objects.with_current_tier().values_list("current_tier_id", flat=True))
        tiers = [(tier, current[tier.pk]) for tier in self.object_list if not tier.is_retired]
        historic = [
            (tier, Cluster.objects.in_tier(tier, tier.last_day).count())
            for tier in self.object_list
            if tier.is_retired
        ]
        return super().get_context_data(tiers=tiers, historic=historic, **kwargs)

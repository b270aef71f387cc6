"""The sitemaps: `/sitemap.xml` for everything readers can reach, `/sitemap-news.xml` for Google News.

Locations are on SITE_URL, the canonical address the pages name, whatever host a request used.
One sitemap holds up to 50,000 addresses per section; past that, serve a sitemap index instead.
The news sitemap's titles are cleaned in its template (`clean_text`), so even a headline written
around Article.save() gives well-formed XML.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from clusters.models import Announcement, Cluster, Tier

from .models import Article

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteSitemap):
    def items(self):
        return ["home", "news:list", "clusters:list", "clusters:announcements"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteSitemap):
    def items(self):
        published = Article.objects.published().order_by("-publish_at", "-pk")
        return published.annotate(corrected=Max("corrections__created"))

    def lastmod(self, article):
        return max(filter(None, [article.publish_at, article.updated, article.corrected]))


class ClusterSitemap(SiteSitemap):
    def items(self):
        return Cluster.objects.all()


class TierSitemap(SiteSitemap):
    def items(self):
        return Tier.objects.all()


class AnnouncementSitemap(SiteSitemap):
    def items(self):
        return Announcement.objects.all()


class NewsSitemap(SiteSitemap):
    """Articles published in the last two days, at most 1,000: Google News's rules."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return Article.objects.published().filter(publish_at__gte=since)[:NEWS_SITEMAP_LIMIT]


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "clusters": ClusterSitemap,
    "tiers": TierSitemap,
    "announcements": AnnouncementSitemap,
}

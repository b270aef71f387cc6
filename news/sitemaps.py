"""The news app's sitemaps: its part of `/sitemap.xml` (with the fixed pages), and `/sitemap-news.xml`
for Google News. The project adds the cluster register's part (clusters/sitemaps.py).

Locations are on SITE_URL (SiteSitemap), whatever host a request used.
One sitemap holds up to 50,000 addresses per section; past that, serve a sitemap index instead.
The news sitemap's titles are cleaned in its template (`clean_text`), so even a headline written
around Article.save() gives well-formed XML.
"""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from clusters.sitemaps import SiteSitemap

from .models import Article

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000


class PageSitemap(SiteSitemap):
    def items(self):
        return ["home", "news:list", "clusters:list", "clusters:tiers", "clusters:announcements"]

    def location(self, item):
        return reverse(item)


class ArticleSitemap(SiteSitemap):
    def items(self):
        return Article.objects.published().with_modified().order_by("-publish_at", "-pk")

    def lastmod(self, article):
        return article.modified


class NewsSitemap(SiteSitemap):
    """Articles published in the last two days, at most 1,000: Google News's rules."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return Article.objects.published().filter(publish_at__gte=since)[:NEWS_SITEMAP_LIMIT]


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}

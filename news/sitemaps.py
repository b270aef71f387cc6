"""The news app's sitemaps: its sections of the sitemap index (`/sitemap.xml`), with the fixed pages, and
`/sitemap-news.xml` for Google News. The project adds the cluster register's sections
(clusters/sitemaps.py).

Locations are on SITE_URL (SiteSitemap), whatever host a request used. The articles come in pages
of ARTICLES_PER_PAGE, newest first (`/sitemap-articles.xml?p=2`), each read by a range on the
published-order index from its first article (ArticlePages), so page 20 costs what page 1 costs.
The news sitemap's titles are cleaned in its template (`clean_text`), so even a headline written
around Article.save() gives well-formed XML.
"""

from datetime import timedelta
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import ExpressionWrapper, F, IntegerField, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from clusters.sitemaps import SiteSitemap

from .cache import remember
from .models import Article

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000
ARTICLES_PER_PAGE = 1000
NEWEST_FIRST = [F("publish_at").desc(), F("pk").desc()]


class PageSitemap(SiteSitemap):
    def items(self):
        return ["home", "news:list", "clusters:list", "clusters:tiers", "clusters:announcements"]

    def location(self, item):
        return reverse(item)


class ArticlePages:
    """The published articles a page at a time, for a sitemap: what Django's Paginator offers a
    Sitemap, without an OFFSET or a COUNT(*) of the archive per page.

    Where each page starts (its first article's publish time and id) comes from one query per news
    generation, kept in the shared cache; a page is then the `per_page` articles from its start on.
    """

    def __init__(self, per_page):
        self.per_page = per_page

    @cached_property
    def starts(self):
        return remember("sitemap-starts", [self.per_page], self._starts)

    def _starts(self):
        numbered = Article.objects.published().annotate(n=Window(RowNumber(), order_by=NEWEST_FIRST))
        position = ExpressionWrapper((F("n") - 1) % self.per_page, output_field=IntegerField())
        starts = numbered.annotate(position=position).filter(position=0).order_by(*NEWEST_FIRST)
        return list(starts.values_list("publish_at", "pk")), None

    @property
    def num_pages(self):
        return max(len(self.starts), 1)

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(number) from None
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        if not self.starts:
            return Page([], number, self)
        publish_at, pk = self.starts[number - 1]
        articles = (
            Article.objects.published()
            .with_modified()
            .only("slug", "publish_at")
            .filter(publish_at__lte=publish_at)
            .exclude(publish_at=publish_at, pk__gt=pk)
            .order_by(*NEWEST_FIRST)
        )
        return Page(articles[: self.per_page], number, self)


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_PAGE

    @property
    def paginator(self):
        return ArticlePages(self.limit)

    @cached_property
    def address(self):
        # Reversed once per page of the sitemap, not once per article.
        return reverse("news:article", kwargs={"slug": "-"}).replace("/-/", "/{}/")

    def location(self, article):
        return self.address.format(article.slug)

    def lastmod(self, article):
        return article.modified


class NewsSitemap(SiteSitemap):
    """Articles published in the last two days, at most 1,000: Google News's rules."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return Article.objects.published().filter(publish_at__gte=since)[:NEWS_SITEMAP_LIMIT]


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}

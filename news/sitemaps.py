"""The news app's sitemaps: its sections of the sitemap index (`/sitemap.xml`), with the fixed pages, and
`/sitemap-news.xml` for Google News. The project adds the cluster register's sections
(clusters/sitemaps.py).

Locations are on SITE_URL (SiteSitemap), whatever host a request used. The articles come in pages
of ARTICLES_PER_PAGE, newest first (`/sitemap-articles.xml?p=2`), each read by a range on the
published-order index from its first article (ArticlePages), so page 20 costs what page 1 costs; a
page's articles are rows (pk, slug, modified), not model instances, their corrections read in one query
for the page.
The news sitemap's titles are cleaned in its template (`clean_text`), so even a headline written
around Article.save() gives well-formed XML.
"""

from collections import namedtuple
from datetime import timedelta
from functools import cached_property

from django.core.paginator import EmptyPage, Page, PageNotAnInteger
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone

from clusters.sitemaps import SiteSitemap

from .cache import remember
from .models import Article, Correction

NEWS_SITEMAP_DAYS = 2
NEWS_SITEMAP_LIMIT = 1000
ARTICLES_PER_PAGE = 1000
NEWEST_FIRST = [F("publish_at").desc(), F("pk").desc()]

# The first published article, and every per_page-th after it (the OFFSET): a walk down the
# published-order index that skips per_page - 1 entries at a step and reads the index alone, a third
# of the time of numbering every article with a window function. {published} is published()'s rule.
STARTS = """
WITH RECURSIVE start (id, publish_at) AS (
    SELECT id, publish_at FROM (
        SELECT id, publish_at FROM news_article WHERE {published}
        ORDER BY publish_at DESC, id DESC LIMIT 1
    ) AS newest
    UNION ALL
    SELECT article.id, article.publish_at
    FROM start JOIN news_article AS article ON article.id = (
        SELECT id FROM news_article
        WHERE {published} AND (publish_at, id) < (start.publish_at, start.id)
        ORDER BY publish_at DESC, id DESC LIMIT 1 OFFSET %s
    )
)
SELECT id, publish_at FROM start
"""


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
        published = Article.objects.published()
        where, params = published.query.get_compiler(published.db).compile(published.query.where)
        starts = Article.objects.raw(STARTS.format(published=where), [*params, *params, self.per_page - 1])
        return [(article.publish_at, article.pk) for article in starts]

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
            .filter(publish_at__lte=publish_at)
            .exclude(publish_at=publish_at, pk__gt=pk)
            .order_by(*NEWEST_FIRST)
        )
        return Page(listed(articles, self.per_page), number, self)


Listed = namedtuple("Listed", "pk slug modified")


def listed(articles, count):
    """The first `count` of `articles` as Listed rows with Article.modified: their rows from the
    sitemap's index, their last corrections in one query over the same first `count`. What
    ArticleQuerySet.with_modified() gives, without its subquery per row, which PostgreSQL ran as a scan
    of the corrections for each of the page's 1,000 rows while they were few (8 of a page's 9 ms at
    10,000 articles); naming the page's keys in the query instead cost 2 ms at 100,000."""
    rows = list(articles.values_list("pk", "slug", "publish_at", "updated")[:count])
    if not rows:
        return []
    corrected = dict(
        Correction.objects.filter(article__in=articles.values("pk")[:count])
        .values_list("article_id")
        .annotate(Max("created"))
        .order_by()
    )
    return [
        Listed(pk, slug, max(publish_at, updated, corrected.get(pk, publish_at)))
        for pk, slug, publish_at, updated in rows
    ]


class ArticleSitemap(SiteSitemap):
    limit = ARTICLES_PER_PAGE

    @property
    def paginator(self):
        return ArticlePages(self.limit)

    @cached_property
    def address(self):
        # Reversed once per page of the sitemap, not once per article.
        return reverse("news:article", kwargs={"slug": "-"}).replace("/-/", "/{}/")

    def location(self, row):
        return self.address.format(row.slug)

    def lastmod(self, row):
        return row.modified


class NewsSitemap(SiteSitemap):
    """Articles published in the last two days, at most 1,000: Google News's rules."""

    limit = NEWS_SITEMAP_LIMIT

    def items(self):
        since = timezone.now() - timedelta(days=NEWS_SITEMAP_DAYS)
        return Article.objects.published().filter(publish_at__gte=since)[:NEWS_SITEMAP_LIMIT]


SITEMAPS = {"pages": PageSitemap, "articles": ArticleSitemap}

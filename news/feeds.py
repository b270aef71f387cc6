"""RSS 2.0, Atom and JSON Feed 1.1 feeds of the published news.

`/nyheter/rss/`, `/nyheter/atom/` and `/nyheter/feed.json` take the news list's filter parameters
through the same ArticleFilter, so a feed URL selects what the list URL selects. Invalid input (an
unknown slug, a malformed date) answers 400 Bad Request (the JSON feed's in JSON): an empty feed would
look valid to a feed reader forever.
`/klynger/<slug>/rss/` and `/klynger/<slug>/feed.json` are one cluster's news; an unknown cluster is
a 404. A feed's articles are its list's first FEED_ITEMS, picked as the list's pages are, from the
archive index (news/facets.py), then read by primary key; a search's, by relevance, in SQL.

Every text a feed carries is cleaned on its way out, so even data written around the models' save()
(an `update()`, raw SQL) and any query string echoed in the title give well-formed XML. Feeds send no
Last-Modified: revalidation goes by the ETag of the content, which also sees an unpublished article.
"""

import io
import json
from dataclasses import dataclass
from datetime import date
from functools import partial
from operator import itemgetter

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import slug_url
from helseinfo.prepared import Prepared
from textrules import clean, dates

from .bylines import signer_names
from .facets import archive_index
from .filters import ArticleFilter
from .images import storage_url
from .models import LINKS, Article, author_rows, display_name_of, linked, register_clusters, widest_within
from .register import register_today
from .search import among

FEED_ITEMS = 30
FEED_IMAGE_WIDTH = 1200
# What an item shows of its article, category and photo; the JSON Feed adds the body (JSONFeedMixin).
FEED_FIELDS = ["pk", "headline", "slug", "lead", "publish_at", "modified", "byline", "category__name"]
FEED_PHOTO = "lead_photo__renditions"
LINKED = {annotation for _, annotation in LINKS.values()}


def feed_rows(articles, fields=FEED_FIELDS):
    """Everything a feed item shows of the first FEED_ITEMS of `articles` (a queryset, or the primary
    keys of published articles), as plain rows, in a fixed number of queries: `modified` comes with
    each row, the authors by name and the clusters as the pages name them today. A feed builds no model
    instance: thirty articles with their categories, photos and authors cost more to build than to
    read. Given keys, the query is the one compiled once per process (prepared_rows)."""
    if isinstance(articles, QuerySet):
        rows = list(rows_query(articles, fields))
    else:
        rows = list(prepared_rows[tuple(fields)](Article, now=timezone.now(), pks=list(articles)))
    authors, clusters = author_rows(linked("authors", rows)), register_clusters(linked("clusters", rows))
    for row in rows:
        row["authors"] = [display_name_of(*user) for _, *user in authors[row["pk"]]]
        row["clusters"] = [cluster.name for cluster in clusters[row["pk"]]]
    return rows


def rows_query(queryset, fields):
    articles = queryset.with_modified().with_register_clusters().with_author_names()
    return articles.values(*fields, FEED_PHOTO, *articles.query.annotations.keys() & LINKED)[:FEED_ITEMS]


def published_rows(articles, now, pks, fields):
    return rows_query(articles.published(now).filter(among(pks)), fields)


# A feed's rows by their keys, built and compiled once per process (helseinfo/prepared.py): 2 of a
# feed's 4.7 ms of reading them. The RSS and Atom feeds' fields; the JSON Feed's, with the body.
prepared_rows = {
    tuple(fields): Prepared(partial(published_rows, fields=fields), now=timezone.now(), pks=[0])
    for fields in (FEED_FIELDS, [*FEED_FIELDS, "body"])
}


def enclosure(renditions):
    """The photo's JPEG rendition about FEED_IMAGE_WIDTH pixels wide, as an RSS enclosure."""
    jpegs = sorted((r for r in renditions or () if r["format"] == "jpeg"), key=itemgetter("width"))
    rendition = widest_within(jpegs, FEED_IMAGE_WIDTH)
    if rendition is None:
        return None
    # Renditions made before their size was recorded: read it from storage.
    length = rendition.get("bytes") or default_storage.size(rendition["name"])
    url = storage_url(rendition["name"])
    return Enclosure(url if "://" in url else settings.SITE_URL + url, str(length), "image/jpeg")


# How a feed title says each filter: «Helseinfo – nyheter om klynger i NCE, i kategorien Helsenyheter».
FILTER_PHRASES = {
    "klynge": gettext_lazy("om %(value)s"),
    "program": gettext_lazy("om klynger i %(value)s"),
    "region": gettext_lazy("om klynger i %(value)s"),
    "merke": gettext_lazy("om klynger med merket %(value)s"),
    "kategori": gettext_lazy("i kategorien %(value)s"),
    "q": gettext_lazy("med søket «%(value)s»"),
    "fra": gettext_lazy("fra %(value)s"),
    "til": gettext_lazy("til %(value)s"),
}


def describe(data):
    """The chosen filters (a valid filter form's cleaned_data) in words."""
    parts = []
    for name, value in data.items():
        if isinstance(value, date):
            value = dates.day(value)
        elif isinstance(value, QuerySet | list | tuple):
            value = ", ".join(str(item) for item in value)
        if value not in (None, ""):
            parts.append(FILTER_PHRASES.get(name, "%(value)s") % {"value": value})
    return ", ".join(parts)


def cleaned(fields):
    """A feed's or an item's fields with every text, alone or in a list, cleaned."""
    return {
        name: [clean(v) for v in value] if isinstance(value, list | tuple) else clean(value)
        for name, value in fields.items()
    }


class BufferedWrite:
    """A feed generator that writes its XML into a string, then once into the response: written
    straight into it, each of a feed's thousand tags and texts is a write() through an encoder."""

    def write(self, outfile, encoding):
        buffer = io.StringIO()
        super().write(buffer, encoding)
        outfile.write(buffer.getvalue().encode(encoding))


class BufferedRss(BufferedWrite, Rss201rev2Feed):
    pass


class BufferedAtom(BufferedWrite, Atom1Feed):
    pass


class InvalidFilter(BadRequest):
    def __init__(self, errors):
        super().__init__("Invalid feed filter: " + errors.as_text())
        self.errors = errors


@dataclass
class Selection:
    """What one feed request asks for: its articles (a queryset, or the primary keys of published
    articles: feed_rows()), and how to name and link them."""

    articles: QuerySet | list
    about: str
    link: str
    feed_url: str

    @property
    def title(self):
        return " ".join([_("Helseinfo – nyheter"), self.about]).strip()

    @property
    def description(self):
        return " ".join([_("Siste nytt fra Helseinfo"), self.about]).strip() + "."


class ArticleFeed(Feed):
    """The news as RSS 2.0. Django's Feed answers the request (get_object(), a 404, the response);
    get_feed() fills the feed generator itself, as every item has the same shape: Django's attribute
    protocol (item_title(), item_link(), …) looks up fifteen methods per item, a third of a feed's time."""

    feed_type = BufferedRss
    subtitled = False  # whether the feed says its description again as a subtitle (Atom)

    def get_object(self, request):
        filterset = ArticleFilter(request.GET)
        if not filterset.is_valid():
            raise InvalidFilter(filterset.errors)
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        if filterset.form.cleaned_data.get("q"):
            articles = filterset.qs  # by relevance
        else:
            articles = filterset.facets.pks(0, FEED_ITEMS)
        return Selection(
            articles=articles,
            about=describe(filterset.form.cleaned_data),
            link=settings.SITE_URL + reverse("news:list") + query,
            feed_url=settings.SITE_URL + request.path + query,
        )

    def get_feed(self, obj, request):
        feed = self.feed_type(
            **cleaned(
                {
                    "title": obj.title,
                    "link": obj.link,
                    "description": obj.description,
                    "subtitle": obj.description if self.subtitled else None,
                    "language": settings.LANGUAGE_CODE,
                    "feed_url": obj.feed_url,
                }
            )
        )
        for article in self.items(obj):
            feed.add_item(**cleaned(self.item(article)))
        return feed

    def items(self, obj):
        return feed_rows(obj.articles)

    def item(self, row):
        """What a feed item says of an article (a row of feed_rows())."""
        link = settings.SITE_URL + slug_url("news:article", row["slug"])
        category = [row["category__name"]] if row["category__name"] is not None else []
        enclosed = enclosure(row[FEED_PHOTO])
        return {
            "title": row["headline"],
            "link": link,
            "unique_id": link,
            "description": row["lead"],
            "pubdate": row["publish_at"],
            "updateddate": row["modified"],
            "author_name": ", ".join(signer_names(row["authors"], row["byline"])),
            "categories": category + row["clusters"],
            "enclosures": [enclosed] if enclosed else [],
        }


class ArticleAtomFeed(ArticleFeed):
    feed_type = BufferedAtom
    subtitled = True


class ClusterFeed(ArticleFeed):
    def get_object(self, request, slug):
        cluster = next((c for c in register_today().clusters if c.slug == slug), None)
        if cluster is None:
            raise Http404("No cluster has this slug.")
        index = archive_index()
        newest = index.pks(index.clusters.get(cluster.pk, 0), 0, FEED_ITEMS)
        return Selection(
            articles=newest,
            about=_("om %(value)s") % {"value": cluster.name},
            link=settings.SITE_URL + cluster.get_absolute_url(),
            feed_url=settings.SITE_URL + request.path,
        )


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) from what Django's feeds give every item,
    with the body as `content_html`, the authors as a list and the enclosure as the item's image."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed["description"],
            "language": "nb",
            "items": [self.item(item) for item in self.items],
        }
        outfile.write(json.dumps(feed, ensure_ascii=False).encode(encoding))

    def item(self, item):
        fields = {
            "id": item["link"],
            "url": item["link"],
            "title": item["title"],
            "content_html": item["content_html"],
            "summary": item["description"],
            "image": item["enclosures"][0].url if item["enclosures"] else None,
            "date_published": item["pubdate"].isoformat(),
            "date_modified": item["updateddate"].isoformat() if item["updateddate"] else None,
            "authors": [{"name": name} for name in item["authors"]],
            "tags": item["categories"],
        }
        return {name: value for name, value in fields.items() if value}


class JSONFeedMixin:
    """A feed as JSON Feed: the body as `content_html`, the authors as a list."""

    feed_type = JSONFeed

    def items(self, obj):
        return feed_rows(obj.articles, [*FEED_FIELDS, "body"])

    def item(self, row):
        return super().item(row) | {
            "content_html": row["body"],
            "authors": signer_names(row["authors"], row["byline"]),
        }


class ArticleJSONFeed(JSONFeedMixin, ArticleFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as error:
            body = {"error": _("Filteret kunne ikke brukes."), "errors": error.errors.get_json_data()}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})


class ClusterJSONFeed(JSONFeedMixin, ClusterFeed):
    pass

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

import json
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, SyndicationFeed
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters.models import Cluster
from textrules import clean

from .bylines import signer_names
from .facets import archive_index
from .filters import ArticleFilter
from .models import Article

FEED_ITEMS = 30
FEED_IMAGE_WIDTH = 1200
# What an item shows of its article, category and photo (enclosure(); an image is read with its
# size): the rest of their rows, the photo's texts above all, cost a third of reading the articles.
FEED_FIELDS = [
    "headline", "slug", "lead", "status", "publish_at", "updated", "byline", "category__name",
    "lead_photo__image", "lead_photo__width", "lead_photo__height", "lead_photo__renditions",
]  # fmt: skip


def feed_articles(queryset):
    """Everything a feed item shows, in a fixed number of queries, and no more (FEED_FIELDS): the
    body, long and the JSON Feed's alone (JSONFeedMixin), is left out; `modified` comes with each row;
    the clusters are named as the pages name them today."""
    return (
        queryset.with_modified()
        .select_related("category", "lead_photo")
        .only(*FEED_FIELDS)
        .with_register_clusters()
        .with_author_names()
    )


def enclosure(photo):
    """The photo's JPEG rendition about FEED_IMAGE_WIDTH pixels wide, as an RSS enclosure."""
    rendition = photo.rendition("jpeg", FEED_IMAGE_WIDTH)
    if rendition is None:
        return None
    # Renditions made before their size was recorded: read it from storage.
    length = rendition.get("bytes") or default_storage.size(rendition["name"])
    url = rendition["url"]
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
            value = date_format(value, "j. F Y")
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


class InvalidFilter(BadRequest):
    def __init__(self, errors):
        super().__init__("Invalid feed filter: " + errors.as_text())
        self.errors = errors


@dataclass
class Selection:
    """What one feed request asks for: its articles, and how to name and link them."""

    articles: QuerySet
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
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        del response["Last-Modified"]
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = cleaned(feed.feed)
        feed.items = [cleaned(item) for item in feed.items]
        return feed

    def get_object(self, request):
        filterset = ArticleFilter(request.GET)
        if not filterset.is_valid():
            raise InvalidFilter(filterset.errors)
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        if filterset.form.cleaned_data.get("q"):
            articles = filterset.qs  # by relevance
        else:
            articles = Article.objects.published().filter(pk__in=filterset.facets.pks(0, FEED_ITEMS))
        return Selection(
            articles=feed_articles(articles),
            about=describe(filterset.form.cleaned_data),
            link=settings.SITE_URL + reverse("news:list") + query,
            feed_url=settings.SITE_URL + request.path + query,
        )

    def title(self, obj):
        return obj.title

    def link(self, obj):
        return obj.link

    def feed_url(self, obj):
        return obj.feed_url

    def description(self, obj):
        return obj.description

    def items(self, obj):
        return obj.articles[:FEED_ITEMS]

    def item_title(self, item):
        return item.headline

    def item_link(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.modified

    def item_author_name(self, item):
        return ", ".join(signer_names(item))

    def item_categories(self, item):
        category = [item.category.name] if item.category_id else []
        return category + [cluster.name for cluster in item.clusters.all()]

    def item_enclosures(self, item):
        found = enclosure(item.lead_photo) if item.lead_photo_id else None
        return [found] if found else []


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed
    subtitle = ArticleFeed.description


class ClusterFeed(ArticleFeed):
    def get_object(self, request, slug):
        cluster = get_object_or_404(Cluster, slug=slug)
        index = archive_index()
        newest = index.pks(index.clusters.get(cluster.pk, 0), 0, FEED_ITEMS)
        return Selection(
            articles=feed_articles(Article.objects.published().filter(pk__in=newest)),
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
        return super().items(obj).defer(None).defer("search_vector")

    def item_extra_kwargs(self, item):
        return {"content_html": item.body, "authors": signer_names(item)}


class ArticleJSONFeed(JSONFeedMixin, ArticleFeed):
    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilter as error:
            body = {"error": _("Filteret kunne ikke brukes."), "errors": error.errors.get_json_data()}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})


class ClusterJSONFeed(JSONFeedMixin, ClusterFeed):
    pass

"""RSS and Atom feeds: well-formed, complete items, the news list's filters, only published news."""

import time
from datetime import date, timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django.utils.http import http_date

from clusters.models import Cluster, Decision
from news.feeds import FEED_FIELDS, feed_rows, prepared_rows
from news.models import Article, Category, Correction
from tests.builders import (
    category,
    count_queries,
    image_upload,
    in_rows,
    make_announcement,
    make_article,
    make_cluster,
    make_decision,
    make_photo,
    make_region,
    make_tier,
    make_user,
)

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def news():
    """Health Technology (Oslo, NCE) and GCE Subsea (Bergen, GCE) with one article each, plus
    a draft and a scheduled article about Health Technology."""
    nce = make_tier(short_name="NCE", slug="nce")
    gce = make_tier(short_name="GCE", slug="gce")
    health = make_cluster(
        name="Health Technology",
        slug="health-technology",
        region=make_region(name="Oslo", slug="oslo"),
        tier=nce,
    )
    subsea = make_cluster(
        name="GCE Subsea", slug="gce-subsea", region=make_region(name="Bergen", slug="bergen"), tier=gce
    )
    author = make_user(first_name="Kari", last_name="Nordmann")
    health_article = make_article(
        headline="Klynger seg for helseteknologi",
        lead="Næringsministeren la fram sju nye klynger.",
        clusters=[health],
        authors=[author],
        lead_photo=make_photo(image=image_upload(size=(1600, 900))),
        publish_at=timezone.now() - timedelta(hours=1),
    )
    subsea_article = make_article(
        headline="Pressemelding fra GCE Subsea",
        byline="NTB",
        clusters=[subsea],
        category=category("pressemeldinger"),
        publish_at=timezone.now() - timedelta(hours=2),
    )
    make_article(headline="Utkast om helse", clusters=[health], status=Article.Status.DRAFT)
    make_article(
        headline="Planlagt om helse", clusters=[health], publish_at=timezone.now() + timedelta(days=1)
    )
    return {
        "health": health,
        "subsea": subsea,
        "health_article": health_article,
        "subsea_article": subsea_article,
    }


def parse(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:300]
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.bozo_exception
    return feed


def titles(feed):
    return [entry.title for entry in feed.entries]


def test_rss_feed_is_well_formed_rss_2_with_complete_items(client, news):
    feed = parse(client, "/nyheter/rss/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Helseinfo – nyheter"
    assert feed.feed.description == "Siste nytt fra Helseinfo."
    assert feed.feed.link == f"{SITE}/nyheter/"
    assert titles(feed) == ["Klynger seg for helseteknologi", "Pressemelding fra GCE Subsea"]
    entry = feed.entries[0]
    assert entry.link == f"{SITE}/nyheter/{news['health_article'].slug}/"
    assert entry.summary == "Næringsministeren la fram sju nye klynger."
    assert entry.published_parsed is not None
    assert entry.author == "Kari Nordmann"
    assert [tag.term for tag in entry.tags] == ["Helsenyheter", "Health Technology"]
    (enclosure,) = entry.enclosures
    assert enclosure.href.startswith(f"{SITE}/media/renditions/") and enclosure.href.endswith("/1200.jpg")
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) > 0
    assert feed.entries[1].author == "NTB"
    assert feed.entries[1].enclosures == []


def test_atom_feed_is_well_formed_atom_1_with_dates_and_authors(client, news):
    feed = parse(client, "/nyheter/atom/")
    assert feed.version == "atom10"
    assert titles(feed) == ["Klynger seg for helseteknologi", "Pressemelding fra GCE Subsea"]
    entry = feed.entries[0]
    assert entry.published_parsed is not None
    assert entry.updated_parsed >= entry.published_parsed
    assert entry.author == "Kari Nordmann"
    assert entry.summary == "Næringsministeren la fram sju nye klynger."
    assert any(link.rel == "enclosure" and link.type == "image/jpeg" for link in entry.links)


def test_feeds_leave_out_drafts_and_scheduled_articles(client, news):
    for url in ["/nyheter/rss/", "/nyheter/atom/", "/klynger/health-technology/rss/"]:
        shown = titles(parse(client, url))
        assert "Utkast om helse" not in shown
        assert "Planlagt om helse" not in shown


@pytest.mark.parametrize(
    ("params", "expected_titles", "feed_title"),
    [
        ({"klynge": "health-technology"}, ["Klynger seg for helseteknologi"], "om Health Technology"),
        (
            {"klynge": ["health-technology", "gce-subsea"]},
            ["Klynger seg for helseteknologi", "Pressemelding fra GCE Subsea"],
            "om GCE Subsea, Health Technology",
        ),
        ({"program": "gce"}, ["Pressemelding fra GCE Subsea"], "om klynger i GCE"),
        ({"region": "oslo"}, ["Klynger seg for helseteknologi"], "om klynger i Oslo"),
        ({"kategori": "pressemeldinger"}, ["Pressemelding fra GCE Subsea"], "i kategorien Pressemeldinger"),
        ({"program": "gce", "region": "oslo"}, [], "om klynger i GCE, om klynger i Oslo"),
        (
            {"fra": "2000-01-01"},
            ["Klynger seg for helseteknologi", "Pressemelding fra GCE Subsea"],
            "fra 1. januar 2000",
        ),
    ],
)
def test_feeds_honour_the_news_list_filters_and_say_so_in_their_title(
    client, news, params, expected_titles, feed_title
):
    for url in ["/nyheter/rss/", "/nyheter/atom/"]:
        feed = parse(client, url, params)
        assert titles(feed) == expected_titles
        assert feed.feed.title == f"Helseinfo – nyheter {feed_title}"


def test_filtered_feed_links_to_the_same_filtered_list(client, news):
    feed = parse(client, "/nyheter/rss/", {"klynge": "health-technology"})
    assert feed.feed.link == f"{SITE}/nyheter/?klynge=health-technology"


def test_program_feed_follows_a_cluster_that_advanced(client, news):
    make_decision(
        cluster=news["subsea"],
        tier=news["health"].decisions.get().tier,
        kind=Decision.Kind.ADVANCED,
        announcement=make_announcement(date=date(2020, 1, 1)),
    )
    assert titles(parse(client, "/nyheter/rss/", {"program": "nce"})) == [
        "Klynger seg for helseteknologi",
        "Pressemelding fra GCE Subsea",
    ]
    assert titles(parse(client, "/nyheter/rss/", {"program": "gce"})) == []


def test_cluster_feed_holds_that_clusters_published_news(client, news):
    feed = parse(client, "/klynger/health-technology/rss/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Helseinfo – nyheter om Health Technology"
    assert feed.feed.link == f"{SITE}/klynger/health-technology/"
    assert titles(feed) == ["Klynger seg for helseteknologi"]


def test_unknown_cluster_feed_is_404(client, news):
    assert client.get("/klynger/finnes-ikke/rss/").status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"klynge": "finnes-ikke"},
        {"program": "finnes-ikke"},
        {"region": "<script>"},
        {"kategori": "' OR 1=1 --"},
        {"fra": "2014-13-45"},
        {"til": "i går"},
        {"q": "x" * 1000},
    ],
)
def test_invalid_filters_answer_400_not_an_empty_feed_nor_a_500(client, news, params):
    for url in ["/nyheter/rss/", "/nyheter/atom/"]:
        assert client.get(url, params).status_code == 400


@pytest.mark.parametrize("q", ["' OR 1=1 --", "<b>fet</b>", "ø" * 200, "%_\\", "Robert'); DROP TABLE x;--"])
def test_hostile_text_searches_give_a_well_formed_feed(client, news, q):
    parse(client, "/nyheter/rss/", {"q": q})


def test_an_empty_filter_parameter_means_no_filter(client, news):
    everything = ["Klynger seg for helseteknologi", "Pressemelding fra GCE Subsea"]
    for url in ["/nyheter/rss/", "/nyheter/atom/"]:
        feed = parse(client, url, {"klynge": "", "program": "", "region": " ", "kategori": "", "fra": ""})
        assert titles(feed) == everything
        assert feed.feed.title == "Helseinfo – nyheter"
        assert titles(parse(client, url, {"klynge": ["", "gce-subsea"]})) == ["Pressemelding fra GCE Subsea"]


# Well-formed XML whatever the text: each feed is read by a strict XML parser here.

FEEDS = ["/nyheter/rss/", "/nyheter/atom/", "/klynger/health-technology/rss/"]
BAD = "Klynger\x0bseg\x01\ufffe"


def strict(response):
    assert response.status_code == 200, response.content[:300]
    return ElementTree.fromstring(response.content)


@pytest.mark.parametrize("url", FEEDS)
def test_text_written_around_the_models_save_still_gives_well_formed_feeds(client, news, url):
    Article.objects.filter(pk=news["health_article"].pk).update(headline=BAD, lead=BAD)
    Article.objects.filter(pk=news["subsea_article"].pk).update(byline=BAD)
    Cluster.objects.update(name=BAD)
    Category.objects.update(name=BAD)
    get_user_model().objects.update(first_name=BAD)
    response = client.get(url)
    strict(response)
    assert "Klynger\nseg" in response.content.decode()


@pytest.mark.parametrize("url", FEEDS[:2])
@pytest.mark.parametrize(
    "query",
    [
        "q=a%0Bb",  # Word's Shift+Enter
        "q=%01",
        "q=a%0Cb%1F%7F",
        "q=%C2%85",  # a C1 control
        "q=%EF%BF%BE%EF%BF%BF",  # U+FFFE, U+FFFF
        "q=%F0%9F%BF%BE",  # U+1FFFE
        "q=%ED%A0%80",  # a surrogate in UTF-8 form
    ],
)
def test_any_search_text_echoed_in_the_title_gives_a_well_formed_feed(client, news, url, query):
    strict(client.get(f"{url}?{query}"))


@pytest.mark.parametrize("url", FEEDS)
def test_after_an_unpublish_revalidation_gives_the_new_feed_never_a_stale_304(client, news, url):
    first = client.get(url)
    article = Article.objects.get(pk=news["health_article"].pk)
    article.status = Article.Status.DRAFT
    article.save()
    # What a reader sends back: the validators of its copy, or its clock's time for want of one.
    last_modified = first.get("Last-Modified", http_date(time.time()))
    for headers in [
        {"if-modified-since": last_modified},
        {"if-none-match": first["ETag"]},
        {"if-modified-since": last_modified, "if-none-match": first["ETag"]},
    ]:
        response = client.get(url, headers=headers)
        assert response.status_code == 200, headers
        assert "Klynger seg for helseteknologi" not in response.content.decode()
        assert not response.has_header("Last-Modified")


def test_feeds_may_be_cached_briefly_and_answer_a_conditional_get_with_304(client, news):
    response = client.get("/nyheter/rss/")
    assert response["Cache-Control"] == "max-age=300"
    assert client.get("/nyheter/rss/", headers={"if-none-match": response["ETag"]}).status_code == 304


# A fixed number of queries, whatever the volume


def build_articles(news, *, articles, clusters_per_article):
    photo = news["health_article"].lead_photo
    extra = [make_cluster() for _ in range(clusters_per_article - 1)]
    for _ in range(articles):
        make_article(clusters=[news["health"], *extra], authors=[make_user()], lead_photo=photo)


# A feed's queries once the list's archive index is kept for the news generation (news/facets.py;
# it picks a feed's articles as it picks the list's; the first page after a change builds it): the
# articles with their category, photo and last modification, their links to clusters, their authors.
# The filtered feed's tier, region and category are found among the choices kept for the generation
# (the tiers in the register kept for it), and the category's subcategories in the category tree kept
# with them; the cluster feed finds its cluster in the register kept for the generation. The
# authors' names are kept for the generation too (read by the first feed or article after a change).
# On PostgreSQL the links come in the articles' rows.
FEED_QUERIES = {
    "/nyheter/rss/": 4,
    "/nyheter/atom/?program=nce&region=oslo&kategori=helsenyheter": 4,
    "/klynger/health-technology/rss/": 4,
    "/nyheter/rss/?klynge=health-technology": 4,
}


@pytest.mark.parametrize(("url", "expected"), FEED_QUERIES.items())
def test_feeds_take_the_same_few_queries_for_5_or_50_articles_and_1_or_10_clusters_each(
    client, news, django_assert_num_queries, url, expected
):
    expected -= in_rows(2)
    build_articles(news, articles=5, clusters_per_article=1)
    client.get("/nyheter/")
    small = count_queries(client, url)
    build_articles(news, articles=45, clusters_per_article=10)
    client.get("/nyheter/")
    with django_assert_num_queries(expected):
        client.get(url)
    assert small == expected


def test_a_feed_searched_by_words_lists_by_relevance_without_the_index(client, news):
    feed = parse(client, "/nyheter/rss/", {"q": "helseteknologi"})
    assert [entry.title for entry in feed.entries] == ["Klynger seg for helseteknologi"]


def test_a_feed_holds_the_newest_30_of_its_articles(client, news):
    now = timezone.now()
    for n in range(35):
        make_article(
            headline=f"Sak {n}", clusters=[news["health"]], publish_at=now - timedelta(days=1, minutes=n)
        )

    titles = [entry.title for entry in parse(client, "/klynger/health-technology/rss/").entries]

    assert titles == ["Klynger seg for helseteknologi", *(f"Sak {n}" for n in range(29))]
    assert titles == [
        entry.title for entry in parse(client, "/nyheter/rss/", {"klynge": "health-technology"}).entries
    ]


@pytest.mark.parametrize("fields", [FEED_FIELDS, [*FEED_FIELDS, "body"]])
def test_feed_rows_by_key_are_the_rows_of_those_published_articles(news, fields):
    """A feed given its articles' keys reads them with a query compiled once: the same rows as the
    queryset of those articles gives, newest first, without a draft or a scheduled article."""
    Correction.objects.create(article=news["subsea_article"], text="Rettet et navn.")
    keys = list(Article.objects.values_list("pk", flat=True))
    for _ in range(2):  # the first call compiles, the second reuses
        by_key = feed_rows(keys, fields)
        assert by_key == feed_rows(Article.objects.published().filter(pk__in=keys), fields)
    assert [row["headline"] for row in by_key] == [
        "Klynger seg for helseteknologi",
        "Pressemelding fra GCE Subsea",
    ]
    assert by_key[0]["authors"] == ["Kari Nordmann"]
    assert by_key[1]["clusters"] == ["GCE Subsea"]
    assert by_key[1]["modified"] > by_key[1]["publish_at"]
    # On PostgreSQL the keys are one array parameter: the query is compiled once, not on each call.
    compiled = prepared_rows[tuple(fields)].compiled[(Article, "default")]
    assert (compiled is not None) == (connection.vendor == "postgresql")

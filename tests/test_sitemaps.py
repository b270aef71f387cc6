"""The sitemap index and its paged sections, the Google News sitemap and robots.txt: only what readers
can reach, on SITE_URL, in a fixed number of queries however large the archive."""

from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.utils import timezone

from clusters.models import Announcement, Cluster, Tier
from news.models import Article, Correction
from news.sitemaps import ArticleSitemap
from tests.builders import make_article

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def urlset(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.findall("s:url/s:loc", NS)]


def section_pages(client):
    """The addresses the index lists, each a sitemap page on SITE_URL."""
    root = urlset(client, "/sitemap.xml")
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def every_url(client):
    """What a crawler finds: every page the index lists, read in turn (and each a valid urlset)."""
    found = []
    for address in section_pages(client):
        assert address.startswith(f"{SITE}/sitemap-")
        found += urlset(client, address.removeprefix(SITE)).findall("s:url", NS)
    return found


@pytest.fixture
def site(register):
    cluster = register["health"]
    old = make_article(
        headline="Gammel sak", publish_at=timezone.now() - timedelta(days=30), clusters=[cluster]
    )
    new = make_article(headline="Fersk sak & mer", publish_at=timezone.now() - timedelta(hours=3))
    make_article(headline="Utkast", status=Article.Status.DRAFT)
    make_article(headline="Planlagt", publish_at=timezone.now() + timedelta(hours=1))
    return {"cluster": cluster, "old": old, "new": new}


def test_the_index_lists_one_page_of_each_section_while_they_are_small(client, site):
    assert section_pages(client) == [
        f"{SITE}/sitemap-pages.xml",
        f"{SITE}/sitemap-articles.xml",
        f"{SITE}/sitemap-clusters.xml",
        f"{SITE}/sitemap-tiers.xml",
        f"{SITE}/sitemap-announcements.xml",
    ]


def test_the_sitemap_lists_exactly_the_published_articles_clusters_tiers_and_announcements(client, site):
    found = {url.find("s:loc", NS).text for url in every_url(client)}
    assert found == {
        f"{SITE}/",
        f"{SITE}/nyheter/",
        f"{SITE}/klynger/",
        f"{SITE}/program/",
        f"{SITE}/kunngjoringer/",
        f"{SITE}/nyheter/{site['old'].slug}/",
        f"{SITE}/nyheter/{site['new'].slug}/",
        f"{SITE}/klynger/health-technology/",
        f"{SITE}/klynger/gce-subsea/",
        f"{SITE}/klynger/klynge-som-vokste/",
        f"{SITE}/program/gce/",
        f"{SITE}/program/nce/",
        f"{SITE}/program/arena/",
        f"{SITE}/kunngjoringer/nye-klynger-2014/",
        f"{SITE}/kunngjoringer/nye-klynger-2017/",
    }


def test_sitemap_gives_articles_their_last_modification_including_corrections(client, site):
    now = timezone.now()
    Article.objects.filter(pk=site["old"].pk).update(updated=now - timedelta(days=20))
    Article.objects.filter(pk=site["new"].pk).update(updated=now - timedelta(days=20))
    Correction.objects.create(article=site["old"], text="Rettet et navn.", created=now - timedelta(days=5))
    Correction.objects.create(article=site["old"], text="Rettet en dato.", created=now - timedelta(days=9))
    lastmod = {
        url.find("s:loc", NS).text: url.find("s:lastmod", NS).text
        for url in every_url(client)
        if url.find("s:lastmod", NS) is not None
    }
    assert lastmod == {
        # The last correction is later than the last edit.
        f"{SITE}/nyheter/{site['old'].slug}/": timezone.localdate(now - timedelta(days=5)).isoformat(),
        # Published after its last edit: the publish time is when readers first saw it.
        f"{SITE}/nyheter/{site['new'].slug}/": timezone.localdate(site["new"].publish_at).isoformat(),
    }


def test_news_sitemap_lists_the_articles_of_the_last_two_days_in_google_news_form(client, site):
    response = client.get("/sitemap-news.xml")
    assert b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in response.content
    root = ElementTree.fromstring(response.content)
    assert locations(root) == [f"{SITE}/nyheter/{site['new'].slug}/"]
    news = root.find("s:url/news:news", NS)
    assert news.find("news:publication/news:name", NS).text == "Helseinfo"
    assert news.find("news:publication/news:language", NS).text == "no"
    assert news.find("news:title", NS).text == "Fersk sak & mer"
    published = news.find("news:publication_date", NS).text
    assert published == timezone.localtime(site["new"].publish_at).replace(microsecond=0).isoformat()


def test_news_sitemap_holds_the_newest_1000_articles_of_1001(client):
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            headline=f"Sak {n}",
            slug=f"sak-{n}",
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(minutes=n + 1),
        )
        for n in range(1001)
    )

    listed = locations(urlset(client, "/sitemap-news.xml"))

    assert listed == [f"{SITE}{article.get_absolute_url()}" for article in articles[:1000]]


SITEMAP_FILES = [
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-articles.xml",
    "/sitemap-clusters.xml",
    "/sitemap-tiers.xml",
    "/sitemap-announcements.xml",
    "/sitemap-news.xml",
]


@pytest.mark.parametrize("url", SITEMAP_FILES)
def test_text_written_around_the_models_save_still_gives_well_formed_sitemaps(client, site, url):
    bad = "Fersk\x0bsak\x01\ufffe\uffff"
    Article.objects.update(headline=bad)
    for model, field in [(Cluster, "name"), (Tier, "name"), (Announcement, "title")]:
        model.objects.update(**{field: bad})
    root = urlset(client, url)  # a strict XML parser
    titles = [title.text for title in root.iter(f"{{{NS['news']}}}title")]
    assert titles == (["Fersk\nsak"] if url == "/sitemap-news.xml" else [])


def test_no_sitemap_sends_last_modified_revalidation_goes_by_the_etag(client, site):
    for url in SITEMAP_FILES:
        response = client.get(url)
        assert response.has_header("ETag")
        assert not response.has_header("Last-Modified")


def test_robots_txt_lists_both_sitemaps_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    assert f"Sitemap: {SITE}/sitemap-news.xml" in lines


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)


def test_articles_come_in_pages_newest_first_each_page_going_on_from_the_last(client, site, two_per_page):
    same_second = timezone.now() - timedelta(days=3)
    twins = [make_article(headline=f"Tvilling {n}", publish_at=same_second) for n in range(3)]

    pages = [address for address in section_pages(client) if "/sitemap-articles.xml" in address]
    listed = [loc for address in pages for loc in locations(urlset(client, address.removeprefix(SITE)))]

    assert pages == [f"{SITE}/sitemap-articles.xml", *(f"{SITE}/sitemap-articles.xml?p={n}" for n in (2, 3))]
    newest_first = [site["new"], *sorted(twins, key=lambda a: -a.pk), site["old"]]
    assert listed == [f"{SITE}{article.get_absolute_url()}" for article in newest_first]


@pytest.mark.parametrize("page", ["4", "0", "-1", "to", "1.5"])
def test_a_page_past_the_last_or_no_page_number_at_all_is_not_found(client, site, two_per_page, page):
    assert client.get(f"/sitemap-articles.xml?p={page}").status_code == 404


def test_an_unknown_section_is_not_found(client, site):
    assert client.get("/sitemap-finnes-ikke.xml").status_code == 404


@pytest.mark.parametrize("count", [1, 2, 3, 4, 5])
def test_every_article_is_on_exactly_one_page_however_the_pages_divide_them(client, db, two_per_page, count):
    same_second = timezone.now() - timedelta(days=1)
    articles = [make_article(publish_at=same_second - timedelta(hours=n % 2)) for n in range(count)]

    pages = [address for address in section_pages(client) if "/sitemap-articles.xml" in address]
    listed = [loc for address in pages for loc in locations(urlset(client, address.removeprefix(SITE)))]

    assert len(pages) == (count + 1) // 2
    newest_first = sorted(articles, key=lambda a: (a.publish_at, a.pk), reverse=True)
    assert listed == [f"{SITE}{article.get_absolute_url()}" for article in newest_first]


def test_the_articles_section_of_an_empty_archive_is_one_empty_page(client, db):
    assert f"{SITE}/sitemap-articles.xml" in section_pages(client)
    assert locations(urlset(client, "/sitemap-articles.xml")) == []
    assert client.get("/sitemap-articles.xml?p=2").status_code == 404


def test_lastmod_is_the_day_in_norway(client, db):
    """Just before midnight in UTC is the next day in Oslo: the day readers saw the change."""
    late = datetime(2025, 3, 10, 23, 30, tzinfo=UTC)
    article = make_article(publish_at=late)
    Article.objects.filter(pk=article.pk).update(updated=late)

    (url,) = urlset(client, "/sitemap-articles.xml").findall("s:url", NS)

    assert url.find("s:lastmod", NS).text == "2025-03-11"


def test_sitemap_files_are_byte_for_byte_what_djangos_sitemap_templates_wrote(client, site):
    """Byte for byte what Django's sitemap views and the per-address templates gave."""
    response = client.get("/sitemap-articles.xml")
    edited = timezone.localdate().isoformat()  # both were saved just now, after their publish time
    assert response.content.decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<url><loc>{SITE}/nyheter/{site['new'].slug}/</loc><lastmod>{edited}</lastmod></url>\n"
        f"<url><loc>{SITE}/nyheter/{site['old'].slug}/</loc><lastmod>{edited}</lastmod></url>\n"
        "</urlset>\n"
    )
    assert response["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert client.get("/sitemap-tiers.xml").content.decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<url><loc>{SITE}/program/gce/</loc></url>\n"
        f"<url><loc>{SITE}/program/nce/</loc></url>\n"
        f"<url><loc>{SITE}/program/arena/</loc></url>\n"
        "</urlset>\n"
    )
    index = client.get("/sitemap.xml")
    assert index["X-Robots-Tag"] == "noindex, noodp, noarchive"
    assert index.content.decode().startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"<sitemap><loc>{SITE}/sitemap-pages.xml</loc></sitemap><sitemap><loc>{SITE}/sitemap-articles.xml</loc>"
    )
    assert index.content.decode().endswith(
        f"<sitemap><loc>{SITE}/sitemap-announcements.xml</loc></sitemap>\n</sitemapindex>\n"
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/sitemap.xml", 4),  # where the article pages start (kept), the clusters, tiers, announcements
        ("/sitemap-articles.xml", 3),  # where the pages start, the page, its corrections
        ("/sitemap-articles.xml?p=2", 3),
        ("/sitemap-pages.xml", 0),
        ("/sitemap-clusters.xml", 2),  # the count and the page
        ("/sitemap-tiers.xml", 2),
        ("/sitemap-announcements.xml", 2),
        ("/sitemap-news.xml", 2),
    ],
)
def test_sitemaps_take_the_same_few_queries_for_5_or_50_articles(
    site, two_per_page, django_assert_num_queries, url, expected
):
    for _ in range(5):
        make_article(clusters=[site["cluster"]])
    with django_assert_num_queries(expected):
        Client().get(url)
    for _ in range(45):
        make_article(clusters=[site["cluster"]])
    with django_assert_num_queries(expected):
        assert Client().get(url).status_code == 200


def test_the_index_and_the_pages_share_where_the_article_pages_start(
    site, two_per_page, django_assert_num_queries
):
    for _ in range(50):
        make_article()
    with django_assert_num_queries(3):  # where the pages start, the page, its corrections
        assert Client().get("/sitemap-articles.xml?p=17").status_code == 200
    with django_assert_num_queries(3):  # the clusters, tiers and announcements counted
        Client().get("/sitemap.xml")
    with django_assert_num_queries(2):  # the page, its corrections
        assert Client().get("/sitemap-articles.xml?p=3").status_code == 200

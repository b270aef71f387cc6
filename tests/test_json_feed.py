"""/nyheter/feed.json and /klynger/<slug>/feed.json: JSON Feed 1.1 beside RSS and Atom, with the news
list's filters."""

import re

import pytest
from django.test import SimpleTestCase

from tests.builders import category, make_article, make_cluster, make_photo, make_user

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def news():
    bio = make_cluster(slug="bio")
    author = make_user(first_name="Kari", last_name="Nordmann")
    about_bio = make_article(
        headline="Om bio", lead="Ingressen.", body="<p>Brødtekst.</p>", clusters=[bio], authors=[author],
        lead_photo=make_photo(),
    )  # fmt: skip
    make_article(headline="Blogg", category=category("helseblogg"))
    return about_bio


def test_the_feed_is_json_feed_1_1_with_every_required_field(client, news):
    response = client.get("/nyheter/feed.json")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    assert "max-age" in response["Cache-Control"]
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Helseinfo – nyheter"
    assert feed["feed_url"] == SITE + "/nyheter/feed.json"
    assert all(
        item["id"] and (item.get("content_html") or item.get("content_text")) for item in feed["items"]
    )
    item = next(item for item in feed["items"] if item["title"] == "Om bio")
    assert item["id"] == item["url"] == SITE + news.get_absolute_url()
    assert (item["content_html"], item["summary"]) == ("<p>Brødtekst.</p>", "Ingressen.")
    assert item["authors"] == [{"name": "Kari Nordmann"}]
    assert item["image"].startswith(SITE + "/media/renditions/")
    assert item["date_published"] == news.publish_at.isoformat()


@pytest.mark.parametrize("query", [{"klynge": "bio"}, {"kategori": "helseblogg"}, {"q": "bio"}, {}])
def test_the_feed_selects_what_the_list_selects(client, news, query):
    listed = [article.headline for article in client.get("/nyheter/", query).context["article_list"]]
    assert [item["title"] for item in client.get("/nyheter/feed.json", query).json()["items"]] == listed


def test_a_bad_filter_is_a_bad_request_in_json(client, news):
    response = client.get("/nyheter/feed.json", {"klynge": "finnes-ikke"})
    assert response.status_code == 400
    assert response.json()["error"] == "Filteret kunne ikke brukes."
    assert "klynge" in response.json()["errors"]


def test_the_lists_announce_the_json_feed_with_their_filters(client, news):
    SimpleTestCase().assertContains(
        client.get("/nyheter/", {"klynge": "bio"}),
        '<link rel="alternate" type="application/feed+json" title="Helseinfo – nyheter (JSON Feed)"'
        ' href="/nyheter/feed.json?klynge=bio">',
        html=True,
    )


def test_a_cluster_has_a_json_feed_of_its_news_beside_its_rss(client, news):
    response = client.get("/klynger/bio/feed.json")
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    assert "max-age" in response["Cache-Control"]
    feed = response.json()
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == SITE + "/klynger/bio/feed.json"
    assert feed["home_page_url"] == SITE + "/klynger/bio/"
    assert [item["title"] for item in feed["items"]] == ["Om bio"]
    rss = client.get("/klynger/bio/rss/").content.decode()
    assert [item["url"] for item in feed["items"]] == re.findall(r"<link>([^<]+/nyheter/[^<]+)</link>", rss)


def test_an_unknown_cluster_has_no_json_feed(client, news):
    assert client.get("/klynger/finnes-ikke/feed.json").status_code == 404

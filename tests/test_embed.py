"""The embed: /klynger/<slug>/innbygging/ gives a cluster's latest news as an HTML fragment other
sites may fetch and insert, and the cluster's page shows the snippet that does it."""

import html
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from news.embed import EMBED_DEFAULT, EMBED_MAX
from news.models import Article
from tests.builders import category, count_queries, make_article, make_cluster

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def bio():
    cluster = make_cluster(name="Bio & Helse", slug="bio")
    for n in range(1, 8):
        make_article(
            headline=f"Bio nr. {n}", clusters=[cluster], publish_at=timezone.now() - timedelta(days=n)
        )
    make_article(headline="Utkast om bio", clusters=[cluster], status=Article.Status.DRAFT)
    make_article(
        headline="Planlagt om bio", clusters=[cluster], publish_at=timezone.now() + timedelta(days=1)
    )
    make_article(headline="Om noe annet", clusters=[make_cluster()])
    return cluster


def fragment(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_fragment_lists_the_latest_published_news_with_absolute_links(client, bio):
    response = client.get("/klynger/bio/innbygging/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    links = fragment(response).select(".helseinfo-embed-list a")
    assert [a.get_text() for a in links] == [f"Bio nr. {n}" for n in range(1, EMBED_DEFAULT + 1)]
    article = Article.objects.get(headline="Bio nr. 1")
    assert links[0]["href"] == SITE + article.get_absolute_url()
    title = fragment(response).select_one(".helseinfo-embed-title a")
    assert (title.get_text(), title["href"]) == ("Nyheter om Bio & Helse", SITE + "/klynger/bio/")
    assert fragment(response).select_one(".helseinfo-embed-source a")["href"] == SITE + "/nyheter/?klynge=bio"


def test_the_fragment_is_a_fragment_without_scripts_styles_or_ids(client, bio):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    make_article(headline=hostile, clusters=[bio], publish_at=timezone.now())
    body = client.get("/klynger/bio/innbygging/").content.decode()
    assert body.lstrip().startswith('<section class="helseinfo-embed" lang="nb">')
    elements = BeautifulSoup(body, "html.parser").find_all(True)
    assert {element.name for element in elements} == {"section", "h2", "a", "ul", "li", "time", "p"}
    assert {name for element in elements for name in element.attrs} == {"class", "lang", "href", "datetime"}
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in body


def test_any_site_may_fetch_it_and_caches_may_keep_it_like_a_page(client, bio):
    response = client.get("/klynger/bio/innbygging/", headers={"Origin": "https://klynge.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age" in response["Cache-Control"] and "private" not in response["Cache-Control"]
    assert "Set-Cookie" not in response
    again = client.get("/klynger/bio/innbygging/", headers={"If-None-Match": response["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(("antall", "count"), [("1", 1), ("2", 2), (str(EMBED_MAX), 7)])
def test_antall_chooses_how_many(client, bio, antall, count):
    response = client.get("/klynger/bio/innbygging/", {"antall": antall})
    assert len(fragment(response).select(".helseinfo-embed-list li")) == count


@pytest.mark.parametrize("antall", ["0", "-1", "1.5", "abc", str(EMBED_MAX + 1), "٣", "", "9" * 30])
def test_a_bad_antall_is_a_bad_request(client, bio, antall):
    assert client.get("/klynger/bio/innbygging/", {"antall": antall}).status_code == 400


def test_an_unknown_cluster_is_not_found(client, bio):
    assert client.get("/klynger/finnes-ikke/innbygging/").status_code == 404


def test_a_cluster_without_news_says_so(client):
    make_cluster(slug="stille")
    assert "Ingen nyheter ennå." in client.get("/klynger/stille/innbygging/").content.decode()


def test_press_releases_are_labelled(client, bio):
    make_article(
        headline="Melding", clusters=[bio], category=category("pressemeldinger"), publish_at=timezone.now()
    )
    item = fragment(client.get("/klynger/bio/innbygging/")).select_one(".helseinfo-embed-list li")
    assert item.get_text(" ", strip=True).startswith("Melding (pressemelding)")


def test_the_fragment_takes_a_fixed_number_of_queries(client, bio):
    few = count_queries(client, "/klynger/bio/innbygging/")
    for _ in range(10):
        make_article(clusters=[bio, make_cluster()], category=category("helseblogg"))
    assert count_queries(client, "/klynger/bio/innbygging/") == few == 2


def test_the_cluster_page_shows_the_snippet_that_fetches_the_fragment(client, bio):
    page = fragment(client.get("/klynger/bio/"))
    section = page.find("h2", string="Vis nyhetene på egne nettsider").find_parent("section")
    snippet = section.select_one("pre > code").get_text()
    assert f'fetch("{SITE}/klynger/bio/innbygging/")' in snippet
    host = BeautifulSoup(snippet, "html.parser")  # the snippet is HTML the cluster's site pastes
    assert host.select_one(".helseinfo-nyheter a").get_text() == "Nyheter om Bio & Helse på Helseinfo"
    assert host.select_one(".helseinfo-nyheter a")["href"] == SITE + "/klynger/bio/"
    assert html.escape("Bio & Helse", quote=False) in snippet  # the pasted HTML escapes the name itself
    assert section.select_one("button[data-copy=embed-snippet]").has_attr("hidden")  # shown by copy.js
    urls = [dd.get_text(strip=True) for dd in section.select("dd")]
    assert urls[:2] == [f"{SITE}/klynger/bio/innbygging/", f"{SITE}/klynger/bio/feed.json"]


def test_the_cluster_page_announces_its_rss_and_json_feeds(client, bio):
    page = fragment(client.get("/klynger/bio/"))
    feeds = {link["type"]: link["href"] for link in page.select("link[rel=alternate]")}
    assert feeds == {
        "application/rss+xml": "/klynger/bio/rss/",
        "application/feed+json": "/klynger/bio/feed.json",
    }


def test_the_cluster_page_gives_the_api_address_of_the_cluster_news(client, bio):
    page = fragment(client.get("/klynger/bio/"))
    api = page.select_one(".embed a[href^='/api/v1/']")["href"]
    assert api == reverse("api:articles") + "?klynge=bio"
    headlines = [item["headline"] for item in client.get(api).json()["items"]]
    assert headlines == [f"Bio nr. {n}" for n in range(1, 8)]

"""/api/v1/articles/: the news list's filters mean the same in the API, a page at a time, and the API
shows only what readers may see."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from news.models import Article
from tests.builders import category, make_article, make_decision, make_label, make_photo, make_user

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def at(year, month, day):
    return datetime(year, month, day, 12, tzinfo=UTC)


@pytest.fixture
def news(register):
    """Articles about each cluster of the register, in each category, over the years; a label held
    by GCE Subsea from 2023."""
    health, subsea, grower = register["health"], register["subsea"], register["grower"]
    label = make_label(name="Arena Pro", slug="arena-pro")
    make_decision(cluster=subsea, kind="label_granted", label=label, effective_on=date(2023, 1, 1))
    make_article(
        headline="Helseteknologi i Oslo", slug="helseteknologi", clusters=[health], publish_at=at(2024, 3, 10)
    )
    make_article(
        headline="Havbunn og helse", slug="havbunn", clusters=[subsea], category=category("helseblogg"),
        publish_at=at(2023, 5, 1),
    )  # fmt: skip
    make_article(
        headline="En arena vokser", slug="arena-vokser", clusters=[grower], publish_at=at(2015, 1, 1)
    )
    make_article(headline="Nå i NCE", slug="na-i-nce", clusters=[grower], publish_at=at(2020, 2, 2))
    make_article(
        headline="Kosthold for alle",
        slug="kosthold",
        category=category("kosthold"),
        publish_at=at(2024, 1, 1),
    )
    make_article(
        headline="To klynger samarbeider om helse", slug="to-klynger", clusters=[health, subsea],
        category=category("pressemeldinger"), publish_at=at(2022, 6, 1),
    )  # fmt: skip
    make_article(headline="Samme sekund A", slug="samme-a", clusters=[health], publish_at=at(2021, 1, 1))
    make_article(headline="Samme sekund B", slug="samme-b", clusters=[health], publish_at=at(2021, 1, 1))
    make_article(headline="Utkast om helse", slug="utkast", clusters=[health], status=Article.Status.DRAFT)
    make_article(
        headline="Planlagt om helse", slug="planlagt", clusters=[health],
        publish_at=timezone.now() + timedelta(days=1),
    )  # fmt: skip
    return register


# Every filter alone, repeated, combined and left empty. The HTML list redirects a query with empty
# parameters to the one without them; the API reads an empty parameter as no filter, as the list does.
QUERIES = [
    "",
    "q=helse",
    "q=Helseteknologi",
    "q=Oslo+Medtech",  # a cluster's former name
    "q=finnes+ikke+noe+sted",
    "klynge=health-technology",
    "klynge=health-technology&klynge=gce-subsea",
    "klynge=klynge-som-vokste&klynge=klynge-som-vokste",
    "program=nce",
    "program=arena",
    "program=gce",
    "region=bergen",
    "region=oslo",
    "merke=arena-pro",
    "kategori=helseblogg",
    "kategori=kosthold",
    "kategori=pressemeldinger",
    "fra=2023-01-01",
    "til=2021-01-01",
    "fra=2015-01-01&til=2020-12-31",
    "fra=2030-01-01",
    "program=nce&region=bergen",
    "klynge=gce-subsea&kategori=helseblogg",
    "q=helse&program=gce&fra=2022-01-01",
    "q=helse&klynge=health-technology&program=nce&region=oslo&kategori=helsenyheter&fra=2000-01-01&til=2100-01-01",
    "q=&klynge=&program=&region=&merke=&kategori=&fra=&til=",
    "klynge=health-technology&program=&fra=",
    "program=nce&side=1",
]

ARTICLE_LINK = re.compile(r'href="/nyheter/([^/"?]+)/"')


def listed(client, query):
    """The article slugs the HTML list shows for `query`, in its order."""
    response = client.get(f"/nyheter/?{query}", follow=True)
    assert response.status_code == 200
    known = set(Article.objects.values_list("slug", flat=True))
    slugs = [slug for slug in ARTICLE_LINK.findall(response.content.decode()) if slug in known]
    return list(dict.fromkeys(slugs))


def from_api(client, query):
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


@pytest.mark.parametrize("query", QUERIES)
def test_the_api_lists_what_the_html_list_lists_in_the_same_order(client, news, query):
    assert from_api(client, query) == listed(client, query)


def test_the_table_of_queries_selects_something_different_each_time(client, news):
    """A guard on the table itself: the filters narrow the list, so comparing the two means something."""
    selections = {tuple(from_api(client, query)) for query in QUERIES}
    assert len(selections) > 15
    assert () in selections  # some select nothing
    assert len(from_api(client, "")) == 8


def test_the_program_filter_goes_by_the_tier_a_cluster_had_when_the_article_was_published(client, news):
    assert from_api(client, "program=arena") == ["arena-vokser"]
    assert "arena-vokser" not in from_api(client, "program=nce")


def every_page(client, url, size):
    """The slugs of every page from `url` on, following `next` (at most 50 pages)."""
    slugs = []
    for _ in range(50):
        page = client.get(url).json()
        assert len(page["items"]) <= size
        slugs += [item["slug"] for item in page["items"]]
        url = page["next"]
        if url is None:
            return slugs
        assert url.startswith(SITE + "/api/v1/articles/?")
    raise AssertionError("the pages never end")


def test_pages_follow_one_another_by_cursor_and_keep_the_filters(client, news):
    query = "klynge=health-technology&klynge=gce-subsea"
    slugs = every_page(client, f"/api/v1/articles/?limit=3&{query}", 3)
    assert slugs == listed(client, query)
    assert len(slugs) == 5


def test_a_page_boundary_between_two_articles_published_the_same_second_loses_neither(client, news):
    first = client.get("/api/v1/articles/?klynge=health-technology&limit=2").json()
    assert [item["slug"] for item in first["items"]] == ["helseteknologi", "to-klynger"]
    second = client.get(
        "/api/v1/articles/", {"klynge": "health-technology", "limit": 1, "cursor": first["next_cursor"]}
    )
    third = client.get(second.json()["next"]).json()
    assert {second.json()["items"][0]["slug"], third["items"][0]["slug"]} == {"samme-a", "samme-b"}
    assert third["next"] is None and third["next_cursor"] is None


def test_an_article_published_while_a_reader_pages_neither_repeats_nor_hides_one(client, news):
    first = client.get("/api/v1/articles/?limit=4").json()
    make_article(headline="Ny sak", slug="ny-sak", publish_at=timezone.now() - timedelta(minutes=1))
    rest = client.get(first["next"]).json()
    seen = [item["slug"] for item in first["items"] + rest["items"]]
    assert len(seen) == len(set(seen)) == 8
    assert from_api(client, "")[0] == "ny-sak"


@pytest.mark.postgresql
@pytest.mark.parametrize("q", ["helse", "sak", "helse sak"])
def test_search_results_are_paged_in_order_of_relevance(client, news, q):
    slugs = every_page(client, f"/api/v1/articles/?q={q}&limit=1", 1)
    assert slugs == listed(client, f"q={q}")
    assert len(slugs) >= 2


def test_drafts_and_scheduled_articles_are_never_shown(client, news):
    everything = from_api(client, "") + from_api(client, "klynge=health-technology&limit=100")
    assert "utkast" not in everything and "planlagt" not in everything
    assert client.get("/api/v1/articles/utkast/").status_code == 404
    assert client.get("/api/v1/articles/planlagt/").status_code == 404


def test_a_scheduled_article_appears_once_its_time_has_come(client, news):
    assert "planlagt" not in from_api(client, "klynge=health-technology")
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        assert from_api(client, "klynge=health-technology")[0] == "planlagt"
        assert client.get("/api/v1/articles/planlagt/").status_code == 200


def test_staff_see_no_drafts_in_the_api_either(news):
    from tests.builders import logged_in

    editor = logged_in(make_user(is_superuser=True))
    assert "utkast" not in from_api(editor, "")
    assert editor.get("/api/v1/articles/utkast/").status_code == 404


def test_an_article_has_every_field_readers_see(client, register):
    author = make_user(first_name="Kari", last_name="Nordmann", email="kari@example.org", username="kari.n")
    photo = make_photo(credit="NTB", credit_kind="auto")
    article = make_article(
        headline="Klynger seg for helseteknologi", lead="Ingressen.",
        body="<p>Brødtekst <strong>her</strong>.</p>", clusters=[register["grower"]], authors=[author],
        byline="Gjesteskribent", lead_photo=photo,
        photo_caption="Bildetekst i saken.", announcement=register["announcement"], publish_at=at(2015, 3, 1),
        source_name="Innovasjon Norge", source_url="https://example.org/kilde",
    )  # fmt: skip
    article.corrections.create(text="Navnet var feil.")
    response = client.get(f"/api/v1/articles/{article.slug}/")
    assert response.status_code == 200
    data = response.json()
    assert data["url"] == SITE + "/nyheter/klynger-seg-for-helseteknologi/"
    assert (data["headline"], data["lead"], data["body_html"]) == (
        "Klynger seg for helseteknologi", "Ingressen.", "<p>Brødtekst <strong>her</strong>.</p>"
    )  # fmt: skip
    assert data["published"] == "2015-03-01T13:00:00+01:00"
    assert data["modified"] >= data["published"]
    assert data["authors"] == ["Kari Nordmann", "Gjesteskribent"]
    assert data["category"] == {
        "slug": "helsenyheter", "name": "Helsenyheter", "path": "Helsenyheter", "is_press_release": False
    }  # fmt: skip
    (cluster,) = data["clusters"]
    assert cluster["slug"] == "klynge-som-vokste"
    assert cluster["url"] == SITE + "/klynger/klynge-som-vokste/"
    assert cluster["tier_then"]["slug"] == "arena"  # admitted to Arena in 2014, NCE from 2017
    assert cluster["tier_now"]["slug"] == "nce"
    assert cluster["tier_now"]["url"] == SITE + "/program/nce/"
    assert data["announcement"]["slug"] == "nye-klynger-2014"
    assert [c["text"] for c in data["corrections"]] == ["Navnet var feil."]
    assert (data["source_name"], data["source_url"]) == ("Innovasjon Norge", "https://example.org/kilde")
    picture = data["photo"]
    assert (picture["caption"], picture["credit"], picture["credit_kind"]) == (
        "Bildetekst i saken.",
        "NTB",
        "auto",
    )
    assert picture["creators"] == [{"name": "NTB", "kind": "organisation"}]
    assert picture["alt"] == "Tre personer står foran en vegg."
    assert (picture["width"], picture["height"]) == (800, 450)
    assert picture["url"].startswith(SITE + "/media/renditions/")
    assert {(r["format"], r["width"]) for r in picture["renditions"]} == {
        ("webp", 480), ("webp", 800), ("jpeg", 480), ("jpeg", 800)
    }  # fmt: skip
    assert all(r["url"].startswith(SITE + "/media/") for r in picture["renditions"])


def test_no_staff_data_reaches_the_api(client, register):
    author = make_user(first_name="Kari", last_name="Nordmann", email="kari@example.org", username="kari.n")
    article = make_article(authors=[author], last_edited_by=author, clusters=[register["health"]])
    article.corrections.create(text="Rettet.", author=author)
    for url in ["/api/v1/articles/", f"/api/v1/articles/{article.slug}/"]:
        body = client.get(url).content.decode()
        assert "Kari Nordmann" in body
        assert "kari@example.org" not in body and "kari.n" not in body
        assert "version" not in body and "status" not in body

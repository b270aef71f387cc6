"""The API's answers to bad input (400 and 404, in JSON), its caching and cross-origin rules, and its page
for people."""

import base64
import json

import pytest
from django.test import SimpleTestCase

from news.filters import ArticleFilter
from tests.builders import make_article, make_cluster

pytestmark = pytest.mark.django_db


def cursor_of(key):
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("klynge=finnes-ikke", "klynge"),
        ("klynge=bio&klynge=finnes-ikke", "klynge"),
        ("program=finnes-ikke", "program"),
        ("region=finnes-ikke", "region"),
        ("merke=finnes-ikke", "merke"),
        ("kategori=finnes-ikke", "kategori"),
        ("fra=2024-02-30", "fra"),
        ("til=i-morgen", "til"),
        ("q=" + "a" * 201, "q"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=abc", "limit"),
        ("cursor=abc", "cursor"),
        ("cursor=" + "a" * 201, "cursor"),
        ("cursor=" + cursor_of(["2024-01-01T00:00:00+00:00", 0]), "cursor"),
        ("cursor=" + cursor_of(["2024-01-01T00:00:00", 1]), "cursor"),  # no time zone
        ("cursor=" + cursor_of(["9999-12-31T23:59:59-23:00", 1]), "cursor"),
        ("cursor=" + cursor_of(["2024-01-01T00:00:00+00:00", 2**70]), "cursor"),
        ("cursor=" + cursor_of([0.5, "2024-01-01T00:00:00+00:00", 1]), "cursor"),  # a search's, without q
        ("cursor=" + cursor_of({"a": 1}), "cursor"),
        ("cursor=%C3%A6%C3%B8", "cursor"),
    ],
)
def test_a_bad_parameter_is_a_bad_request_naming_the_parameter_in_json(client, query, parameter):
    make_cluster(slug="bio")
    response = client.get(f"/api/v1/articles/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = response.json()
    assert body["error"] == "Spørringen kunne ikke brukes."
    assert list(body["errors"]) == [parameter]
    assert all(error["message"] and error["code"] for error in body["errors"][parameter])


def test_every_bad_parameter_is_named_at_once(client):
    response = client.get("/api/v1/articles/?klynge=finnes-ikke&fra=2024-13-01&kategori=nei")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"klynge", "fra", "kategori"}


def test_the_filter_errors_are_the_html_lists_own(client):
    api = client.get("/api/v1/articles/?fra=2024-02-30").json()["errors"]["fra"][0]["message"]
    SimpleTestCase().assertContains(client.get("/nyheter/?fra=2024-02-30"), api, status_code=400)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/finnes-ikke/",
        "/api/v1/clusters/finnes-ikke/",
        "/api/v1/tiers/finnes-ikke/",
        "/api/v1/regions/finnes-ikke/",
        "/api/v1/announcements/finnes-ikke/",
        "/api/v1/articles/%C3%A6%C3%B8%C3%A5/",
    ],
)
def test_an_unknown_address_is_not_found_in_json(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"error": "Finnes ikke.", "errors": {}}


def test_empty_parameters_mean_no_filter_without_a_redirect(client):
    make_article(slug="en-sak")
    response = client.get("/api/v1/articles/?q=&klynge=&program=&region=&kategori=&fra=&til=&cursor=")
    assert response.status_code == 200
    assert [item["slug"] for item in response.json()["items"]] == ["en-sak"]


@pytest.mark.parametrize(
    "url", ["/api/v1/articles/", "/api/v1/clusters/", "/api/v1/schema/", "/api/v1/articles/finnes-ikke/"]
)
def test_answers_are_cached_like_the_pages_and_open_to_every_origin(client, url, settings):
    response = client.get(url, headers={"Origin": "https://klynge.example"})
    assert response["Cache-Control"] == f"max-age={settings.PUBLIC_CACHE_SECONDS}"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert not response.cookies


def test_a_list_revalidates_by_its_etag(client):
    make_article()
    first = client.get("/api/v1/articles/")
    assert first.status_code == 200 and first["ETag"]
    assert client.get("/api/v1/articles/", headers={"If-None-Match": first["ETag"]}).status_code == 304


def test_a_browsers_preflight_is_answered_for_reading_only(client):
    response = client.options("/api/v1/articles/", headers={"Origin": "https://klynge.example"})
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_head_is_answered_as_get_without_a_body(client):
    make_article()
    response = client.head("/api/v1/articles/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.content == b""


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_nothing_can_be_changed_through_the_api(client, method):
    article = make_article()
    response = getattr(client, method)(
        f"/api/v1/articles/{article.slug}/", {}, content_type="application/json"
    )
    assert response.status_code == 405
    assert client.get(f"/api/v1/articles/{article.slug}/").status_code == 200


def test_the_page_for_people_names_every_list_and_the_schema(client):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=")
    page = SimpleTestCase()
    page.assertContains(response, "<h1>Åpne data: Helseinfos API</h1>", html=True)
    for url in ["articles", "clusters", "tiers", "regions", "announcements"]:
        page.assertContains(response, f'<a href="/api/v1/{url}/"><code>/api/v1/{url}/</code></a>', html=True)
    page.assertContains(response, '<a href="/api/v1/schema/"><code>/api/v1/schema/</code></a>', html=True)
    for name in ArticleFilter.base_filters:
        page.assertContains(response, f"<code>{name}</code>", html=True)

"""The public lists' query strings: empty parameters redirect to the clean URL, a malformed page
number is a 400, a page past the end a 404, and canonical and pagination links are clean."""

import pytest
from django.test import SimpleTestCase

from clusters.views import PublicListMixin
from tests.builders import make_announcement, make_article, make_cluster

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("/nyheter/?q=&klynge=bio&program=&region=&kategori=&fra=&til=", "/nyheter/?klynge=bio"),
        ("/nyheter/?q=+&side=", "/nyheter/"),
        ("/nyheter/?klynge=a&klynge=&klynge=b", "/nyheter/?klynge=a&klynge=b"),
        ("/klynger/?q=&program=&region=oslo", "/klynger/?region=oslo"),
        ("/kunngjoringer/?side=", "/kunngjoringer/"),
    ],
)
def test_a_form_submitted_with_empty_fields_redirects_to_the_clean_url(client, url, clean):
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, clean)


@pytest.mark.parametrize("list_url", ["/nyheter/", "/kunngjoringer/"])
@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "last", "²", "00"])
def test_a_page_number_that_is_not_a_positive_whole_number_is_a_bad_request(client, list_url, page):
    assert client.get(list_url, {"side": page}).status_code == 400


@pytest.mark.parametrize("list_url", ["/nyheter/", "/kunngjoringer/"])
def test_a_page_past_the_end_is_not_found_and_page_one_always_exists(client, list_url):
    assert client.get(list_url, {"side": "2"}).status_code == 404
    assert client.get(list_url, {"side": "9" * 5000}).status_code == 404
    assert client.get(list_url, {"side": "1"}).status_code == 200


def test_the_canonical_link_keeps_the_filters_and_drops_page_one(client):
    cluster = make_cluster(slug="bio")
    make_article(clusters=[cluster])
    response = client.get("/nyheter/", {"klynge": "bio", "side": "1"})
    SimpleTestCase().assertContains(
        response, '<link rel="canonical" href="http://127.0.0.1:8000/nyheter/?klynge=bio">', html=True
    )


def test_pagination_links_keep_the_filters_and_the_first_page_has_no_page_number(client, monkeypatch):
    monkeypatch.setattr("news.views.ArticleListView.paginate_by", 1)
    cluster = make_cluster(slug="bio")
    for _ in range(3):
        make_article(clusters=[cluster])
    page = client.get("/nyheter/", {"klynge": "bio", "side": "2"}).content.decode()
    assert '<a rel="prev" href="/nyheter/?klynge=bio">' in page
    assert '<a rel="next" href="?klynge=bio&amp;side=3">' in page
    assert '<link rel="canonical" href="http://127.0.0.1:8000/nyheter/?klynge=bio&amp;side=2">' in page


def test_the_announcement_list_names_its_own_page_as_canonical(client, monkeypatch):
    monkeypatch.setattr("clusters.views.AnnouncementListView.paginate_by", 1)
    make_announcement()
    make_announcement()
    page = client.get("/kunngjoringer/", {"side": "2"}).content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/kunngjoringer/?side=2">' in page
    assert '<a rel="prev" href="/kunngjoringer/">' in page


def test_every_paginated_public_list_follows_the_rules():
    from clusters.views import AnnouncementListView, ClusterListView
    from news.views import ArticleListView

    assert all(
        issubclass(view, PublicListMixin) for view in [ArticleListView, AnnouncementListView, ClusterListView]
    )


def test_the_filter_forms_leave_empty_fields_out_where_javascript_runs(client):
    SimpleTestCase().assertContains(
        client.get("/nyheter/"), '<script src="/static/js/clean-query.js" defer></script>', html=True
    )

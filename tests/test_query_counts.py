"""Every public news page makes a fixed number of queries, whatever the number of articles and of
clusters per article: nothing is fetched once per item."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from news.models import Correction
from tests.builders import in_rows, make_article, make_cluster, make_photo

pytestmark = pytest.mark.django_db

FILTERED = "/nyheter/?q=sak&klynge={slug}&program=nce&kategori=helsenyheter&fra=2000-01-01&til=2100-01-01"

# Page -> queries, with nothing in the cache yet. The list: choices and validation (regions, labels,
# categories; the tiers offered come from the register today, below), the clusters' regions, the
# archive index (the published articles in order, the cluster links, the tiers then, the categories:
# 4, cached; the counts, the page's total and its articles' keys come from it), the categories (kept
# for the generation: the cards' categories and the category tree), the page, its links to
# clusters, the register today (the clusters and the tiers: 2, kept for the generation); filtered,
# also the clusters whose names match q, the articles matching q and the dates (cached; the chosen
# category, region, tier and clusters are found among the kept choices and the register), and the
# page in relevance order (the newest matches ranked, then the page's rows). The front page: its
# cards, the register today and the categories.
#
# The article: the article, its authors, corrections and clusters, the related articles' rows, and
# what is kept for the generation: the categories and the announcements, the register today (2), the
# authors' names, the articles with corrections (this one has one), the clusters' histories (tier
# periods and labels: 2) and the archive index (4, shared with the lists); again, 5.
# On PostgreSQL the links to clusters (a card's, an article's) and to authors come in the articles'
# rows (LINKS_IN_ROWS fewer).
EXPECTED = {
    "home": 7,
    "list": 13,
    "filtered": 16,
    "list_again": 2,
    "list_after_publish": 13,
    "article": 17,
    "article_again": 5,
}
LINKS_IN_ROWS = {"article": 2, "article_again": 2}  # the rest: 1, the cards' clusters


def expected(page):
    return EXPECTED[page] - in_rows(LINKS_IN_ROWS.get(page, 1))


@pytest.fixture(params=[(5, 1), (50, 1), (5, 10), (50, 10)], ids=lambda p: f"{p[0]}-articles-{p[1]}-clusters")
def news(request, register):
    """`n` published articles, each about `k` clusters in NCE, all with the same lead photo."""
    n, k = request.param
    clusters = [register["health"], *(make_cluster(tier=register["tiers"]["nce"]) for _ in range(k - 1))]
    photo = make_photo()
    articles = [
        make_article(clusters=clusters, lead_photo=photo, publish_at=timezone.now() - timedelta(hours=i + 1))
        for i in range(n)
    ]
    article = articles[0]
    Correction.objects.create(article=article, text="Rettet.")
    return {"article": article, "cluster": clusters[0]}


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_front_page(client, news, django_assert_num_queries):
    with django_assert_num_queries(expected("home")):
        get(client, "/")


def test_news_list(client, news, django_assert_num_queries):
    with django_assert_num_queries(expected("list")):
        get(client, "/nyheter/")


def test_filtered_news_list(client, news, django_assert_num_queries):
    ranks = connection.vendor == "postgresql"  # elsewhere a search is newest first: no ranking query
    with django_assert_num_queries(expected("filtered") - (not ranks)):
        get(client, FILTERED.format(slug=news["cluster"].slug))


def test_article(client, news, django_assert_num_queries):
    with django_assert_num_queries(expected("article")):
        get(client, news["article"].get_absolute_url())


def test_another_page_of_a_list_once_the_index_and_its_form_are_kept(client, news, django_assert_num_queries):
    """A list's other pages cost the page's articles and their clusters, however deep the page: the
    index, the filter form and the choices it validates against are kept for the generation."""
    get(client, "/nyheter/?program=nce")
    with django_assert_num_queries(expected("list_again")):
        get(client, "/nyheter/?program=nce&side=1")


def test_article_again(client, news, django_assert_num_queries):
    """Once any article has been read, another reads only its own rows and its related articles' rows,
    however many clusters it is about: the register and the archive index are kept for the generation."""
    get(client, news["cluster"].articles.exclude(pk=news["article"].pk).first().get_absolute_url())
    with django_assert_num_queries(expected("article_again")):
        get(client, news["article"].get_absolute_url())


def test_the_list_after_a_publish_patches_the_index(client, news, django_assert_num_queries):
    """A publish costs the next list the new article's rows (its publication, links, tiers then and
    place in the order), not a new index: as many queries at 5 articles as at 50."""
    get(client, "/nyheter/")
    make_article(clusters=[news["cluster"]], publish_at=timezone.now())
    with django_assert_num_queries(expected("list_after_publish")):
        get(client, "/nyheter/")

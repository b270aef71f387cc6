"""Every public news page makes a fixed number of queries, whatever the number of articles and of
clusters per article: nothing is fetched once per item."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Correction
from tests.builders import make_article, make_cluster, make_photo

pytestmark = pytest.mark.django_db

FILTERED = "/nyheter/?q=sak&klynge={slug}&program=nce&kategori=helsenyheter&fra=2000-01-01&til=2100-01-01"

# Page -> queries, with nothing in the cache yet. The list: choices and validation (tiers offered,
# regions, labels, categories), the clusters' regions, the tiers and the facet groups and the next
# scheduled article (3, cached; the page's total comes from them too), the category tree, the page,
# prefetched clusters, the cluster choices grouped by tier; filtered, also the clusters whose names
# match q. The article: the article, its authors, corrections, clusters, tiers then, tiers now,
# label decisions, related articles.
EXPECTED = {"home": 4, "list": 14, "filtered": 19, "article": 8}


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
    with django_assert_num_queries(EXPECTED["home"]):
        get(client, "/")


def test_news_list(client, news, django_assert_num_queries):
    with django_assert_num_queries(EXPECTED["list"]):
        get(client, "/nyheter/")


def test_filtered_news_list(client, news, django_assert_num_queries):
    with django_assert_num_queries(EXPECTED["filtered"]):
        get(client, FILTERED.format(slug=news["cluster"].slug))


def test_article(client, news, django_assert_num_queries):
    with django_assert_num_queries(EXPECTED["article"]):
        get(client, news["article"].get_absolute_url())
